"""Context a reader can use around a quote: whole sentences, whole words, one line.

A one-word quote ("Putin") means nothing alone, and the W3C selector's 32
characters of prefix and suffix are cut mid-word ("…eeds to strike"). With the
document at hand, the context is the rest of the quote's sentence and
``sentences`` more on either side, within its paragraph, whitespace collapsed
(no stray line breaks); without it, the stored prefix and suffix trimmed to
whole words. Unpaginated sources also get their paragraph number, so a reader
can say where the passage is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from desktop_app.core.annotations import CONTEXT_CHARS
from desktop_app.core.export.excerpts import AnyExcerpt, Quote, with_quotes
from desktop_app.core.model import Document, Span
from desktop_app.core.segmentation import sentence_spans

MAX_CONTEXT = 400  # characters either side at most, cut at a word
_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)


def _cut_start(text: str, limit: int) -> str:
    """The last ``limit`` characters or fewer, starting at a word."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    space = tail.find(" ")
    return "…" + (tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail)


def _cut_end(text: str, limit: int) -> str:
    """The first ``limit`` characters or fewer, ending at a word."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > 0 else head) + "…"


def document_context(
    document: Document, span: Span, sentences: int = 1
) -> tuple[str, str, int | None]:
    """(before, after, paragraph number) of ``span`` in ``document``.

    ``before`` runs from the start of the ``sentences``-th sentence before the
    quote's one (within its paragraph), ``after`` to the end of the
    ``sentences``-th after it; the paragraph number counts content blocks from 1.
    """
    blocks = document.content_blocks
    number = next(
        (i for i, b in enumerate(blocks) if b.span.start <= span.start < b.span.end), None
    )
    if number is None:
        return "", "", None
    block = blocks[number].span
    parts = sentence_spans(document.text, block) or [block]
    first = next((i for i, s in enumerate(parts) if s.end > span.start), len(parts) - 1)
    last = next((i for i, s in enumerate(parts) if s.end >= span.end), len(parts) - 1)
    start = parts[max(0, first - sentences)].start
    end = parts[min(len(parts) - 1, last + sentences)].end
    before = _flat(document.text[start : span.start]).lstrip()
    after = _flat(document.text[span.end : max(end, span.end)]).rstrip()
    return _cut_start(before, MAX_CONTEXT), _cut_end(after, MAX_CONTEXT), number + 1


def selector_context(prefix: str, suffix: str) -> tuple[str, str]:
    """The stored prefix and suffix on one line, without the words cut at their far ends.

    A selector holds ``CONTEXT_CHARS`` characters each side; a shorter one
    reached the start or end of the text, so its far word is whole.
    """
    before, after = _flat(prefix), _flat(suffix)
    if len(prefix) >= CONTEXT_CHARS and before and not before[0].isspace():
        space = before.find(" ")
        before = "…" + before[space + 1 :] if 0 <= space < len(before) - 1 else ""
    if len(suffix) >= CONTEXT_CHARS and after and not after[-1].isspace():
        space = after.rfind(" ")
        after = after[:space] + "…" if space > 0 else ""
    return before.lstrip(), after.rstrip()


def with_context(
    excerpts: Sequence[AnyExcerpt], documents: Mapping[str, Document], sentences: int = 1
) -> list[AnyExcerpt]:
    """The excerpts with each quote's reader context set (``Quote.before``/``after``)."""

    def placed(quote: Quote) -> Quote:
        document = documents.get(quote.source.sha256)
        span = quote.span
        if document is not None and span is not None and span.of(document.text) == quote.exact:
            before, after, paragraph = document_context(document, span, sentences)
            return dataclasses.replace(quote, before=before, after=after, paragraph=paragraph)
        before, after = selector_context(quote.prefix, quote.suffix)
        return dataclasses.replace(quote, before=before, after=after)

    return [with_quotes(excerpt, placed) for excerpt in excerpts]
