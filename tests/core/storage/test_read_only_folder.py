"""A database in a folder the user may not write to: a clear StorageError, the file untouched.

Permissions do not bind root, and CI runs as root, so the check runs in a child process
that (when we are root) drops to the unprivileged ``nobody`` user after its imports:
the folder and file really are read-only for the process that opens them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.storage import open_database

NOBODY = 65534

CHILD = """
import os, sys
from pathlib import Path
from desktop_app.core.errors import StorageError
from desktop_app.core.storage import open_database
if os.geteuid() == 0:
    os.setgid({nobody})
    os.setuid({nobody})
try:
    open_database(Path(sys.argv[1])).close()
except StorageError as error:
    print("StorageError:", error)
else:
    print("opened")
"""


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    # Not tmp_path: pytest makes it 0700 under root's folder, which `nobody` cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="verso-ro-"))
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_read_only_folder_is_a_clear_error_and_the_database_is_untouched(
    read_only_folder: Path,
) -> None:
    path = read_only_folder / "verso.sqlite3"
    open_database(path).close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    files = sorted(p.name for p in read_only_folder.iterdir())  # the database, its daily backup
    path.chmod(0o444)
    read_only_folder.chmod(0o555)

    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(nobody=NOBODY), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HOME": str(read_only_folder)},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("StorageError:"), result.stdout
    assert "read-only" in result.stdout
    assert str(path) in result.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in read_only_folder.iterdir()) == files
