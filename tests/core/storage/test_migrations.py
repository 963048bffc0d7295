"""Schema upgrades: v1 databases come up to date with their data, after a backup."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect

from desktop_app.core.annotations import Colour
from desktop_app.core.errors import StorageError
from desktop_app.core.storage import CURRENT_VERSION, Database, inspect_database, open_database
from desktop_app.core.storage.migrations import MIGRATIONS, schema_version
from desktop_app.core.storage.server_schema import server_version
from desktop_app.core.storage.tables import Base
from tests.helpers.databases import (
    V1_TIME,
    annotation_ids,
    insert_v1_annotation,
    integrity,
    make_database,
)

DOC = "f" * 64


def v1_database(path: Path) -> Path:
    make_database(path, version=1)
    insert_v1_annotation(path, "n1", DOC, note="first", tags=("alpha", "beta"), start=5)
    insert_v1_annotation(path, "n2", DOC, note="gone", tags=("gamma",), deleted=True, start=50)
    insert_v1_annotation(path, "n3", DOC, colour="magenta", start=90)  # not in the palette
    return path


def test_the_migration_list_is_numbered_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, CURRENT_VERSION + 1))


def test_v1_database_is_upgraded_with_its_data_and_tags(tmp_path: Path) -> None:
    path = v1_database(tmp_path / "verso.sqlite3")
    with open_database(path) as db:
        assert db.migration_backup is not None
        live = db.annotations.list()
        everything = {a.id: a for a in db.annotations.list(include_deleted=True)}
    assert inspect_database(path) == CURRENT_VERSION
    assert [a.id for a in live] == ["n1", "n3"]
    # The table rebuild ran with foreign keys off: no cascade wiped the tags.
    assert everything["n1"].tags == ("alpha", "beta")
    assert everything["n2"].tags == ("gamma",)
    assert everything["n1"].note == "first"
    assert everything["n1"].target.quote.exact == "quoted words"
    assert everything["n1"].created == datetime(2024, 3, 1, 10, tzinfo=UTC)
    # The integer tombstone became a date; an unknown colour became the default.
    assert everything["n2"].deleted == everything["n2"].modified
    assert everything["n3"].colour is Colour.YELLOW
    assert integrity(path) == "ok"


def test_the_backup_is_a_complete_v1_database(tmp_path: Path) -> None:
    path = v1_database(tmp_path / "verso.sqlite3")
    with open_database(path) as db:
        backup = db.migration_backup
    assert backup is not None and backup.parent == tmp_path
    assert "backup-v1" in backup.name
    conn = sqlite3.connect(backup)
    try:
        assert schema_version(conn) == 1
        assert conn.execute("SELECT count(*) FROM annotation_tags").fetchone()[0] == 3
    finally:
        conn.close()
    assert annotation_ids(backup) == {"n1", "n2", "n3"}
    assert integrity(backup) == "ok"


def test_upgraded_database_works_for_new_features(tmp_path: Path) -> None:
    from desktop_app.core.annotations import Comparison, ComparisonDocument

    path = v1_database(tmp_path / "verso.sqlite3")
    with open_database(path) as db:
        comparison = Comparison.new("v1 doc", (ComparisonDocument(DOC),))
        db.comparisons.save_comparison(comparison)
        db.annotations.delete("n1")
    with open_database(path) as db:
        assert db.migration_backup is None  # nothing left to upgrade
        assert db.comparisons.load_comparison(comparison.id).name == "v1 doc"
        assert [a.id for a in db.annotations.list()] == ["n3"]


def test_fresh_and_upgraded_schemas_are_identical(tmp_path: Path) -> None:
    fresh = make_database(tmp_path / "fresh.sqlite3")
    upgraded = v1_database(tmp_path / "old.sqlite3")
    open_database(upgraded).close()

    def schema(path: Path) -> list[tuple[str, str]]:
        conn = sqlite3.connect(path)
        try:
            return conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            ).fetchall()
        finally:
            conn.close()

    assert schema(fresh) == schema(upgraded)


def test_the_orm_mapping_matches_the_migrated_schema(db: Database) -> None:
    """On both engines: a fresh database, migrated, holds exactly the mapped columns."""
    inspector = inspect(db.sessions.engine)
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def _shape(engine: Engine) -> dict[str, object]:
    """Each table's columns (name, nullable, has a default), key, references and indexes."""
    inspector = inspect(engine)
    shape: dict[str, object] = {}
    for table in sorted(Base.metadata.tables):
        shape[table] = (
            [
                (c["name"], c["nullable"], c["default"] is not None)
                for c in inspector.get_columns(table)
            ],
            inspector.get_pk_constraint(table)["constrained_columns"],
            _references(engine, table),
            sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)),
        )
    return shape


def _references(engine: Engine, table: str) -> list[tuple[str, str, str]]:
    """(column, referred table, ON DELETE) of each foreign key (SQLAlchemy's SQLite
    reflection leaves ON DELETE out, so SQLite's own pragma is read there)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
        return sorted((row[3], row[2], row[6]) for row in rows)
    return sorted(
        (
            f["constrained_columns"][0],
            f["referred_table"],
            (f.get("options") or {}).get("ondelete") or "NO ACTION",
        )
        for f in inspect(engine).get_foreign_keys(table)
    )


def test_the_server_schema_is_the_file_schema(db_path: Path, postgres_url: str) -> None:
    """The server's baseline and portable steps build what SQLite's steps build."""
    with open_database(db_path) as file_db, open_database(postgres_url) as server_db:
        assert _shape(server_db.sessions.engine) == _shape(file_db.sessions.engine)
        with server_db.sessions.engine.connect() as conn:
            assert server_version(conn) == CURRENT_VERSION


def test_a_server_database_of_another_program_is_refused(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StorageError, match="another program's tables"):
        open_database(postgres_url)
    with engine.connect() as conn:
        assert server_version(conn) == 0
        assert inspect(conn).get_table_names() == ["invoices"]
    engine.dispose()


def test_a_server_database_of_a_newer_verso_is_refused(postgres_url: str) -> None:
    open_database(postgres_url).close()
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE verso_schema SET version = {CURRENT_VERSION + 1}")
    with pytest.raises(StorageError, match="newer version of Verso"):
        open_database(postgres_url)
    engine.dispose()


def test_one_invalid_v1_row_is_kept_aside_and_the_rest_upgraded(tmp_path: Path) -> None:
    path = v1_database(tmp_path / "verso.sqlite3")
    conn = sqlite3.connect(path)
    with conn:  # as a buggy first release could write them: foreign keys off, no CHECKs
        conn.execute(
            "UPDATE annotations SET pos_start = 40, pos_end = 12 WHERE id = 'n2'"
        )  # ends before it starts
        conn.execute(
            "INSERT INTO annotations (id, document_sha256, quote_exact, pos_start, pos_end,"
            " created, modified) VALUES ('orphan', ?, 'x', 0, 1, ?, ?)",
            ("0" * 64, V1_TIME, V1_TIME),
        )  # its document row is gone
    conn.close()

    with open_database(path) as db:
        assert {a.id for a in db.annotations.list(include_deleted=True)} == {"n1", "n3"}
        assert db.annotations.get("n1").tags == ("alpha", "beta")  # type: ignore[union-attr]
        notice = db.notice
        upgrade = db.upgrade
    assert upgrade.set_aside is not None and upgrade.set_aside.parent == tmp_path
    assert notice is not None and upgrade.set_aside.name in notice
    kept = json.loads(upgrade.set_aside.read_text(encoding="utf-8"))
    by_id = {e["row"]["id"]: e for e in kept if e["table"] == "annotations"}
    assert by_id["n2"]["reason"] == "its position is impossible"
    assert by_id["n2"]["row"]["note"] == "gone"
    assert "documents" in by_id["orphan"]["reason"]
    assert {e["row"]["tag"] for e in kept if e["table"] == "annotation_tags"} == {"gamma"}
    assert upgrade.set_aside_count == len(kept) == 3
    assert integrity(path) == "ok"
    assert upgrade.backup is not None
    assert annotation_ids(upgrade.backup) == {"n1", "n2", "n3", "orphan"}  # all in the backup
