"""Notes and OCR on the rendered pages: note tints under the links, pair notes underlined,
the note under the mouse as a tooltip, and an "OCR" badge on pages read by OCR.

Real PDFs (made with pymupdf, rendered by the real worker), real notes through the
real ``NoteLayer``, a real scan read by Tesseract.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation, Colour, PairAnnotation
from desktop_app.core.documents import load
from desktop_app.core.documents.ocr import OcrSettings, ocr_notice
from desktop_app.core.documents.pdf import load_pdf
from desktop_app.core.documents.source import MAX_BINARY_BYTES, read_source
from desktop_app.core.model import Alignment, Document, Link, LinkKind, Span
from desktop_app.ui.base.swatches import swatch
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.notes.layer import NoteLayer
from desktop_app.ui.reading.compare_view import CompareView
from desktop_app.ui.reading.page_view import PageView
from tests.helpers.factories import PdfText, make_pdf, make_text
from tests.helpers.scans import english_page, make_scanned_pdf, needs_tesseract

QUOTE = "the harbour lights were never lit again"
NOTED = "A paragraph that leads nowhere in particular"
NOTE = "Nobody checked this."


def _span(document: Document, words: str) -> Span:
    start = document.text.index(words)
    return Span(start, start + len(words))


@pytest.fixture
def documents(tmp_path: Path) -> tuple[Document, Document]:
    pages = [
        [PdfText(72, 120, "The first page only sets the scene\nfor what comes after it.")],
        [
            PdfText(72, 120, f"{NOTED}\nand stops."),
            PdfText(72, 400, f"Witnesses agree that {QUOTE}\nafter the storm of that winter."),
        ],
    ]
    pdf = load(make_pdf(tmp_path / "report.pdf", pages))
    text = load(make_text(tmp_path / "letter.txt", f"Everyone says {QUOTE}, or so we hear.\n"))
    return pdf, text


@pytest.fixture
def noted(
    qtbot: QtBot, documents: tuple[Document, Document]
) -> Iterator[tuple[CompareView, NoteLayer, Annotation, PairAnnotation]]:
    pdf, text = documents
    view = CompareView(Theme(QApplication.palette()))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_document(0, pdf)
    view.set_document(1, text)
    link = Link(LinkKind.QUOTE, _span(pdf, QUOTE), _span(text, QUOTE), 95.0)
    view.set_alignment(0, Alignment((link,)))
    layer = NoteLayer(view)
    for pane in view.panes:
        layer.attach(pane)
    note = Annotation.new(
        pdf.sha256, make_target(pdf.text, _span(pdf, NOTED), 1), colour=Colour.GREEN, note=NOTE
    )
    pair = PairAnnotation.new(
        pdf.sha256,
        make_target(pdf.text, _span(pdf, QUOTE), 1),
        text.sha256,
        make_target(text.text, _span(text, QUOTE)),
        relation="misquotes",
        note="Quoted without its qualifier.",
        colour=Colour.PINK,
        link=link,
    )
    layer.set_notes([note], [pair])
    yield view, layer, note, pair
    view.panes[0].page_view.close_renderer()


def _show_pages(qtbot: QtBot, view: CompareView) -> PageView:
    pane = view.panes[0]
    pane.page_toggle.setChecked(True)
    pages = pane.page_view
    pages.scroll_to_page(1)
    qtbot.waitUntil(lambda: pages.pixmap(1) is not None, timeout=30_000)
    return pages


def _canvas_box(pages: PageView, span: Span) -> QRectF:
    assert pages.geometry_ is not None
    (r,) = pages.geometry_.rects(span)
    return pages.to_canvas(r.page, QRectF(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0))


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(_rgb(a), _rgb(b), strict=True))


def _rgb(color: QColor) -> tuple[int, int, int]:
    return color.red(), color.green(), color.blue()


def _pixels(image: QImage, rect: QRectF) -> list[QColor]:
    return [
        QColor(image.pixel(x, y))
        for y in range(int(rect.top()), int(rect.bottom()) + 1)
        for x in range(int(rect.left()), int(rect.right()) + 1)
        if 0 <= x < image.width() and 0 <= y < image.height()
    ]


def _over_paper(color: QColor) -> QColor:
    """``color`` as painted over white paper (its alpha blended in)."""
    a = color.alphaF()
    return QColor(*(round(255 * (1 - a) + c * a) for c in _rgb(color)))


def test_notes_are_painted_on_the_pages_under_the_links(
    qtbot: QtBot, noted: tuple[CompareView, NoteLayer, Annotation, PairAnnotation]
) -> None:
    view, _layer, note, pair = noted
    pdf = view.panes[0].document
    assert pdf is not None
    pages = _show_pages(qtbot, view)

    image = pages.canvas.grab().toImage()
    tinted = _over_paper(swatch(Colour.GREEN, 0.45))
    noted_box = _canvas_box(pages, _span(pdf, NOTED))
    inner = noted_box.adjusted(2, 2, -2, -2)  # edge pixels are partly covered
    paper = [c for c in _pixels(image, inner) if c.lightness() > 150]
    assert paper and sum(_close(c, tinted, 12) for c in paper) > 0.8 * len(paper)

    # The pair note's passage is underlined with a wave in the pair's colour.
    quote_box = _canvas_box(pages, _span(pdf, QUOTE))
    below = QRectF(quote_box.left(), quote_box.bottom() + 1, quote_box.width(), 5)
    pink = [c for c in _pixels(image, below) if _close(c, swatch(Colour.PINK), 60)]
    assert len(pink) > quote_box.width() / 2
    # ... and no such line under the plain note.
    below_note = QRectF(noted_box.left(), noted_box.bottom() + 1, noted_box.width(), 5)
    # (a wave is coloured: grey anti-aliased glyph edges of the next line do not count)
    assert not [
        c
        for c in _pixels(image, below_note)
        if _close(c, swatch(Colour.PINK), 60) and c.hsvSaturation() > 60
    ]

    marks = pages.highlight_rects()
    notes = [(item.span, item.color, item.underline) for _p, _r, item in marks if item.note]
    assert (note.target.span, swatch(Colour.GREEN, 0.45), None) in notes
    assert (pair.left.span, None, swatch(Colour.PINK)) in notes
    # Notes come first, so the link's tint and outline are painted over them.
    kinds = [item.note for _p, _r, item in marks]
    assert kinds == sorted(kinds, reverse=True) and False in kinds


def test_hovering_a_note_on_the_page_shows_it(
    qtbot: QtBot, noted: tuple[CompareView, NoteLayer, Annotation, PairAnnotation]
) -> None:
    view, _layer, _note, _pair = noted
    pdf = view.panes[0].document
    assert pdf is not None
    pages = _show_pages(qtbot, view)
    canvas = pages.canvas

    def tip_at(point: QPointF) -> str:
        QToolTip.hideText()  # hides after a short fade: wait, so no old text is read back
        qtbot.waitUntil(lambda: not QToolTip.isVisible())
        spot = point.toPoint()
        event = QHelpEvent(QHelpEvent.Type.ToolTip, spot, canvas.mapToGlobal(spot))
        QApplication.sendEvent(canvas, event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    noted_box = _canvas_box(pages, _span(pdf, NOTED))
    assert NOTE in tip_at(noted_box.center())
    under = pages.offset_at(noted_box.center())
    assert under is not None and _span(pdf, NOTED).start <= under < _span(pdf, NOTED).end
    quote_box = _canvas_box(pages, _span(pdf, QUOTE))
    assert tip_at(quote_box.center()).startswith("Pair note — misquotes: Quoted without")
    # Bare paper and text without a note say nothing.
    assert tip_at(QPointF(noted_box.center().x(), noted_box.bottom() + 120)) == ""
    first_words = _canvas_box(pages, _span(pdf, "Witnesses agree"))
    assert tip_at(first_words.center()) == ""

    # A click on a note selects no link; a click on the linked quote (also a pair note) does.
    view.select_link(None)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=noted_box.center().toPoint())
    assert view.selected_index(0) is None
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=quote_box.center().toPoint())
    assert view.selected_index(0) == 0


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """Page 1 typeset, page 2 a scan read by Tesseract: loaded once."""
    needs_tesseract()
    folder = tmp_path_factory.mktemp("scanned")
    typeset = [PdfText(30, 60, "A typeset first page.", size=14)]
    scan = make_scanned_pdf(folder / "mixed.pdf", [typeset, english_page()], text_pages=[0])
    source = read_source(scan.path, max_bytes=MAX_BINARY_BYTES)
    return load_pdf(source, ocr=OcrSettings(cache_path=folder / "ocr.sqlite3"))


def test_pages_read_by_ocr_carry_a_badge(qtbot: QtBot, scanned: Document) -> None:
    assert scanned.ocr_pages == {1}
    pages = PageView()
    qtbot.addWidget(pages)
    pages.resize(500, 900)
    pages.show()
    pages.set_document(scanned)
    try:
        qtbot.waitUntil(
            lambda: pages.pixmap(0) is not None and pages.pixmap(1) is not None, timeout=30_000
        )
        assert pages.ocr_badge_rect(0) is None
        badge = pages.ocr_badge_rect(1)
        assert badge is not None
        page = pages.page_rect(1)
        assert page.contains(badge)  # in the page's top right corner
        assert badge.right() > page.center().x() and badge.bottom() < page.center().y()

        image = pages.canvas.grab().toImage()
        amber = QColor(200, 160, 40)
        inside = _pixels(image, QRectF(badge))
        assert sum(_close(c, amber) for c in inside) > 0.5 * len(inside)
        assert any(c.lightness() < 100 for c in inside)  # the word "OCR" on it
        same_corner = QRectF(badge).translated(0, pages.page_rect(0).top() - page.top())
        assert not [c for c in _pixels(image, same_corner) if _close(c, amber)]

        spot = badge.center()
        event = QHelpEvent(QHelpEvent.Type.ToolTip, spot, pages.canvas.mapToGlobal(spot))
        QApplication.sendEvent(pages.canvas, event)
        assert QToolTip.text() == ocr_notice([1])
    finally:
        pages.close_renderer()
