"""``align``: the one entry point that turns two documents into links.

It runs the steps (words, quotes, related passages) under one progress bar,
applies the options and makes the result independent of which document is on
which side: the pair is always computed in one canonical order and swapped
back, so swapping the inputs swaps every link and nothing else.
"""

from __future__ import annotations

import bisect
from operator import attrgetter

from desktop_app.core.alignment.quotes import QuoteParams, find_quotes
from desktop_app.core.alignment.related import RelatedParams, find_related, units_of
from desktop_app.core.alignment.tokens import encode, tokenize
from desktop_app.core.cancel import Progress
from desktop_app.core.model import (
    Alignment,
    AlignOptions,
    BlockKind,
    Document,
    Link,
    LinkKind,
    Passage,
)
from desktop_app.core.segmentation import sentences

DEFAULT_OPTIONS = AlignOptions()
# Result order: left span, right span, kind (a C-level key: thousands of links).
_LINK_ORDER = attrgetter("left.start", "right.start", "kind.value")


def align(
    left: Document,
    right: Document,
    options: AlignOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> Alignment:
    """Quote and related links between ``left`` and ``right``, sorted by left then right span."""
    if _canonical_key(right) < _canonical_key(left):
        links = _align(right, left, options, progress, swapped=True)
    else:
        links = _align(left, right, options, progress, swapped=False)
    links = [link for link in links if link.score >= options.min_score]
    links.sort(key=_LINK_ORDER)
    if progress is not None:
        progress.report(1.0, "Aligned")
    return Alignment(tuple(links), options)


def _canonical_key(document: Document) -> tuple[int, str, str]:
    return (len(document.text), document.sha256, document.text)


def _align(
    left: Document,
    right: Document,
    options: AlignOptions,
    progress: Progress | None,
    *,
    swapped: bool,
) -> list[Link]:
    """Links of ``left`` x ``right``, with their sides exchanged if ``swapped``."""
    want_quotes = LinkKind.QUOTE in options.kinds
    want_related = LinkKind.RELATED in options.kinds
    if progress is not None:
        progress.report(0.0, "Reading words")
    left_tokens = tokenize(left, progress.sub(0.0, 0.05) if progress else None)
    right_tokens = tokenize(right, progress.sub(0.05, 0.1) if progress else None)
    vocabulary, left_ids, right_ids = encode(left_tokens, right_tokens)
    quote_end = 0.4 if want_related else 1.0
    quotes: list[Link] = []
    if want_quotes:
        quotes = find_quotes(
            left_tokens,
            right_tokens,
            left_ids,
            right_ids,
            QuoteParams(),
            progress.sub(0.1, quote_end) if progress else None,
            swapped=swapped,
        )
    related: list[Link] = []
    if want_related:
        related = find_related(
            units_of(_body_sentences(left), left_tokens),
            units_of(_body_sentences(right), right_tokens),
            left_ids,
            right_ids,
            vocabulary,
            options.ordered,
            options.max_partners,
            RelatedParams(),
            progress.sub(quote_end, 1.0) if progress else None,
        )
        if swapped:
            related = [link.swapped() for link in related]
        by_left = sorted(quotes, key=attrgetter("left.start")) if swapped else quotes
        starts = [quote.left.start for quote in by_left]
        longest = max((len(quote.left) for quote in by_left), default=0)
        related = [
            link for link in related if not _duplicates_quote(link, by_left, starts, longest)
        ]
    return quotes + related


def _body_sentences(document: Document) -> tuple[Passage, ...]:
    """Sentences outside headings: a title shares its words with the text it heads,
    which says nothing about how two documents relate."""
    blocks = document.blocks
    return tuple(
        p for p in sentences(document) if blocks[p.block_index].kind is not BlockKind.HEADING
    )


def _duplicates_quote(
    link: Link, quotes: list[Link], quote_starts: list[int], longest: int
) -> bool:
    """True if a quote link already joins text of both of the link's spans."""
    first = bisect.bisect_left(quote_starts, link.left.start - longest)
    last = bisect.bisect_left(quote_starts, link.left.end)
    return any(
        quote.left.overlaps(link.left) and quote.right.overlaps(link.right)
        for quote in quotes[first:last]
    )
