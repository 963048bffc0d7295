"""Annotations for storage tests: a text, two document hashes, notes and pair notes on them,
comparisons, quote targets, and an essay with its reply."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import (
    Annotation,
    Colour,
    Comparison,
    ComparisonDocument,
    PairAnnotation,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.model import AlignOptions, LinkKind, Span
from desktop_app.core.storage import Database

TEXT = (
    "Politics and the English Language. Most people who bother with the matter at all "
    "would admit that the English language is in a bad way, but it is generally assumed "
    "that we cannot by conscious action do anything about it. Our civilization is decadent."
)


DOC_A = "a" * 64
DOC_B = "b" * 64


def note(
    quote: str,
    *,
    document: str = DOC_A,
    text: str = "",
    tags: tuple[str, ...] = (),
    colour: Colour = Colour.YELLOW,
) -> Annotation:
    start = TEXT.index(quote)
    target = make_target(TEXT, Span(start, start + len(quote)))
    return Annotation.new(document, target, note=text, tags=tags, colour=colour)


def pair(*, tags: tuple[str, ...] = (), relation: str = "misquotes") -> PairAnnotation:
    left = make_target(TEXT, Span(0, 34))
    right = make_target(TEXT, Span(35, 60))
    return PairAnnotation.new(DOC_A, left, DOC_B, right, relation=relation, tags=tags)


LEFT, RIGHT = "a" * 64, "b" * 64


def quote_target(exact: str, start: int) -> TextTarget:
    return TextTarget(
        TextQuoteSelector(exact, "pre ", " post"), TextPositionSelector(start, start + len(exact))
    )


ESSAY = (
    "Politics and the English Language. Most people who bother with the matter at all "
    "would admit that the English language is in a bad way, but it is generally assumed "
    "that we cannot by conscious action do anything about it. Our civilization is decadent."
)
REPLY = (
    "A reply. The language is fine, says the critic, and conscious action is a myth. "
    "Decadence is a word for other people's habits."
)


def target(start: int, end: int) -> TextTarget:
    return make_target(TEXT, Span(start, end))


def comparison(name: str = "Orwell vs reply") -> Comparison:
    return Comparison.new(
        name,
        (
            ComparisonDocument(DOC_A, Path("/docs/orwell.pdf"), "Orwell", 0.25),
            ComparisonDocument(DOC_B, None, "Reply"),
        ),
        AlignOptions(kinds=frozenset({LinkKind.QUOTE}), min_score=40.0, ordered=True),
    )


def annotate(db: Database, sha256: str, quote: str, text: str = TEXT) -> Annotation:
    start = text.index(quote)
    target = make_target(text, Span(start, start + len(quote)))
    return db.annotations.add(Annotation.new(sha256, target, note=quote[:10], tags=("t",)))
