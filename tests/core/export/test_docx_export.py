"""The Word export reopened with python-docx: headings, quote paragraphs, notes, tags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from desktop_app.core.export import Excerpt, ExportOptions, GroupBy, Quote, SourceRef, export
from tests.helpers.contrast import contrast
from tests.helpers.excerpts import COMPARISON, sample_excerpts


def test_document_structure(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    export(sample_excerpts(), "docx", out, ExportOptions(title="Memo sources"))
    document = docx.Document(str(out))
    paragraphs = [(p.style.name if p.style else None, p.text) for p in document.paragraphs]
    assert document.core_properties.title == "Memo sources"
    assert ("Title", "Memo sources") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [COMPARISON, "Other excerpts"]
    quotes = [text for style, text in paragraphs if style == "Quote"]
    assert len(quotes) == 7  # three single excerpts + two pairs of two
    assert "Стороны договорились о сроках поставки 👍" in quotes
    texts = [text for _, text in paragraphs]
    pdf_name = "kasparov-khodorkovsky-foreign-affairs-2023.pdf"
    assert f"— Kasparov & Khodorkovsky, Foreign Affairs (2023), p. 1 · {pdf_name}" in texts
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert "Tags: claim, regime · By: Anna <a&b>" in texts
    assert "Quote link, score 92.5 · rebuts" in texts


def test_quote_border_uses_the_annotation_colour(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    export(sample_excerpts()[:1], "docx", out)
    document = docx.Document(str(out))
    [quote] = [p for p in document.paragraphs if p.style and p.style.name == "Quote"]
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


def _languages(paragraph: Any) -> list[tuple[str, str]]:
    found = []
    for run in paragraph.runs:
        lang = run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        found.append((run.text, "" if lang is None else lang.get(qn("w:val"))))
    return found


def test_every_run_is_tagged_with_its_language_by_script(tmp_path: Path) -> None:
    source = SourceRef(sha256="2" * 64, title="Интервью, Reuters")
    excerpt = Excerpt("1", Quote(source, "Стороны договорились о сроках поставки 👍"),
                      note="He said «сроки» twice.")  # fmt: skip
    out = tmp_path / "memo.docx"
    export([excerpt], "docx", out)
    document = docx.Document(str(out))
    by_text = {p.text: p for p in document.paragraphs}
    assert _languages(by_text["Стороны договорились о сроках поставки 👍"]) == [
        ("Стороны договорились о сроках поставки 👍", "ru-RU")
    ]
    assert _languages(by_text["He said «сроки» twice."]) == [
        ("He said «", "en-US"),
        ("сроки» ", "ru-RU"),
        ("twice.", "en-US"),
    ]
    assert _languages(by_text["— Интервью, Reuters"]) == [
        ("— ", "en-US"),
        ("Интервью, ", "ru-RU"),
        ("Reuters", "en-US"),
    ]
    assert all(lang for p in document.paragraphs for _, lang in _languages(p))


def test_properties_name_the_analyst_title_and_export_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERSO_ANALYST", "Maria Ivanova")
    out = tmp_path / "memo.docx"
    when = datetime(2025, 6, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    export(sample_excerpts(), "docx", out, ExportOptions(title="Memo sources", generated=when))
    properties = docx.Document(str(out)).core_properties
    assert properties.title == "Memo sources"
    assert properties.author == properties.last_modified_by == "Maria Ivanova"
    assert properties.created == properties.modified == datetime(2025, 6, 1, 10, 30, tzinfo=UTC)
    assert "python-docx" not in properties.comments
    before = datetime.now(UTC).replace(microsecond=0)
    export(sample_excerpts(), "docx", out)  # no export time given: now
    created = docx.Document(str(out)).core_properties.created
    assert created is not None and created >= before


def test_an_excerpts_paragraphs_keep_together_on_one_page(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    excerpts = sample_excerpts()
    export(excerpts, "docx", out, ExportOptions(group_by=GroupBy.NONE))
    paragraphs = docx.Document(str(out)).paragraphs
    quotes = [
        i for i, p in enumerate(paragraphs) if p.style is not None and p.style.name == "Quote"
    ]
    assert quotes
    for index in quotes:
        quote, source = paragraphs[index], paragraphs[index + 1]
        assert quote.paragraph_format.keep_together and quote.paragraph_format.keep_with_next
        assert source.text.startswith("— ") and source.paragraph_format.keep_together
    last = [p for p in paragraphs if p.paragraph_format.keep_together and
            not p.paragraph_format.keep_with_next]  # fmt: skip
    assert len(last) == len(excerpts)  # each excerpt's last paragraph lets the next one go


def test_every_coloured_run_reads_on_the_white_page(tmp_path: Path) -> None:
    """A pair's label was set in the annotation colour: orange (#ffb74d) on white is 1.8:1,
    unreadable in print. Every run with a colour of its own must reach 4.5:1."""
    out = tmp_path / "x.docx"
    export(sample_excerpts(), "docx", out)
    colours = {
        run.font.color.rgb
        for paragraph in docx.Document(str(out)).paragraphs
        for run in paragraph.runs
        if run.font.color is not None and run.font.color.rgb is not None
    }
    assert colours
    for colour in colours:
        assert contrast(f"#{colour}", "#ffffff") >= 4.5, colour


def test_pages_are_numbered_in_the_footer(tmp_path: Path) -> None:
    """A printed memo of several pages needs page numbers; a colleague added them by hand.
    The footer holds the title and a PAGE field, which Word and LibreOffice fill in."""
    out = tmp_path / "x.docx"
    export(sample_excerpts(), "docx", out, ExportOptions(title="Memo sources"))
    document = docx.Document(str(out))
    (section,) = document.sections
    footer = section.footer
    assert not footer.is_linked_to_previous
    xml = footer._element.xml
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 1
    assert "Memo sources" in "".join(p.text for p in footer.paragraphs)


def test_tags_and_author_share_one_small_line(tmp_path: Path) -> None:
    """As in the HTML and Markdown reports: "Tags: … · By: …" is one line, not two
    paragraphs each with its own spacing (a quarter more pages for a long export)."""
    excerpts = sample_excerpts()
    out = tmp_path / "x.docx"
    export(excerpts, "docx", out)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    first = excerpts[0]
    assert first.tags and first.author
    assert f"Tags: {', '.join(first.tags)} · By: {first.author}" in texts
    lines = [t for t in texts if t.startswith("Tags: ")]
    assert len(lines) == sum(1 for e in excerpts if e.tags)
    alone = [t for t in texts if t.startswith("By: ")]  # an author without tags
    assert alone == [f"By: {e.author}" for e in excerpts if e.author and not e.tags]
