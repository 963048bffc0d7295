"""Pair notes follow a changed file; a pair whose side is lost stays behind as an orphan pair."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from benchmarks.inputs import PARALLEL
from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import PairAnnotation, TextTarget
from desktop_app.core.documents import load
from desktop_app.core.model import Document, Link, LinkKind, Span
from desktop_app.core.storage import Database
from desktop_app.core.storage.shown_notes import Shelf, shown_notes
from desktop_app.core.storage.versions import adopt_document
from tests.helpers.annotations import ESSAY, REPLY


def _target(document: Document, needle: str) -> TextTarget:
    start = document.text.index(needle)
    return make_target(document.text, Span(start, start + len(needle)))


def _pair(left: Document, left_text: str, right: Document, right_text: str) -> PairAnnotation:
    return PairAnnotation.new(
        left.sha256,
        _target(left, left_text),
        right.sha256,
        _target(right, right_text),
        relation="rebuts",
        note="checked",
        tags=("claim",),
        link=Link(LinkKind.RELATED, Span(0, 1), Span(0, 1), 71.5),
    )


def _open(db: Database, path: Path, text: str) -> Document:
    path.write_text(text, encoding="utf-8")
    document = load(path)
    adopt_document(db, document)
    return document


def test_pair_notes_follow_the_changed_side_and_lost_ones_are_orphans(
    db: Database, tmp_path: Path
) -> None:
    essay = _open(db, tmp_path / "essay.txt", ESSAY)
    reply = _open(db, tmp_path / "reply.txt", REPLY)
    kept = db.pairs.add(_pair(essay, "by conscious action", reply, "conscious action is a myth"))
    # the changed document on the right of the pair
    reversed_pair = db.pairs.add(
        _pair(reply, "The language is fine", essay, "the English language is in a bad way")
    )
    lost = db.pairs.add(_pair(essay, "Our civilization is decadent", reply, "Decadence is a word"))
    untouched = db.pairs.add(_pair(reply, "A reply.", reply, "other people's habits"))

    (tmp_path / "essay.txt").write_text(
        "A new preface.\n\n" + ESSAY.replace(" Our civilization is decadent.", ""),
        encoding="utf-8",
    )
    edited = load(tmp_path / "essay.txt")
    adoption = adopt_document(db, edited)

    assert sorted(p.id for p in adoption.moved_pairs) == sorted([kept.id, reversed_pair.id])
    assert [p.id for p in adoption.pair_orphans] == [lost.id]
    assert adoption.summary("essay.txt") == (
        "0 notes and 2 pair notes re-anchored from an earlier version of essay.txt;"
        " 1 could not be placed and are kept under Orphans."
    )
    moved = db.pairs.get(kept.id)
    assert moved is not None
    assert (moved.left_document, moved.right_document) == (edited.sha256, reply.sha256)
    assert moved.left.span.of(edited.text) == "by conscious action"
    assert moved.left.span != kept.left.span  # the preface shifted it
    assert moved.right == kept.right  # the unchanged side is left as it was
    # what the analyst wrote travels with it
    assert (moved.relation, moved.note, moved.tags, moved.score) == (
        "rebuts",
        "checked",
        ("claim",),
        71.5,
    )
    turned = db.pairs.get(reversed_pair.id)
    assert turned is not None and turned.right_document == edited.sha256
    assert turned.right.span.of(edited.text) == "the English language is in a bad way"
    assert turned.left == reversed_pair.left
    # never deleted: the orphan pair is still on the old hash, listed again later
    assert db.pairs.get(lost.id) == lost
    orphans = [e for e in shown_notes(db, [edited], []).entries if e.shelf is Shelf.ORPHANS]
    assert [e.item.id for e in orphans] == [lost.id]
    assert db.pairs.get(untouched.id) == untouched
    # the pair list of the new comparison holds the moved pairs only
    shown = db.pairs.list((edited.sha256, reply.sha256))
    assert sorted(p.id for p in shown) == sorted([kept.id, reversed_pair.id])
    again = adopt_document(db, edited)
    assert again.moved_pairs == () and [p.id for p in again.pair_orphans] == [lost.id]


def test_a_pair_with_both_sides_on_the_changed_file_moves_only_when_both_are_found(
    db: Database, tmp_path: Path
) -> None:
    essay = _open(db, tmp_path / "essay.txt", ESSAY)
    both = db.pairs.add(_pair(essay, "conscious action", essay, "Politics and the English"))
    half = db.pairs.add(_pair(essay, "conscious action", essay, "Our civilization is decadent"))
    (tmp_path / "essay.txt").write_text(
        ESSAY.replace(" Our civilization is decadent.", " Coda."), encoding="utf-8"
    )
    edited = load(tmp_path / "essay.txt")
    adoption = adopt_document(db, edited)
    assert [p.id for p in adoption.moved_pairs] == [both.id]
    assert [p.id for p in adoption.pair_orphans] == [half.id]
    moved = db.pairs.get(both.id)
    assert moved is not None and moved.documents == (edited.sha256, edited.sha256)
    # one lost side keeps the whole pair on the old version: no half-moved pair
    assert db.pairs.get(half.id) == half


def test_a_pair_between_the_two_versions_stays_as_it_is(db: Database, tmp_path: Path) -> None:
    essay = _open(db, tmp_path / "essay.txt", ESSAY)
    (tmp_path / "copy.txt").write_text("Intro.\n\n" + ESSAY, encoding="utf-8")
    copy = load(tmp_path / "copy.txt")
    adopt_document(db, copy)
    versus = db.pairs.add(_pair(essay, "conscious action", copy, "conscious action"))
    adoption = adopt_document(db, copy, previous=[essay.sha256])
    assert adoption.moved_pairs == () and adoption.pair_orphans == ()
    assert db.pairs.get(versus.id) == versus


@pytest.mark.skipif(not (PARALLEL / "mark.kjv.txt").is_file(), reason="parallel corpus not here")
def test_many_pair_notes_on_a_repeated_book_stay_in_their_copy(
    db: Database, tmp_path: Path
) -> None:
    book = (PARALLEL / "mark.kjv.txt").read_text(encoding="utf-8")
    separator = "\n\n* * *\n\n"
    copies = separator.join([book] * 3)
    repeated = _open(db, tmp_path / "book.txt", copies)
    reply = _open(db, tmp_path / "reply.txt", REPLY)
    rng = random.Random(2)
    low = len(book) + len(separator)  # the notes are on the second copy
    pairs = []
    for _ in range(80):
        start = rng.randrange(low, low + len(book) - 200)
        left = make_target(repeated.text, Span(start, start + rng.randint(40, 160)))
        right = _target(reply, "conscious action is a myth")
        pairs.append(db.pairs.add(PairAnnotation.new(repeated.sha256, left, reply.sha256, right)))

    edition = ("A PREFACE.\n\n" * 30 + copies).replace(" and ", " & ")
    (tmp_path / "book.txt").write_text(edition, encoding="utf-8")
    edited = load(tmp_path / "book.txt")
    adoption = adopt_document(db, edited)

    assert len(adoption.moved_pairs) == 80 and adoption.pair_orphans == ()
    second_starts = edited.text.index(separator) + len(separator)
    second_ends = edited.text.index(separator, second_starts)
    for pair in adoption.moved_pairs:
        before = next(p for p in pairs if p.id == pair.id)
        assert second_starts <= pair.left.span.start < second_ends
        edited_quote = before.left.quote.exact.replace(" and ", " & ")
        assert fuzz.ratio(pair.left.span.of(edited.text), edited_quote) >= 90
