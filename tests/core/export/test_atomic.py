"""Atomic writes: the whole file or nothing, and a clear ExportError on failure."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.core.errors import VersoError
from desktop_app.core.export import ExportError, export
from desktop_app.core.export.atomic import write_atomic
from tests.helpers.excerpts import sample_excerpts


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.md", b"x")


def test_failed_rename_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.mkdir()  # a folder in the way: the final rename fails after the data is written
    (target / "keep").write_text("x")
    with pytest.raises(VersoError, match="Cannot export to"):
        export(sample_excerpts(), "html", target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]
    assert (target / "keep").read_text() == "x"


def test_disk_full_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """A file-size limit makes the write fail like a full disk, in a child process."""
    target = tmp_path / "out.md"
    target.write_bytes(b"previous export")
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from desktop_app.core.export.atomic import write_atomic
        from desktop_app.core.export.errors import ExportError
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        try:
            write_atomic(Path({str(target)!r}), b"x" * 100_000)
        except ExportError as exc:
            print("ExportError:", exc)
            sys.exit(3)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3, result.stderr
    assert "Cannot export to" in result.stdout
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.csv", b"a")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644
