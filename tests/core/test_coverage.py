"""Coverage of the focal text: union arithmetic, per-document shares and link bins."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.coverage import (
    bin_links,
    bin_of,
    covered_length,
    merge_spans,
    share,
)
from desktop_app.core.model import Link, LinkKind, Span


def quote(start: int, end: int, right: int = 0) -> Link:
    return Link(LinkKind.QUOTE, Span(start, end), Span(right, right + end - start), 90.0)


def related(start: int, end: int, right: int = 0) -> Link:
    return Link(LinkKind.RELATED, Span(start, end), Span(right, right + 5), 40.0)


def test_overlapping_and_touching_spans_merge_once() -> None:
    spans = [Span(10, 20), Span(15, 30), Span(30, 35), Span(50, 60), Span(52, 55), Span(70, 70)]
    assert merge_spans(spans) == [Span(10, 35), Span(50, 60)]
    assert covered_length(spans) == 25 + 10


def test_covered_length_clips_to_the_text() -> None:
    assert covered_length([Span(90, 120), Span(0, 5)], length=100) == 15
    assert covered_length([Span(150, 160)], length=100) == 0
    assert covered_length([]) == 0


def test_share_counts_kinds_and_never_double_counts() -> None:
    links = [
        quote(0, 100),
        quote(50, 150),  # overlaps the first: 150 quoted chars, not 200
        related(100, 300),
        related(120, 140),  # inside the previous one
        quote(900, 1000),
    ]
    result = share(links, 1000)
    assert (result.quotes, result.related) == (3, 2)
    assert result.quoted_chars == 150 + 100
    assert result.related_chars == 200
    assert result.linked_chars == 300 + 100  # [0, 300) and [900, 1000)
    assert result.quote_fraction == 0.25
    assert result.related_fraction == 0.2
    assert result.linked_fraction == 0.4


def test_share_of_an_empty_text_is_zero() -> None:
    result = share([], 0)
    assert (result.quotes, result.related, result.quote_fraction) == (0, 0, 0.0)


def test_share_reads_the_focal_side() -> None:
    link = Link(LinkKind.QUOTE, Span(0, 10), Span(500, 600), 80.0)
    assert share([link], 1000, focal_is_left=False).quoted_chars == 100
    assert share([link], 1000).quoted_chars == 10


def test_bins_count_every_link_and_point_at_the_earliest() -> None:
    links = [quote(950, 960), quote(5, 9), quote(0, 3), quote(520, 530), quote(999, 1000)]
    bins = bin_links(links, 1000, 10)
    assert [(b.bin, b.count) for b in bins] == [(0, 2), (5, 1), (9, 2)]
    assert sum(b.count for b in bins) == len(links)
    assert bins[0].first == 2  # the link starting at 0
    assert bins[2].first == 0  # 950 before 999
    assert bin_of(1000, 1000, 10) == 9  # the end of the text falls in the last bin
    assert bin_of(5, 0, 10) == 0


spans_strategy = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 80)).map(lambda t: Span(t[0], t[0] + t[1])),
    max_size=40,
)


@given(spans_strategy, st.integers(0, 500))
def test_coverage_equals_brute_force_marking(spans: list[Span], length: int) -> None:
    marked = [False] * length
    for span in spans:
        for offset in range(span.start, min(span.end, length)):
            marked[offset] = True
    assert covered_length(spans, length) == sum(marked)
    merged = merge_spans(spans)
    assert all(a.end < b.start for a, b in pairwise(merged))
    assert covered_length(merged) == covered_length(spans)


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, 400), st.integers(0, 80)),
        max_size=40,
    ),
    st.integers(1, 500),
)
def test_shares_stay_within_one(raw: list[tuple[bool, int, int]], length: int) -> None:
    links = [(quote if q else related)(start, start + size) for q, start, size in raw]
    result = share(links, length)
    for fraction in (result.quote_fraction, result.related_fraction, result.linked_fraction):
        assert 0.0 <= fraction <= 1.0
    assert max(result.quoted_chars, result.related_chars) <= result.linked_chars
    assert result.linked_chars <= result.quoted_chars + result.related_chars
    assert result.quotes + result.related == len(links)


@given(st.lists(st.integers(0, 999), max_size=60), st.integers(1, 64))
def test_bins_partition_the_links(starts: list[int], bins: int) -> None:
    links = [quote(s, s + 1) for s in starts]
    found = bin_links(links, 1000, bins)
    assert sum(b.count for b in found) == len(links)
    assert [b.bin for b in found] == sorted({bin_of(s, 1000, bins) for s in starts})
    for b in found:
        members = [s for s in starts if bin_of(s, 1000, bins) == b.bin]
        assert links[b.first].left.start == min(members)


def test_quotes_inside_related_passages_count_as_quoted_text() -> None:
    from desktop_app.core.coverage import share
    from desktop_app.core.model import Link, LinkKind, Span

    inner = Link(LinkKind.QUOTE, Span(10, 20), Span(0, 10), 100.0)
    passage = Link(LinkKind.RELATED, Span(0, 40), Span(0, 30), 60.0, quoted=(inner,))
    result = share([passage], 100)
    assert (result.quotes, result.related) == (0, 1)
    assert result.quote_fraction == 0.1 and result.related_fraction == 0.4
