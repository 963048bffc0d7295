"""Atomic file writes: a reader sees the old file or the whole new one, never half.

The temporary file lives in the target folder so ``os.replace`` is a rename on
one file system; it is fsynced before the rename and removed on any failure.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from desktop_app.core.export.errors import ExportError

_O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows would translate newlines otherwise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raise ``ExportError`` and leave nothing on failure."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"Cannot export to {path}: the folder {folder} does not exist.")
    fd, tmp = _create_temporary(path)
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


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file beside ``path``, created with the mode the umask allows.

    (``tempfile.mkstemp`` would create it 0600, and the rename would keep that.)
    """
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"Cannot export to {path}: {_reason(exc)}.") from exc
        return fd, tmp
    raise ExportError(f"Cannot export to {path}: no free temporary name in its folder.")


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
