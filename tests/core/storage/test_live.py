"""Another window's (or a colleague's) committed change is seen by the next poll."""

from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path

import pytest

from desktop_app.core.annotations import DocumentRecord
from desktop_app.core.errors import StorageError
from desktop_app.core.storage import Database, Entity, ImportBatch, change_log, open_database
from desktop_app.core.storage.changes import Change, ChangeKind
from desktop_app.core.storage.live import (
    LISTEN_RETRY_S,
    SERVER_CONNECT_TIMEOUT_S,
    ExternalChanges,
)
from tests.helpers.annotations import DOC_A, DOC_B, note
from tests.helpers.annotations import pair as pair_note


def _poll_until_seen(db: Database, seconds: float = 2.0) -> list[Change]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        changes = db.live.poll()
        if changes:
            return changes
        time.sleep(0.02)
    return []


def test_others_changes_are_polled_and_our_own_are_not(db_location: Path | str) -> None:
    with open_database(db_location) as mine, open_database(db_location) as theirs:
        mine.live.start()
        assert mine.live.poll() == []
        own = mine.annotations.add(note("decadent"))  # announced by our change hub already
        time.sleep(0.1)
        assert mine.live.poll() == []
        began = time.monotonic()
        made = theirs.annotations.add(note("conscious action"))
        changes = _poll_until_seen(mine)
        waited = time.monotonic() - began
        assert any(c.entity is Entity.ANNOTATION for c in changes), changes
        assert waited < 1.0
        if mine.is_server:  # the server says which note
            assert [c.ids for c in changes] == [(made.id,)]
        theirs.annotations.delete(own.id)
        assert any(c.entity is Entity.ANNOTATION for c in _poll_until_seen(mine))
        assert mine.live.poll() == []


def test_a_poll_says_which_note_changed_how_and_by_whom(
    db_location: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows (two stores) on one file, or two analysts on one server: each edit,
    deletion and addition arrives as its own descriptor, never as "reload everything"."""
    with open_database(db_location) as mine:
        mine.live.start()
        monkeypatch.setenv("VERSO_ANALYST", "Ben")
        with open_database(db_location) as theirs:
            made = theirs.annotations.add(note("decadent"))
            assert _poll_until_seen(mine) == [
                Change(Entity.ANNOTATION, ChangeKind.ADDED, (made.id,), "Ben")
            ]
            theirs.annotations.update(made.edited(note="recoloured"), base=made)
            assert _poll_until_seen(mine) == [
                Change(Entity.ANNOTATION, ChangeKind.UPDATED, (made.id,), "Ben")
            ]
            # Our own write between theirs and our poll hides neither.
            theirs.annotations.delete(made.id)
            own = mine.annotations.add(note("conscious action"))
            assert _poll_until_seen(mine) == [
                Change(Entity.ANNOTATION, ChangeKind.DELETED, (made.id,), "Ben")
            ]
            assert own.id not in {i for c in mine.live.poll() for i in c.ids}
            pair = theirs.pairs.add(pair_note())
            assert _poll_until_seen(mine) == [
                Change(Entity.PAIR_ANNOTATION, ChangeKind.ADDED, (pair.id,), "Ben")
            ]


def test_an_import_is_seen_by_the_other_window(db_location: Path | str) -> None:
    """An import decides what it changed inside its transaction; the others hear of it too."""
    with open_database(db_location) as mine, open_database(db_location) as theirs:
        mine.live.start()
        items = (note("decadent"), note("conscious action"))
        theirs.import_records(
            ImportBatch(annotations=items, documents=(DocumentRecord(DOC_A, title="A"),))
        )
        (change,) = _poll_until_seen(mine)
        assert (change.entity, change.kind) == (Entity.ANNOTATION, ChangeKind.ADDED)
        assert set(change.ids) == {n.id for n in items}


def test_the_change_log_stays_bounded_and_a_reader_left_behind_reloads_all(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_log, "KEEP", 6)
    monkeypatch.setattr(change_log, "TRIM_EVERY", 3)
    with open_database(db_path) as mine, open_database(db_path) as theirs:
        mine.live.start()
        made = [theirs.annotations.add(note("decadent")) for _ in range(20)]
        with sqlite3.connect(db_path) as conn:
            count, oldest = conn.execute("SELECT count(*), min(seq) FROM change_log").fetchone()
        assert count <= 6 + 3 and oldest > 1
        # Its rows after the last one it read are gone: it reloads every kind once.
        assert {c.entity for c in mine.live.poll()} == {
            Entity.ANNOTATION,
            Entity.PAIR_ANNOTATION,
            Entity.COMPARISON,
        }
        assert mine.live.poll() == []  # and precise again after
        theirs.annotations.delete(made[0].id)
        assert _poll_until_seen(mine) == [
            Change(Entity.ANNOTATION, ChangeKind.DELETED, (made[0].id,), theirs.sessions.analyst)
        ]


def test_a_failed_write_logs_nothing(db_path: Path) -> None:
    """The log row commits with the change or not at all."""
    with open_database(db_path) as mine, open_database(db_path) as theirs:
        mine.live.start()
        with pytest.raises(StorageError):
            theirs.annotations.update(note("decadent"))  # no such note
        theirs.annotations.add(note("decadent"))
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT seq FROM change_log").fetchall() == [(1,)]
        assert len(_poll_until_seen(mine)) == 1


def test_the_log_is_trimmed_when_writes_log_several_changes_each(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes of two changes each after one of one: the sequence never lands on a multiple
    of TRIM_EVERY, and the log is trimmed all the same."""
    monkeypatch.setattr(change_log, "KEEP", 6)
    monkeypatch.setattr(change_log, "TRIM_EVERY", 4)
    with open_database(db_path) as theirs:
        theirs.annotations.add(note("decadent"))
        documents = (DocumentRecord(DOC_A, title="A"), DocumentRecord(DOC_B, title="B"))
        for _ in range(10):  # a note and a pair note: two changes in one transaction
            theirs.import_records(ImportBatch((note("decadent"),), (pair_note(),), documents))
        with sqlite3.connect(db_path) as conn:
            count, last = conn.execute("SELECT count(*), max(seq) FROM change_log").fetchone()
        assert last == 21 and count <= 6 + 4


def test_a_server_that_stops_answering_never_blocks_the_poll() -> None:
    """A server that takes the connection but never answers (hung, or a VPN gone) costs the
    window nothing: ``start`` waits a bounded moment, ``poll`` and ``close`` return at once."""
    with socket.socket() as silent:  # accepts TCP (the kernel's backlog), never speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        changes = ExternalChanges(url=f"postgresql+psycopg://verso@127.0.0.1:{port}/verso")
        began = time.monotonic()
        changes.start()
        started = time.monotonic() - began
        assert started < SERVER_CONNECT_TIMEOUT_S / 2, started
        polls = []
        for _ in range(5):
            began = time.monotonic()
            assert changes.poll() == []
            polls.append(time.monotonic() - began)
        assert max(polls) < 0.1, polls
        began = time.monotonic()
        changes.close()
        assert time.monotonic() - began < SERVER_CONNECT_TIMEOUT_S / 2


def test_after_the_listening_connection_is_lost_a_poll_reloads_everything(
    postgres_url: str,
) -> None:
    """What a colleague commits while the connection is down is never heard of: once it is
    back, the poll says every kind changed, so the views reload instead of staying stale."""
    with open_database(postgres_url) as mine, open_database(postgres_url) as theirs:
        mine.live.start()
        with theirs.sessions.engine.connect() as admin:
            killed = admin.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'verso-listen' AND pid <> pg_backend_pid()"
            ).all()
        assert killed == [(True,)]
        theirs.annotations.add(note("decadent"))  # while nobody listened
        changes = _poll_until_seen(mine, seconds=4 * LISTEN_RETRY_S)
        assert {(c.entity, c.ids) for c in changes} >= {(Entity.ANNOTATION, ())}, changes
