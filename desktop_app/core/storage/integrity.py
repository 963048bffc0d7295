"""The full integrity check of an open database, and the refusal to write into a damaged one.

``quick_check`` at open (``database.inspect_database``) reads every page but does
not compare an index with its table, so a database whose index no longer matches
its rows passes it; a write then updates the wrong index entries and spreads the
damage. SQLite's ``integrity_check`` does compare them. It runs on a thread of its
own over a reading connection as soon as a writable database is opened (35 ms
for a 70 MB file), so the window opens at once; a write that comes before the
verdict waits for it, and after a bad verdict every write is refused with a message
that says how to repair or restore. Reading goes on. A healthy verdict then takes
the day's rotating backup (``storage.backups``), so a backup is never of a damaged file.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.failures import is_damage, reason
from desktop_app.core.storage.migrations import backup
from desktop_app.core.storage.paths import sibling_path

log = logging.getLogger(__name__)

OK = "ok"
_MAX_PROBLEMS = 3  # shown to the user; the rest only make the message longer


def reading_connection(path: Path) -> sqlite3.Connection:
    """A connection that may only read (``query_only``). Not ``mode=ro``: a read-only
    connection to a WAL database cannot remove the ``-wal``/``-shm`` files it made, and
    they would then hide a read-only folder from the next open's checks."""
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10.0)
    conn.execute("PRAGMA query_only = ON")
    return conn


def integrity_problems(path: Path, *, connection: sqlite3.Connection | None = None) -> str:
    """``"ok"`` or the first problems ``PRAGMA integrity_check`` finds in the file at ``path``
    (a file SQLite calls damaged or not a database is a problem too). Any other failure
    (busy, unreadable) is raised: it says nothing about damage."""
    try:
        conn = connection or reading_connection(path)
        try:
            rows = conn.execute(f"PRAGMA integrity_check({_MAX_PROBLEMS})").fetchall()
        finally:
            if connection is None:
                conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return reason(exc)
        raise
    return "; ".join(str(row[0]) for row in rows)


def refusal(path: Path, problems: str) -> StorageError:
    """The one message for "damaged, so nothing is written"."""
    return StorageError(
        f"The annotation database {path} is damaged ({problems}); Verso will not write to it"
        " until it is repaired (verso db repair) or restored from a backup (verso db restore)."
        " Your notes can still be read."
    )


class IntegrityWatch:
    """Runs ``integrity_check`` in the background; ``before_write`` waits for its verdict and
    raises ``StorageError`` if the file is damaged. ``on_healthy`` runs on the thread
    after a clean verdict (the daily backup)."""

    def __init__(self, path: Path, on_healthy: Callable[[], None] | None = None) -> None:
        self.path = path
        self._on_healthy = on_healthy
        self._done = threading.Event()
        self._verdict = OK
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._run, name="verso-db-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        healthy = False
        try:
            with self._lock:
                if self._closing.is_set():
                    return
                self._conn = reading_connection(self.path)
            verdict = integrity_problems(self.path, connection=self._conn)
            with self._lock:
                if self._closing.is_set() and verdict != OK:
                    return  # interrupted by close(): no verdict, nothing refused
                self._verdict = verdict
                healthy = verdict == OK and not self._closing.is_set()
        except sqlite3.Error as exc:  # busy or unreadable: no verdict, so nothing refused
            if not self._closing.is_set():  # else close() interrupted it
                log.warning("could not check %s: %s", self.path, reason(exc))
        finally:
            with self._lock:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
            self._done.set()
        if healthy and self._on_healthy is not None:
            self._on_healthy()

    def verdict(self, timeout: float | None = None) -> str | None:
        """``"ok"``, the problems found, or None while the check still runs."""
        return self._verdict if self._done.wait(timeout) else None

    @property
    def damaged(self) -> bool:
        return self._done.is_set() and self._verdict != OK

    def before_write(self) -> None:
        self._done.wait()
        if self._verdict != OK:
            raise refusal(self.path, self._verdict)

    def close(self) -> None:
        """Stop a check still running (a large file at quit) and wait for the thread."""
        with self._lock:
            self._closing.set()
            if self._conn is not None:
                self._conn.interrupt()
        self._thread.join()


def repair(path: Path) -> str:
    """Rebuild every index of the database at ``path`` (the damage ``integrity_check`` finds
    most often: an index that no longer matches its table), after a copy is kept aside.

    Returns the copy's name. Raises ``StorageError`` if the file is still damaged (then only
    a backup can help: ``storage.backups``). The database must not be open in this process.
    """
    kept = sibling_path(path, "before-repair")
    try:
        backup(path, kept)
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        try:
            conn.execute("REINDEX")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(
            f"Could not repair the annotation database {path}: {reason(exc)}."
            " Restore it from a backup (verso db restore)."
        ) from exc
    try:
        problems = integrity_problems(path)
    except sqlite3.Error as exc:
        problems = reason(exc)
    if problems != OK:
        raise StorageError(
            f"The annotation database {path} is still damaged after rebuilding its indexes"
            f" ({problems}); restore it from a backup (verso db restore). A copy of it as it"
            f" was is kept as {kept.name}."
        )
    return kept.name
