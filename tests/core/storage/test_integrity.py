"""A database whose index no longer matches its table: found at open, never written, repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import open_database
from desktop_app.core.storage.integrity import OK, integrity_problems, repair
from tests.helpers.annotations import note
from tests.helpers.databases import damage_index, digest, integrity


@pytest.fixture
def damaged(db_path: Path) -> Path:
    with open_database(db_path) as db:
        db.annotations.add_many(note("bad way", text="x" * 300) for _ in range(20))
    damage_index(db_path)
    assert "missing from index" in integrity(db_path)
    return db_path


def test_an_index_that_no_longer_matches_its_table_is_read_but_never_written(
    damaged: Path,
) -> None:
    before = digest(damaged)
    with open_database(damaged) as db:  # quick_check passes: the file opens
        assert len(db.annotations.list()) == 20  # the notes can still be read
        with pytest.raises(StorageError, match="damaged") as refused:
            db.annotations.add(note("bad way"))
        assert db.integrity is not None and db.integrity.damaged
    message = str(refused.value)
    assert "missing from index ix_annotations_document" in message
    assert "verso db repair" in message and "verso db restore" in message
    assert digest(damaged) == before


def test_an_upgrade_is_never_run_on_a_damaged_file(damaged: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(damaged)
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    before = digest(damaged)
    with pytest.raises(StorageError, match="missing from index"):
        open_database(damaged)
    assert digest(damaged) == before


def test_repair_rebuilds_the_index_keeps_a_copy_and_writing_works_again(damaged: Path) -> None:
    kept = repair(damaged)
    assert (damaged.parent / kept).is_file()
    assert "missing from index" in integrity(damaged.parent / kept)  # the copy is as it was
    assert integrity_problems(damaged) == OK
    with open_database(damaged) as db:
        db.annotations.add(note("bad way"))
        assert len(db.annotations.list()) == 21


def test_a_healthy_database_is_written_at_once(db_path: Path) -> None:
    with open_database(db_path) as db:
        db.annotations.add(note("bad way"))
        assert db.integrity is not None and db.integrity.verdict(timeout=10) == OK
