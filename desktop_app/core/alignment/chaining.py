"""From pieces of evidence to one link per reused passage.

Quotes and sentence pairs are *anchors*: evidence that two places correspond. A reused
passage leaves several of them one after the other in both documents (sentence after
sentence, quote piece after quote piece, across a paragraph break), and PAN systems join
such pieces in a post-pass. Here anchors that follow each other in both documents with at
most ``gap`` sentences between them form a *run*; each run becomes one link. A lone anchor
must carry its own weight (``Anchor.strong``); one that a neighbour supports need not.

Whether the documents as a whole run in parallel (a translation, a revision, a draft) is
decided here too, from how much of the best evidence one order-preserving chain explains.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from desktop_app.core.alignment.related import monotone_chain, mutual_best
from desktop_app.core.alignment.tokens import IntArray
from desktop_app.core.coverage import covered_length
from desktop_app.core.model import Link, LinkKind, Passage, Span

FloatArray = np.ndarray


@dataclass(frozen=True, slots=True)
class ChainParams:
    """How anchors join into passages and when documents count as parallel."""

    gap: int = 2  # sentences between two anchors of one run, on each side
    omission_gap: int = 6  # ... or on one side, if they touch on the other
    # ... and characters between two quotes of one run (a paragraph break, a few words
    # left out): quotes are exact, so a sentence between two of them that does not match
    # means two passages.
    quote_gap: int = 80
    quote_gap_share: float = 1.0
    # Parallel documents: of the mutual-best sentence pairs scoring ``order_floor`` or more,
    # one increasing chain holds this share of the score (translations: >= 0.99; Mark and
    # Matthew, real reordered reuse: 0.70-0.86; essays: no such pairs) ...
    parallel_share: float = 0.95
    # ... and pairs this share of the longer document's sentences (translations >= 0.7; a
    # short reply that quotes a few sentences of an essay follows it, but is no revision).
    parallel_cover: float = 0.6
    order_floor: float = 30.0
    quote_share: float = 0.5  # a run is a quote if quotes cover this share of both sides


@dataclass(frozen=True, slots=True)
class Anchor:
    """A piece of evidence: two spans, a 0..100 score, and where it sits in sentences."""

    left: Span
    right: Span
    score: float
    quote: bool
    strong: bool  # may stand alone as a link (long, rare or high-scoring)
    l0: int  # first and last sentence index it touches, left and right
    l1: int
    r0: int
    r1: int
    # Words found in several places (a refrain), or a sentence pair similar because of
    # them: such anchors support nothing, another anchor must support them.
    doubtful: bool = False


class SentenceIndex:
    """Which sentences (by index) a span touches, and each sentence's block."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._starts = [p.span.start for p in passages]
        self._ends = [p.span.end for p in passages]
        self.blocks = [p.block_index for p in passages]

    def touched(self, span: Span) -> tuple[int, int]:
        """(first, last) sentence index overlapping ``span`` (nearest ones if none does)."""
        first = bisect.bisect_right(self._ends, span.start)
        last = bisect.bisect_left(self._starts, span.end) - 1
        return first, max(first, last)

    def block(self, index: int) -> int:
        if not self.blocks:
            return 0
        return self.blocks[min(max(index, 0), len(self.blocks) - 1)]


def anchor(
    left: Span,
    right: Span,
    score: float,
    *,
    quote: bool,
    strong: bool,
    left_index: SentenceIndex,
    right_index: SentenceIndex,
) -> Anchor:
    l0, l1 = left_index.touched(left)
    r0, r1 = right_index.touched(right)
    return Anchor(left, right, score, quote, strong, l0, l1, r0, r1)


def follow_each_other(
    rows: IntArray,
    cols: IntArray,
    scores: FloatArray,
    sentences: int,
    params: ChainParams = ChainParams(),
) -> bool:
    """True if the documents run in parallel: one increasing chain explains their best pairs.

    ``sentences``: how many sentences of the longer document could pair at all.
    """
    best = mutual_best(rows, cols, scores, 1) & (scores >= params.order_floor)
    if best.sum() < 3 or sentences <= 0:
        return False
    r, c, s = rows[best], cols[best], scores[best]
    chain = monotone_chain(r, c, s, 0.0)
    share = float(s[chain].sum()) / float(s.sum())
    return share >= params.parallel_share and len(chain) >= params.parallel_cover * sentences


class _Run:
    """A growing run: its anchors and the box they cover (sentences and characters)."""

    __slots__ = ("anchors", "l0", "l1", "left", "quotes_only", "r0", "r1", "right")

    def __init__(self, first: Anchor) -> None:
        self.anchors = [first]
        self.l0, self.l1, self.r0, self.r1 = first.l0, first.l1, first.r0, first.r1
        self.left, self.right = first.left, first.right
        self.quotes_only = first.quote

    def add(self, anchor: Anchor) -> None:
        self.anchors.append(anchor)
        self.l0, self.l1 = min(self.l0, anchor.l0), max(self.l1, anchor.l1)
        self.r0, self.r1 = min(self.r0, anchor.r0), max(self.r1, anchor.r1)
        self.left, self.right = self.left.union(anchor.left), self.right.union(anchor.right)
        self.quotes_only = self.quotes_only and anchor.quote


def _between(a0: int, a1: int, b0: int, b1: int) -> int:
    """Units strictly between ranges [a0, a1] and [b0, b1] (0 if they touch or overlap)."""
    return max(0, b0 - a1 - 1, a0 - b1 - 1)


def _crosses(run: _Run, anchor: Anchor) -> bool:
    """Is the anchor after the run in one document and before it in the other?"""
    return (anchor.l0 > run.l1 and anchor.r1 < run.r0) or (
        anchor.l1 < run.l0 and anchor.r0 > run.r1
    )


def _quotes_meet(run: _Run, quote: Anchor, params: ChainParams) -> bool:
    """Are a quote and a run of quotes close enough in characters, on both sides, to be one
    passage? Up to ``quote_gap`` characters, or the length of the shorter of the two times
    ``quote_gap_share`` (a long quote with a clause left out is still one quote)."""
    for hull, span in ((run.left, quote.left), (run.right, quote.right)):
        gap = max(0, span.start - hull.end, hull.start - span.end)
        if gap > max(params.quote_gap, params.quote_gap_share * min(len(hull), len(span))):
            return False
    return True


def runs(
    anchors: list[Anchor],
    params: ChainParams,
    *,
    left_index: SentenceIndex,
    right_index: SentenceIndex,
    cut_at_blocks: bool,
) -> list[list[Anchor]]:
    """Anchors grouped into runs: pieces of one passage, close in both documents.

    An anchor joins the nearest run whose box it comes within ``gap`` sentences of on both
    sides (or touches on one side and comes within ``omission_gap`` on the other: a
    passage that left a few sentences out). Quotes may join in any order, so a quote whose
    clauses were shuffled stays one run; sentence pairs only in the run's order. Quote
    pieces join each other only when close in characters (``_quotes_meet``). With
    ``cut_at_blocks`` (parallel documents) a run stays in one block pair, so each link is
    a paragraph pair; without it a passage runs on over paragraph and page breaks.
    """
    widest = max(params.gap, params.omission_gap)
    ordered = sorted(anchors, key=lambda a: (a.l0, a.r0, a.left.start, a.right.start))
    done: list[_Run] = []
    open_runs: list[_Run] = []
    for current in ordered:
        still_open: list[_Run] = []
        for run in open_runs:
            (still_open if current.l0 - run.l1 - 1 <= widest else done).append(run)
        open_runs = still_open
        best: _Run | None = None
        best_cost = 0
        for run in open_runs:
            gap_l = _between(run.l0, run.l1, current.l0, current.l1)
            gap_r = _between(run.r0, run.r1, current.r0, current.r1)
            near = (gap_l <= params.gap and gap_r <= params.gap) or (
                min(gap_l, gap_r) == 0 and max(gap_l, gap_r) <= params.omission_gap
            )
            if not near:
                continue
            if current.quote and run.quotes_only and not _quotes_meet(run, current, params):
                continue
            if not (current.quote and run.quotes_only) and _crosses(run, current):
                continue  # sentences in another order are other passages; shuffled clauses not
            if cut_at_blocks and (
                left_index.block(current.l0) != left_index.block(run.l1)
                or right_index.block(current.r0) != right_index.block(run.r1)
            ):
                continue
            cost = gap_l + gap_r
            if best is None or cost < best_cost:
                best, best_cost = run, cost
        if best is not None:
            best.add(current)
        else:
            open_runs.append(_Run(current))
    return [run.anchors for run in (*done, *open_runs)]


def run_links(run: list[Anchor], params: ChainParams) -> list[Link]:
    """The link of a run: a quote if quotes explain it (exact quoted spans), else the
    related passage with the exact quoted words inside it (``Link.quoted``): the words a
    rebuttal quotes inside the sentence that answers them.

    A sentence pair is explained by a quote that overlaps it on both sides and fills at
    least half of it on one: its words are similar because of the quote.
    """
    quotes = [a for a in run if a.quote]
    pairs = [a for a in run if not a.quote and not _explained(a, quotes, params)]
    if not quotes:
        left, right = _hull(a.left for a in run), _hull(a.right for a in run)
        return [Link(LinkKind.RELATED, left, right, _mean_score(run))]
    # A quote's score is its word similarity, whatever sentence pairs it explains.
    quoted = Link(
        LinkKind.QUOTE,
        _hull(a.left for a in quotes),
        _hull(a.right for a in quotes),
        _mean_score(quotes),
    )
    if not pairs:
        return [quoted]
    left = _hull(a.left for a in [*quotes, *pairs])
    right = _hull(a.right for a in [*quotes, *pairs])
    if covered_length([a.left for a in quotes]) >= params.quote_share * len(
        left
    ) and covered_length([a.right for a in quotes]) >= params.quote_share * len(right):
        return [quoted]
    # The quoted words stay exact inside the passage that answers or restates them.
    inside = tuple(
        Link(LinkKind.QUOTE, a.left, a.right, round(a.score, 1))
        for a in sorted(quotes, key=lambda a: (a.left.start, a.right.start))
    )
    return [Link(LinkKind.RELATED, left, right, _mean_score([*quotes, *pairs]), quoted=inside)]


def _mean_score(anchors: list[Anchor]) -> float:
    """The anchors' scores weighted by their length."""
    weights = [len(a.left) + len(a.right) for a in anchors]
    total = sum(w * a.score for w, a in zip(weights, anchors, strict=True))
    return round(total / max(1, sum(weights)), 1)


def explains(quote: Anchor, pair: Anchor, share: float = 0.5) -> bool:
    """Does ``quote`` overlap the sentence pair on both sides and fill half of it on one?
    Then the pair's words are similar because of the quote."""
    if not (quote.left.overlaps(pair.left) and quote.right.overlaps(pair.right)):
        return False
    return pair.left.overlap(quote.left) >= share * len(pair.left) or pair.right.overlap(
        quote.right
    ) >= share * len(pair.right)


def _explained(pair: Anchor, quotes: list[Anchor], params: ChainParams) -> bool:
    return any(explains(quote, pair, params.quote_share) for quote in quotes)


def _hull(spans: Iterable[Span]) -> Span:
    items = list(spans)
    return Span(min(s.start for s in items), max(s.end for s in items))
