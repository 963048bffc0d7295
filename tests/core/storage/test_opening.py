"""Opening the database: fresh, damaged, foreign, newer, read-only; pragmas and location."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import platformdirs
import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import (
    CURRENT_VERSION,
    default_database_path,
    inspect_database,
    open_database,
    open_fresh_database_beside,
)
from tests.helpers.annotations import note
from tests.helpers.databases import (
    checkpoint,
    digest,
    make_database,
    random_bytes_file,
    set_schema_version,
    truncated_copy,
)


def test_a_new_database_is_created_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dir" / "verso.sqlite3"
    with open_database(path) as db:
        assert db.migration_backup is None
        assert db.integrity_check() == "ok"
    assert inspect_database(path) == CURRENT_VERSION


def test_every_connection_gets_the_pragmas(db_path: Path) -> None:
    with open_database(db_path) as db, db.sessions.engine.connect() as conn:
        values = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert values == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": 10_000,
    }


def test_default_path_is_in_the_user_data_dir_not_the_repo() -> None:
    path = default_database_path()
    assert path.parent == Path(platformdirs.user_data_dir("Verso", appauthor=False))
    repo = Path(__file__).resolve().parents[3]
    assert repo not in path.resolve().parents


@pytest.mark.parametrize("size", [100, 8192, 70_000])
def test_random_bytes_are_refused_as_damaged_and_left_untouched(tmp_path: Path, size: int) -> None:
    path = random_bytes_file(tmp_path / "verso.sqlite3", size)
    before = digest(path)
    with pytest.raises(StorageError, match="damaged"):
        open_database(path)
    assert digest(path) == before


def test_a_truncated_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite3"
    with open_database(good) as db:
        db.annotations.add_many(note("bad way", text="x" * 500) for _ in range(300))
    checkpoint(good)
    path = truncated_copy(good, tmp_path / "verso.sqlite3", keep=0.5)
    before = digest(path)
    with pytest.raises(StorageError, match="damaged"):
        open_database(path)
    assert digest(path) == before
    # The UI can offer a fresh database beside it; the damaged one stays for rescue.
    with open_fresh_database_beside(path) as fresh:
        assert fresh.path.parent == path.parent
        assert fresh.path != path
        assert fresh.annotations.list() == []
    assert digest(path) == before


def test_a_database_from_a_newer_verso_is_refused_and_untouched(tmp_path: Path) -> None:
    path = make_database(tmp_path / "verso.sqlite3")
    set_schema_version(path, CURRENT_VERSION + 1)
    checkpoint(path)
    before = digest(path)
    with pytest.raises(StorageError, match="newer version of Verso"):
        open_database(path)
    assert digest(path) == before
    assert not list(tmp_path.glob("*backup*"))


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StorageError, match="another program"):
        open_database(path)
    assert digest(path) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="folder"):
        open_database(tmp_path)


def test_writing_to_a_read_only_database_fails_cleanly(db_path: Path) -> None:
    with open_database(db_path) as db:
        kept = db.annotations.add(note("bad way"))
    checkpoint(db_path)
    before = digest(db_path)
    with open_database(db_path, read_only=True) as ro:
        assert ro.annotations.list() == [kept]
        with pytest.raises(StorageError, match="read-only"):
            ro.annotations.add(note("conscious action"))
    assert digest(db_path) == before
    with open_database(db_path) as db:
        assert db.annotations.list() == [kept]


def test_a_database_that_needs_an_upgrade_cannot_be_opened_read_only(tmp_path: Path) -> None:
    path = make_database(tmp_path / "verso.sqlite3", version=1)
    with pytest.raises(StorageError, match="upgrade"):
        open_database(path, read_only=True)


MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
server:/export/home /home/team nfs4 rw,relatime 0 0
//nas/share /mnt/nas\\040drive cifs rw 0 0
"""


def test_the_file_system_of_a_path_is_read_from_the_mount_table() -> None:
    from desktop_app.core.storage.paths import filesystem_type

    assert filesystem_type(Path("/home/team/notes.sqlite3"), MOUNTS) == "nfs4"
    assert filesystem_type(Path("/mnt/nas drive/v/notes.sqlite3"), MOUNTS) == "cifs"
    assert filesystem_type(Path("/home/teammate/notes.sqlite3"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/srv/notes.sqlite3"), "") is None


def test_a_local_database_has_nothing_to_say(tmp_path: Path) -> None:
    from desktop_app.core.storage import open_database

    with open_database(tmp_path / "notes.sqlite3") as db:
        assert db.notice is None


def test_only_a_server_that_is_away_is_worth_retrying(tmp_path: Path) -> None:
    import psycopg
    from sqlalchemy import exc as sa_exc

    from desktop_app.core.errors import ServerUnreachable
    from desktop_app.core.storage.failures import storage_error

    try:  # a real refusal from libpq: no server listens on this socket folder
        psycopg.connect(host=str(tmp_path), dbname="verso", connect_timeout=2)
    except psycopg.OperationalError as away:
        wrapped = sa_exc.OperationalError("connect", {}, away)
    else:
        raise AssertionError("a server answered in an empty folder")
    error = storage_error(wrapped, "write to", "postgresql+psycopg:///verso")
    assert isinstance(error, ServerUnreachable) and "Could not write to" in str(error)

    full = sqlite3.OperationalError("database or disk is full")
    refused = storage_error(sa_exc.OperationalError("insert", {}, full), "write to", tmp_path)
    assert isinstance(refused, StorageError) and not isinstance(refused, ServerUnreachable)
