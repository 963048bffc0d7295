"""Opening the annotation database at start, and what to do when it is refused.

A refused database (damaged, unreadable, or found damaged by the full integrity
check moments after opening) is never written. The user chooses: restore the newest
good backup (offered only if one exists), start a fresh database beside it, read it
without writing (offered if it could be read), or run without notes. The window asks
with a dialog, tests answer directly; the rules live here.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.backups import Backup, newest_good_backup, restore_backup
from desktop_app.core.storage.database import (
    Database,
    open_database,
    open_fresh_database_beside,
)
from desktop_app.core.storage.integrity import OK, refusal
from desktop_app.core.storage.location import parse_location

log = logging.getLogger(__name__)

VERDICT_WAIT_S = 3.0  # the full check of a usual database takes milliseconds


class Choice(enum.Enum):
    RESTORE = "restore"
    FRESH = "fresh"
    READ_ONLY = "read-only"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Refused:
    message: str  # why the database cannot be written
    backup: Backup | None  # the newest good backup, if any
    readable: bool  # the notes can still be read (a damaged index, not a ruined file)
    local: bool = True  # a file (a fresh one can be started beside it), not a server


Chooser = Callable[[Refused], Choice]


def open_or_recover(location: Path | str, choose: Chooser) -> Database | None:
    """The database at ``location``, or what the user chose instead; None: run without notes.

    ``location`` may be text naming a server (``location.parse_location``); a server
    that refuses has no backup or file beside it, so the only choice is no notes.
    """
    try:
        if isinstance(location, str):
            location = parse_location(location)
        database = open_database(location)
    except StorageError as exc:
        log.warning("annotation database refused: %s", exc)
        if not isinstance(location, Path):
            choose(Refused(str(exc), None, readable=False, local=False))
            return None
        path = location
        refused = Refused(str(exc), _newest_good(path), readable=False)
    else:
        if not isinstance(location, Path):
            return database
        path = location
        verdict = database.integrity.verdict(VERDICT_WAIT_S) if database.integrity else OK
        if verdict is None or verdict == OK:  # still checking: writes wait for it anyway
            return database
        database.close()
        refused = Refused(str(refusal(path, verdict)), _newest_good(path), readable=True)
    return _apply(path, choose(refused), refused)


def _newest_good(path: Path) -> Backup | None:
    return newest_good_backup(path) if path.parent.is_dir() else None


def _apply(path: Path, choice: Choice, refused: Refused) -> Database | None:
    try:
        if choice is Choice.RESTORE and refused.backup is not None:
            restored = restore_backup(path, refused.backup)
            log.info("restored %s from %s", path, restored.source.path)
            return open_database(path)
        if choice is Choice.FRESH:
            return open_fresh_database_beside(path)
        if choice is Choice.READ_ONLY and refused.readable:
            return open_database(path, read_only=True)
    except StorageError as exc:
        log.error("annotation database still unusable: %s", exc)
    return None
