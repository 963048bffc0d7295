"""Assembling a document's text block by block, with its map into the source.

Every structured format (Markdown, HTML, DOCX, EPUB) ends the same way: blocks of
text, trimmed, separated by a blank line, each with its kind and span. Doing it
in one place keeps "what the text between blocks looks like" identical everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.model import Block, BlockKind, Span
from desktop_app.core.textnorm import MappedText, TextBuilder

BLOCK_SEPARATOR = "\n\n"
# Stands for a hard line break (HTML <br>) until whitespace is collapsed.
LINE_BREAK = "\u2028"


class BlockWriter:
    """Collects blocks; ``offsets`` give each char's source offset (non-decreasing)."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.blocks: list[Block] = []
        self._cursor = 0  # for sources without offsets: a running counter

    def add(
        self,
        text: str,
        offsets: Sequence[int] | None,
        kind: BlockKind,
        *,
        level: int = 0,
        page: int | None = None,
        collapse: bool = False,
    ) -> Block | None:
        """Append ``text`` as one block, trimmed; return it, or None if it was blank.

        ``collapse`` turns each run of whitespace into one space (HTML, inline
        markup leftovers). Without ``offsets`` the text is its own source.
        """
        if offsets is None:
            offsets = range(self._cursor, self._cursor + len(text))
            self._cursor += len(text) + len(BLOCK_SEPARATOR)
        if collapse:
            text, offsets = collapse_whitespace(text, offsets)
        start, end = 0, len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return None
        if self.blocks:
            self.builder.insert(BLOCK_SEPARATOR, offsets[start])
        begin = len(self.builder)
        self.builder.extend(text[start:end], offsets[start:end])
        block = Block(kind, Span(begin, len(self.builder)), page=page, level=level)
        self.blocks.append(block)
        return block

    def build(self, source_end: int | None = None) -> tuple[MappedText, tuple[Block, ...]]:
        end = self._cursor if source_end is None else source_end
        return self.builder.build(max(end, self.builder.last_source)), tuple(self.blocks)


def collapse_whitespace(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Each run of whitespace becomes one space (a newline if it holds a ``LINE_BREAK``)."""
    out: list[str] = []
    kept: list[int] = []
    in_run = False
    for ch, off in zip(text, offsets, strict=True):
        if ch.isspace():
            if not in_run:
                out.append(" ")
                kept.append(off)
                in_run = True
            if ch == LINE_BREAK:
                out[-1] = "\n"
                kept[-1] = off
        else:
            out.append(ch)
            kept.append(off)
            in_run = False
    return "".join(out), kept
