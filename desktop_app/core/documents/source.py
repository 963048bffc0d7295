"""Reading a document file's bytes safely: one place for the checks every loader needs.

Every failure here is a ``DocumentError`` naming the file, so bad input never
reaches a parser as a traceback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import DocumentError

MB = 1024 * 1024
# Text is held in memory several times over (bytes, str, offsets): refuse early.
MAX_TEXT_BYTES = 200 * MB
MAX_BINARY_BYTES = 1024 * MB


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file's path, bytes and their hash, read once."""

    path: Path
    data: bytes
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def read_source(path: Path, *, max_bytes: int) -> SourceFile:
    """Read ``path`` whole, refusing what is missing, not a file, empty or too large."""
    name = path.name or str(path)
    try:
        if not path.exists():
            raise DocumentError(f"Cannot open {name}: the file does not exist.")
        if path.is_dir():
            raise DocumentError(f"Cannot open {name}: it is a folder, not a file.")
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"Cannot open {name}: it is {size // MB} MB, more than the "
                f"{max_bytes // MB} MB Verso reads for this kind of file."
            )
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocumentError(f"Cannot read {name}: {reason}.") from exc
    if not data:
        raise DocumentError(f"Cannot open {name}: the file is empty.")
    return SourceFile(path, data, hashlib.sha256(data).hexdigest())
