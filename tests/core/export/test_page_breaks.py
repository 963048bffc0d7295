"""A note over a page break of a PDF with running heads: one passage, "pp. 1–2", no furniture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf

from desktop_app.core.anchoring import make_target
from desktop_app.core.documents import load
from desktop_app.core.export import Excerpt, Quote, SourceRef
from desktop_app.core.export.output import write_export
from desktop_app.core.model import Document, DocumentFormat, Span
from tests.helpers.factories import PdfText, make_pdf

FIRST = "Then the council gathered all"
SECOND = "the chief priests and scribes of the people together."
QUOTE = "gathered all the chief priests"
_open_pdf: Any = pymupdf.open  # untyped in pymupdf


def _book(path: Path) -> Document:
    pages = [
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 740, f"Intro.\n\n{FIRST}"),
         PdfText(290, 815, "1", size=9)],
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 80, SECOND),
         PdfText(290, 815, "2", size=9)],
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 80, "Last page."),
         PdfText(290, 815, "3", size=9)],
    ]  # fmt: skip
    return load(make_pdf(path, pages))


def _excerpt(document: Document, path: Path) -> Excerpt:
    start = document.text.index(QUOTE)
    span = Span(start, start + len(QUOTE))
    assert document.geometry is not None
    target = make_target(document.text, span, document.geometry.page_of(start))
    source = SourceRef(document.sha256, "", str(path), format=DocumentFormat.PDF)
    quote = Quote(source, target.quote.exact, target.quote.prefix, target.quote.suffix,
                  span=target.span, page=target.page)  # fmt: skip
    return Excerpt("note-1", quote, note="Who gathered them?")


def test_a_quote_over_a_page_break_is_labelled_with_both_pages(tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    document = _book(path)
    excerpt = _excerpt(document, path)
    assert excerpt.quote.exact == QUOTE  # no page number or header inside the quote
    assert excerpt.quote.page_label == "p. 1"  # a note knows the page it starts on
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        write_export([excerpt], fmt, out)
        text = out.read_text(encoding="utf-8")
        assert "pp. 1–2" in text
        assert "p. 1<" not in text and "p. 1\n" not in text


def test_a_quote_over_a_page_break_is_highlighted_on_both_pages_without_the_page_number(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.pdf"
    document = _book(path)
    out = tmp_path / "annotated.pdf"
    (written,) = write_export([_excerpt(document, path)], "pdf", out)
    assert written.rendered.warnings == ()
    with _open_pdf(out) as pdf:
        marks = {page.number: [annot.rect for annot in page.annots()] for page in pdf}
    assert [number for number, rects in marks.items() if rects] == [0, 1]
    for rects in marks.values():
        assert all(rect.y0 > 50 and rect.y1 < 800 for rect in rects)  # not the head or foot


def test_a_quote_over_a_page_break_has_one_comment_the_second_page_grouped_with_it(
    tmp_path: Path,
) -> None:
    """The comment shows once: page 2's highlight carries no text of its own and is grouped
    with page 1's (/IRT to it, /RT /Group), so a viewer lists one comment, not two."""
    path = tmp_path / "book.pdf"
    document = _book(path)
    out = tmp_path / "annotated.pdf"
    write_export([_excerpt(document, path)], "pdf", out)
    with _open_pdf(out) as pdf:
        (first,) = pdf[0].annots()
        (second,) = pdf[1].annots()
        assert first.info["content"] == "Who gathered them?"
        assert second.info["content"] == ""
        assert second.irt_xref == first.xref
        assert pdf.xref_get_key(second.xref, "RT") == ("name", "/Group")
        assert first.irt_xref == 0
        assert second.info["title"] == first.info["title"]  # still signed
        assert pdf.xref_get_key(second.xref, "NM") == ("string", "note-1-p2")
        commented = [a for page in pdf for a in page.annots() if a.info["content"]]
    assert len(commented) == 1
