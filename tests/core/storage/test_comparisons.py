"""Saved comparisons, manual and rejected links, and the document registry."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.annotations import (
    Comparison,
    ComparisonDocument,
    ManualLink,
    RejectedLink,
    without_rejected,
)
from desktop_app.core.errors import StorageError
from desktop_app.core.model import AlignOptions, Link, LinkKind, Span
from desktop_app.core.storage import Database, open_database
from tests.helpers.annotations import DOC_A, DOC_B, comparison, target


def test_save_and_load_round_trips_everything(db_location: Path | str) -> None:
    saved = comparison()
    link = ManualLink.new(LinkKind.QUOTE, DOC_A, target(0, 10), DOC_B, target(40, 60))
    rejected = RejectedLink(LinkKind.RELATED, DOC_A, Span(3, 9), DOC_B, Span(11, 19))
    full = Comparison(
        saved.id,
        saved.name,
        saved.documents,
        saved.options,
        manual_links=(link,),
        rejected_links=(rejected,),
        created=saved.created,
        modified=saved.modified,
        opened=saved.opened,
    )
    with open_database(db_location) as db:
        db.comparisons.save_comparison(full)
    with open_database(db_location) as db:
        loaded = db.comparisons.load_comparison(full.id, touch=False)
    assert loaded == replace(full, version=1)  # the first stored version
    assert loaded.manual_links[0].manual
    assert loaded.manual_links[0].to_link() == Link(LinkKind.QUOTE, Span(0, 10), Span(40, 60), 100)


def test_saving_again_replaces_links_and_documents(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    link = ManualLink.new(LinkKind.QUOTE, DOC_A, target(0, 10), DOC_B, target(40, 60))
    db.comparisons.add_manual_link(saved.id, link)
    changed = Comparison(
        saved.id,
        "renamed",
        saved.documents[:1],
        AlignOptions(),
        created=saved.created,
        modified=saved.modified,
        opened=saved.opened,
    )
    db.comparisons.save_comparison(changed)  # version 0: a value never read, written as it is
    assert db.comparisons.load_comparison(saved.id, touch=False) == replace(changed, version=3)


def test_recent_comparisons_follow_opening_order(db: Database) -> None:
    first = db.comparisons.save_comparison(comparison("first"))
    second = db.comparisons.save_comparison(comparison("second"))
    assert [c.name for c in db.comparisons.recent_comparisons()] == ["second", "first"]
    db.comparisons.load_comparison(first.id)  # opening it makes it the most recent
    assert [c.name for c in db.comparisons.recent_comparisons()] == ["first", "second"]
    assert [c.name for c in db.comparisons.recent_comparisons(limit=1)] == ["first"]
    assert {c.id for c in db.comparisons.comparisons_with(DOC_B)} == {first.id, second.id}
    db.comparisons.delete_comparison(second.id)
    assert [c.name for c in db.comparisons.recent_comparisons()] == ["first"]
    with pytest.raises(StorageError, match="no saved comparison"):
        db.comparisons.load_comparison(second.id)


def test_scroll_positions_are_saved(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    db.comparisons.set_scroll(saved.id, 1, 0.75)
    loaded = db.comparisons.load_comparison(saved.id)
    assert [d.scroll for d in loaded.documents] == [0.25, 0.75]


def test_rejected_links_stay_hidden_after_realignment(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    bad = Link(LinkKind.QUOTE, Span(100, 160), Span(200, 250), 71.0)
    good = Link(LinkKind.QUOTE, Span(300, 340), Span(400, 440), 90.0)
    rejected = RejectedLink(LinkKind.QUOTE, DOC_A, bad.left, DOC_B, bad.right)
    db.comparisons.reject_link(saved.id, rejected)
    db.comparisons.reject_link(saved.id, rejected)  # idempotent
    remembered = db.comparisons.load_comparison(saved.id).rejected_links
    assert remembered == (rejected,)
    # Re-alignment with other settings moves the ends a little: still hidden.
    realigned = (Link(LinkKind.QUOTE, Span(102, 160), Span(200, 252), 73.0), good)
    assert without_rejected(realigned, remembered) == (good,)
    # The same spans as a different kind of link are a different judgement.
    related = Link(LinkKind.RELATED, bad.left, bad.right, 50.0)
    assert without_rejected((related,), remembered) == (related,)


def test_many_links_are_rejected_and_shown_again_in_one_transaction(db: Database) -> None:
    saved = db.comparisons.save_comparison(comparison())
    links = tuple(
        RejectedLink(LinkKind.QUOTE, DOC_A, Span(i * 10, i * 10 + 5), DOC_B, Span(i, i + 5))
        for i in range(5)
    )
    db.comparisons.reject_links(saved.id, links)
    db.comparisons.reject_links(saved.id, links[:2])  # idempotent
    assert set(db.comparisons.load_comparison(saved.id).rejected_links) == set(links)
    db.comparisons.unreject_links(saved.id, links[1:])
    assert db.comparisons.load_comparison(saved.id).rejected_links == links[:1]


def test_registry_keeps_identity_by_hash_when_the_file_moves(db: Database) -> None:
    db.documents.register(DOC_A, Path("/old/place/report.pdf"), "Report", 1234)
    moved = db.documents.register(DOC_A, Path("/new/place/report-final.pdf"))
    assert moved.path == Path("/new/place/report-final.pdf")
    assert (moved.title, moved.size) == ("Report", 1234)
    assert db.documents.find_by_path(Path("/old/place/report.pdf")) == []
    assert [d.sha256 for d in db.documents.find_by_path(moved.path)] == [DOC_A]
    assert db.documents.get(DOC_B) is None
    assert [d.sha256 for d in db.documents.all()] == [DOC_A]


def test_saving_documents_from_a_stale_copy_keeps_links_drawn_meanwhile(
    db_location: Path | str,
) -> None:
    """Two windows on one comparison: one saves its documents and scroll positions from
    the copy it loaded, after the other drew a link; the link stays."""
    with open_database(db_location) as one, open_database(db_location) as other:
        saved = one.comparisons.save_comparison(comparison())
        stale = one.comparisons.load_comparison(saved.id, touch=False)
        link = ManualLink.new(LinkKind.QUOTE, DOC_A, target(0, 10), DOC_B, target(40, 60))
        other.comparisons.add_manual_link(saved.id, link)
        stored = one.comparisons.save_comparison(
            replace(stale, name="renamed"), links=False, base=stale
        )
        assert stored.manual_links == (link,) and stored.name == "renamed"
        loaded = other.comparisons.load_comparison(saved.id, touch=False)
        assert loaded.manual_links == (link,) and loaded.name == "renamed"


def test_the_comparison_of_the_documents_shown_is_found_by_hashes_in_order(db: Database) -> None:
    doc_c = "c" * 64
    first = comparison("A and B")
    other = Comparison.new(
        "A and C",
        (ComparisonDocument(DOC_A, None, "A"), ComparisonDocument(doc_c, None, "C")),
        AlignOptions(),
    )
    db.comparisons.save_comparison(first)
    db.comparisons.save_comparison(other)
    found_other = db.comparisons.comparison_of((DOC_A, doc_c))
    assert found_other is not None and found_other.id == other.id
    found = db.comparisons.comparison_of((DOC_A, DOC_B))
    assert found is not None and found.id == first.id
    assert db.comparisons.comparison_of((DOC_B, DOC_A)) is None  # the order is the layout
    assert db.comparisons.comparison_of((DOC_B,)) is None
    assert db.comparisons.comparison_of(()) is None
