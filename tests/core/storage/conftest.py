"""An open database for each storage test, on each engine: an SQLite file in tmp_path and
a fresh database on the session's throwaway PostgreSQL server (``tests/helpers/postgres``).

Tests of what only a file has (integrity checks, backups, WAL, kills mid-write) ask for
``db_path`` and stay on SQLite; the rest ask for ``db`` or ``db_location`` and run on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.storage import Database, open_database

ENGINES = ("sqlite", "postgresql")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "verso.sqlite3"


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where the test's database is: a file, or a server URL."""
    if engine == "sqlite":
        return tmp_path / "verso.sqlite3"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(db_location: Path | str) -> Iterator[Database]:
    database = open_database(db_location)
    yield database
    database.close()
