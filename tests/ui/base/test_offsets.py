"""Pane positions ↔ document offsets with astral characters, CRLF and page markers."""

from __future__ import annotations

import re

import pytest

from PySide6.QtGui import QColor, QTextCursor

from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Block, BlockKind, Document, DocumentFormat, Span
from desktop_app.ui.base.offsets import OffsetMap, utf16_length
from desktop_app.ui.reading.text_builder import build_text

TEXT = (
    "Title 😀 here\r\n\r\n"
    "First 🎉 paragraph with emoji 👍🏽 and\r\na wrapped line.\r\n\r\n"
    "Second paragraph: café, naïve, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.\r\n"
)


def pane_text(qdoc_text: str, start: int, end: int) -> str:
    """Slice a Qt plain text by UTF-16 positions (as Qt counts them)."""
    raw = qdoc_text.encode("utf-16-le")
    return raw[start * 2 : end * 2].decode("utf-16-le")


def test_utf16_length_counts_surrogate_pairs() -> None:
    assert utf16_length("abc") == 3
    assert utf16_length("a😀b") == 4
    assert utf16_length("𝔘𝔫") == 4


def test_every_word_maps_to_the_same_text_in_the_pane(qapp: object) -> None:
    document = document_from_text(TEXT)
    built = build_text(document, QColor("gray"))
    shown = built.document.toPlainText()
    for match in re.finditer(r"\S+", TEXT):
        span = Span(match.start(), match.end())
        start, end = built.offsets.pane_range(span)
        assert pane_text(shown, start, end) == match.group()
        # and back
        assert built.offsets.to_doc(start) == span.start
        assert built.offsets.to_doc(end) == span.end


def test_qt_cursor_positions_agree_with_the_map(qapp: object) -> None:
    document = document_from_text(TEXT)
    built = build_text(document, QColor("gray"))
    offset = TEXT.index("paragraph with")
    cursor = QTextCursor(built.document)
    cursor.setPosition(built.offsets.to_pane(offset))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "paragraph"


def test_middle_of_a_surrogate_pair_maps_to_its_character() -> None:
    offsets = OffsetMap()
    offsets.add(0, "a😀b", 0)
    assert [offsets.to_pane(i) for i in range(4)] == [0, 1, 3, 4]
    assert [offsets.to_doc(p) for p in range(5)] == [0, 1, 1, 2, 3]


def test_runs_must_come_in_order() -> None:
    offsets = OffsetMap()
    offsets.add(10, "abc", 0)
    with pytest.raises(ValueError, match="order"):
        offsets.add(5, "x", 10)


def test_page_markers_are_outside_the_document(qapp: object) -> None:
    text = "Page one text.\n\nPage two text."
    document = Document(
        text=text,
        blocks=(
            Block(BlockKind.PARAGRAPH, Span(0, 14), page=0),
            Block(BlockKind.PARAGRAPH, Span(16, 30), page=1),
        ),
        format=DocumentFormat.PDF,
        sha256="x",
        page_count=2,
    )
    built = build_text(document, QColor("gray"))
    shown = built.document.toPlainText()
    assert "— page 2 —" in shown
    start, end = built.offsets.pane_range(Span(16, 30))
    assert pane_text(shown, start, end) == "Page two text."
    marker = shown.index("— page 2 —")
    assert built.offsets.to_doc(marker + 3) == 16  # a marker maps to the page that follows
