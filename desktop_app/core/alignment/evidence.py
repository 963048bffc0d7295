"""Links from the evidence of two documents: quotes and scored sentence pairs.

Two regimes, chosen from the texts unless the caller says (``AlignOptions.ordered``):

- **parallel** documents (translation, revision, draft) are aligned monotonically: the
  heaviest order-preserving chain of sentence pairs, with 1-2 and 2-1 merges, joined into
  one link per paragraph pair; a quote elsewhere survives only if it is long;
- **unordered** documents (an essay and its rebuttal, reordered reuse) keep the mutual best
  sentence pairs and the quotes, but only evidence that stands on its own (long, unique,
  high-scoring) or that a neighbour supports.

In both, a quote never deletes the sentence pair it lies in: the pair is scored at least
as high as the quote (so it wins its sentences) and the two join into one link.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from desktop_app.core.alignment.chaining import (
    Anchor,
    ChainParams,
    SentenceIndex,
    anchor,
    explains,
    follow_each_other,
    run_links,
    runs,
)
from desktop_app.core.alignment.meaning import Found
from desktop_app.core.alignment.quotes import as_sequence
from desktop_app.core.alignment.related import (
    RelatedParams,
    Scored,
    Units,
    merge_leftovers,
    monotone_chain,
    readable_selection,
)
from desktop_app.core.alignment.tokens import IntArray, OffsetArray, Tokens
from desktop_app.core.coverage import merge_spans
from desktop_app.core.model import Link, LinkKind, Span


@dataclass(frozen=True, slots=True)
class EvidenceParams:
    """What lets a piece of evidence stand alone, without a neighbour to support it."""

    long_quote_words: int = 15  # a quote this long stands alone
    rare_count: int = 3  # a word at most this often in each document is rare ...
    rare_words: int = 3  # ... and a quote with this many rare words stands alone
    lone_related: float = 60.0  # a sentence pair scoring this stands alone


DEFAULT_CHAIN = ChainParams()
DEFAULT_EVIDENCE = EvidenceParams()


class Evidence:
    """The quotes and candidate sentence pairs of one document pair, and the links they make."""

    def __init__(
        self,
        left: Units,
        right: Units,
        tokens: tuple[Tokens, Tokens],
        ids: tuple[IntArray, IntArray],
        quotes: list[Link],
        scored: Scored,
        related: RelatedParams,
        chain: ChainParams = DEFAULT_CHAIN,
        params: EvidenceParams = DEFAULT_EVIDENCE,
    ) -> None:
        self.left, self.right = left, right
        self.left_starts, self.right_starts = tokens[0].starts, tokens[1].starts
        self.left_ids, self.right_ids = ids
        size = int(max(ids[0].max(initial=-1), ids[1].max(initial=-1))) + 1
        rare = (np.bincount(ids[0], minlength=size) <= params.rare_count) & (
            np.bincount(ids[1], minlength=size) <= params.rare_count
        )
        self.rare = rare
        self.quotes = quotes
        self.related = related
        self.chain = chain
        self.params = params
        self.left_index = SentenceIndex(left.passages)
        self.right_index = SentenceIndex(right.passages)
        self.rows, self.cols = scored.rows, scored.cols
        self.scores = scored.scores
        self.ambiguous = _ambiguous(quotes)
        self.meaning: list[tuple[Link, bool]] = []
        self.passages: list[Link] = []
        self._strings: dict[str, str | list[int]] = {}

    def _with_quotes(self) -> np.ndarray:
        """Each sentence pair that an unambiguous quote joins scores at least as high as the
        quote, so a quote never leaves its sentence to a second-best partner. Ambiguous
        quotes (a stock phrase found in several places) raise nothing."""
        scores = self.scores.copy()
        if not len(self.rows) or not self.quotes:
            return scores
        by_row: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        for index, quote in enumerate(self.quotes):
            if index in self.ambiguous:
                continue
            l0, l1 = self.left_index.touched(quote.left)
            r0, r1 = self.right_index.touched(quote.right)
            for row in range(l0, l1 + 1):
                by_row[row].append((r0, r1, quote.score))
        for number, (row, col) in enumerate(
            zip(self.rows.tolist(), self.cols.tolist(), strict=True)
        ):
            for r0, r1, score in by_row.get(row, ()):
                if r0 <= col <= r1 and score > scores[number]:
                    scores[number] = score
        return scores

    def _eligible(self) -> int:
        least = self.related.min_words
        # The longer document: a reply that quotes most of a short note is not its revision.
        return int(max((self.left.sizes >= least).sum(), (self.right.sizes >= least).sum()))

    def in_parallel(self) -> bool:
        """Do the two documents follow each other (most of their best pairs in one order)?"""
        return follow_each_other(self.rows, self.cols, self.scores, self._eligible(), self.chain)

    def _anchor(self, link: Link, *, quote: bool, strong: bool) -> Anchor:
        return anchor(
            link.left,
            link.right,
            link.score,
            quote=quote,
            strong=strong,
            left_index=self.left_index,
            right_index=self.right_index,
        )

    def links(self, ordered: bool) -> list[Link]:
        """The links of the evidence so far, aligned in order or not."""
        return self.parallel_links() if ordered else self.unordered_links()

    def parallel_links(self) -> list[Link]:
        """The order-preserving alignment, one link per run of paragraph-pair evidence."""
        chain = monotone_chain(self.rows, self.cols, self.scores, self.related.ordered_threshold)
        beads = merge_leftovers(
            self.rows, self.cols, self.scores, chain, self.left, self.right, self.related
        )
        anchors = [
            self._anchor(Link(LinkKind.RELATED, a, b, s), quote=False, strong=True)
            for a, b, s in beads
        ]
        on_chain, off_chain = self._split_quotes(anchors)
        anchors.extend(self._anchor(q, quote=True, strong=True) for q in on_chain)
        anchors.extend(self._meaning())  # in a gap of the chain: the chain supports them
        groups = runs(
            anchors,
            self.chain,
            left_index=self.left_index,
            right_index=self.right_index,
            cut_at_blocks=True,
        )
        links = [link for group in groups for link in run_links(group, self.chain)]
        covered_left = _Covered([link.left for link in links])
        covered_right = _Covered([link.right for link in links])
        links.extend(
            quote
            for quote in off_chain
            if self._words(quote) >= self.params.long_quote_words
            and not covered_left.overlaps(quote.left)
            and not covered_right.overlaps(quote.right)
        )
        return links

    def _split_quotes(self, beads: list[Anchor]) -> tuple[list[Link], list[Link]]:
        """Quotes that overlap a chained sentence pair on both sides, and the others."""
        inside: list[Link] = []
        outside: list[Link] = []
        by_row: dict[int, list[Anchor]] = defaultdict(list)
        for bead in beads:
            for row in range(bead.l0, bead.l1 + 1):
                by_row[row].append(bead)
        for quote in self.quotes:
            l0, l1 = self.left_index.touched(quote.left)
            hit = any(
                bead.left.overlaps(quote.left) and bead.right.overlaps(quote.right)
                for row in range(l0, l1 + 1)
                for bead in by_row.get(row, ())
            )
            (inside if hit else outside).append(quote)
        return inside, outside

    def unordered_links(self) -> list[Link]:
        """Mutual best pairs and quotes that stand alone or are supported by a neighbour."""
        boosted = self._with_quotes()
        keep = readable_selection(
            self.rows, self.cols, boosted, 1, self.left, self.right, self.related
        )
        # A pair chosen only because a quote lies in it (its own words score low) has done
        # its work, keeping the sentence from a second-best partner: the quote is the link.
        keep &= self.scores >= self.related.floor
        anchors = [
            self._anchor(
                Link(
                    LinkKind.RELATED,
                    self.left.passages[r].span,
                    self.right.passages[c].span,
                    float(s),
                ),
                quote=False,
                strong=float(s) >= self.params.lone_related,
            )
            for r, c, s in zip(
                self.rows[keep].tolist(),
                self.cols[keep].tolist(),
                self.scores[keep].tolist(),
                strict=True,
            )
        ]
        quotes = [
            replace(self._anchor(q, quote=True, strong=False), doubtful=True)
            if index in self.ambiguous
            else self._anchor(q, quote=True, strong=self._distinctive(q))
            for index, q in enumerate(self.quotes)
        ]
        # A sentence pair similar because of a refrain inherits the refrain's doubt.
        doubts = [q for q in quotes if q.doubtful]
        anchors = [
            replace(a, strong=False, doubtful=True)
            if any(explains(q, a, self.chain.quote_share) for q in doubts)
            else a
            for a in anchors
        ]
        words = [*anchors, *quotes]
        links = self._run_links(words)
        kept = self._meaning_kept(links)
        if kept:
            # A pair found by meaning next to a passage found by words, in the same order on
            # both sides, is more of that passage: one link, not a passage and its neighbour.
            links = self._run_links([*words, *kept])
        return links + self._new_passages(links)

    def _new_passages(self, links: list[Link]) -> list[Link]:
        """The meaning step's paragraph pairs that no link already joins (one overlapping
        both of their sides shows the relation more precisely)."""
        return [
            passage
            for passage in self.passages
            if not any(
                link.left.overlaps(passage.left) and link.right.overlaps(passage.right)
                for link in links
            )
        ]

    def _run_links(self, anchors: list[Anchor]) -> list[Link]:
        """One link per run of anchors that stands alone or holds independent evidence."""
        groups = runs(
            anchors,
            self.chain,
            left_index=self.left_index,
            right_index=self.right_index,
            cut_at_blocks=False,
        )
        return [
            link
            for group in groups
            if any(a.strong for a in group) or _independent(group)
            for link in run_links(group, self.chain)
        ]

    def _meaning_kept(self, links: list[Link]) -> list[Anchor]:
        """The meaning-level pairs that become links (an essay's thesis answered in three
        places is three links, not one passage the size of the reply): those strong enough
        alone, and weaker ones beside another link; each may now stand alone."""
        pairs = self._meaning()
        others = [self._anchor(k, quote=False, strong=True) for k in links] + pairs
        reach = self.chain.gap + 1
        return [
            replace(pair, strong=True)
            for pair in pairs
            if pair.strong
            or any(
                other is not pair
                and _sentences_apart(other.l0, other.l1, pair.l0, pair.l1) <= reach
                and _sentences_apart(other.r0, other.r1, pair.r0, pair.r1) <= reach
                and not (other.left == pair.left or other.right == pair.right)
                for other in others
            )
        ]

    def _distinctive(self, quote: Link) -> bool:
        """Long, or holding words rare in both documents and said once in each: a refrain
        ("he that hath ears to hear") recurs, and its places prove nothing."""
        if self._words(quote) >= self.params.long_quote_words:
            return True
        first, last = _token_range(self.left_starts, quote.left)
        words = np.unique(self.left_ids[first:last])
        if int(self.rare[words].sum()) < self.params.rare_words:
            return False
        r_first, r_last = _token_range(self.right_starts, quote.right)
        return not (
            _recurs(self._word_string("left"), first, last)
            or _recurs(self._word_string("right"), r_first, r_last)
        )

    def _word_string(self, side: str) -> str | list[int]:
        """A side's word ids as one string (one character a word), made once."""
        cached = self._strings.get(side)
        if cached is None:
            cached = as_sequence(self.left_ids if side == "left" else self.right_ids)
            self._strings[side] = cached
        return cached

    def add_meaning(self, found: Found) -> None:
        """What the meaning-level step found. Its sentence pairs (link, strong enough alone)
        join the word-level evidence, so a passage found partly by words and partly by
        meaning is still one link; its paragraph pairs (essays) are links of their own."""
        self.meaning = found.pairs
        self.passages = found.passages

    def _meaning(self) -> list[Anchor]:
        return [self._anchor(link, quote=False, strong=strong) for link, strong in self.meaning]

    def _words(self, link: Link) -> int:
        """Words of the link's shorter side."""
        return min(
            _tokens_in(self.left_starts, link.left), _tokens_in(self.right_starts, link.right)
        )


def _sentences_apart(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, b0 - a1, a0 - b1)


def _independent(group: list[Anchor]) -> bool:
    """Do two anchors of the group stand in different places, one of them not in doubt? A
    quote and the sentence pair around it are one piece of evidence, and three places of
    one refrain support none of each other."""
    return any(
        not (a.left.overlaps(b.left) and a.right.overlaps(b.right))
        and not (a.doubtful and b.doubtful)
        for i, a in enumerate(group)
        for b in group[i + 1 :]
    )


def _recurs(words: str | list[int], first: int, last: int) -> bool:
    """Do the words [first, last) occur again elsewhere in ``words``?"""
    if not isinstance(words, str) or last <= first:
        return False  # (ids past one character a word: a vocabulary of a million words)
    phrase = words[first:last]
    return words.find(phrase) != first or words.find(phrase, first + 1) >= 0


def _token_range(starts: OffsetArray, span: Span) -> tuple[int, int]:
    """First and end token index of the tokens starting inside ``span``.

    The bounds are searched in the offsets' own dtype: a Python int searched in 32-bit
    offsets has numpy cast the whole array to 64 bits first, on every call.
    """
    first, last = np.searchsorted(starts, np.asarray([span.start, span.end], dtype=starts.dtype))
    return int(first), int(last)


def _tokens_in(starts: OffsetArray, span: Span) -> int:
    first, last = _token_range(starts, span)
    return last - first


class _Covered:
    """The union of some spans, for overlap queries by binary search."""

    def __init__(self, spans: list[Span]) -> None:
        merged = merge_spans(spans)
        self.starts = [span.start for span in merged]
        self.ends = [span.end for span in merged]

    def overlaps(self, span: Span) -> bool:
        index = bisect.bisect_left(self.starts, span.end) - 1
        return index >= 0 and self.ends[index] > span.start


def _size(link: Link) -> int:
    return len(link.left) + len(link.right)


def _ambiguous(quotes: list[Link]) -> set[int]:
    """Quotes that share a side with another quote whose other side is elsewhere.

    "He that hath ears to hear, let him hear" on the left matches three places on the
    right: none of the three is evidence by itself. A passage at least twice as long as
    its rival is not in doubt (its refrain is found elsewhere too, the passage is not).
    """
    result: set[int] = set()
    for side, other in (("left", "right"), ("right", "left")):
        order = sorted(range(len(quotes)), key=lambda i: getattr(quotes[i], side).start)
        for position, i in enumerate(order):
            span_i = getattr(quotes[i], side)
            for j in order[position + 1 :]:
                span_j = getattr(quotes[j], side)
                if span_j.start >= span_i.end:
                    break
                if not getattr(quotes[i], other).overlaps(getattr(quotes[j], other)):
                    size_i, size_j = _size(quotes[i]), _size(quotes[j])
                    if size_i < 2 * size_j:
                        result.add(i)
                    if size_j < 2 * size_i:
                        result.add(j)
    return result
