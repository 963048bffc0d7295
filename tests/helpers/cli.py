"""Running `verso` as a user does: a fresh interpreter, its exit code and its bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def verso(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    # A fixed terminal width, so the table's snippet columns do not depend on the caller's.
    env = {**os.environ, "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *map(str, args)],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
