"""Passages that alignment compares: paragraphs and sentences with exact spans.

Alignment, annotation and export all need the same idea of "a paragraph" and
"a sentence", so it is decided here once. Spans always index the document's
``text`` exactly and never include surrounding whitespace; furniture (running
headers, page numbers) is never a passage.
"""

from __future__ import annotations

import re

from desktop_app.core.model import Document, Passage, PassageLevel, Span

# End of a sentence: terminal punctuation, optional closing quotes/brackets, then
# whitespace and something that can start a sentence (capital, digit, opening quote).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*[^\W\d_a-z]|\s+\d|\s*$)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?$")

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt",
        "capt", "gov", "sen", "rep", "rev", "hon", "pres", "vs", "etc", "eg", "ie", "cf",
        "al", "fig", "no", "nos", "vol", "pp", "p", "ch", "art", "sec", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
        "corp", "approx", "est", "dept", "univ", "e.g", "i.e", "u.s", "u.k", "a.m", "p.m",
    }
)  # fmt: skip


def paragraphs(document: Document) -> tuple[Passage, ...]:
    """One passage per content block (headings and list items included)."""
    result: list[Passage] = []
    for block_index, block in enumerate(document.blocks):
        if not block.is_content:
            continue
        span = _trimmed(document.text, block.span.start, block.span.end)
        if span is not None:
            result.append(Passage(len(result), PassageLevel.PARAGRAPH, span, block_index))
    return tuple(result)


def sentences(document: Document) -> tuple[Passage, ...]:
    """Sentences of the content blocks, in text order; a sentence never crosses a block."""
    result: list[Passage] = []
    text = document.text
    for block_index, block in enumerate(document.blocks):
        if not block.is_content:
            continue
        for span in sentence_spans(text, block.span):
            result.append(Passage(len(result), PassageLevel.SENTENCE, span, block_index))
    return tuple(result)


def sentence_spans(text: str, within: Span) -> list[Span]:
    """Trimmed sentence spans of ``text[within]``, covering all its non-space text."""
    chunk = text[within.start : within.end]
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(chunk):
        if _is_abbreviation(chunk, match.start(), match.group()):
            continue
        span = _trimmed(text, within.start + start, within.start + match.end())
        if span is not None:
            spans.append(span)
        start = match.end()
    rest = _trimmed(text, within.start + start, within.end)
    if rest is not None:
        spans.append(rest)
    return spans


def _is_abbreviation(chunk: str, dot: int, punctuation: str) -> bool:
    if not punctuation.startswith(".") or len(punctuation.rstrip("\"'”’»)]")) > 1:
        return False
    match = _WORD_BEFORE.search(chunk[max(0, dot - 12) : dot])
    if match is None:
        return False
    word = match.group(1)
    # "U.S." and "e.g.": the letters before the dot are part of a dotted abbreviation.
    dotted = chunk[max(0, dot - 12) : dot].rsplit(None, 1)[-1].casefold().strip("(\"'“‘")
    if dotted in _ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("J. Smith"), not the end of a sentence.
    return (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
