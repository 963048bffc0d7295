"""The Word export reopened with python-docx: headings, quote paragraphs, notes, tags."""

from __future__ import annotations

from pathlib import Path

import docx

from desktop_app.core.export import Excerpt, ExportOptions, GroupBy, Quote, SourceRef, export
from tests.unit.export.samples import COMPARISON, sample_excerpts


def test_document_structure(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    export(sample_excerpts(), "docx", out, ExportOptions(title="Memo sources"))
    document = docx.Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert document.core_properties.title == "Memo sources"
    assert ("Title", "Memo sources") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [COMPARISON, "Other excerpts"]
    quotes = [text for style, text in paragraphs if style == "Quote"]
    assert len(quotes) == 7  # three single excerpts + two pairs of two
    assert "Стороны договорились о сроках поставки 👍" in quotes
    texts = [text for _, text in paragraphs]
    assert "— Kasparov & Khodorkovsky, Foreign Affairs (2023), p. 1" in texts
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert "Tags: claim, regime" in texts
    assert "Quote link, score 92.5 · rebuts" in texts


def test_quote_border_uses_the_annotation_colour(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    export(sample_excerpts()[:1], "docx", out)
    document = docx.Document(str(out))
    [quote] = [p for p in document.paragraphs if p.style.name == "Quote"]
    xml = quote._p.xml
    assert 'w:color="FFD54F"' in xml  # "yellow" from the palette


def test_control_characters_do_not_break_the_file(tmp_path: Path) -> None:
    source = SourceRef(sha256="1" * 64, title="Bad\x00title")
    excerpt = Excerpt("1", Quote(source, "form\x0cfeed"), note="bell\x07 note", tags=("t\x01",))
    out = tmp_path / "memo.docx"
    export([excerpt], "docx", out, ExportOptions(group_by=GroupBy.TAG))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "form feed" in texts  # a form feed is whitespace in a quote
    assert "bell note" in texts
    assert "Tag: t" in texts
