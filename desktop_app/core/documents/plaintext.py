"""Blocks of a plain text: paragraphs are runs of non-blank lines.

Shared by every loader whose output is plain text (txt, and tests that build
documents from strings), so "what is a paragraph" is decided in one place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from desktop_app.core.documents.encoding import decode
from desktop_app.core.documents.source import SourceFile
from desktop_app.core.model import Block, BlockKind, Document, DocumentFormat, Span

# A paragraph ends at a line that is empty or only whitespace.
_PARAGRAPH = re.compile(r"\S(?:.*\S)?(?:\r\n|\r|\n)?(?:[^\S\r\n]*\S.*(?:\r\n|\r|\n)?)*")
_BULLET = re.compile(r"\s*(?:[-*+•‣◦▪]|\d{1,3}[.)])\s+")


def blocks_from_plain_text(text: str) -> tuple[Block, ...]:
    """Split ``text`` into paragraph blocks at blank lines, spans trimmed of whitespace.

    A short single line followed by a paragraph and without final punctuation is
    taken as a heading; a line starting with a bullet or "1." as a list item.
    """
    blocks: list[Block] = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.start(), match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        blocks.append(Block(_classify(text[start:end]), Span(start, end)))
    return tuple(blocks)


def _classify(chunk: str) -> BlockKind:
    if _BULLET.match(chunk):
        return BlockKind.LIST_ITEM
    single_line = "\n" not in chunk and "\r" not in chunk
    if single_line and len(chunk) <= 120 and chunk[-1] not in ".,;:!?…\"'”»)":
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def document_from_text(
    text: str,
    *,
    path: Path | None = None,
    encoding: str | None = "utf-8",
    sha256: str | None = None,
    title: str = "",
) -> Document:
    """A plain-text Document over ``text`` (the text is kept exactly as given)."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document(
        text=text,
        blocks=blocks_from_plain_text(text),
        format=DocumentFormat.TEXT,
        sha256=digest,
        path=path,
        title=title,
        encoding=encoding,
    )


def load_plain_text(source: SourceFile, encoding: str | None = None) -> Document:
    """A .txt file: the decoded content exactly as in the file (CRLF and all)."""
    decoded = decode(source.data, source.name, encoding)
    document = document_from_text(
        decoded.text, path=source.path, encoding=decoded.encoding, sha256=source.sha256
    )
    return dataclasses.replace(document, encoding_confidence=decoded.confidence)
