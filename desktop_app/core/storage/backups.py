"""Rotating daily backups of the annotation database, and restoring the newest good one.

A backup is taken with SQLite's online backup API (a consistent copy even while
another Verso writes; a file copy of a WAL database is not), written under a
temporary name and renamed, so a crash never leaves half a backup under a
backup's name. Backups sit beside the database, next to the pre-migration copies
(``verso.daily-20250101.sqlite3``, ``verso.backup-v2-….sqlite3``); the last
``KEEP_DAILY`` daily ones are kept. Only a database that passed the full
integrity check is backed up (``storage.integrity``), so rotation never pushes
the good copies out with copies of damage.

Restoring never deletes anything: the refused file (with its ``-wal``/``-shm``)
is kept aside under a new name, then the backup is copied into its place.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.failures import reason
from desktop_app.core.storage.integrity import OK, integrity_problems, reading_connection
from desktop_app.core.storage.migrations import backup
from desktop_app.core.storage.paths import sibling_path

KEEP_DAILY = 7
_STAMP = re.compile(r"(\d{8})(T\d{6}Z)?")
_KINDS = ("daily", "backup-v")  # rotating backups, pre-migration backups


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: datetime  # from the name (UTC), else the file's modification time

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.taken.astimezone():%Y-%m-%d %H:%M})"


def _stem(path: Path) -> str:
    return path.name.split(".", 1)[0] or "verso"


def daily_backup_path(path: Path, day: datetime) -> Path:
    return path.with_name(f"{_stem(path)}.daily-{day:%Y%m%d}.sqlite3")


def list_backups(path: Path) -> list[Backup]:
    """Every backup beside the database at ``path``, newest first."""
    found = []
    prefix = _stem(path) + "."
    for candidate in path.parent.glob(prefix + "*.sqlite3"):
        kind = candidate.name[len(prefix) :]
        if not kind.startswith(_KINDS):
            continue
        match = _STAMP.search(kind)
        if match and match.group(2):
            taken = datetime.strptime(match.group(0), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        else:
            taken = datetime.fromtimestamp(candidate.stat().st_mtime, tz=UTC)
        found.append(Backup(candidate, taken))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def take_daily_backup(path: Path, *, now: datetime | None = None) -> Path | None:
    """Today's backup of ``path`` if there is none yet (then older daily ones beyond
    ``KEEP_DAILY`` are removed); the new file, or None if today's existed."""
    now = now or datetime.now(UTC)
    target = daily_backup_path(path, now)
    if target.exists():
        return None
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # two Versos at once
    backup(path, partial)
    _leave_wal_mode(partial)
    partial.replace(target)
    dailies = sorted(path.parent.glob(f"{_stem(path)}.daily-*.sqlite3"), reverse=True)
    for old in dailies[KEEP_DAILY:]:
        old.unlink(missing_ok=True)
    return target


def _leave_wal_mode(copy: Path) -> None:
    """A backup is a plain file: in WAL mode, merely reading it would leave -wal/-shm files."""
    conn = sqlite3.connect(copy)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def is_good(candidate: Path) -> bool:
    """A backup that passes SQLite's full integrity check and is a Verso database."""
    try:
        conn = reading_connection(candidate)
    except sqlite3.Error:
        return False
    try:
        if integrity_problems(candidate, connection=conn) != OK:
            return False
        return int(conn.execute("PRAGMA user_version").fetchone()[0]) > 0
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def newest_good_backup(path: Path) -> Backup | None:
    return next((b for b in list_backups(path) if is_good(b.path)), None)


@dataclass(frozen=True, slots=True)
class Restored:
    source: Backup
    kept_aside: Path | None  # where the replaced file went (None if there was none)


def restore_backup(path: Path, source: Backup | None = None) -> Restored:
    """Put ``source`` (default: the newest good backup) in place of the database at ``path``.

    The database must not be open in this process. The file it replaces is kept
    aside as ``name.refused-<time>.sqlite3``.
    """
    chosen = source or newest_good_backup(path)
    if chosen is None:
        raise StorageError(
            f"There is no usable backup of the annotation database {path} to restore."
        )
    if not is_good(chosen.path):
        raise StorageError(f"The backup {chosen.path} is itself damaged; it was not restored.")
    partial = path.with_name(path.name + ".restoring")
    kept: Path | None = None
    try:
        backup(chosen.path, partial)
        if path.exists():
            kept = sibling_path(path, "refused")
            path.rename(kept)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    side.rename(kept.with_name(kept.name + suffix))
        partial.replace(path)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"Could not restore the annotation database {path} from {chosen.path}: {reason(exc)}."
        ) from exc
    return Restored(chosen, kept)
