"""Markdown rendered to reading text, with an exact map back into the source.

A real CommonMark parser (markdown-it-py) decides the structure; we walk its
token stream. Markup (emphasis markers, link targets, images, HTML) is dropped,
so the text reads like the rendered page; ``source_offsets`` still points every
character back at the file, located within the token's source lines.

Paragraph rule: a paragraph whose source lines average over 100 characters is
"one paragraph per line" writing (editors without hard wrap, scraped articles),
so each line becomes its own block. Inside a block quote, such a line only counts
as a quote if it starts with ">": CommonMark's lazy continuation would otherwise
turn a whole article after a quoted date line into one quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from desktop_app.core.documents.blockwriter import BlockWriter
from desktop_app.core.documents.encoding import decode
from desktop_app.core.documents.source import SourceFile
from desktop_app.core.model import Block, BlockKind, Document, DocumentFormat
from desktop_app.core.textnorm import TextBuilder, append_located, line_starts, offset_of

_LONG_LINE = 100
_BARE_CR = re.compile(r"\r(?!\n)")
_SKIPPED_INLINE = frozenset({"image", "html_inline"})


@dataclass
class _Line:
    """One rendered source line of a block: text, per-char source offsets, its break."""

    text: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    break_at: int | None = None  # source offset of the newline ending it
    hard: bool = False  # a hard break ("\n" in the text) rather than a soft one

    def add(self, text: str, offsets: Sequence[int]) -> None:
        self.text.append(text)
        self.offsets.extend(offsets)

    @property
    def string(self) -> str:
        return "".join(self.text)


class _Renderer:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = line_starts(source)
        self.writer = BlockWriter()
        self.title = ""

    def emit(self, text: str, offsets: Sequence[int], kind: BlockKind, level: int) -> None:
        """Append one block, trimmed of surrounding whitespace; empty blocks vanish."""
        if kind is not BlockKind.CODE and "  " in text:
            text, offsets = _collapse_spaces(text, offsets)
        block = self.writer.add(text, offsets, kind, level=level)
        if block is not None and kind is BlockKind.HEADING and level == 1 and not self.title:
            self.title = text.strip()

    def region(self, token: Token) -> tuple[int, int]:
        """Source range of a block token's lines; the last line runs to the end of the text."""
        first, last = token.map or (0, len(self.starts))
        end = len(self.source) if last >= len(self.starts) else offset_of(self.starts, last)
        return offset_of(self.starts, first), end

    def inline_lines(self, token: Token) -> list[_Line]:
        """Render an inline token's children into source lines."""
        start, limit = self.region(token)
        limit = max(limit, start)
        cursor = start
        lines = [_Line()]
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                temp = TextBuilder()
                cursor = append_located(temp, child.content, self.source, cursor, limit)
                mapped = temp.build(cursor)
                lines[-1].add(mapped.text, mapped.offsets.array[:-1].tolist())
            elif kind in ("softbreak", "hardbreak"):
                newline = self.source.find("\n", cursor, limit)
                lines[-1].break_at = newline if newline >= 0 else cursor
                lines[-1].hard = kind == "hardbreak"
                cursor = newline + 1 if newline >= 0 else cursor
                lines.append(_Line())
            elif kind in _SKIPPED_INLINE:
                continue
        return lines

    def paragraph(self, token: Token, kind: BlockKind, level: int, quoted: bool) -> None:
        lines = self.inline_lines(token)
        if len(lines) > 1 and sum(len(ln.string) for ln in lines) / len(lines) > _LONG_LINE:
            for line in lines:
                line_kind = kind
                if quoted and kind is BlockKind.QUOTE and line.offsets:
                    line_kind = (
                        BlockKind.QUOTE if self._starts_quoted(line) else BlockKind.PARAGRAPH
                    )
                self.emit(line.string, line.offsets, line_kind, level)
            return
        text: list[str] = []
        offsets: list[int] = []
        for line in lines:
            text.append(line.string)
            offsets.extend(line.offsets)
            if line.break_at is not None:
                text.append("\n" if line.hard else " ")
                offsets.append(line.break_at)
        self.emit("".join(text), offsets, kind, level)

    def code(self, token: Token) -> None:
        start, limit = self.region(token)
        if token.type == "fence":
            newline = self.source.find("\n", start, limit)
            start = newline + 1 if newline >= 0 else start
        temp = TextBuilder()
        cursor = start
        for line in token.content.splitlines(keepends=True):
            cursor = append_located(temp, line, self.source, cursor, max(limit, cursor))
        mapped = temp.build(cursor)
        self.emit(mapped.text, mapped.offsets.array[:-1].tolist(), BlockKind.CODE, 0)

    def _starts_quoted(self, line: _Line) -> bool:
        first = line.offsets[0]
        line_start = self.source.rfind("\n", 0, first) + 1
        return self.source[line_start:first].lstrip().startswith(">")


def _collapse_spaces(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Runs of spaces (left where markup was dropped) become one space."""
    kept = [i for i, ch in enumerate(text) if not (ch == " " and i and text[i - 1] == " ")]
    return "".join(text[i] for i in kept), [offsets[i] for i in kept]


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def render_markdown(source: str) -> tuple[str, tuple[Block, ...], list[int], str]:
    """Render ``source``: (text, blocks, source offset per text offset + end, title).

    markdown-it counts a bare CR as a line end and our line table would not, so
    bare CRs become LFs first: the same length, so every offset stays valid.
    """
    source = _BARE_CR.sub("\n", source)
    renderer = _Renderer(source)
    quote_depth = 0
    list_depth = 0
    pending: tuple[BlockKind, int] = (BlockKind.PARAGRAPH, 0)
    for token in _parser().parse(source):
        kind = token.type
        if kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "heading_open":
            pending = (BlockKind.HEADING, int(token.tag[1:]))
        elif kind in ("th_open", "td_open"):
            pending = (BlockKind.TABLE, 0)
        elif kind == "paragraph_open":
            if list_depth:
                pending = (BlockKind.LIST_ITEM, list_depth)
            elif quote_depth:
                pending = (BlockKind.QUOTE, 0)
            else:
                pending = (BlockKind.PARAGRAPH, 0)
        elif kind == "inline":
            renderer.paragraph(token, pending[0], pending[1], quoted=quote_depth > 0)
        elif kind in ("fence", "code_block"):
            renderer.code(token)
    mapped, blocks = renderer.writer.build(len(source))
    return mapped.text, blocks, mapped.offsets.array.tolist(), renderer.title


def load_markdown(source: SourceFile, encoding: str | None = None) -> Document:
    """A .md file rendered to reading text; ``source_offsets`` index the decoded file."""
    decoded = decode(source.data, source.name, encoding)
    text, blocks, offsets, title = render_markdown(decoded.text)
    return Document(
        text=text,
        blocks=blocks,
        format=DocumentFormat.MARKDOWN,
        sha256=source.sha256,
        path=source.path,
        title=title,
        encoding=decoded.encoding,
        encoding_confidence=decoded.confidence,
        source_offsets=tuple(offsets),
    )
