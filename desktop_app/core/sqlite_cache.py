"""The file handling every disposable SQLite cache shares.

A cache holds nothing precious, so it must never cost the user an error: a
damaged file is deleted and made again, a busy or unwritable one costs a miss,
and a file that cannot be opened at all gives way to an in-memory database.
A file of another schema version is emptied rather than migrated. Subclasses
name their file's schema; ``_guarded()`` hands them the connection.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, Self


class SqliteCache:
    """One cache file, usable from several threads (calls are serialised)."""

    #: ``CREATE TABLE IF NOT EXISTS`` statements of the cache's tables
    schema: ClassVar[str]
    #: bumped when the schema changes: a file of another version is emptied
    schema_version: ClassVar[int]
    #: the tables ``schema`` makes, dropped when the version differs
    tables: ClassVar[tuple[str, ...]]

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection = self._open()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _guarded(self) -> Iterator[sqlite3.Connection]:
        """The connection, serialised; a failing cache costs a miss, never an error.

        A damaged file is deleted and made again; a busy or unwritable one is
        skipped for this call.
        """
        with self._lock:
            try:
                yield self._connection
            except sqlite3.OperationalError:
                pass
            except sqlite3.DatabaseError:
                self._connection.close()
                self._connection = self._open(fresh=True)

    def _open(self, fresh: bool = False) -> sqlite3.Connection:
        if not fresh:
            try:
                return self._connect(self.path)
            except sqlite3.OperationalError:
                return self._connect(None)
            except sqlite3.DatabaseError:
                pass
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            return self._connect(self.path)
        except sqlite3.DatabaseError:
            return self._connect(None)

    def _connect(self, path: Path | None) -> sqlite3.Connection:
        """A connection with the schema; ``None``: in memory (the file cannot be used)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        target = str(path) if path is not None else ":memory:"
        connection = sqlite3.connect(target, check_same_thread=False, timeout=5.0)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # losing the tail of a cache is fine
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, self.schema_version):
                for table in self.tables:
                    connection.execute(f'DROP TABLE IF EXISTS "{table}"')
            connection.executescript(self.schema)
            connection.execute(f"PRAGMA user_version={int(self.schema_version)}")
            connection.commit()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection
