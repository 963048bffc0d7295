"""Paragraphs and sentences: exact spans, abbreviations, furniture skipped."""

from __future__ import annotations

from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Block, BlockKind, Document, DocumentFormat, PassageLevel, Span
from desktop_app.core.segmentation import paragraphs, sentences


def test_sentences_split_at_terminal_punctuation_but_not_abbreviations() -> None:
    doc = document_from_text(
        "Mr. Smith met J. Doe in the U.S. yesterday. He said “Go!” Then he left…\n"
        "It was 3 p.m. And then? Nothing.\n\nA second paragraph"
    )
    texts = [p.span.of(doc.text) for p in sentences(doc)]
    assert texts == [
        "Mr. Smith met J. Doe in the U.S. yesterday.",
        "He said “Go!”",
        "Then he left…",
        "It was 3 p.m. And then?",
        "Nothing.",
        "A second paragraph",
    ]
    assert all(p.level is PassageLevel.SENTENCE for p in sentences(doc))
    assert [p.block_index for p in sentences(doc)] == [0, 0, 0, 0, 0, 1]


def test_paragraphs_are_content_blocks_and_skip_furniture() -> None:
    text = "Page 1\nFirst paragraph here.\nSecond one."
    doc = Document(
        text=text,
        blocks=(
            Block(BlockKind.FURNITURE, Span(0, 6)),
            Block(BlockKind.PARAGRAPH, Span(7, 28)),
            Block(BlockKind.PARAGRAPH, Span(29, 40)),
        ),
        format=DocumentFormat.TEXT,
        sha256="x",
    )
    result = paragraphs(doc)
    assert [p.span.of(text) for p in result] == ["First paragraph here.", "Second one."]
    assert [p.block_index for p in result] == [1, 2]
    assert [p.index for p in result] == [0, 1]
    assert all(p.span.of(text) != "Page 1" for p in sentences(doc))


def test_sentences_of_empty_document() -> None:
    assert sentences(document_from_text("")) == ()
    assert paragraphs(document_from_text("  \n\n ")) == ()
