"""Filtering links by score and kind, and finding those in a range, without Qt."""

from __future__ import annotations

import random

from desktop_app.core.linkfilter import (
    LinkFilter,
    LinkIndex,
    SpanIndex,
    aligned_with,
    count_by_kind,
    filter_links,
    keeping,
    shown_by,
)
from desktop_app.core.model import Alignment, AlignOptions, Link, LinkKind, Span


def make_links(count: int, seed: int = 7) -> tuple[Link, ...]:
    rng = random.Random(seed)
    links = []
    for _ in range(count):
        a = rng.randrange(0, 100_000)
        b = rng.randrange(0, 100_000)
        length = rng.choice([5, 50, 500, 5000])
        kind = rng.choice(list(LinkKind))
        links.append(Link(kind, Span(a, a + length), Span(b, b + length), rng.uniform(0, 100)))
    return tuple(links)


def test_filter_keeps_kinds_and_scores_and_sorts() -> None:
    alignment = Alignment(make_links(500))
    shown = filter_links(alignment, LinkFilter(60.0, frozenset({LinkKind.QUOTE})))
    expected = [x for x in alignment.links if x.kind is LinkKind.QUOTE and x.score >= 60]
    assert sorted(expected, key=lambda x: (x.left, x.right)) == list(shown)
    assert filter_links(alignment, LinkFilter(0.0, frozenset())) == ()
    counts = count_by_kind(shown)
    assert counts[LinkKind.QUOTE] == len(shown) and counts[LinkKind.RELATED] == 0


def test_overlap_queries_match_a_brute_force_scan() -> None:
    links = make_links(2000)
    spans = [x.left for x in links]
    index = SpanIndex(spans)
    rng = random.Random(3)
    for _ in range(200):
        start = rng.randrange(0, 105_000)
        end = start + rng.randrange(1, 3000)
        expected = sorted(i for i, s in enumerate(spans) if s.start < end and s.end > start)
        assert sorted(index.overlapping(start, end)) == expected


def test_link_index_visible_and_at() -> None:
    links = (
        Link(LinkKind.QUOTE, Span(0, 10), Span(100, 110), 90.0),
        Link(LinkKind.RELATED, Span(5, 50), Span(200, 260), 50.0),
        Link(LinkKind.QUOTE, Span(60, 70), Span(10, 20), 70.0),
    )
    index = LinkIndex(links)
    assert index.visible((0, 4), (0, 5)) == [0]
    assert index.visible((55, 80), (105, 106)) == [0, 2]
    assert index.at(7) == [0, 1]  # shortest first
    assert index.at(15, right=True) == [2]
    assert index.side(False).around(55) == (1, 2)
    assert SpanIndex([]).nearest(3) is None


def test_view_settings_round_trip_through_a_comparisons_options() -> None:
    saved = keeping(AlignOptions(ordered=True), LinkFilter(70.0, frozenset({LinkKind.QUOTE})))
    assert saved == AlignOptions(frozenset({LinkKind.QUOTE}), 70.0, True)
    assert shown_by(saved) == LinkFilter(70.0, frozenset({LinkKind.QUOTE}))
    # the pipeline is asked for every link in the saved order mode; the view filters
    assert aligned_with(saved) == AlignOptions(ordered=True)
