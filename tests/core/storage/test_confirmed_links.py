"""Confirmed links (schema v7) on both engines: stored with score and author, one state per
link (confirming un-rejects, rejecting un-confirms), batches in one transaction, and the
schema step itself on an older file and an older server."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from desktop_app.core.annotations import ConfirmedLink, RejectedLink, TextQuoteSelector
from desktop_app.core.errors import StorageError
from desktop_app.core.model import LinkKind, Span
from desktop_app.core.storage import CURRENT_VERSION, Database, open_database
from desktop_app.core.storage.changes import Change
from desktop_app.core.storage.commands import (
    ConfirmLinksCommand,
    RejectLinkCommand,
    RejectLinksCommand,
)
from desktop_app.core.storage.server_schema import migrate_server, server_version
from tests.helpers.annotations import DOC_A, DOC_B, comparison
from tests.helpers.databases import make_database


def confirmed(i: int, kind: LinkKind = LinkKind.QUOTE, score: float = 80.0) -> ConfirmedLink:
    return ConfirmedLink(
        kind,
        DOC_A,
        Span(i * 10, i * 10 + 5),
        DOC_B,
        Span(i, i + 5),
        score,
        TextQuoteSelector(f"left {i}", "before ", " after"),
        TextQuoteSelector(f"right {i}", "", " then"),
    )


def rejected_as(link: ConfirmedLink) -> RejectedLink:
    return RejectedLink(
        link.kind,
        link.left_document,
        link.left,
        link.right_document,
        link.right,
        left_quote=link.left_quote,
        right_quote=link.right_quote,
    )


def test_confirmations_are_stored_with_score_and_author_and_survive_reopening(
    db_location: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERSO_ANALYST", "Anna")
    links = (confirmed(0, score=91.5), confirmed(1, LinkKind.RELATED, 47.25))
    with open_database(db_location) as db:
        saved = db.comparisons.save_comparison(comparison())
        written = db.comparisons.confirm_links(saved.id, links)
        assert [c.created_by for c in written] == ["Anna", "Anna"]
    monkeypatch.setenv("VERSO_ANALYST", "Ben")
    with open_database(db_location) as db:
        db.comparisons.confirm_links(saved.id, links[:1])  # idempotent: Anna's stays
        loaded = db.comparisons.load_comparison(saved.id, touch=False)
    assert set(loaded.confirmed_links) == set(written)
    by_score = {c.score: c for c in loaded.confirmed_links}
    assert by_score[91.5].created_by == "Anna"
    assert by_score[47.25].kind is LinkKind.RELATED
    assert by_score[91.5].left_quote == TextQuoteSelector("left 0", "before ", " after")


def test_a_batch_is_one_transaction_and_one_change(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    seen: list[Change] = []
    db.sessions.changes.subscribe(seen.append)
    links = tuple(confirmed(i) for i in range(6))
    db.comparisons.confirm_links(saved.id, links)
    assert len(seen) == 1 and seen[0].ids == (saved.id,)
    db.comparisons.unconfirm_links(saved.id, links[2:])
    assert len(seen) == 2
    assert {c.key for c in db.comparisons.load_comparison(saved.id).confirmed_links} == {
        c.key for c in links[:2]
    }
    # a batch naming a comparison that does not exist writes none of it
    with pytest.raises(StorageError, match="no saved comparison"):
        db.comparisons.confirm_links("missing", links)


def test_a_link_is_either_confirmed_or_rejected(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    link = confirmed(3)
    db.comparisons.reject_links(saved.id, (rejected_as(link),))
    db.comparisons.confirm_links(saved.id, (link,))
    stored = db.comparisons.load_comparison(saved.id, touch=False)
    assert ([c.key for c in stored.confirmed_links], stored.rejected_links) == ([link.key], ())
    db.comparisons.reject_links(saved.id, (rejected_as(link),))
    stored = db.comparisons.load_comparison(saved.id, touch=False)
    assert (stored.confirmed_links, [r.key for r in stored.rejected_links]) == ((), [link.key])
    # a confirmation whose ends moved a little is named explicitly, and goes too
    moved = replace(link, left=Span(link.left.start + 1, link.left.end))
    db.comparisons.confirm_links(saved.id, (moved,), unreject=stored.rejected_links)
    db.comparisons.reject_links(saved.id, (rejected_as(link),), unconfirm=(moved,))
    stored = db.comparisons.load_comparison(saved.id, touch=False)
    assert (stored.confirmed_links, [r.key for r in stored.rejected_links]) == ((), [link.key])


def test_saving_without_links_keeps_the_confirmations_and_with_links_replaces_them(
    db: Database,
) -> None:
    saved = db.comparisons.save_comparison(comparison())
    written = db.comparisons.confirm_links(saved.id, (confirmed(0), confirmed(1)))
    # From the copy saved before the confirmations (the window's base): merged.
    db.comparisons.save_comparison(replace(saved, name="renamed"), links=False, base=saved)
    current = db.comparisons.load_comparison(saved.id)
    assert set(current.confirmed_links) == set(written)
    db.comparisons.save_comparison(replace(current, confirmed_links=written[:1]))
    assert db.comparisons.load_comparison(saved.id).confirmed_links == written[:1]
    db.comparisons.delete_comparison(saved.id)  # the rows go with their comparison
    with db.sessions.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM confirmed_links").scalar() == 0


def test_a_v6_file_gains_the_table_and_keeps_its_rejections(tmp_path: Path) -> None:
    path = make_database(tmp_path / "v6.sqlite3", version=6)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO documents (sha256, title, first_seen, last_seen) VALUES (?, '', ?, ?)",
            (DOC_A, "2026-01-01T00:00:00.000000+00:00", "2026-01-01T00:00:00.000000+00:00"),
        )
        conn.execute(
            "INSERT INTO comparisons (id, kinds, created, modified, opened)"
            " VALUES ('c6', 'quote', '2026-01-01', '2026-01-01', '2026-01-01')"
        )
        conn.execute(
            "INSERT INTO rejected_links VALUES ('c6', 'quote', ?, 1, 5, ?, 2, 6,"
            " '2026-01-01T00:00:00.000000+00:00', 'left', '', '', 'right', '', '')",
            (DOC_A, DOC_B),
        )
    assert "confirmed_links" not in _tables(path)
    conn.close()
    with open_database(path) as db:
        assert db.migration_backup is not None
        stored = db.comparisons.load_comparison("c6", touch=False)
        assert [r.left for r in stored.rejected_links] == [Span(1, 5)]
        assert stored.confirmed_links == ()
        db.comparisons.confirm_links("c6", (confirmed(0),))
    assert "confirmed_links" in _tables(path)


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_a_v6_server_database_is_brought_to_v7(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        assert migrate_server(engine, "test", target=6) == 0
        with engine.connect() as conn:
            assert server_version(conn) == 6
            assert conn.exec_driver_sql("SELECT to_regclass('confirmed_links')").scalar() is None
    finally:
        engine.dispose()
    with open_database(postgres_url) as db:
        saved = db.comparisons.save_comparison(comparison())
        db.comparisons.confirm_links(saved.id, (confirmed(0),))
        assert len(db.comparisons.load_comparison(saved.id).confirmed_links) == 1
        with db.sessions.engine.connect() as conn:
            assert server_version(conn) == CURRENT_VERSION >= 7


def test_confirming_and_rejecting_are_undone_to_the_state_before(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    first, second = confirmed(0), confirmed(1)

    def state() -> tuple[set[object], set[object]]:
        stored = db.comparisons.load_comparison(saved.id, touch=False)
        return {c.key for c in stored.confirmed_links}, {r.key for r in stored.rejected_links}

    confirm = ConfirmLinksCommand(db.comparisons, saved.id, (first, second))
    confirm.apply()
    assert state() == ({first.key, second.key}, set())
    reject = RejectLinkCommand(db.comparisons, saved.id, rejected_as(first), unconfirm=(first,))
    reject.apply()
    assert state() == ({second.key}, {first.key})
    reject.revert()  # confirmed again, as it was
    assert state() == ({first.key, second.key}, set())
    confirm.revert()
    assert state() == (set(), set())
    # confirming a rejected link, undone, rejects it again
    db.comparisons.reject_links(saved.id, (rejected_as(second),))
    again = ConfirmLinksCommand(
        db.comparisons, saved.id, (second,), unreject=(rejected_as(second),)
    )
    again.apply()
    assert state() == ({second.key}, set())
    again.revert()
    assert state() == (set(), {second.key})
    many = RejectLinksCommand(db.comparisons, saved.id, (rejected_as(first),), unconfirm=())
    many.apply()
    many.revert()
    assert state() == (set(), {second.key})
