"""Rotating daily backups, and restoring the newest good one in place of a refused database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import open_database
from desktop_app.core.storage.backups import (
    KEEP_DAILY,
    daily_backup_path,
    list_backups,
    newest_good_backup,
    restore_backup,
    take_daily_backup,
)
from tests.helpers.annotations import note
from tests.helpers.databases import damage_index, digest, random_bytes_file


def test_opening_a_healthy_database_takes_the_days_backup(db_path: Path) -> None:
    with open_database(db_path) as db:
        db.annotations.add(note("bad way"))
        assert db.integrity is not None and db.integrity.verdict(timeout=10) == "ok"
    assert [b.path for b in list_backups(db_path)] == [
        daily_backup_path(db_path, datetime.now(UTC))
    ]


def test_only_the_last_seven_daily_backups_are_kept(db_path: Path) -> None:
    open_database(db_path).close()
    # Opening takes today's backup unless close() stopped the check first: either way,
    # only the 2025 backups below are counted.
    daily_backup_path(db_path, datetime.now(UTC)).unlink(missing_ok=True)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for day in range(10):
        take_daily_backup(db_path, now=start + timedelta(days=day))
    names = sorted(p.name for p in db_path.parent.glob("verso.daily-2025*.sqlite3"))
    assert len(names) == KEEP_DAILY
    assert names[0] == "verso.daily-20250104.sqlite3"
    assert names[-1] == "verso.daily-20250110.sqlite3"
    assert take_daily_backup(db_path, now=start + timedelta(days=9)) is None  # one a day
    assert not list(db_path.parent.glob("*-wal"))  # reading a backup leaves nothing beside it


def test_a_damaged_database_is_not_backed_up(db_path: Path) -> None:
    with open_database(db_path) as db:
        db.annotations.add(note("bad way"))
    for old in list_backups(db_path):
        old.path.unlink()
    damage_index(db_path)
    with open_database(db_path) as db:
        assert db.integrity is not None and db.integrity.verdict(timeout=10) != "ok"
    assert list_backups(db_path) == []


def test_the_newest_good_backup_is_restored_and_the_refused_file_kept(db_path: Path) -> None:
    with open_database(db_path) as db:
        kept = db.annotations.add(note("bad way"))
    daily_backup_path(db_path, datetime.now(UTC)).unlink()  # taken at open, before the note
    with open_database(db_path) as db:
        assert db.integrity is not None and db.integrity.verdict(timeout=10) == "ok"
        db.annotations.add(note("bad way"))  # after the backup: lost to the restore
    good = list_backups(db_path)[0]
    # A newer backup that is itself damaged is skipped.
    broken = random_bytes_file(daily_backup_path(db_path, datetime.now(UTC) + timedelta(days=1)))
    damage_index(db_path)
    before = digest(db_path)
    assert newest_good_backup(db_path) == good

    restored = restore_backup(db_path)

    assert restored.source == good
    assert restored.kept_aside is not None and digest(restored.kept_aside) == before
    assert broken.exists()
    with open_database(db_path) as db:
        assert [a.id for a in db.annotations.list()] == [kept.id]
        db.annotations.add(note("bad way"))  # writable again


def test_with_no_good_backup_restore_says_so(db_path: Path) -> None:
    random_bytes_file(db_path)
    with pytest.raises(StorageError, match="no usable backup"):
        restore_backup(db_path)
