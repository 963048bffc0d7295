"""Turn SQLite's failures into StorageErrors a user can act on.

SQLite reports "disk is full", "readonly database" and "file is not a
database" through error codes; the UI must say which one happened (free space,
pick another folder, start a fresh database), not print a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import exc as sa_exc

from desktop_app.core.errors import ServerUnreachable, StorageError

_BY_CODE: dict[str, str] = {
    "SQLITE_FULL": "the disk is full; free some space and try again",
    "SQLITE_READONLY": "the database is read-only (check the file's and folder's permissions)",
    "SQLITE_READONLY_DIRECTORY": "its folder is read-only (check the folder's permissions)",
    "SQLITE_CANTOPEN": "the file cannot be opened (check that its folder exists and is writable)",
    "SQLITE_PERM": "permission was denied",
    "SQLITE_NOTADB": "the file is damaged or is not a Verso database",
    "SQLITE_CORRUPT": "the file is damaged",
    "SQLITE_BUSY": "another program kept it locked for too long; try again",
    "SQLITE_LOCKED": "another program kept it locked for too long; try again",
    "SQLITE_IOERR": "the disk reported an input/output error",
}


def sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind ``exc`` (SQLAlchemy wraps it), if any."""
    if isinstance(exc, sa_exc.DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return exc.orig
    if isinstance(exc, sqlite3.Error):
        return exc
    return None


def reason(exc: BaseException) -> str:
    """A short human reason for a database failure."""
    error = sqlite_error(exc)
    if error is not None:
        name = getattr(error, "sqlite_errorname", "") or ""
        for code, text in _BY_CODE.items():
            if name == code or name.startswith(code + "_"):
                return text
        return str(error) or type(error).__name__
    if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        # A server's message (psycopg): libpq's text, which never holds a password; one line.
        return " ".join(str(exc.orig).split()) or type(exc.orig).__name__
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def storage_error(exc: BaseException, action: str, path: Path | str) -> StorageError:
    """``StorageError("Could not <action> <path>: <reason>.")``, chained by the caller.

    ``path`` is the file, or the server URL already masked (``location.masked``).
    """
    why = reason(exc)
    end = "" if why.endswith((".", "?", "!")) else "."  # a server's reason may end a sentence
    kind = ServerUnreachable if is_unreachable(exc) else StorageError
    return kind(f"Could not {action} the annotation database {path}: {why}{end}")


def is_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` says the server is away (no connection, or the connection broke),
    rather than that it refused this write: only then is trying again later worth it."""
    if not isinstance(exc, sa_exc.DBAPIError) or sqlite_error(exc) is not None:
        return False
    if exc.connection_invalidated:
        return True
    orig = type(exc.orig)
    # psycopg raises OperationalError when it cannot connect or the connection is lost
    # (psycopg is imported only for a server URL, so it is named, not imported, here).
    return orig.__module__.startswith("psycopg") and orig.__name__ == "OperationalError"


def is_damage(exc: BaseException) -> bool:
    error = sqlite_error(exc)
    name = getattr(error, "sqlite_errorname", "") if error is not None else ""
    return bool(name) and (name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB")
