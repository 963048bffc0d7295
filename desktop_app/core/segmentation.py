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
# whitespace and something that may start a sentence (a letter, digit or opening quote):
# ``_starts_sentence`` then rejects a lowercase letter in any script ("2012 г. в Кремле").
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«„(\[]*[^\W_]|\s*$)")
_NEXT_LETTER = re.compile(r"\s+[\"'“‘«„(\[]*(.)")
# The abbreviation before a full stop: a word, or dotted letters ("U.S", "т. е", "А.С").
_ABBREVIATION_BEFORE = re.compile(r"((?:[^\W\d_]{1,4}\.\s?)*[^\W\d_]+)$")

# Abbreviations after which a full stop does not end a sentence, whatever follows.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt",
        "capt", "gov", "sen", "rep", "rev", "hon", "pres", "vs", "etc", "eg", "ie", "cf",
        "al", "fig", "no", "nos", "vol", "pp", "p", "ch", "art", "sec", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
        "corp", "approx", "est", "dept", "univ", "e.g", "i.e", "u.s", "u.k", "a.m", "p.m",
        # Russian: titles, addresses, references and "that is"; none ends a sentence.
        "ул", "пл", "просп", "пер", "обл", "д", "кв", "корп", "стр", "им", "проф", "акад",
        "доц", "тов", "св", "см", "ср", "напр", "рис", "табл", "гл", "с", "п", "пп", "ст",
        "т.е", "т.к", "т.н", "т.ч",
    }
)  # fmt: skip
# Abbreviations that often end a sentence ("в 1956 г.", "и т. д."): a capital after them
# starts a new one, a lowercase word ("2012 г. в Кремле") does not (``_starts_sentence``).
# Listed so that their last letter is not taken for one of the abbreviations above.
_MAY_END = frozenset({"т.д", "т.п", "н.э", "до н.э"})


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
        if not _starts_sentence(chunk, match.end()):
            continue
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


def _starts_sentence(chunk: str, end: int) -> bool:
    """Whether what follows ``end`` can begin a sentence: not a lowercase letter.

    Digits and uncased scripts can; the end of the block always does.
    """
    following = _NEXT_LETTER.match(chunk, end)
    return following is None or not following.group(1).islower()


def _is_abbreviation(chunk: str, dot: int, punctuation: str) -> bool:
    if not punctuation.startswith(".") or len(punctuation.rstrip("\"'”’»)]")) > 1:
        return False
    before = chunk[max(0, dot - 16) : dot]
    match = _ABBREVIATION_BEFORE.search(before)
    if match is None:
        return False
    word = match.group(1).rsplit(".", 1)[-1].strip()
    # "U.S.", "e.g.", "т. е.": the letters before the dot are a dotted abbreviation.
    dotted = "".join(match.group(1).split()).casefold()
    for start in range(len(dotted)):  # "и т.д" ends "т.д"; "a.m" is "a.m"
        if start == 0 or dotted[start - 1] == ".":
            tail = dotted[start:]
            if tail in _MAY_END:
                return False
            if "." in tail and tail in _ABBREVIATIONS:
                return True
    # A single capital letter is an initial ("J. Smith", "В. В. Путин"), not a sentence end.
    return (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
