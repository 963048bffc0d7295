"""Where the annotation database is: a file path (SQLite) or a server URL (PostgreSQL).

``--db``, the ``VERSO_DB`` environment variable and the window take the same text. A
URL is anything starting ``scheme://``; only ``postgresql+psycopg://`` (and
``postgresql://``, which means the same driver here) and ``sqlite:///path`` are
understood. Credentials come from libpq's own mechanisms (``~/.pgpass``, a service file,
``PGPASSWORD``/``PGSERVICE``...), never from Verso: a URL holding a password is refused,
and every message shows the URL with the password masked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from desktop_app.core.errors import StorageError

ENVIRONMENT_VARIABLE = "VERSO_DB"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_SERVER_DRIVERS = {"postgresql": "postgresql+psycopg", "postgresql+psycopg": "postgresql+psycopg"}

Location = Path | str  # a file, or a server URL (``postgresql+psycopg://...``)


def looks_like_url(text: str) -> bool:
    return bool(_SCHEME.match(text))


def masked(url: str | URL) -> str:
    """The URL as it may be shown: any password replaced by ``***``."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", str(url))
    return parsed.render_as_string(hide_password=True)


def parse_location(text: str) -> Location:
    """The database ``text`` names: a ``Path``, or a normalised server URL (a ``str``).

    Raises ``StorageError`` for a URL Verso cannot use (another database kind, a password
    in it, no database name).
    """
    text = text.strip()
    if not looks_like_url(text):
        return Path(text).expanduser()
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StorageError(f"{masked(text)} is not a database URL Verso understands.") from exc
    if url.drivername == "sqlite":
        if not url.database:
            raise StorageError("An SQLite URL needs a file: sqlite:///path/to/verso.sqlite3.")
        return Path(url.database).expanduser()
    driver = _SERVER_DRIVERS.get(url.drivername)
    if driver is None:
        raise StorageError(
            f"{masked(url)}: Verso keeps notes in an SQLite file or on a PostgreSQL server"
            " (postgresql+psycopg://...), not in a database of that kind."
        )
    if url.password:
        raise StorageError(
            f"{masked(url)} holds a password: Verso never keeps one. Put it in ~/.pgpass"
            " (or a PostgreSQL service file, or PGPASSWORD) and give the URL without it."
        )
    if not url.database and not url.query.get("service"):
        raise StorageError(
            f"{masked(url)} names no database: add one, e.g. postgresql+psycopg:///verso."
        )
    return url.set(drivername=driver).render_as_string(hide_password=False)


def location_from_environment() -> Location | None:
    """``VERSO_DB``, if set (and not empty)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return parse_location(value) if value else None


def describe(location: Location) -> str:
    """The location as messages show it."""
    return str(location) if isinstance(location, Path) else masked(location)
