"""The dock's in-memory filter agrees with the store's SQL filter on the same query."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotation_filter import annotation_matches, pair_matches
from desktop_app.core.annotations import Annotation, Colour, PairAnnotation, utc_now
from desktop_app.core.model import Span
from desktop_app.core.storage import AnnotationQuery, Database
from tests.helpers.annotations import DOC_A, DOC_B, TEXT, note

QUERIES = [
    AnnotationQuery(),
    AnnotationQuery(document=DOC_A),
    AnnotationQuery(tags=("style",)),
    AnnotationQuery(tags=("style", "orwell")),
    AnnotationQuery(colour=Colour.GREEN),
    AnnotationQuery(text="BAD WAY"),
    AnnotationQuery(text="decad"),
    AnnotationQuery(text="orw"),
    AnnotationQuery(document=DOC_B, colour=Colour.YELLOW, text="conscious"),
    AnnotationQuery(author="Q. Analyst"),
    AnnotationQuery(author="Somebody Else"),
    AnnotationQuery(text="analyst"),  # the author's name
]


def test_in_memory_filter_equals_the_store_filter(db: Database) -> None:
    notes = [
        note("English language is in a bad way", tags=("style", "orwell")),
        note("conscious action", text="Decadence?", colour=Colour.GREEN, tags=("style",)),
        note("Our civilization is decadent", document=DOC_B),
        note("conscious action", document=DOC_B, text="again"),
    ]
    for n in notes:
        db.annotations.add(n)
    deleted = db.annotations.add(note("Most people", tags=("style",)))
    db.annotations.delete(deleted.id)
    everything = db.annotations.list(include_deleted=True)
    for query in QUERIES:
        expected = {a.id for a in db.annotations.query(query)}
        assert {a.id for a in everything if annotation_matches(query, a)} == expected, query


def test_pair_filter_accepts_either_side_and_relation() -> None:
    a = make_target(TEXT, Span(0, 10))
    b = make_target(TEXT, Span(20, 40))
    pair = PairAnnotation.new(
        DOC_A, a, DOC_B, b, relation="rebuts", note="Harsh", tags=("x",), colour=Colour.PINK
    )
    assert pair_matches(AnnotationQuery(document=DOC_B), pair)
    assert pair_matches(AnnotationQuery(text="REBUT"), pair)
    assert pair_matches(AnnotationQuery(text=b.exact[2:8]), pair)
    assert pair_matches(AnnotationQuery(tags=("x",), colour=Colour.PINK), pair)
    assert not pair_matches(AnnotationQuery(document="c" * 64), pair)
    assert not pair_matches(AnnotationQuery(colour=Colour.BLUE), pair)
    assert not pair_matches(AnnotationQuery(tags=("y",)), pair)
    assert not pair_matches(AnnotationQuery(text="agrees"), pair)
    tomb = Annotation.new(DOC_A, a)
    assert not annotation_matches(AnnotationQuery(), replace(tomb, deleted=utc_now()))
    assert not pair_matches(AnnotationQuery(), replace(pair, deleted=utc_now()))
