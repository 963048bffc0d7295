"""A changed file takes its comparisons along: documents, hand-made and rejected links."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import (
    Comparison,
    ComparisonDocument,
    ConfirmedLink,
    ManualLink,
    RejectedLink,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.documents import load
from desktop_app.core.model import Document, LinkKind, Span
from desktop_app.core.storage import Database
from desktop_app.core.storage.versions import adopt_document
from tests.helpers.annotations import ESSAY, REPLY


def _span(document: Document, needle: str) -> Span:
    start = document.text.index(needle)
    return Span(start, start + len(needle))


def _target(document: Document, needle: str) -> TextTarget:
    return make_target(document.text, _span(document, needle))


def _rejected(left: Document, needle: str, right: Document, other: str) -> RejectedLink:
    return RejectedLink(
        LinkKind.QUOTE,
        left.sha256,
        _span(left, needle),
        right.sha256,
        _span(right, other),
        left_quote=_target(left, needle).quote,
        right_quote=_target(right, other).quote,
    )


def test_comparisons_follow_a_changed_file(db: Database, tmp_path: Path) -> None:
    essay_path, reply_path = tmp_path / "essay.txt", tmp_path / "reply.txt"
    essay_path.write_text(ESSAY, encoding="utf-8")
    reply_path.write_text(REPLY, encoding="utf-8")
    essay, reply = load(essay_path), load(reply_path)
    adopt_document(db, essay)
    adopt_document(db, reply)
    kept_link = ManualLink.new(
        LinkKind.RELATED,
        essay.sha256,
        _target(essay, "by conscious action"),
        reply.sha256,
        _target(reply, "conscious action is a myth"),
    )
    # drawn the other way round: the changed document on the right
    reversed_link = ManualLink.new(
        LinkKind.QUOTE,
        reply.sha256,
        _target(reply, "The language is fine"),
        essay.sha256,
        _target(essay, "the English language is in a bad way"),
    )
    lost_link = ManualLink.new(
        LinkKind.RELATED,
        essay.sha256,
        _target(essay, "Our civilization is decadent"),
        reply.sha256,
        _target(reply, "Decadence is a word"),
    )
    found_rejection = _rejected(essay, "Most people who bother", reply, "A reply.")
    gone_rejection = _rejected(essay, "civilization is decadent", reply, "other people's")
    legacy_rejection = RejectedLink(  # made before rejections kept their text
        LinkKind.RELATED, essay.sha256, Span(0, 10), reply.sha256, Span(0, 8)
    )
    comparison = Comparison.new(
        "Essay and reply",
        (
            ComparisonDocument(essay.sha256, essay_path, "Essay", 0.25),
            ComparisonDocument(reply.sha256),
        ),
    )
    other = Comparison.new("Reply alone", (ComparisonDocument(reply.sha256),))
    db.comparisons.save_comparison(other)
    db.comparisons.save_comparison(
        replace(
            comparison,
            manual_links=(kept_link, reversed_link, lost_link),
            rejected_links=(found_rejection, gone_rejection, legacy_rejection),
        )
    )

    essay_path.write_text(
        "A preface pushes every offset along.\n\n"
        + ESSAY.replace(" Our civilization is decadent.", ""),
        encoding="utf-8",
    )
    edited = load(essay_path)
    adoption = adopt_document(db, edited)

    [relinked] = adoption.comparisons
    assert (relinked.moved_links, relinked.lost_links) == (2, (lost_link,))
    assert relinked.dropped_rejections == 2
    saved = db.comparisons.load_comparison(comparison.id, touch=False)
    assert saved.document_hashes == (edited.sha256, reply.sha256)
    assert saved.documents[0].scroll == 0.25 and saved.documents[0].display_name == "Essay"
    links = {link.id: link for link in saved.manual_links}
    moved = links[kept_link.id]
    assert moved.left_document == edited.sha256 and moved.right == kept_link.right
    assert moved.left.span.of(edited.text) == "by conscious action"
    assert moved.left.span != kept_link.left.span  # the preface shifted it
    turned = links[reversed_link.id]
    assert turned.right_document == edited.sha256 and turned.left == reversed_link.left
    assert turned.right.span.of(edited.text) == "the English language is in a bad way"
    # a hand-made link whose passage is gone is kept, on the old version, never deleted
    assert links[lost_link.id] == lost_link
    # rejections are hints: the one whose text is found follows it, the others are dropped
    [rejection] = saved.rejected_links
    assert rejection.left_document == edited.sha256
    assert rejection.left.of(edited.text) == "Most people who bother"
    assert rejection.right == found_rejection.right
    assert (
        rejection.left_quote is not None and rejection.left_quote.exact == "Most people who bother"
    )
    # a comparison without the changed document is left alone
    assert db.comparisons.load_comparison(other.id, touch=False).document_hashes == (reply.sha256,)
    # adopting again finds nothing left to move
    assert adopt_document(db, edited).comparisons == ()


def test_rejected_link_text_is_stored(db: Database) -> None:
    comparison = Comparison.new("c", (ComparisonDocument("e" * 64), ComparisonDocument("f" * 64)))
    db.comparisons.save_comparison(comparison)
    rejection = RejectedLink(
        LinkKind.QUOTE,
        "e" * 64,
        Span(3, 9),
        "f" * 64,
        Span(4, 8),
        left_quote=TextQuoteSelector("left", "a", "b"),
        right_quote=TextQuoteSelector("right", "", "c"),
    )
    db.comparisons.reject_link(comparison.id, rejection)
    [stored] = db.comparisons.load_comparison(comparison.id, touch=False).rejected_links
    assert stored == rejection


def _confirmed(left: Document, needle: str, right: Document, other: str) -> ConfirmedLink:
    return ConfirmedLink(
        LinkKind.QUOTE,
        left.sha256,
        _span(left, needle),
        right.sha256,
        _span(right, other),
        77.0,
        _target(left, needle).quote,
        _target(right, other).quote,
        created_by="Anna",
    )


def test_confirmations_follow_a_changed_file_and_go_with_their_passage(
    db: Database, tmp_path: Path
) -> None:
    essay_path, reply_path = tmp_path / "essay.txt", tmp_path / "reply.txt"
    essay_path.write_text(ESSAY, encoding="utf-8")
    reply_path.write_text(REPLY, encoding="utf-8")
    essay, reply = load(essay_path), load(reply_path)
    adopt_document(db, essay)
    adopt_document(db, reply)
    found = _confirmed(essay, "by conscious action", reply, "conscious action is a myth")
    gone = _confirmed(essay, "Our civilization is decadent", reply, "Decadence is a word")
    comparison = Comparison.new(
        "Essay and reply",
        (ComparisonDocument(essay.sha256, essay_path), ComparisonDocument(reply.sha256)),
    )
    db.comparisons.save_comparison(replace(comparison, confirmed_links=(found, gone)))

    essay_path.write_text(
        "A preface pushes every offset along.\n\n"
        + ESSAY.replace(" Our civilization is decadent.", ""),
        encoding="utf-8",
    )
    edited = load(essay_path)
    [relinked] = adopt_document(db, edited).comparisons
    assert (relinked.kept_confirmations, relinked.dropped_confirmations) == (1, 1)
    [moved] = db.comparisons.load_comparison(comparison.id, touch=False).confirmed_links
    assert moved.left_document == edited.sha256
    assert moved.left.of(edited.text) == "by conscious action"
    assert moved.left != found.left  # the preface shifted it
    assert (moved.right, moved.score, moved.created_by) == (found.right, 77.0, "Anna")


@pytest.mark.parametrize("rejected_later", [True, False])
def test_a_confirmation_and_a_rejection_of_one_link_keep_the_later_when_they_move(
    db: Database, tmp_path: Path, rejected_later: bool
) -> None:
    """Both judgements of one link in a saved list (two windows judged it at once, each
    writing its own row): moving them onto the new version keeps one state, the later."""
    essay_path, reply_path = tmp_path / "essay.txt", tmp_path / "reply.txt"
    essay_path.write_text(ESSAY, encoding="utf-8")
    reply_path.write_text(REPLY, encoding="utf-8")
    essay, reply = load(essay_path), load(reply_path)
    adopt_document(db, essay)
    adopt_document(db, reply)
    confirmation = _confirmed(essay, "by conscious action", reply, "conscious action is a myth")
    rejection = replace(
        _rejected(essay, "by conscious action", reply, "conscious action is a myth"),
        created=confirmation.created + timedelta(minutes=1 if rejected_later else -1),
    )
    comparison = Comparison.new(
        "c", (ComparisonDocument(essay.sha256, essay_path), ComparisonDocument(reply.sha256))
    )
    db.comparisons.save_comparison(
        replace(comparison, confirmed_links=(confirmation,), rejected_links=(rejection,))
    )
    essay_path.write_text("A preface.\n\n" + ESSAY, encoding="utf-8")
    edited = load(essay_path)
    [relinked] = adopt_document(db, edited).comparisons
    saved = db.comparisons.load_comparison(comparison.id, touch=False)
    if rejected_later:
        assert (relinked.dropped_confirmations, relinked.dropped_rejections) == (1, 0)
        assert (saved.confirmed_links, len(saved.rejected_links)) == ((), 1)
    else:
        assert (relinked.dropped_confirmations, relinked.dropped_rejections) == (0, 1)
        assert (len(saved.confirmed_links), saved.rejected_links) == (1, ())
    [judged] = saved.confirmed_links or saved.rejected_links
    assert judged.left_document == edited.sha256
    assert judged.left.of(edited.text) == "by conscious action"
