"""Which links the analyst wants to see, and which of them fall in a text range.

The GUI shows an Alignment computed once; the threshold slider and the kind
toggles only choose among its links, so that choice is a pure function here,
testable without Qt. ``LinkIndex`` answers "which links touch this range" by
binary search, so painting cost follows what is on screen, not the link count.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from desktop_app.core.model import Alignment, AlignOptions, Link, LinkKind, Span

ALL_KINDS: frozenset[LinkKind] = frozenset(LinkKind)


@dataclass(frozen=True, slots=True)
class LinkFilter:
    """The analyst's view settings: a minimum score and the kinds to show."""

    min_score: float = 0.0
    kinds: frozenset[LinkKind] = ALL_KINDS

    def accepts(self, link: Link) -> bool:
        return link.kind in self.kinds and link.score >= self.min_score


def shown_by(options: AlignOptions) -> LinkFilter:
    """The view settings a saved comparison keeps in its options (each comparison its own:
    a minimum score chosen for one pair says nothing about the next)."""
    return LinkFilter(options.min_score, options.kinds)


def keeping(options: AlignOptions, link_filter: LinkFilter) -> AlignOptions:
    """``options`` with the view settings of ``link_filter``, to save with the comparison."""
    return replace(options, min_score=link_filter.min_score, kinds=link_filter.kinds)


def aligned_with(options: AlignOptions) -> AlignOptions:
    """What the window asks the pipeline for: every link, in the comparison's order mode.
    The score and kind settings only choose among them, so moving the slider never
    realigns, and the pipeline's result is the one ``verso align`` prints."""
    return AlignOptions(ordered=options.ordered)


def filter_links(alignment: Alignment, link_filter: LinkFilter) -> tuple[Link, ...]:
    """The links of ``alignment`` that pass ``link_filter``, sorted by left then right span."""
    kept = (link for link in alignment.links if link_filter.accepts(link))
    return tuple(sorted(kept, key=lambda link: (link.left, link.right)))


def count_by_kind(links: Iterable[Link]) -> dict[LinkKind, int]:
    """How many links of each kind (every kind present, zero if none)."""
    counts = dict.fromkeys(LinkKind, 0)
    for link in links:
        counts[link.kind] += 1
    return counts


class SpanIndex:
    """Spans sorted by start, answering overlap queries in O(log n + hits).

    A running maximum of span ends is non-decreasing, so a binary search on it
    finds the first span that can still reach into the query range; without it a
    long span early in the text would force a scan from the beginning.
    """

    def __init__(self, spans: Sequence[Span]) -> None:
        order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end))
        self._order = order
        self._starts = [spans[i].start for i in order]
        self._spans = [spans[i] for i in order]
        running: list[int] = []
        high = -1
        for span in self._spans:
            high = max(high, span.end)
            running.append(high)
        self._max_end = running

    def __len__(self) -> int:
        return len(self._order)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Original indices of spans overlapping [start, end) (empty spans count if inside)."""
        first = bisect_right(self._max_end, start)
        last = bisect_left(self._starts, end) if end > start else bisect_right(self._starts, end)
        found: list[int] = []
        for pos in range(first, last):
            span = self._spans[pos]
            if span.end > start or (span.start == span.end and span.start >= start):
                found.append(self._order[pos])
        return found

    def nearest(self, offset: int) -> int | None:
        """Original index of the span starting closest to ``offset`` (None when empty)."""
        if not self._starts:
            return None
        pos = bisect_left(self._starts, offset)
        candidates = [p for p in (pos - 1, pos) if 0 <= p < len(self._starts)]
        best = min(candidates, key=lambda p: abs(self._starts[p] - offset))
        return self._order[best]

    def around(self, offset: int) -> tuple[int | None, int | None]:
        """Original indices of the last span starting before ``offset`` and the first at/after."""
        pos = bisect_left(self._starts, offset)
        before = self._order[pos - 1] if pos > 0 else None
        after = self._order[pos] if pos < len(self._order) else None
        return before, after


class LinkIndex:
    """The links shown between two documents, searchable by position on either side."""

    def __init__(self, links: Sequence[Link]) -> None:
        self.links: tuple[Link, ...] = tuple(links)
        self._left = SpanIndex([link.left for link in self.links])
        self._right = SpanIndex([link.right for link in self.links])

    def __len__(self) -> int:
        return len(self.links)

    def side(self, right: bool) -> SpanIndex:
        return self._right if right else self._left

    def visible(self, left: tuple[int, int], right: tuple[int, int]) -> list[int]:
        """Indices of links with their left span in ``left`` or right span in ``right``."""
        hits = set(self._left.overlapping(*left))
        hits.update(self._right.overlapping(*right))
        return sorted(hits)

    def at(self, offset: int, *, right: bool = False) -> list[int]:
        """Indices of links whose span on one side contains ``offset``, shortest first."""
        index = self.side(right)
        hits = index.overlapping(offset, offset + 1)
        return sorted(hits, key=lambda i: len(self._span(i, right)))

    def _span(self, i: int, right: bool) -> Span:
        link = self.links[i]
        return link.right if right else link.left
