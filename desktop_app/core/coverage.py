"""How much of the focal document each other document shares, where, and what it leaves out.

The summary strip and the coverage bar of a one-against-many comparison show
numbers an analyst may quote ("the rebuttal quotes 4 % of the plan"), so they
are computed here, once, without Qt: spans are merged before they are measured
(overlapping links never count a character twice), and link positions are
binned once per change of links or filter so the bar paints only what it has.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.core.model import BlockKind, Document, Link, LinkKind, Span


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """The union of ``spans`` as sorted, disjoint, non-touching spans (empty spans dropped)."""
    # Plain tuples sort ~10x faster than the dataclass's generated ordering.
    pairs = sorted((s.start, s.end) for s in spans if s.end > s.start)
    merged: list[list[int]] = []
    for start, end in pairs:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Span(start, end) for start, end in merged]


def covered_length(spans: Iterable[Span], length: int | None = None) -> int:
    """Characters covered by at least one span, counted once (clipped to ``[0, length)``)."""
    total = 0
    for span in merge_spans(spans):
        end = span.end if length is None else min(span.end, length)
        total += max(0, end - span.start)
    return total


@dataclass(frozen=True, slots=True)
class Share:
    """What one other document shares with the focal one, over the links shown."""

    quotes: int
    related: int
    quoted_chars: int  # focal characters inside at least one quote link
    related_chars: int  # focal characters inside at least one related link
    linked_chars: int  # focal characters inside any link (each counted once)
    length: int  # characters of the focal text

    def _fraction(self, chars: int) -> float:
        return chars / self.length if self.length else 0.0

    @property
    def quote_fraction(self) -> float:
        """Share of the focal text covered by quote links, in [0, 1]."""
        return self._fraction(self.quoted_chars)

    @property
    def related_fraction(self) -> float:
        """Share of the focal text covered by related links, in [0, 1]."""
        return self._fraction(self.related_chars)

    @property
    def linked_fraction(self) -> float:
        """Share of the focal text covered by any link, in [0, 1]."""
        return self._fraction(self.linked_chars)


def focal_span(link: Link, focal_is_left: bool = True) -> Span:
    return link.left if focal_is_left else link.right


def share(links: Iterable[Link], focal_length: int, *, focal_is_left: bool = True) -> Share:
    """Counts and covered shares of the focal text for one other document's ``links``."""
    by_kind: dict[LinkKind, list[Span]] = {kind: [] for kind in LinkKind}
    links = list(links)
    for link in links:
        by_kind[link.kind].append(focal_span(link, focal_is_left))
    quotes, related = by_kind[LinkKind.QUOTE], by_kind[LinkKind.RELATED]
    # The exact quotes inside related passages are quoted text too (not counted as links).
    inner = [focal_span(q, focal_is_left) for link in links for q in link.quoted]
    return Share(
        quotes=len(quotes),
        related=len(related),
        quoted_chars=covered_length([*quotes, *inner], focal_length),
        related_chars=covered_length(related, focal_length),
        linked_chars=covered_length([*quotes, *related], focal_length),
        length=focal_length,
    )


@dataclass(frozen=True, slots=True)
class LinkBin:
    """A non-empty slice of the focal text: how many links start in it, and the first one."""

    bin: int
    count: int
    first: int  # index (into the binned links) of the link starting earliest in the bin


def bin_of(offset: int, length: int, bins: int) -> int:
    """The bin (0..bins-1) that text ``offset`` falls in when ``length`` chars make ``bins``."""
    if length <= 0 or bins <= 0:
        return 0
    return max(0, min(bins - 1, offset * bins // length))


def bin_links(
    links: Sequence[Link], length: int, bins: int, *, focal_is_left: bool = True
) -> list[LinkBin]:
    """Links binned by where they start in the focal text; only non-empty bins, in order.

    The counts add up to ``len(links)``: every link is one mark, whatever its size.
    """
    counts: dict[int, int] = {}
    first: dict[int, int] = {}
    for index, link in enumerate(links):
        start = focal_span(link, focal_is_left).start
        b = bin_of(start, length, bins)
        counts[b] = counts.get(b, 0) + 1
        best = first.get(b)
        if best is None or start < focal_span(links[best], focal_is_left).start:
            first[b] = index
    return [LinkBin(b, counts[b], first[b]) for b in sorted(counts)]


_READ_BLOCKS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE})


def unmatched(
    document: Document,
    linked: Iterable[Span],
    *,
    min_words: int = 8,
    max_share: float = 0.1,
) -> list[Span]:
    """Paragraphs of ``document`` that no link explains: what one document says that the
    other never does. A paragraph counts if it has ``min_words`` words (a heading or a
    dateline says nothing) and links cover at most ``max_share`` of it."""
    covered = merge_spans(linked)
    starts = [span.start for span in covered]
    found: list[Span] = []
    for block in document.blocks:
        if block.kind not in _READ_BLOCKS:
            continue
        span = block.span
        if len(span.of(document.text).split()) < min_words:
            continue
        first = max(0, bisect.bisect_right(starts, span.start) - 1)
        inside = 0
        for part in covered[first:]:
            if part.start >= span.end:
                break
            inside += max(0, min(part.end, span.end) - max(part.start, span.start))
        if inside <= max_share * len(span):
            found.append(span)
    return found
