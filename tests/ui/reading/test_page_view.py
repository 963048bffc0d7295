"""The rendered page view: pixmaps of real pages, link rectangles where the glyphs are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop_app.core.documents import load
from desktop_app.core.model import Alignment, Document, Link, LinkKind, Span
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.reading.compare_view import CompareView
from desktop_app.ui.reading.page_view import PageView
from tests.helpers.factories import PdfText, make_pdf, make_text

QUOTE = "the harbour lights were never lit again"


@pytest.fixture
def pdf_doc(tmp_path: Path) -> Document:
    pages = [
        [PdfText(72, 120, "The first page only sets the scene\nfor what comes after it.")],
        [
            PdfText(72, 120, "A paragraph that leads nowhere in particular\nand stops."),
            PdfText(72, 400, f"Witnesses agree that {QUOTE}\nafter the storm of that winter."),
        ],
    ]
    return load(make_pdf(tmp_path / "report.pdf", pages, user_password="pw"), password="pw")


@pytest.fixture
def compare(qtbot: QtBot, pdf_doc: Document, tmp_path: Path) -> Iterator[CompareView]:
    view = CompareView(Theme(QApplication.palette()))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    other = load(make_text(tmp_path / "notes.txt", f"Everyone says {QUOTE}, or so we hear.\n"))
    view.set_document(0, pdf_doc)
    view.set_document(1, other)
    left = pdf_doc.text.index(QUOTE)
    right = other.text.index(QUOTE)
    link = Link(LinkKind.QUOTE, Span(left, left + len(QUOTE)), Span(right, right + len(QUOTE)), 95)
    view.set_alignment(0, Alignment((link,)))
    yield view
    view.panes[0].page_view.close_renderer()


def _quote_span(doc: Document) -> Span:
    start = doc.text.index(QUOTE)
    return Span(start, start + len(QUOTE))


def _ink(image: QImage, rect: QRectF) -> int:
    """Dark pixels inside ``rect`` of ``image``."""
    dark = 0
    for y in range(int(rect.top()), int(rect.bottom())):
        for x in range(int(rect.left()), int(rect.right()), 2):
            if QColor(image.pixel(x, y)).lightness() < 128:
                dark += 1
    return dark


def _show_pages(qtbot: QtBot, view: CompareView, centre: Span | None = None) -> PageView:
    pane = view.panes[0]
    pane.page_toggle.setChecked(True)
    assert pane.showing_pages
    pages = pane.page_view
    if centre is not None:
        assert pages.center_on(centre)
    qtbot.waitUntil(lambda: pages.pixmap(1) is not None, timeout=30_000)
    return pages


def test_page_view_draws_the_page_and_the_quote_rectangle(
    qtbot: QtBot, compare: CompareView, pdf_doc: Document
) -> None:
    compare.select_link(0)
    pages = _show_pages(qtbot, compare)
    assert pdf_doc.geometry is not None
    (glyphs,) = pdf_doc.geometry.rects(_quote_span(pdf_doc))
    assert glyphs.page == 1

    # The picture is the page at the view's zoom, and has ink exactly where the quote is.
    pixmap = pages.pixmap(1)
    assert pixmap is not None
    zoom = pages.zoom
    assert abs(pixmap.width() - 595 * zoom) <= 1 and abs(pixmap.height() - 842 * zoom) <= 1
    image = pixmap.toImage()
    scaled = QRectF(
        glyphs.x0 * zoom,
        glyphs.y0 * zoom,
        (glyphs.x1 - glyphs.x0) * zoom,
        (glyphs.y1 - glyphs.y0) * zoom,
    )
    assert _ink(image, scaled) > 50
    assert _ink(image, scaled.translated(0, 150 * zoom)) == 0  # blank paper below

    # The highlight is that rectangle, selected, placed on page 2 of the canvas.
    marks = [(page, rect) for page, rect, item in pages.highlight_rects() if item.selected]
    assert marks == [
        (1, QRectF(glyphs.x0, glyphs.y0, glyphs.x1 - glyphs.x0, glyphs.y1 - glyphs.y0))
    ]
    on_canvas = pages.to_canvas(1, marks[0][1])
    top_left = pages.page_rect(1).topLeft()
    assert on_canvas.left() == pytest.approx(top_left.x() + glyphs.x0 * zoom)
    assert on_canvas.top() == pytest.approx(top_left.y() + glyphs.y0 * zoom)
    assert on_canvas.width() == pytest.approx((glyphs.x1 - glyphs.x0) * zoom)

    # Selecting a link centres it: the quote is on screen.
    viewport_top = pages.verticalScrollBar().value()
    assert viewport_top < on_canvas.center().y() < viewport_top + pages.viewport().height()


def test_zoom_keys_scale_pages_and_rectangles(
    qtbot: QtBot, compare: CompareView, pdf_doc: Document
) -> None:
    compare.select_link(0)
    pages = _show_pages(qtbot, compare)
    before = pages.zoom
    page_before = pages.page_rect(1)
    pages.setFocus()
    qtbot.keyClick(pages, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom == pytest.approx(before * 1.25)
    assert pages.page_rect(1).width() == round(595 * pages.zoom)
    assert pages.page_rect(1).height() > page_before.height()
    qtbot.waitUntil(lambda: pages.pixmap(1) is not None, timeout=30_000)
    pixmap = pages.pixmap(1)
    assert pixmap is not None and abs(pixmap.width() - 595 * pages.zoom) <= 1
    qtbot.keyClick(pages, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pages, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom == pytest.approx(before / 1.25)
    qtbot.keyClick(pages, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pages.fit_width
    assert pages.page_rect(1).width() <= pages.viewport().width()


def test_clicking_a_rectangle_selects_the_link_and_toggling_keeps_it(
    qtbot: QtBot, compare: CompareView, pdf_doc: Document
) -> None:
    pane = compare.panes[0]
    pages = _show_pages(qtbot, compare, centre=_quote_span(pdf_doc))
    assert compare.selected_index(0) is None
    (page, rect, _item) = pages.highlight_rects()[0]
    center = pages.to_canvas(page, rect).center().toPoint()
    qtbot.mouseClick(pages.canvas, Qt.MouseButton.LeftButton, pos=center)
    assert compare.selected_index(0) == 0
    assert [item.selected for _p, _r, item in pages.highlight_rects()] == [True]

    # A click on bare paper selects nothing new.
    qtbot.mouseClick(pages.canvas, Qt.MouseButton.LeftButton, pos=QPoint(center.x(), 2))
    assert compare.selected_index(0) == 0

    pane.page_toggle.setChecked(False)
    assert not pane.showing_pages
    assert compare.selected_index(0) == 0
    assert pane.is_visible(_quote_span(pdf_doc))
    assert [h.span for h in pane.highlights("selected")] == [_quote_span(pdf_doc)]

    pane.page_toggle.setChecked(True)
    assert compare.selected_index(0) == 0
    assert [item.selected for _p, _r, item in pages.highlight_rects()] == [True]
    box = pages.to_canvas(page, rect)
    top = pages.verticalScrollBar().value()
    assert top < box.center().y() < top + pages.viewport().height()


def test_only_visible_pages_are_rendered(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "many.pdf", [[PdfText(72, 300, f"Page {i}.")] for i in range(30)])
    doc = load(path)
    view = PageView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    view.set_document(doc)
    try:
        qtbot.waitUntil(lambda: view.pixmap(0) is not None, timeout=30_000)
        assert view.visible_pages() == [0]
        assert [p for p in range(30) if view.pixmap(p) is not None] == [0]
        view.scroll_to_page(20)
        qtbot.waitUntil(lambda: view.pixmap(20) is not None, timeout=30_000)
        assert view.pixmap(5) is None and view.pixmap(10) is None
    finally:
        view.close_renderer()
