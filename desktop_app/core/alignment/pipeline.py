"""``align``: the one entry point that turns two documents into links.

It runs the steps (words, quotes, related passages) under one progress bar,
applies the options and makes the result independent of which document is on
which side: the pair is always computed in one canonical order and swapped
back, so swapping the inputs swaps every link and nothing else.
"""

from __future__ import annotations

from operator import attrgetter

from desktop_app.core.alignment.evidence import Evidence
from desktop_app.core.alignment.quotes import QuoteParams, find_quotes
from desktop_app.core.alignment.related import RelatedParams, scored_pairs, units_of
from desktop_app.core.alignment.tokens import encode, tokenize
from desktop_app.core.cancel import Progress
from desktop_app.core.model import (
    Alignment,
    AlignOptions,
    BlockKind,
    Document,
    Link,
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
    if progress is not None:
        progress.report(0.0, "Reading words")
    left_tokens = tokenize(left, progress.sub(0.0, 0.05) if progress else None)
    right_tokens = tokenize(right, progress.sub(0.05, 0.1) if progress else None)
    vocabulary, left_ids, right_ids = encode(left_tokens, right_tokens)
    quotes = find_quotes(
        left_tokens,
        right_tokens,
        left_ids,
        right_ids,
        QuoteParams(),
        progress.sub(0.1, 0.4) if progress else None,
    )
    left_units = units_of(_body_sentences(left), left_tokens)
    right_units = units_of(_body_sentences(right), right_tokens)
    related = RelatedParams()
    scored = scored_pairs(
        left_units,
        right_units,
        left_ids,
        right_ids,
        vocabulary,
        related,
        progress.sub(0.4, 0.95) if progress else None,
    )
    evidence = Evidence(
        left_units,
        right_units,
        (left_tokens, right_tokens),
        (left_ids, right_ids),
        quotes,
        scored,
        related,
    )
    ordered = options.ordered
    if ordered is None:
        ordered = evidence.in_parallel()
    links = evidence.parallel_links() if ordered else evidence.unordered_links()
    links = [link for link in links if link.kind in options.kinds]
    return [link.swapped() for link in links] if swapped else links


def _body_sentences(document: Document) -> tuple[Passage, ...]:
    """Sentences outside headings: a title shares its words with the text it heads,
    which says nothing about how two documents relate."""
    blocks = document.blocks
    return tuple(
        p for p in sentences(document) if blocks[p.block_index].kind is not BlockKind.HEADING
    )
