"""Schema v3: pair notes keep the kind and score of the link they were made on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop_app.core.annotations import (
    PairAnnotation,
)
from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.storage import CURRENT_VERSION, Database, inspect_database, open_database
from desktop_app.core.storage.migrations import schema_version
from tests.helpers.annotations import LEFT, RIGHT, quote_target
from tests.helpers.databases import V1_TIME, insert_v1_annotation, integrity, make_database

V2_TIME = "2024-06-01T09:30:00.000000+00:00"


def _insert_pair(path: Path, pair_id: str, *, version: int) -> None:
    """A pair row as release ``version`` stored it (integer tombstone in v1, a date in v2)."""
    deleted_column, deleted_value = ("deleted", 0) if version == 1 else ("deleted_at", None)
    created = V1_TIME if version == 1 else V2_TIME
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        for sha in (LEFT, RIGHT):
            conn.execute(
                "INSERT OR IGNORE INTO documents (sha256, path, title, size, first_seen,"
                " last_seen) VALUES (?, NULL, '', 10, ?, ?)",
                (sha, created, created),
            )
        conn.execute(
            "INSERT INTO pair_annotations (id, left_sha256, left_exact, left_prefix, left_suffix,"
            " left_start, left_end, left_page, right_sha256, right_exact, right_prefix,"
            " right_suffix, right_start, right_end, right_page, relation, note, colour, created,"
            f" modified, {deleted_column}) VALUES (?, ?, 'left words', 'pre ', ' post', 4, 14,"
            " NULL, ?, 'right words', 'pre ', ' post', 7, 18, 2, 'rebuts', 'old pair', 'blue',"
            " ?, ?, ?)",
            (pair_id, LEFT, RIGHT, created, created, deleted_value),
        )
        conn.execute(
            "INSERT INTO pair_annotation_tags (pair_id, tag, position) VALUES (?, 'kept', 0)",
            (pair_id,),
        )
    conn.close()


def _check_old_pair(db: Database, pair_id: str) -> None:
    pair = db.pairs.get(pair_id)
    assert pair is not None
    assert (pair.left.exact, pair.right.exact) == ("left words", "right words")
    assert pair.right.page == 2 and pair.relation == "rebuts" and pair.note == "old pair"
    assert pair.tags == ("kept",)
    assert pair.link_kind is None and pair.score is None  # unknown for notes made before v3


def test_a_v2_database_gains_link_columns_with_its_data_and_a_backup(tmp_path: Path) -> None:
    path = make_database(tmp_path / "verso.sqlite3", version=2)
    _insert_pair(path, "p-v2", version=2)
    with open_database(path) as db:
        backup = db.migration_backup
        _check_old_pair(db, "p-v2")
        made = PairAnnotation.new(
            LEFT,
            quote_target("left words", 4),
            RIGHT,
            quote_target("right words", 7),
            link=Link(LinkKind.QUOTE, Span(4, 14), Span(7, 18), 91.25),
        )
        db.pairs.add(made)
        assert db.pairs.get(made.id) == made
    assert inspect_database(path) == CURRENT_VERSION
    assert backup is not None and "backup-v2" in backup.name
    conn = sqlite3.connect(backup)
    try:
        assert schema_version(conn) == 2
        assert conn.execute("SELECT id FROM pair_annotations").fetchall() == [("p-v2",)]
        columns = {row[1] for row in conn.execute("PRAGMA table_info(pair_annotations)")}
        assert "link_kind" not in columns  # the backup is the database as v2 left it
    finally:
        conn.close()
    assert integrity(path) == "ok" and integrity(backup) == "ok"


def test_a_v1_database_goes_through_v2_to_v3(tmp_path: Path) -> None:
    path = make_database(tmp_path / "verso.sqlite3", version=1)
    insert_v1_annotation(path, "n1", LEFT, note="a v1 note", tags=("t",))
    _insert_pair(path, "p-v1", version=1)
    with open_database(path) as db:
        backup = db.migration_backup
        _check_old_pair(db, "p-v1")
        [note] = db.annotations.list()
        assert note.note == "a v1 note" and note.tags == ("t",)
    assert backup is not None and "backup-v1" in backup.name
    assert inspect_database(path) == CURRENT_VERSION
    assert integrity(path) == "ok"


def test_kind_and_score_survive_update_delete_and_restore(db: Database) -> None:
    pair = PairAnnotation.new(
        LEFT,
        quote_target("left words", 4),
        RIGHT,
        quote_target("right words", 7),
        note="on a related link",
        link=Link(LinkKind.RELATED, Span(4, 14), Span(7, 18), 47.5),
    )
    assert (pair.link_kind, pair.score) == (LinkKind.RELATED, 47.5)
    db.pairs.add(pair)
    db.pairs.update(pair.edited(note="edited"))
    db.pairs.delete(pair.id)
    restored = db.pairs.restore(pair.id)
    assert (restored.link_kind, restored.score, restored.note) == (
        LinkKind.RELATED,
        47.5,
        "edited",
    )
    hand_made = PairAnnotation.new(LEFT, quote_target("left", 4), RIGHT, quote_target("right", 7))
    db.pairs.add(hand_made)
    stored = db.pairs.get(hand_made.id)
    assert stored is not None and stored.link_kind is None and stored.score is None


def test_the_database_refuses_a_link_kind_it_does_not_know(db: Database) -> None:
    """The CHECK constraint holds on both engines (written past the store, as SQL)."""
    insert = text(
        "INSERT INTO pair_annotations (id, left_sha256, left_exact, left_start, left_end,"
        " right_sha256, right_exact, right_start, right_end, created, modified, link_kind,"
        " score) VALUES (:id, 'x', 'a', 0, 1, 'x', 'b', 0, 1, :t, :t, :kind, 50)"
    )
    with db.sessions.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (sha256, title, first_seen, last_seen)"
                " VALUES ('x', '', :t, :t)"
            ),
            {"t": V2_TIME},
        )
        conn.execute(insert, {"id": "ok", "t": V2_TIME, "kind": "quote"})
    with pytest.raises(IntegrityError), db.sessions.engine.begin() as conn:
        conn.execute(insert, {"id": "bad", "t": V2_TIME, "kind": "bogus"})
    stored = db.pairs.get("ok")
    assert stored is not None and (stored.link_kind, stored.score) == (LinkKind.QUOTE, 50.0)
