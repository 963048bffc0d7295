"""Find an annotation's passage again in a (possibly changed) document text.

A target remembers its quote, 32 characters either side and its old offsets.
Resolution tries, cheapest first: the old position; exact occurrences of the
quote ranked by context and distance; occurrences after normalising layout
noise (whitespace, line-end hyphenation, ligatures: what a PDF re-extraction
changes); a fuzzy search over a few candidate windows that a word index
proposes. Below the minimum score the annotation is an orphan: the caller keeps
it and lists it, never deletes it.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from desktop_app.core.annotations import (
    CONTEXT_CHARS,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.model import Span
from desktop_app.core.textnorm import LIGATURES, MappedText, TextBuilder

DEFAULT_MIN_SCORE = 75.0
"""Weighted score (0..100) a fuzzy match needs; below it the target is an orphan."""

# Short quotes ("the", "p. 4") occur everywhere: a match elsewhere must be confirmed by context.
_SHORT_QUOTE = 32
_MIN_SHORT_CONTEXT = 60.0
# Words more frequent than this say nothing about where a quote is.
_MAX_WORD_POSTINGS = 2000
_SEED_WORDS = 8
_CANDIDATE_WINDOWS = 6


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
    """Resolve many targets against one text, sharing its normalisation and word index."""
    anchorer = Anchorer(text)
    return [anchorer.resolve(target, min_score) for target in targets]


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
_NOISE = re.compile(
    r"(?P<hyphen>(?<=[^\W\d_])[-\u00ad\u2010]\s+(?=[^\W\d_]))"
    r"|(?P<soft>\u00ad)"
    r"|(?P<space>\s{2,}|[^\S ])"
    "|(?P<fold>[" + "".join(_FOLDS) + "])"
)


@dataclass(frozen=True, slots=True)
class _Normalised:
    """A text with layout noise removed, mapped back to the original offsets."""

    mapped: MappedText

    @property
    def text(self) -> str:
        return self.mapped.text

    def to_original(self, start: int, end: int) -> Span:
        return self.mapped.source_span(Span(start, end))

    def from_original(self, offset: int) -> int:
        """The normalised position of the first character at or after original ``offset``."""
        return self.mapped.offsets.from_source(offset)


def _normalise(text: str) -> _Normalised:
    builder = TextBuilder()
    pos = 0
    for match in _NOISE.finditer(text):
        begin, finish = match.span()
        if match.lastgroup == "hyphen" and not text[finish].islower():
            continue  # only a lower-case continuation is a broken word: "Anglo- Saxon" stays
        builder.copy(text[pos:begin], pos)
        if match.lastgroup == "space":
            builder.replace(" ", begin)
        elif match.lastgroup == "fold":
            builder.replace(_FOLDS[match.group()], begin)
        # hyphen and soft hyphen: dropped
        pos = finish
    builder.copy(text[pos:], pos)
    return _Normalised(builder.build(len(text)))


def normalise_layout(text: str) -> str:
    """``text`` without layout noise: whitespace runs as one space, line-end hyphens joined,
    ligatures and curly quotes folded. Two extractions of one page normalise alike."""
    return _normalise(text).text


_WORD = re.compile(r"\w{3,}")


# --- resolution ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    quote_score: float
    context: float
    score: float


class Anchorer:
    """Resolves targets against one text; normalisation and word index are built on demand.

    Building them costs a pass over the text, so a caller re-anchoring hundreds
    of annotations on one document shares one ``Anchorer``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._norm: _Normalised | None = None
        self._words: dict[str, list[int]] | None = None

    @property
    def _normalised(self) -> _Normalised:
        if self._norm is None:
            self._norm = _normalise(self.text)
        return self._norm

    @property
    def _index(self) -> dict[str, list[int]]:
        if self._words is None:
            index: dict[str, list[int]] = {}
            for match in _WORD.finditer(self._normalised.text):
                index.setdefault(match.group().lower(), []).append(match.start())
            self._words = index
        return self._words

    def resolve(self, target: TextTarget, min_score: float = DEFAULT_MIN_SCORE) -> Resolution:
        exact = target.quote.exact
        if not exact:
            return _ORPHAN
        old = target.span
        if old.end <= len(self.text) and old.of(self.text) == exact:
            return Resolution(ResolutionKind.EXACT, old, 100.0)
        moved = self._exact_elsewhere(target)
        if moved is not None:
            return Resolution(ResolutionKind.MOVED, moved, 100.0)
        found = self._normalised_match(target) or self._fuzzy_match(target, min_score)
        if found is None or found.score < min_score or found.end <= found.start:
            return _ORPHAN
        if len(exact) < _SHORT_QUOTE and found.context < _MIN_SHORT_CONTEXT:
            return _ORPHAN  # a short quote needs its context to confirm a match elsewhere
        span = self._normalised.to_original(found.start, found.end)
        return Resolution(ResolutionKind.FUZZY, span, round(found.score, 1))

    # Step 2: the literal quote somewhere else.
    def _exact_elsewhere(self, target: TextTarget) -> Span | None:
        quote = target.quote
        text = self.text
        best: tuple[float, int] | None = None
        position = text.find(quote.exact)
        while position != -1:
            context = _context_score(
                quote.prefix,
                quote.suffix,
                text[max(0, position - len(quote.prefix)) : position],
                text[position + len(quote.exact) : position + len(quote.exact) + len(quote.suffix)],
            )
            score = context - _distance_penalty(position, target.position.start, len(text))
            if best is None or score > best[0]:
                best = (score, position)
            position = text.find(quote.exact, position + 1)
        if best is None:
            return None
        if len(quote.exact) < _SHORT_QUOTE and best[0] < _MIN_SHORT_CONTEXT:
            return None
        return Span(best[1], best[1] + len(quote.exact))

    # Step 3: the quote after removing layout noise from both sides.
    def _normalised_match(self, target: TextTarget) -> _Candidate | None:
        norm = self._normalised
        quote = normalise_layout(target.quote.exact)
        if not quote:
            return None
        prefix = normalise_layout(target.quote.prefix)
        suffix = normalise_layout(target.quote.suffix)
        old = norm.from_original(target.position.start)
        best: _Candidate | None = None
        position = norm.text.find(quote)
        while position != -1:
            end = position + len(quote)
            candidate = self._score(position, end, 100.0, prefix, suffix, old)
            if best is None or candidate.score > best.score:
                best = candidate
            position = norm.text.find(quote, position + 1)
        if best is None:
            return None
        # The layout differs, so the text under the span is not literally the quote:
        # report how close it is, but never below the weighted score that found it.
        original = norm.to_original(best.start, best.end)
        literal = fuzz.ratio(target.quote.exact, original.of(self.text))
        return _Candidate(best.start, best.end, literal, best.context, max(best.score, literal))

    # Step 4: fuzzy search in the windows a word index proposes.
    def _fuzzy_match(self, target: TextTarget, min_score: float) -> _Candidate | None:
        norm = self._normalised
        quote = normalise_layout(target.quote.exact).strip()
        if not quote:
            return None
        prefix = normalise_layout(target.quote.prefix)
        suffix = normalise_layout(target.quote.suffix)
        old = norm.from_original(target.position.start)
        best: _Candidate | None = None
        for window_start, window_end in self._candidate_windows(quote, old):
            window = norm.text[window_start:window_end]
            if not window:
                continue
            alignment = fuzz.partial_ratio_alignment(quote, window, score_cutoff=min_score * 0.8)
            if alignment is None:
                continue
            start = window_start + alignment.dest_start
            end = window_start + alignment.dest_end
            start, end = self._snap(start, end, quote, prefix, suffix)
            quote_score = fuzz.ratio(quote, norm.text[start:end])
            candidate = self._score(start, end, quote_score, prefix, suffix, old)
            if best is None or candidate.score > best.score:
                best = candidate
        return best

    def _candidate_windows(self, quote: str, old: int) -> list[tuple[int, int]]:
        """Windows likely to hold the quote: where its rarer words line up, and the old spot."""
        text_length = len(self._normalised.text)
        length = len(quote)
        slack = length // 2 + 16
        index = self._index
        words = [
            (match.group().lower(), match.start())
            for match in _WORD.finditer(quote)
            if match.group().lower() in index
        ]
        usable = [
            (word, offset) for word, offset in words if len(index[word]) <= _MAX_WORD_POSTINGS
        ]
        usable.sort(key=lambda item: len(index[item[0]]))
        bucket = max(16, length // 2)
        votes: Counter[int] = Counter()
        for word, offset in usable[:_SEED_WORDS]:
            for position in index[word]:
                votes[(position - offset) // bucket] += 1
        starts = [key * bucket for key, _ in votes.most_common(_CANDIDATE_WINDOWS)]
        starts.append(old)
        windows: list[tuple[int, int]] = []
        for start in sorted(set(starts)):
            window = (max(0, start - slack), min(text_length, start + length + slack + bucket))
            if windows and window[0] <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], window[1]))
            else:
                windows.append(window)
        return windows

    def _snap(self, start: int, end: int, quote: str, prefix: str, suffix: str) -> tuple[int, int]:
        """Move the ends of a same-length fuzzy window to where the quote really begins and ends.

        ``partial_ratio`` aligns a window as long as the quote; an edited quote is
        longer or shorter, so the ends are re-found by the quote's own first and
        last words (or the context) near them.
        """
        text = self._normalised.text
        reach = max(8, len(quote) // 4)
        head = quote[:12]
        found = _find_near(text, head, start, reach)
        if found is not None:
            start = found
        elif prefix.strip():
            found = _find_near(text, prefix[-12:], start - 12, reach)
            if found is not None:
                start = found + len(prefix[-12:])
        tail = quote[-12:]
        found = _find_near(text, tail, end - len(tail), reach)
        if found is not None:
            end = found + len(tail)
        elif suffix.strip():
            found = _find_near(text, suffix[:12], end, reach)
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
