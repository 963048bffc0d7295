"""Re-anchoring many notes together on real text: repeated passages, edited editions.

``resolve_all`` finds every quote through a k-gram index and places notes by
context and position; these tests hold it to what one ``str.find`` scan per quote
would find, and to the right copy of a passage a book repeats.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from benchmarks.inputs import PARALLEL
from desktop_app.core import anchoring
from desktop_app.core.anchoring import (
    Anchorer,
    ResolutionKind,
    make_target,
    normalise_layout,
    resolve,
    resolve_all,
)
from desktop_app.core.annotations import TextPositionSelector, TextQuoteSelector, TextTarget
from desktop_app.core.kgram_index import K, KgramIndex
from desktop_app.core.model import Span
from desktop_app.core.textnorm import TextBuilder

MARK = PARALLEL / "mark.kjv.txt"
needs_corpus = pytest.mark.skipif(not MARK.is_file(), reason="parallel corpus not here")
SEPARATOR = "\n\n* * *\n\n"
PREFACE = "A PREFACE TO THIS EDITION.\n\n" * 7


def mark() -> str:
    return MARK.read_text(encoding="utf-8")


def spans_in(low: int, high: int, count: int, seed: int) -> list[Span]:
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        start = rng.randrange(low, high - 300)
        spans.append(Span(start, start + rng.randint(5, 250)))
    return spans


@needs_corpus
def test_every_occurrence_of_every_quote_is_found_as_a_scan_finds_it() -> None:
    text = SEPARATOR.join([mark()] * 3)
    quotes = [span.of(text) for span in spans_in(0, len(text), 300, 1)]
    quotes += ["and", "Jesus", "x" * 40, "the Son of God", "\n\n* * *\n\n"]  # short, absent
    found = anchoring._occurrences(text, KgramIndex(text), quotes)
    for quote, positions in zip(quotes, found, strict=True):
        expected = []
        position = text.find(quote)
        while position != -1:
            expected.append(position)
            position = text.find(quote, position + 1)
        assert positions == expected, quote


@needs_corpus
def test_notes_on_a_repeated_book_land_in_the_copy_they_were_made_on() -> None:
    book = mark()
    copies = 4
    text = SEPARATOR.join([book] * copies)
    copy_length = len(book) + len(SEPARATOR)
    noted = 2
    spans = spans_in(noted * copy_length, noted * copy_length + len(book), 400, 7)
    targets = [make_target(text, span) for span in spans]
    changed = (PREFACE + text).replace(" and ", " & ")
    own_copy = (
        len(PREFACE) + noted * copy_length - 2 * text[: noted * copy_length].count(" and "),
        len(PREFACE)
        + (noted + 1) * copy_length
        - 2 * text[: (noted + 1) * copy_length].count(" and "),
    )
    results = resolve_all(targets, changed)
    kinds = [r.kind for r in results]
    assert kinds.count(ResolutionKind.ORPHAN) <= 2  # a short quote whose context changed
    assert kinds.count(ResolutionKind.MOVED) > 100 and kinds.count(ResolutionKind.FUZZY) > 100
    for target, result in zip(targets, results, strict=True):
        if result.span is None:
            assert len(target.quote.exact) < 32
            continue
        assert own_copy[0] <= result.span.start < own_copy[1], target.quote.exact
        if result.kind is ResolutionKind.MOVED:
            assert result.span.of(changed) == target.quote.exact
        else:
            edited = target.quote.exact.replace(" and ", " & ")
            assert fuzz.ratio(result.span.of(changed), edited) >= 90
    # One at a time, the same answers: the batch is an optimisation, not a different rule.
    anchorer = Anchorer(changed)
    for target, result in list(zip(targets, results, strict=True))[:60]:
        if result.kind is ResolutionKind.MOVED:
            assert anchorer.resolve(target) == result


@needs_corpus
def test_context_picks_the_refrain_when_the_position_points_at_another() -> None:
    chapters = mark().split("\n\n")[1:]
    refrain = "Glory be to the Father, and to the Son, and to the Holy Ghost."
    text = "".join(f"{chapter}\n{refrain}\n\n" for chapter in chapters)
    sixth = [i for i in range(len(text)) if text.startswith(refrain, i)][5]
    target = make_target(text, Span(sixth, sixth + len(refrain)))
    # The new edition drops the first three chapters: the old offset now falls near the
    # ninth refrain, but the text before the quote is still the end of chapter six.
    changed = "".join(f"{chapter}\n{refrain}\n\n" for chapter in chapters[3:])
    expected = changed.index(chapters[5]) + len(chapters[5]) + 1
    others = [make_target(text, Span(s, s + 60)) for s in range(0, len(text) - 60, 997)]
    for result in (resolve(target, changed), resolve_all([*others, target], changed)[-1]):
        assert result.kind is ResolutionKind.MOVED
        assert result.span == Span(expected, expected + len(refrain))


@needs_corpus
def test_a_quote_edited_every_few_words_in_a_second_edition_is_found() -> None:
    book = mark()
    start = book.find("Mary Magdalene, and Mary the mother of James the less and of Joses")
    assert start != -1
    span = Span(start, start + 120)
    neighbours = [make_target(book, s) for s in spans_in(0, len(book), 300, 3)]
    target = make_target(book, span)
    # A second edition: a long preface, "and" printed "&", Joses spelt Joseph.
    changed = ("PREFACE. " * 900 + book).replace(" and ", " & ").replace("Joses", "Joseph")
    result = resolve_all([*neighbours, target], changed)[-1]
    assert result.kind is ResolutionKind.FUZZY
    assert result.span is not None
    edited = span.of(book).replace(" and ", " & ").replace("Joses", "Joseph")
    assert fuzz.ratio(result.span.of(changed), edited) >= 90
    assert abs(result.span.start - changed.index(edited[:20])) <= 3


def _reference_map(text: str) -> tuple[str, list[int]]:
    """The layout normalisation built character by character (``TextBuilder``)."""
    builder = TextBuilder()
    pos = 0
    for match in anchoring._NOISE.finditer(text):
        begin, finish = match.span()
        if match.lastgroup == "hyphen" and not text[finish].islower():
            continue
        builder.copy(text[pos:begin], pos)
        if match.lastgroup == "space":
            builder.replace(" ", begin)
        elif match.lastgroup == "fold":
            builder.replace(anchoring._FOLDS[match.group()], begin)
        pos = finish
    builder.copy(text[pos:], pos)
    mapped = builder.build(len(text))
    return mapped.text, list(mapped.offsets)


noisy = st.lists(
    st.sampled_from(
        ["a", "B", " ", "  ", "\n", "-\n", "- ", "\u00ad", "\ufb01", "\u2019", "\u00a0", "\t"]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=noisy)
def test_the_piecewise_layout_map_agrees_with_a_character_map(text: str) -> None:
    reference, offsets = _reference_map(text)
    normalised = anchoring._normalise(text)
    assert normalised.text == reference == normalise_layout(text)
    for start in range(len(reference) + 1):
        for end in range(start, len(reference) + 1):
            expected_start = offsets[start]
            expected = (
                Span(expected_start, expected_start)
                if end == start
                else Span(expected_start, max(expected_start, offsets[end - 1] + 1))
            )
            assert normalised.to_original(start, end) == expected
    for source in range(len(text) + 1):
        first = next(i for i, offset in enumerate(offsets) if offset >= source)
        assert normalised.from_original(source) == first


def test_quotes_shorter_than_a_k_gram_are_still_found_by_context() -> None:
    text = "One said no. Two said yes. Three said no, and meant it. Four said maybe."
    start = text.index("said no", 20)
    target = make_target(text, Span(start, start + len("said no")))
    assert len(target.quote.exact) < K
    changed = "Zero said nothing. " + text
    result = resolve_all([target], changed)[0]
    assert result.kind is ResolutionKind.MOVED
    assert result.span == Span(start, start + len("said no")).shifted(len("Zero said nothing. "))


def test_an_empty_batch_and_an_empty_quote_are_handled() -> None:
    assert resolve_all([], "some text") == []
    empty = TextTarget(TextQuoteSelector(""), TextPositionSelector(0, 0))
    found = make_target("some text", Span(5, 9))
    results = resolve_all([empty, found], "more: some text")
    assert [r.kind for r in results] == [ResolutionKind.ORPHAN, ResolutionKind.MOVED]
