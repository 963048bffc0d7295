"""Passages that alignment compares: paragraphs and sentences with exact spans.

Alignment, annotation and export all need the same idea of "a paragraph" and
"a sentence", so it is decided here once. Spans always index the document's
``text`` exactly and never include surrounding whitespace; furniture (running
headers, page numbers) is never a passage.

Sentences are split per block, by the script of the block (measured on a hand-checked
gold set by ``benchmarks.segmentation``, see docs/segmentation.md): Cyrillic text by
razdel, a lexicon-based Russian splitter, plus one rule it lacks (a year's "г." ends a
sentence before a capital); other text by the rules below, which no PyPI candidate beat
on the English essays.
"""

from __future__ import annotations

import re

from desktop_app.core.model import Document, Passage, PassageLevel, Span

# End of a sentence: terminal punctuation, optional closing quotes/brackets, then
# whitespace and something that may start a sentence (a letter, digit or opening quote):
# ``_starts_sentence`` then rejects a lowercase letter in any script ("Il a dit non. écoutez").
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«„(\[]*[^\W_]|\s*$)")
_NEXT_LETTER = re.compile(r"\s+[\"'“‘«„(\[]*(.)")
# The abbreviation before a full stop: a word, or dotted letters ("U.S", "e.g").
_ABBREVIATION_BEFORE = re.compile(r"((?:[^\W\d_]{1,4}\.\s?)*[^\W\d_]+)$")

# Abbreviations after which a full stop does not end a sentence, whatever follows.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt",
        "capt", "gov", "sen", "rep", "rev", "hon", "pres", "vs", "etc", "eg", "ie", "cf",
        "al", "fig", "no", "nos", "vol", "pp", "p", "ch", "art", "sec", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
        "corp", "approx", "est", "dept", "univ", "e.g", "i.e", "u.s", "u.k", "a.m", "p.m",
    }
)  # fmt: skip

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# A year's or years' "г."/"гг." before a capital ends a sentence ("в 2023 г. Следующая"):
# razdel never ends one there. Tuned on the gold's even paragraphs (docs/segmentation.md).
_YEAR_END = re.compile(r"(?<=\d)\s*гг?\.(?=\s+[\"'“‘«„(\[]*[А-ЯЁ])")


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
    cuts = _cyrillic_cuts(chunk) if _is_cyrillic(chunk) else _rule_cuts(chunk)
    spans: list[Span] = []
    for start, end in zip([0, *cuts], [*cuts, len(chunk)], strict=True):
        span = _trimmed(text, within.start + start, within.start + end)
        if span is not None:
            spans.append(span)
    return spans


def _is_cyrillic(chunk: str) -> bool:
    """Whether a block is mostly in Cyrillic letters (Russian), as razdel expects."""
    if _CYRILLIC.search(chunk) is None:  # most blocks: one scan, no list of letters
        return False
    return len(_CYRILLIC.findall(chunk)) > len(_LATIN.findall(chunk))


def _cyrillic_cuts(chunk: str) -> list[int]:
    """Where razdel starts sentences, and after a year's "г." before a capital.

    razdel is imported here, on the first Cyrillic block: its import compiles a dozen
    patterns other text does not need."""
    import razdel

    cuts = {sentence.start for sentence in razdel.sentenize(chunk)}
    cuts.update(match.end() for match in _YEAR_END.finditer(chunk))
    return sorted(cut for cut in cuts if 0 < cut < len(chunk))


def _rule_cuts(chunk: str) -> list[int]:
    """Ends of sentences by terminal punctuation, skipping abbreviations and initials."""
    cuts: list[int] = []
    for match in _BOUNDARY.finditer(chunk):
        if not _starts_sentence(chunk, match.end()):
            continue
        if _is_abbreviation(chunk, match.start(), match.group()):
            continue
        cuts.append(match.end())
    return cuts


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
    # "U.S.", "e.g.": the letters before the dot are a dotted abbreviation.
    dotted = "".join(match.group(1).split()).casefold()
    tails = (dotted[i:] for i in range(len(dotted)) if i == 0 or dotted[i - 1] == ".")
    if any("." in tail and tail in _ABBREVIATIONS for tail in tails):  # "the U.S" ends "u.s"
        return True
    # A single capital letter is an initial ("J. Smith"), not a sentence end.
    return (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
