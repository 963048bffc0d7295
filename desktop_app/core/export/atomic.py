"""Atomic file writes: a reader sees the old file or the whole new one, never half.

The temporary file lives in the target folder so ``os.replace`` is a rename on
one file system; it is fsynced before the rename and removed on any failure.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from desktop_app.core.export.errors import ExportError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raise ``ExportError`` and leave nothing on failure."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"Cannot export to {path}: the folder {folder} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot export to {path}: {_reason(exc)}.") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)  # os.replace: atomic rename on one file system
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"Cannot export to {path}: {_reason(exc)}.") from exc
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).rstrip(".").lower()
