"""Shared cache file handling: a version change empties it, damage remakes it, errors miss."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from desktop_app.core.sqlite_cache import SqliteCache


class Notes(SqliteCache):
    """A one-table cache, as ``Cache`` and ``OcrCache`` are built."""

    schema = "CREATE TABLE IF NOT EXISTS notes (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    schema_version = 1
    tables = ("notes",)

    def get(self, key: str) -> str | None:
        value = None
        with self._guarded() as db:
            row = db.execute("SELECT value FROM notes WHERE key = ?", (key,)).fetchone()
            value = row[0] if row is not None else None
        return value

    def put(self, key: str, value: str) -> None:
        with self._guarded() as db, db:
            db.execute("INSERT OR REPLACE INTO notes VALUES (?, ?)", (key, value))


class NotesV2(Notes):
    schema_version = 2


def test_values_survive_reopening_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "notes.sqlite3"
    with Notes(path) as cache:
        cache.put("a", "one")
    with Notes(path) as cache:
        assert cache.get("a") == "one"
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_file_of_another_version_is_emptied(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    with Notes(path) as cache:
        cache.put("a", "one")
    with NotesV2(path) as cache:
        assert cache.get("a") is None
        cache.put("b", "two")
        assert cache.get("b") == "two"


def test_a_file_that_is_not_a_database_is_made_again(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"not sqlite" * 500)
    with Notes(path) as cache:
        assert cache.get("a") is None
        cache.put("a", "one")
        assert cache.get("a") == "one"
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_a_failing_statement_costs_a_miss_not_an_error(tmp_path: Path) -> None:
    with Notes(tmp_path / "notes.sqlite3") as cache:
        with cache._guarded() as db:
            db.execute("SELECT * FROM no_such_table")  # OperationalError: swallowed
        cache.put("a", "one")
        assert cache.get("a") == "one"
