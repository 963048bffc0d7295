"""Where this machine keeps each document: sha256 → path, in a small JSON file of its own.

A saved comparison and the document registry hold one path per document, and on a
team's server that is whoever saved last: a colleague's ``/home/anna/papers/a.pdf``
means nothing on my machine. So every machine also remembers where *it* last saw
each document, beside its local database file (for a server, the same local
companion its drafts use), and looks there first. Nothing here is shared; the
server's path stays a hint for a colleague opening the workspace the first time.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

FILE_SUFFIX = ".paths.json"


class LocalPaths:
    """This machine's last known path of each document, kept in ``file`` (JSON object)."""

    def __init__(self, file: Path) -> None:
        self.file = file

    @classmethod
    def beside(cls, database_path: Path) -> LocalPaths:
        """The map kept beside a database file (``verso.sqlite3`` → ``verso.paths.json``)."""
        stem = database_path.name.split(".", 1)[0] or "verso"
        return cls(database_path.with_name(stem + FILE_SUFFIX))

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: the stored paths still serve
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def get(self, sha256: str) -> Path | None:
        found = self._read().get(sha256)
        return Path(found) if found else None

    def remember(self, sha256: str, path: Path) -> None:
        """Record ``path`` for ``sha256``; a failed write only loses the hint, never data."""
        data = self._read()
        if data.get(sha256) == str(path):
            return
        data[sha256] = str(path)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(self.file)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
