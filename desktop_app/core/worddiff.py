"""The words that differ between the two sides of a near-verbatim quote.

A quote link says "this is the same text"; the analyst's question is what was
changed. Comparing word tokens (not characters) gives marks a reader can follow.
Pure Python over rapidfuzz, no Qt, so the panes only paint what this returns.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from desktop_app.core.model import Span

_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def _tokens(text: str) -> tuple[list[str], list[Span]]:
    words: list[str] = []
    spans: list[Span] = []
    for match in _WORD.finditer(text):
        words.append(match.group().casefold())
        spans.append(Span(match.start(), match.end()))
    return words, spans


def differing_words(left: str, right: str) -> tuple[list[Span], list[Span]]:
    """Spans (relative to each text) of the words that are not shared by the other side.

    Punctuation-only tokens and case differences are ignored: they rarely change
    what a quote says and would drown the marks that matter.
    """
    left_words, left_spans = _tokens(left)
    right_words, right_spans = _tokens(right)
    left_marks: list[Span] = []
    right_marks: list[Span] = []
    for op in Levenshtein.opcodes(left_words, right_words):
        if op.tag == "equal":
            continue
        left_marks.extend(
            span
            for word, span in zip(
                left_words[op.src_start : op.src_end],
                left_spans[op.src_start : op.src_end],
                strict=True,
            )
            if word[0].isalnum() or word[0] == "_"
        )
        right_marks.extend(
            span
            for word, span in zip(
                right_words[op.dest_start : op.dest_end],
                right_spans[op.dest_start : op.dest_end],
                strict=True,
            )
            if word[0].isalnum() or word[0] == "_"
        )
    return left_marks, right_marks
