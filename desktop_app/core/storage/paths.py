"""Where the user's annotation database lives: the platform data dir, never the repo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import platformdirs

DATABASE_NAME = "verso.sqlite3"


def default_database_path() -> Path:
    """``<user data dir>/Verso/verso.sqlite3`` (the folder is created when the DB is opened)."""
    return Path(platformdirs.user_data_dir("Verso", appauthor=False)) / DATABASE_NAME


def sibling_path(path: Path, label: str) -> Path:
    """A path beside ``path`` that does not exist yet: ``name.<label>-<UTC time>[-n].sqlite3``.

    Used for migration backups and for the fresh database offered when the old
    one is damaged, so nothing the user had is ever overwritten.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = path.name.split(".", 1)[0] or "verso"
    candidate = path.with_name(f"{stem}.{label}-{stamp}.sqlite3")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{stem}.{label}-{stamp}-{counter}.sqlite3")
    return candidate
