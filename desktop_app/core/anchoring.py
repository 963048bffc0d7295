"""Find an annotation's passage again in a (possibly changed) document text.

A target remembers its quote, 32 characters either side and its old offsets.
Resolution tries, cheapest first: the old position; exact occurrences of the
quote ranked by context and distance; occurrences after normalising layout
noise (whitespace, line-end hyphenation, ligatures: what a PDF re-extraction
changes); a fuzzy search over a few candidate windows that the quote's rarer
pieces vote for (``kgram_index``); for notes resolved together, a last search
where their placed neighbours moved. Below the minimum score the annotation is
an orphan: the caller keeps it and lists it, never deletes it.

Many notes on one text are resolved together (``resolve_all``, ``resolve_many``):
each step looks all pending quotes up in one pass, so 10,000 notes on a book that
repeats its passages take seconds, not one scan of the book per note.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from desktop_app.core.annotations import (
    CONTEXT_CHARS,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.kgram_index import KgramIndex, expand
from desktop_app.core.model import Span
from desktop_app.core.textnorm import LIGATURES

DEFAULT_MIN_SCORE = 75.0
"""Weighted score (0..100) a fuzzy match needs; below it the target is an orphan."""

# Short quotes ("the", "p. 4") occur everywhere: a match elsewhere must be confirmed by context.
_SHORT_QUOTE = 32
_MIN_SHORT_CONTEXT = 60.0
# Pieces of a quote (k-grams) more frequent than this say nothing about where it is.
_MAX_SEED_HITS = 2000
_SEED_WINDOWS = 12  # the rarest pieces of a quote that vote for where it lies
_CANDIDATE_WINDOWS = 6
_WEAK_VOTES = 4  # a window with under a quarter of the best one's votes is not searched
_SCAN_BELOW = 32  # fewer quotes than this are found by scanning, unless an index exists
_SNAP_NEEDLE = 12  # characters of a quote's ends (or its context) that snap a fuzzy match


class ResolutionKind(enum.Enum):
    EXACT = "exact"  # the quote is still at its old position
    MOVED = "moved"  # the same quote, found elsewhere
    FUZZY = "fuzzy"  # similar text found (edited quote, different layout)
    ORPHAN = "orphan"  # not found well enough; keep the annotation, show it as lost


@dataclass(frozen=True, slots=True)
class Resolution:
    kind: ResolutionKind
    span: Span | None  # None only for orphans
    score: float  # 0..100; 100 for exact and moved

    @property
    def found(self) -> bool:
        return self.kind is not ResolutionKind.ORPHAN


_ORPHAN = Resolution(ResolutionKind.ORPHAN, None, 0.0)


def make_target(document_text: str, span: Span, page: int | None = None) -> TextTarget:
    """The selectors for ``span`` of ``document_text``: quote, 32-char context, position."""
    if span.end > len(document_text):
        raise ValueError(f"span {span} is outside a text of {len(document_text)} characters")
    if len(span) == 0:
        raise ValueError("cannot anchor an empty span")
    quote = TextQuoteSelector(
        exact=span.of(document_text),
        prefix=document_text[max(0, span.start - CONTEXT_CHARS) : span.start],
        suffix=document_text[span.end : span.end + CONTEXT_CHARS],
    )
    return TextTarget(quote, TextPositionSelector(span.start, span.end), page)


def resolve(target: TextTarget, text: str, min_score: float = DEFAULT_MIN_SCORE) -> Resolution:
    """Where ``target`` is in ``text`` now. For many targets on one text use ``Anchorer``."""
    return Anchorer(text).resolve(target, min_score)


def resolve_all(
    targets: Iterable[TextTarget], text: str, min_score: float = DEFAULT_MIN_SCORE
) -> list[Resolution]:
    """Resolve many targets against one text, together: each step searches for all at once."""
    return Anchorer(text).resolve_many(list(targets), min_score)


# --- normalisation -------------------------------------------------------------------------

# Folds beyond the ligatures (``textnorm.LIGATURES``): typographic quotes, hyphens
# and no-break spaces differ between extractions of the same page.
_FOLDS = LIGATURES | {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
}
# Alternatives, in order: a word broken at a line end ("recog-\nnised", "recog- nised"),
# a soft hyphen, whitespace that is not exactly one space, a character folded to ASCII.
_NOISE_PATTERN = (
    r"(?P<hyphen>(?<=[^\W\d_])[-\u00ad\u2010]\s+(?=[^\W\d_]))"
    r"|(?P<soft>\u00ad)"
    r"|(?P<space>\s{2,}|[^\S ])"
    "|(?P<fold>[" + "".join(_FOLDS) + "])"
)
# Every alternative begins with one of these characters; saying so up front lets the
# regex engine skip the other positions (2.5x faster on a book).
_NOISE = re.compile("(?=[-\u00ad\u2010\\s" + "".join(_FOLDS) + "])(?:" + _NOISE_PATTERN + ")")


@dataclass(frozen=True, slots=True)
class _Normalised:
    """A text with layout noise removed, mapped back to the original offsets.

    The map is kept as pieces, not one offset per character: a verbatim run maps
    character by character, a replacement maps every character to the noise it
    stands for. A 7 MB book has a few thousand pieces, searched with ``bisect``.
    """

    text: str
    source_length: int
    piece_starts: list[int]  # where each piece starts in ``text``
    sources: list[int]  # where each piece starts in the original
    verbatim: list[bool]
    source_lasts: list[int]  # the original offset of each piece's last character

    def _source(self, offset: int) -> int:
        if offset >= len(self.text):
            return self.source_length
        piece = bisect.bisect_right(self.piece_starts, offset) - 1
        within = offset - self.piece_starts[piece] if self.verbatim[piece] else 0
        return self.sources[piece] + within

    def to_original(self, start: int, end: int) -> Span:
        first = self._source(start)
        if end <= start:
            return Span(first, first)
        return Span(first, max(first, self._source(end - 1) + 1))

    def from_original(self, offset: int) -> int:
        """The normalised position of the first character at or after original ``offset``."""
        piece = bisect.bisect_left(self.source_lasts, offset)
        if piece == len(self.source_lasts):
            return len(self.text)
        start = self.piece_starts[piece]
        if not self.verbatim[piece]:
            return start
        return start + max(0, offset - self.sources[piece])


def _normalise(text: str) -> _Normalised:
    parts: list[str] = []
    sources: list[int] = []
    verbatim: list[bool] = []
    pos = 0
    for match in _NOISE.finditer(text):
        begin, finish = match.span()
        kind = match.lastgroup
        if kind == "hyphen" and not text[finish].islower():
            continue  # only a lower-case continuation is a broken word: "Anglo- Saxon" stays
        if begin > pos:
            parts.append(text[pos:begin])
            sources.append(pos)
            verbatim.append(True)
        replacement = " " if kind == "space" else _FOLDS.get(match.group(), "")
        if replacement:  # hyphen and soft hyphen: dropped
            parts.append(replacement)
            sources.append(begin)
            verbatim.append(False)
        pos = finish
    if pos < len(text):
        parts.append(text[pos:])
        sources.append(pos)
        verbatim.append(True)
    piece_starts = list(itertools.accumulate((len(part) for part in parts), initial=0))[:-1]
    source_lasts = [
        source + (len(part) - 1 if whole else 0)
        for source, part, whole in zip(sources, parts, verbatim, strict=True)
    ]
    return _Normalised("".join(parts), len(text), piece_starts, sources, verbatim, source_lasts)


def normalise_layout(text: str) -> str:
    """``text`` without layout noise: whitespace runs as one space, line-end hyphens joined,
    ligatures and curly quotes folded. Two extractions of one page normalise alike."""
    return _NOISE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    """What ``_normalise`` puts for one piece of noise (without its offset map)."""
    kind = match.lastgroup
    if kind == "hyphen":
        return "" if match.string[match.end()].islower() else match.group()
    if kind == "space":
        return " "
    return _FOLDS.get(match.group(), "")


# --- resolution ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    quote_score: float
    context: float
    score: float


class Anchorer:
    """Resolves targets against one text; its normalisation and k-gram indexes are built on
    demand and kept, so callers re-anchoring many annotations on one document share one.

    ``resolve_many`` takes every step for all pending targets at once: one index
    lookup pass finds where all quotes occur (never a scan of the text per quote),
    and only the targets still unplaced go on to the next, dearer step.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._norm: _Normalised | None = None
        self._exact_index: KgramIndex | None = None
        self._norm_index: KgramIndex | None = None

    @property
    def _normalised(self) -> _Normalised:
        if self._norm is None:
            self._norm = _normalise(self.text)
        return self._norm

    @property
    def _text_index(self) -> KgramIndex:
        if self._exact_index is None:
            self._exact_index = KgramIndex(self.text)
        return self._exact_index

    @property
    def _normalised_index(self) -> KgramIndex:
        if self._norm_index is None:
            norm = self._normalised.text
            self._norm_index = self._text_index if norm == self.text else KgramIndex(norm)
        return self._norm_index

    def resolve(self, target: TextTarget, min_score: float = DEFAULT_MIN_SCORE) -> Resolution:
        return self.resolve_many([target], min_score)[0]

    @staticmethod
    def _find_all(
        text: str, built: KgramIndex | None, index: Callable[[], KgramIndex], quotes: list[str]
    ) -> list[list[int]]:
        """Every start of every quote: a few quotes are scanned for while no index exists
        (a scan each is cheaper than hashing the text); more go through the index."""
        if built is None and len(quotes) < _SCAN_BELOW:
            return [_scan(text, quote) for quote in quotes]
        return _occurrences(text, index(), quotes)

    def resolve_many(
        self, targets: Sequence[TextTarget], min_score: float = DEFAULT_MIN_SCORE
    ) -> list[Resolution]:
        """Where each target is now, in order: the old position, the quote elsewhere, the
        quote after layout normalisation, a fuzzy search; else an orphan."""
        results: list[Resolution] = [_ORPHAN] * len(targets)
        pending: list[int] = []
        for i, target in enumerate(targets):
            exact = target.quote.exact
            old = target.span
            if not exact:
                continue
            if old.end <= len(self.text) and old.of(self.text) == exact:
                results[i] = Resolution(ResolutionKind.EXACT, old, 100.0)
            else:
                pending.append(i)
        if not pending:
            return results
        occurrences = self._find_all(
            self.text,
            self._exact_index,
            lambda: self._text_index,
            [targets[i].quote.exact for i in pending],
        )
        unplaced: list[int] = []
        for i, positions in zip(pending, occurrences, strict=True):
            moved = self._exact_elsewhere(targets[i], positions)
            if moved is None:
                unplaced.append(i)
            else:
                results[i] = Resolution(ResolutionKind.MOVED, moved, 100.0)
        if unplaced:
            searched = self._normalised_or_fuzzy(targets, unplaced, min_score)
            for i, found in zip(unplaced, searched, strict=True):
                results[i] = self._judge(targets[i], found, min_score)
            self._search_where_neighbours_went(targets, results, min_score)
        return results

    def _search_where_neighbours_went(
        self, targets: Sequence[TextTarget], results: list[Resolution], min_score: float
    ) -> None:
        """Give each orphan a last fuzzy search where its nearest placed neighbour moved to.

        A quote edited at every few words keeps too few intact pieces to vote for its
        place, and its old position is stale once text before it grew or shrank; but
        the notes around it were found, and say how far that part of the text moved.
        """
        placed = sorted(
            (target.position.start, result.span.start)
            for target, result in zip(targets, results, strict=True)
            if result.span is not None
        )
        orphans = [
            i
            for i, result in enumerate(results)
            if result.kind is ResolutionKind.ORPHAN and targets[i].quote.exact.strip()
        ]
        if not placed or not orphans:
            return
        olds = [old for old, _ in placed]
        norm = self._normalised
        for i in orphans:
            target = targets[i]
            start = target.position.start
            k = bisect.bisect_left(olds, start)
            old, new = min(placed[max(0, k - 1) : k + 1], key=lambda pair: abs(pair[0] - start))
            spot = norm.from_original(min(len(self.text), max(0, start + new - old)))
            quote = normalise_layout(target.quote.exact).strip()
            slack = len(quote) // 2 + 64
            window = (max(0, spot - slack), min(len(norm.text), spot + len(quote) + slack))
            found = self._fuzzy_match(target, quote, spot, [window], min_score)
            result = self._judge(target, found, min_score)
            if result.found:
                results[i] = result

    def _judge(self, target: TextTarget, found: _Candidate | None, min_score: float) -> Resolution:
        if found is None or found.score < min_score or found.end <= found.start:
            return _ORPHAN
        if len(target.quote.exact) < _SHORT_QUOTE and found.context < _MIN_SHORT_CONTEXT:
            return _ORPHAN  # a short quote needs its context to confirm a match elsewhere
        span = self._normalised.to_original(found.start, found.end)
        return Resolution(ResolutionKind.FUZZY, span, round(found.score, 1))

    # Step 2: the literal quote somewhere else.
    def _exact_elsewhere(self, target: TextTarget, positions: list[int]) -> Span | None:
        quote = target.quote
        text = self.text
        best: tuple[float, int] | None = None
        contexts: dict[tuple[str, str], float] = {}  # a repeated passage: the same context
        for position in positions:
            around = (
                text[max(0, position - len(quote.prefix)) : position],
                text[position + len(quote.exact) : position + len(quote.exact) + len(quote.suffix)],
            )
            context = contexts.get(around)
            if context is None:
                context = contexts[around] = _context_score(quote.prefix, quote.suffix, *around)
            score = context - _distance_penalty(position, target.position.start, len(text))
            if best is None or score > best[0]:
                best = (score, position)
        if best is None:
            return None
        if len(quote.exact) < _SHORT_QUOTE and best[0] < _MIN_SHORT_CONTEXT:
            return None
        return Span(best[1], best[1] + len(quote.exact))

    # Steps 3 and 4, for all targets whose literal quote is gone.
    def _normalised_or_fuzzy(
        self, targets: Sequence[TextTarget], indices: list[int], min_score: float
    ) -> list[_Candidate | None]:
        norm = self._normalised
        quotes = [normalise_layout(targets[i].quote.exact) for i in indices]
        olds = [norm.from_original(targets[i].position.start) for i in indices]
        searchable = [k for k, quote in enumerate(quotes) if quote]
        found: list[_Candidate | None] = [None] * len(indices)
        occurrences = self._find_all(
            norm.text,
            self._norm_index,
            lambda: self._normalised_index,
            [quotes[k] for k in searchable],
        )
        fuzzy: list[int] = []
        for k, positions in zip(searchable, occurrences, strict=True):
            found[k] = self._normalised_match(targets[indices[k]], quotes[k], olds[k], positions)
            if found[k] is None and quotes[k].strip():
                fuzzy.append(k)
        stripped = [quotes[k].strip() for k in fuzzy]
        windows = self._candidate_windows(stripped, [olds[k] for k in fuzzy])
        for k, quote, spots in zip(fuzzy, stripped, windows, strict=True):
            found[k] = self._fuzzy_match(targets[indices[k]], quote, olds[k], spots, min_score)
        return found

    # Step 3: the quote after removing layout noise from both sides.
    def _normalised_match(
        self, target: TextTarget, quote: str, old: int, positions: list[int]
    ) -> _Candidate | None:
        norm = self._normalised
        prefix = normalise_layout(target.quote.prefix)
        suffix = normalise_layout(target.quote.suffix)
        best: _Candidate | None = None
        for position in positions:
            candidate = self._score(position, position + len(quote), 100.0, prefix, suffix, old)
            if best is None or candidate.score > best.score:
                best = candidate
        if best is None:
            return None
        # The layout differs, so the text under the span is not literally the quote:
        # report how close it is, but never below the weighted score that found it.
        original = norm.to_original(best.start, best.end)
        literal = fuzz.ratio(target.quote.exact, original.of(self.text))
        return _Candidate(best.start, best.end, literal, best.context, max(best.score, literal))

    # Step 4: fuzzy search in the windows the k-gram votes propose.
    def _fuzzy_match(
        self,
        target: TextTarget,
        quote: str,
        old: int,
        windows: list[tuple[int, int]],
        min_score: float,
    ) -> _Candidate | None:
        norm = self._normalised
        prefix = normalise_layout(target.quote.prefix)
        suffix = normalise_layout(target.quote.suffix)
        best: _Candidate | None = None
        text = norm.text
        # A repetitive text offers the same window in every copy. What a window yields
        # (alignment, snapped ends, quote and context scores) depends only on the text
        # within reach of it, so it is worked out once per distinct neighbourhood;
        # only the distance penalty differs from copy to copy.
        reach = max(8, len(quote) // 4) + 2 * _SNAP_NEEDLE + CONTEXT_CHARS
        worked: dict[tuple[str, int, int], tuple[int, int, float, float] | None] = {}
        for window_start, window_end in windows:
            if window_end <= window_start:
                continue
            low = max(0, window_start - reach)
            key = (text[low : window_end + reach], window_start - low, window_end - window_start)
            if key not in worked:
                worked[key] = self._fuzzy_in(
                    window_start, window_end, quote, prefix, suffix, min_score
                )
            found = worked[key]
            if found is None:
                continue
            start = window_start + found[0]
            end = window_start + found[1]
            score = 0.6 * found[2] + 0.4 * found[3] - _distance_penalty(start, old, len(text))
            if best is None or score > best.score:
                best = _Candidate(start, end, found[2], found[3], score)
        return best

    def _fuzzy_in(
        self,
        window_start: int,
        window_end: int,
        quote: str,
        prefix: str,
        suffix: str,
        min_score: float,
    ) -> tuple[int, int, float, float] | None:
        """The quote's best fuzzy place in one window: (start, end, quote score, context),
        the ends relative to the window's start."""
        text = self._normalised.text
        alignment = fuzz.partial_ratio_alignment(
            quote, text[window_start:window_end], score_cutoff=min_score * 0.8
        )
        if alignment is None:
            return None
        start, end = self._snap(
            window_start + alignment.dest_start,
            window_start + alignment.dest_end,
            quote,
            prefix,
            suffix,
        )
        candidate = self._score(start, end, fuzz.ratio(quote, text[start:end]), prefix, suffix, 0)
        return start - window_start, end - window_start, candidate.quote_score, candidate.context

    def _candidate_windows(self, quotes: list[str], olds: list[int]) -> list[list[tuple[int, int]]]:
        """Per quote, windows likely to hold it: where its rarer pieces line up (else its old spot).

        Ties (a passage repeated through a book) go to the places nearest the old
        position, which the distance penalty then prefers too.
        """
        if not quotes:
            return []
        runs = self._vote(quotes, olds)
        spots: list[list[tuple[int, int]]] = [[] for _ in quotes]
        for q, low, high in runs:
            spots[q].append((low, high))
        text_length = len(self._normalised.text)
        windows: list[list[tuple[int, int]]] = []
        for quote, old, places in zip(quotes, olds, spots, strict=True):
            length = len(quote)
            slack = length // 2 + 16
            if not places:
                places = [(old, old + max(16, length // 2))]
            merged: list[tuple[int, int]] = []
            for low, high in sorted(places):
                window = (max(0, low - slack), min(text_length, high + length + slack))
                if merged and window[0] <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], window[1]))
                else:
                    merged.append(window)
            windows.append(merged)
        return windows

    def _vote(self, quotes: list[str], olds: list[int]) -> list[tuple[int, int, int]]:
        """(quote, first, last diagonal) of the best-voted runs of each quote, in one numpy pass.

        Each of a quote's ``_SEED_WINDOWS`` rarest sampled k-grams votes, at every place
        it occurs, for the diagonal it implies (the place minus its offset in the
        quote). Diagonals of one quote closer than half its length form a run: a
        run's bounds depend on the text alone, so in a book that repeats a passage
        each copy offers the same window (aligned once, see ``_fuzzy_match``). Runs
        with two votes or more, under a quarter of the best one's left out, are kept.
        """
        index = self._normalised_index
        lengths = np.fromiter((len(q) for q in quotes), dtype=np.int64, count=len(quotes))
        old = np.asarray(olds, dtype=np.int64)
        seeds = index.windows(quotes)
        hits = seeds.hits
        usable = np.flatnonzero((hits > 0) & (hits <= _MAX_SEED_HITS))
        order = usable[np.lexsort((hits[usable], seeds.quote[usable]))]
        chosen = order[_rank_in_groups(seeds.quote[order]) < _SEED_WINDOWS]
        which, element = expand(seeds.first[chosen], seeds.last[chosen])
        owner = seeds.quote[chosen][which]
        diagonal = index.positions[element] - seeds.offset[chosen][which]
        by_place = np.lexsort((diagonal, owner))
        owner, diagonal = owner[by_place], diagonal[by_place]
        gap = np.maximum(16, lengths // 2)[owner]
        new_run = (np.diff(owner, prepend=-1) != 0) | (
            np.diff(diagonal, prepend=np.int64(-(2**62))) > gap
        )
        run_start = np.flatnonzero(new_run)
        votes = np.diff(run_start, append=owner.size)
        run_owner = owner[run_start]
        low = diagonal[run_start]
        high = diagonal[np.append(run_start[1:], owner.size) - 1] if run_start.size else low
        distance = np.abs(low - old[run_owner])
        ranked = np.lexsort((distance, -votes, run_owner))
        run_owner, votes, low, high = run_owner[ranked], votes[ranked], low[ranked], high[ranked]
        rank = _rank_in_groups(run_owner)
        best = votes[np.flatnonzero(rank == 0)][np.cumsum(rank == 0) - 1] if votes.size else votes
        keep = (rank < _CANDIDATE_WINDOWS) & (votes >= 2) & (votes * _WEAK_VOTES >= best)
        return list(
            zip(run_owner[keep].tolist(), low[keep].tolist(), high[keep].tolist(), strict=True)
        )

    def _snap(self, start: int, end: int, quote: str, prefix: str, suffix: str) -> tuple[int, int]:
        """Move the ends of a same-length fuzzy window to where the quote really begins and ends.

        ``partial_ratio`` aligns a window as long as the quote; an edited quote is
        longer or shorter, so the ends are re-found by the quote's own first and
        last words (or the context) near them.
        """
        text = self._normalised.text
        reach = max(8, len(quote) // 4)
        head = quote[:_SNAP_NEEDLE]
        found = _find_near(text, head, start, reach)
        if found is not None:
            start = found
        elif prefix.strip():
            found = _find_near(text, prefix[-_SNAP_NEEDLE:], start - _SNAP_NEEDLE, reach)
            if found is not None:
                start = found + len(prefix[-_SNAP_NEEDLE:])
        tail = quote[-_SNAP_NEEDLE:]
        found = _find_near(text, tail, end - len(tail), reach)
        if found is not None:
            end = found + len(tail)
        elif suffix.strip():
            found = _find_near(text, suffix[:_SNAP_NEEDLE], end, reach)
            if found is not None:
                end = found
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        return start, max(start, end)

    def _score(
        self, start: int, end: int, quote_score: float, prefix: str, suffix: str, old: int
    ) -> _Candidate:
        text = self._normalised.text
        context = _context_score(
            prefix, suffix, text[max(0, start - len(prefix)) : start], text[end : end + len(suffix)]
        )
        score = 0.6 * quote_score + 0.4 * context - _distance_penalty(start, old, len(text))
        return _Candidate(start, end, quote_score, context, score)


def _rank_in_groups(groups: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For a sorted array of group numbers: each element's rank within its group."""
    first = np.flatnonzero(np.diff(groups, prepend=-1) != 0)
    sizes = np.diff(first, append=groups.size)
    return np.arange(groups.size, dtype=np.int64) - np.repeat(first, sizes)


def _occurrences(text: str, index: KgramIndex, quotes: list[str]) -> list[list[int]]:
    """Every start of every quote in ``text``, ascending: the index proposes, ``startswith``
    confirms. Quotes without a sampled k-gram (shorter ones) are scanned for."""
    found: list[list[int]] = [[] for _ in quotes]
    if not quotes:
        return found
    owner, offset, first, last = index.rarest(quotes)
    which, element = expand(first, last)
    starts = index.positions[element] - offset[which]
    quote_of = owner[which]
    order = np.lexsort((starts, quote_of))
    for q, start in zip(quote_of[order].tolist(), starts[order].tolist(), strict=True):
        if start >= 0 and text.startswith(quotes[q], start):
            found[q].append(start)
    looked_up = set(owner.tolist())
    for q, quote in enumerate(quotes):
        if q not in looked_up:
            found[q] = _scan(text, quote)
    return found


def _scan(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, by ``str.find``: a pass over the text."""
    found = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _find_near(text: str, needle: str, around: int, reach: int) -> int | None:
    """The occurrence of ``needle`` closest to ``around`` within ``reach`` characters."""
    if not needle:
        return None
    low = max(0, around - reach)
    high = min(len(text), around + reach + len(needle))
    best: int | None = None
    position = text.find(needle, low, high)
    while position != -1:
        if best is None or abs(position - around) < abs(best - around):
            best = position
        position = text.find(needle, position + 1, high)
    return best


def _context_score(prefix: str, suffix: str, before: str, after: str) -> float:
    """How well the text around a candidate matches the remembered context (0..100)."""
    scores: list[float] = []
    if prefix:
        scores.append(fuzz.ratio(prefix, before))
    if suffix:
        scores.append(fuzz.ratio(suffix, after))
    return sum(scores) / len(scores) if scores else 100.0


def _distance_penalty(position: int, old: int, length: int) -> float:
    """Up to 10 points off for a candidate far from the old position: a tie-breaker."""
    return 10.0 * min(1.0, abs(position - old) / max(1, length))
