"""Excerpts built from annotation values (scope, order, names) and records imported back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.core.annotations import (
    Annotation,
    Colour,
    Comparison,
    ComparisonDocument,
    DocumentRecord,
    PairAnnotation,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.export import Excerpt, ExportOptions, PairExcerpt, parse_w3c_json
from desktop_app.core.export.build import (
    Order,
    Scope,
    Sources,
    build_excerpts,
    nearest_colour,
    records_from_excerpts,
)
from desktop_app.core.export.w3c_json import render_w3c_json
from desktop_app.core.model import Alignment, DocumentFormat, Link, LinkKind, Span

LEFT_TEXT = "Intro words. The regime is weak and its days are numbered. More text follows here."
RIGHT_TEXT = "A reply. Nobody thinks the regime is weak; it is strong. Closing remarks."
OTHER_TEXT = "Unrelated memo about budgets and schedules."
LEFT, RIGHT, OTHER = "1" * 64, "2" * 64, "3" * 64
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _target(text: str, needle: str, page: int | None = None) -> TextTarget:
    start = text.index(needle)
    end = start + len(needle)
    quote = TextQuoteSelector(needle, text[max(0, start - 32) : start], text[end : end + 32])
    return TextTarget(quote, TextPositionSelector(start, end), page)


def _world() -> tuple[list[Annotation], list[PairAnnotation], Sources, Comparison]:
    annotations = [
        Annotation(
            "a-late",
            LEFT,
            _target(LEFT_TEXT, "More text"),
            Colour.GREEN,
            "later in the text",
            ("b-tag",),
            T0,
            T0,
        ),
        Annotation(
            "a-early",
            LEFT,
            _target(LEFT_TEXT, "The regime is weak", page=0),
            Colour.YELLOW,
            "claim",
            ("claim", "a-tag"),
            T0 + timedelta(hours=2),
            T0 + timedelta(hours=3),
        ),
        Annotation("a-other", OTHER, _target(OTHER_TEXT, "budgets"), created=T0, modified=T0),
        Annotation(
            "a-deleted",
            LEFT,
            _target(LEFT_TEXT, "Intro"),
            created=T0,
            modified=T0,
            deleted=T0 + timedelta(days=1),
        ),
    ]
    pairs = [
        PairAnnotation(
            "p-1",
            LEFT,
            _target(LEFT_TEXT, "The regime is weak"),
            RIGHT,
            _target(RIGHT_TEXT, "the regime is weak"),
            relation="rebuts",
            note="The rebuttal answers: it is strong.",
            tags=("claim",),
            colour=Colour.BLUE,
            created=T0 + timedelta(hours=1),
            modified=T0 + timedelta(hours=1),
        )
    ]
    comparison = Comparison(
        "c-1",
        "Weak or strong",
        (
            ComparisonDocument(LEFT, Path("/docs/left.pdf"), "Left essay"),
            ComparisonDocument(RIGHT, Path("/docs/right.txt"), "Right reply"),
        ),
    )
    left_span = Span(LEFT_TEXT.index("The regime"), LEFT_TEXT.index("The regime") + 18)
    right_span = Span(RIGHT_TEXT.index("the regime"), RIGHT_TEXT.index("the regime") + 18)
    sources = Sources(
        documents={OTHER: DocumentRecord(OTHER, Path("/docs/memo.md"), "Budget memo")},
        comparisons=(comparison,),
        alignments={(LEFT, RIGHT): Alignment((Link(LinkKind.QUOTE, left_span, right_span, 88.0),))},
    )
    return annotations, pairs, sources, comparison


def test_all_excerpts_by_position_skip_deleted() -> None:
    annotations, pairs, sources, _ = _world()
    excerpts = build_excerpts(annotations, pairs, sources)
    assert [e.id for e in excerpts] == ["a-early", "p-1", "a-late", "a-other"]
    early = excerpts[0]
    assert isinstance(early, Excerpt)
    assert early.quote.source.title == "Left essay"
    assert early.quote.source.format is DocumentFormat.PDF
    assert early.quote.page_label == "p. 1"
    assert early.comparison == "Weak or strong"
    assert excerpts[3].comparison == ""  # its document is in no comparison
    assert excerpts[3].quote.source.title == "Budget memo"  # type: ignore[union-attr]


def test_pair_gets_kind_and_score_of_the_link_it_was_made_on() -> None:
    annotations, pairs, sources, _ = _world()
    [pair] = [e for e in build_excerpts(annotations, pairs, sources) if isinstance(e, PairExcerpt)]
    assert pair.link_kind is LinkKind.QUOTE
    assert pair.score == 88.0
    assert pair.relation == "rebuts"
    assert pair.right.source.display_name == "Right reply"
    no_links = replace(sources, alignments={})
    [bare] = [e for e in build_excerpts([], pairs, no_links) if isinstance(e, PairExcerpt)]
    assert bare.link_kind is None and bare.score is None


def test_a_pair_keeps_its_stored_link_kind_and_score_without_an_alignment() -> None:
    _annotations, pairs, sources, _ = _world()
    stored = [replace(pairs[0], link_kind=LinkKind.RELATED, score=61.5)]
    no_links = replace(sources, alignments={})
    [pair] = [e for e in build_excerpts([], stored, no_links) if isinstance(e, PairExcerpt)]
    assert (pair.link_kind, pair.score) == (LinkKind.RELATED, 61.5)
    # What it was made on wins over whatever link covers the spans today.
    [shown] = [e for e in build_excerpts([], stored, sources) if isinstance(e, PairExcerpt)]
    assert (shown.link_kind, shown.score) == (LinkKind.RELATED, 61.5)


def test_scopes() -> None:
    annotations, pairs, sources, comparison = _world()

    def ids(scope: Scope) -> list[str]:
        return sorted(e.id for e in build_excerpts(annotations, pairs, sources, scope))

    assert ids(Scope(comparison=comparison)) == ["a-early", "a-late", "p-1"]
    assert ids(Scope(tags=frozenset({"claim"}))) == ["a-early", "p-1"]
    assert ids(Scope(colours=frozenset({Colour.GREEN, Colour.BLUE}))) == ["a-late", "p-1"]
    assert ids(Scope(documents=frozenset({OTHER}))) == ["a-other"]
    assert ids(Scope(documents=frozenset({LEFT}))) == ["a-early", "a-late"]  # pair needs both


def test_orders() -> None:
    annotations, pairs, sources, _ = _world()

    def ids(order: Order) -> list[str]:
        return [e.id for e in build_excerpts(annotations, pairs, sources, order=order)]

    assert ids(Order.CREATED) == ["a-late", "a-other", "p-1", "a-early"]
    assert ids(Order.TAG) == ["a-early", "a-late", "p-1", "a-other"]


def test_json_import_gives_back_the_same_records() -> None:
    annotations, pairs, sources, _ = _world()
    excerpts = build_excerpts(annotations, pairs, sources)
    imported = records_from_excerpts(parse_w3c_json(render_w3c_json(excerpts, ExportOptions())))
    assert imported.skipped == ()
    live = [a for a in annotations if not a.is_deleted]
    assert sorted(imported.annotations, key=lambda a: a.id) == sorted(live, key=lambda a: a.id)
    # The pair comes back with the kind and score of the link it was exported with.
    assert list(imported.pairs) == [replace(pairs[0], link_kind=LinkKind.QUOTE, score=88.0)]
    titles = {d.sha256: (d.title, d.path) for d in imported.documents}
    assert titles[LEFT] == ("Left essay", Path("/docs/left.pdf"))


def test_quotes_without_position_are_reported_not_imported() -> None:
    [excerpt] = parse_w3c_json(
        '{"type": "Annotation", "id": "x", "target": {"source": "urn:sha256:'
        + "4" * 64
        + '", "selector": {"type": "TextQuoteSelector", "exact": "hi"}}}'
    )
    result = records_from_excerpts([excerpt])
    assert result.annotations == () and len(result.skipped) == 1


def test_foreign_colours_map_to_the_nearest_palette_colour() -> None:
    assert nearest_colour("blue") is Colour.BLUE
    assert nearest_colour("#0000ff") is Colour.BLUE
    assert nearest_colour("#ff0000") in (Colour.PINK, Colour.ORANGE)
    assert nearest_colour(None) is Colour.YELLOW
