"""The SQLAlchemy engine and the two kinds of transaction every store uses.

Each connection gets the same pragmas (WAL, synchronous=FULL, foreign keys,
a 10 s busy timeout). Python's sqlite3 module is told not to issue BEGIN
itself; we issue it: plain (deferred) BEGIN for reads, BEGIN IMMEDIATE for
writes. A deferred transaction that later writes must upgrade its lock, and in
WAL mode that upgrade fails at once with "database is locked" when another
process wrote meanwhile; taking the write lock up front makes writers queue on
the busy timeout instead. Writes are kept short for the same reason.

On a PostgreSQL server (``make_server_engine``) transactions are the server's own
(READ COMMITTED); a write that must not lose a concurrent edit locks its row first
(``SELECT ... FOR UPDATE``, see ``Sessions.locked``), which SQLite's single writer
makes a no-op.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from desktop_app.core.analyst import analyst_name
from desktop_app.core.storage.change_log import record
from desktop_app.core.storage.changes import Change, ChangeHub
from desktop_app.core.storage.failures import storage_error
from desktop_app.core.storage.live import CHANNEL, SERVER_CONNECTION, ExternalChanges, payload
from desktop_app.core.storage.tables import AnnotationRow, PairAnnotationRow

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "verso_begin"
_FOUND = "verso_found_changes"  # Session.info key: changes found inside a write


def _connector(path: Path, read_only: bool) -> Any:
    if read_only:
        target, uri = path.resolve().as_uri() + "?mode=ro", True
    else:
        target, uri = str(path), False

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    return connect


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on the database file at ``path`` (which must exist and be migrated)."""
    engine = create_engine("sqlite://", creator=_connector(path, read_only), poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see "begin")
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # Unicode-aware case folding for the text filter (SQLite's lower() is ASCII only).
        dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def make_server_engine(url: str) -> Engine:
    """An engine on a PostgreSQL server (``postgresql+psycopg://...``).

    libpq finds the credentials (``~/.pgpass``, a service file, ``PG*`` variables); a
    server that does not answer fails after a few seconds instead of hanging the window.
    """
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={**SERVER_CONNECTION, "application_name": "verso"},
    )


def insert_for(session: Session) -> Any:
    """The dialect's ``insert`` (both have ``on_conflict_do_nothing``)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_dialect.insert
    return sqlite_dialect.insert


def stamp_authors(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Before each flush: notes and pair notes written in ``session`` record who made them
    (if nobody yet) and who changed them last, for every write path at once (the stores,
    imports, re-anchoring)."""
    who = str(session.info.get("analyst", ""))
    for row in (*session.new, *session.dirty):
        if isinstance(row, AnnotationRow | PairAnnotationRow):
            if not row.created_by:
                row.created_by = who
            row.changed_by = who


class Sessions:
    """Short read and write transactions on one database, and the change hook."""

    def __init__(self, path: Path | str, engine: Engine) -> None:
        self.path = path  # the file, or the server's URL with any password masked
        self.is_server = engine.dialect.name != "sqlite"
        self.engine = engine
        self.changes = ChangeHub()
        # Called before every write transaction; raises StorageError to refuse it
        # (a database found damaged: ``storage.integrity``).
        self.before_write: Callable[[], None] | None = None
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self.analyst = analyst_name()
        self.live: ExternalChanges | None = None  # others' changes (``storage.live``)
        self._writer = sessionmaker(
            bind=engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}),
            expire_on_commit=False,
            info={"analyst": self.analyst},
        )
        event.listen(self._writer, "before_flush", stamp_authors)

    @contextmanager
    def read(self, action: str = "read") -> Iterator[Session]:
        """A consistent snapshot for reading; nothing is written."""
        session = self._reader()
        try:
            yield session
            session.rollback()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise storage_error(exc, action, self.path) from exc
        finally:
            session.close()

    @contextmanager
    def write(self, action: str, *changes: Change) -> Iterator[Session]:
        """One write transaction: committed whole, or rolled back whole with a StorageError.

        ``changes`` are told to the other windows with the commit (the change log on a
        file, NOTIFY on a server) and announced to subscribers after it succeeded.
        """
        if self.before_write is not None:
            self.before_write()
        session = self._writer()
        try:
            with session.begin():
                yield session
                self._tell_others(session, [*changes, *session.info.pop(_FOUND, [])])
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise storage_error(exc, action, self.path) from exc
        finally:
            session.close()
        for change in changes:
            self.changes.emit(change)

    @staticmethod
    def found(session: Session, *changes: Change) -> None:
        """Changes known only inside the transaction (an import's outcome): told to the
        other windows with the commit; the caller announces them here itself."""
        session.info.setdefault(_FOUND, []).extend(changes)

    def _tell_others(self, session: Session, changes: list[Change]) -> None:
        """Inside the transaction, so others learn of exactly what commits."""
        if not changes:
            return
        token = self.live.token if self.live is not None else ""
        if not self.is_server:
            record(session, changes, self.analyst, token)
        elif self.live is not None:
            # Delivered to the other windows' LISTEN at commit, never before.
            for change in changes:
                session.execute(
                    text("SELECT pg_notify(:channel, :payload)"),
                    {"channel": CHANNEL, "payload": payload(token, change, self.analyst)},
                )

    def dispose(self) -> None:
        if self.live is not None:
            self.live.close()
        self.engine.dispose()
