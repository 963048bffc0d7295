"""Opening the annotation database: check it, upgrade it, hand out the stores.

Order matters for "leave a bad file untouched": the file is first inspected
through a read-only connection (header, schema version, ``quick_check``);
only a healthy database of a version this Verso understands is then opened
for writing (which may switch it to WAL and migrate it).

A PostgreSQL server (``--db postgresql+psycopg://...``) has none of that file
machinery: its server keeps it whole, so there is no integrity watch, no daily
backup and no backup before an upgrade (``server_schema`` migrates it in one
transaction). What is kept beside a file (drafts) goes to the user data dir.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from types import TracebackType

from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.cancel import Progress
from desktop_app.core.errors import StorageError
from desktop_app.core.storage.annotation_store import AnnotationStore
from desktop_app.core.storage.backups import take_daily_backup
from desktop_app.core.storage.changes import ChangeHub
from desktop_app.core.storage.comparison_store import ComparisonStore
from desktop_app.core.storage.documents import DocumentRegistry
from desktop_app.core.storage.engine import Sessions, make_engine, make_server_engine
from desktop_app.core.storage.failures import is_damage, reason
from desktop_app.core.storage.importing import ImportBatch, ImportResult, import_records
from desktop_app.core.storage.integrity import OK, IntegrityWatch, integrity_problems, refusal
from desktop_app.core.storage.live import ExternalChanges
from desktop_app.core.storage.location import (
    Location,
    location_from_environment,
    masked,
    parse_location,
)
from desktop_app.core.storage.migrations import (
    APPLICATION_ID,
    CURRENT_VERSION,
    Upgrade,
    migrate,
)
from desktop_app.core.storage.pair_store import PairAnnotationStore
from desktop_app.core.storage.paths import (
    NETWORK_FILESYSTEMS,
    default_database_path,
    filesystem_type,
    server_local_path,
    sibling_path,
)
from desktop_app.core.storage.server_schema import migrate_server

log = logging.getLogger(__name__)


class Database:
    """An open annotation database and its stores; close it (or use ``with``) when done."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        migration_backup: Path | None = None,
        set_aside: Path | None = None,
        server_url: str | None = None,
    ) -> None:
        # The file; for a server, the local place for what is kept beside a database.
        self.path = path
        self.url = None if server_url is None else masked(server_url)  # never a password
        self.read_only = read_only
        self.migration_backup = migration_backup  # set when opening upgraded the schema
        self.set_aside = set_aside  # where an empty (0-byte) file found at ``path`` went
        self.upgrade = Upgrade(migration_backup)  # and old rows it had to leave out
        if server_url is None:
            self.sessions = Sessions(path, make_engine(path, read_only=read_only))
        else:
            self.sessions = Sessions(self.location, make_server_engine(server_url))
        self.documents = DocumentRegistry(self.sessions)
        self.annotations = AnnotationStore(self.sessions)
        self.pairs = PairAnnotationStore(self.sessions)
        self.comparisons = ComparisonStore(self.sessions)
        # Others' changes (another window, a colleague), for the window to poll.
        self.live = ExternalChanges(path=None if server_url else path, url=server_url)
        self.sessions.live = self.live
        # The full check (an index that no longer matches its table passes quick_check);
        # writes wait for its verdict and a damaged file is never written.
        self.integrity: IntegrityWatch | None = None
        if not read_only and server_url is None:
            self.integrity = IntegrityWatch(path, on_healthy=self._daily_backup)
            self.sessions.before_write = self.integrity.before_write

    def _daily_backup(self) -> None:
        try:
            take_daily_backup(self.path)
        except (OSError, sqlite3.Error, StorageError) as exc:  # a backup must not stop the work
            log.warning("no daily backup of %s: %s", self.path, reason(exc))

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def location(self) -> str:
        """Where it is, as messages show it: the file, or the server URL (masked)."""
        return self.url if self.url is not None else str(self.path)

    @property
    def notice(self) -> str | None:
        """What the user should be told about opening it: an empty file kept aside, a
        database on a network drive."""
        notes = []
        if self.set_aside is not None:
            notes.append(
                f"The annotation database {self.path} was an empty file (0 bytes, nothing in"
                f" it); it was kept as {self.set_aside.name} and a new database was started."
            )
        if self.upgrade.set_aside is not None:
            notes.append(
                f"Upgrading the annotation database left out {self.upgrade.set_aside_count}"
                " old record(s) the new version cannot hold (an impossible position, a"
                f" reference to nothing); they are kept in {self.upgrade.set_aside.name}."
            )
        kind = None if self.is_server else filesystem_type(self.path)
        if kind in NETWORK_FILESYSTEMS:
            notes.append(
                f"The annotation database {self.path} is on a network drive ({kind}), where"
                " file locking is unreliable: two Verso windows writing to it at once could"
                " damage it. Keep it on a local disk, or use a team server."
            )
        return " ".join(notes) or None

    @property
    def changes(self) -> ChangeHub:
        return self.sessions.changes

    def import_records(
        self, batch: ImportBatch, *, announce: bool = True, progress: Progress | None = None
    ) -> ImportResult:
        """Store a batch of imported records in one transaction (``storage.importing``).

        Safe on a worker thread: each transaction checks out its own pooled
        connection (WAL lets the GUI read meanwhile). Pass ``announce=False``
        there and emit ``result.changes`` through ``changes`` on the GUI thread.
        """
        return import_records(self.sessions, batch, announce=announce, progress=progress)

    def integrity_check(self) -> str:
        """SQLite's full ``integrity_check``: "ok" or the first problem found."""
        if self.is_server:
            raise StorageError(
                f"{self.location} is a PostgreSQL database: its server checks it (amcheck)."
            )
        with self.sessions.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
        return "\n".join(str(row[0]) for row in rows)

    def close(self) -> None:
        if self.integrity is not None:
            self.integrity.close()
        self.sessions.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _damaged(path: Path, detail: str) -> StorageError:
    return StorageError(
        f"The annotation database {path} is damaged ({detail}); it was left untouched. "
        "Verso can start a fresh database beside it."
    )


def inspect_database(path: Path) -> int:
    """The schema version of the database at ``path`` (0 for none yet), without writing to it.

    Raises ``StorageError`` if it is damaged, not a Verso database, or from a newer Verso.
    """
    if path.is_dir():
        raise StorageError(f"The annotation database {path} is a folder, not a file.")
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(
            f"Could not open the annotation database {path}: {reason(exc)}."
        ) from exc
    try:
        application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        check = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise _damaged(path, reason(exc)) from exc
        raise StorageError(
            f"Could not read the annotation database {path}: {reason(exc)}."
        ) from exc
    finally:
        conn.close()
    if check != ["ok"]:
        raise _damaged(path, "; ".join(check[:3]))
    if application_id not in (0, APPLICATION_ID) or (version == 0 and tables):
        raise StorageError(
            f"{path} is an SQLite database of another program, not Verso's; it was left untouched."
        )
    if version > CURRENT_VERSION:
        raise StorageError(
            f"The annotation database {path} was made by a newer version of Verso "
            f"(schema {version}; this version reads up to {CURRENT_VERSION}). "
            "Update Verso to open it; the file was left untouched."
        )
    return version


def open_database(location: Location | None = None, *, read_only: bool = False) -> Database:
    """Open (creating or upgrading if needed) the annotation database at ``location``.

    ``location`` is a file path, or text naming a file or a server URL
    (``location.parse_location``); it defaults to ``VERSO_DB``, then
    ``default_database_path()``. An upgrade of a file first writes a backup beside
    it (``Database.migration_backup``).
    """
    if location is None:
        location = location_from_environment() or default_database_path()
    elif isinstance(location, str):
        location = parse_location(location)
    if isinstance(location, str):
        return open_server_database(location, read_only=read_only)
    path = location
    set_aside: Path | None = None
    if not read_only and path.is_file() and path.stat().st_size == 0:
        # Nothing to lose in it, but a file the user pointed at is never silently reused.
        set_aside = sibling_path(path, "empty")
        try:
            path.rename(set_aside)
        except OSError as exc:
            raise StorageError(
                f"The annotation database {path} is an empty file and could not be moved"
                f" aside: {reason(exc)}."
            ) from exc
    version = inspect_database(path)
    upgrade = Upgrade()
    if version < CURRENT_VERSION:
        if read_only:
            raise StorageError(
                f"The annotation database {path} needs an upgrade, which a read-only "
                "database cannot have; open it for writing once."
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"Could not create the folder for the annotation database {path}: {reason(exc)}."
            ) from exc
        try:
            problems = integrity_problems(path) if version > 0 else OK
            if problems != OK:  # an upgrade rewrites tables: never on top of damage
                raise refusal(path, problems)
            upgrade = migrate(path)
        except sqlite3.Error as exc:  # a read-only folder or disk, a file Verso may not write
            raise StorageError(
                f"Could not write the annotation database {path}: {exc}. Check that its"
                " folder is writable, or choose another place with --db."
            ) from exc
    database = Database(
        path, read_only=read_only, migration_backup=upgrade.backup, set_aside=set_aside
    )
    database.upgrade = upgrade
    return database


def open_server_database(url: str, *, read_only: bool = False) -> Database:
    """The annotation database on a PostgreSQL server, its schema brought up to date.

    A server that cannot be reached, or refuses the login, is one ``StorageError``
    sentence naming the URL with its password masked.
    """
    label = masked(url)
    engine = make_server_engine(url)
    try:
        try:
            with engine.connect():
                pass
        except SQLAlchemyError as exc:
            raise StorageError(
                f"Could not connect to the annotation database {label}: {reason(exc)}."
                " Check that the server runs and that ~/.pgpass (or PGPASSWORD, or a"
                " service file) holds the login."
            ) from None
        if read_only:
            raise StorageError(
                f"{label} is a PostgreSQL database: Verso opens it for writing only."
            )
        migrate_server(engine, label)
    finally:
        engine.dispose()
    return Database(server_local_path(url), server_url=url)


def open_fresh_database_beside(path: Path) -> Database:
    """A new, empty database next to a damaged one (which is kept as it is, for rescue)."""
    return open_database(sibling_path(path, "fresh"))
