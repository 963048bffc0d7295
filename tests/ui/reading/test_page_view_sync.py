"""The link map and linked scrolling follow the rendered pages when a pane shows them.

A real four-page PDF (loaded by the real loader, rendered by the real worker)
on the left, a text document on the right, one link per paragraph.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.documents import load
from desktop_app.core.documents.pdf_geometry import PdfGeometry
from desktop_app.core.model import Alignment, Document, Link, LinkKind, Span
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.reading.compare_view import CompareView
from desktop_app.ui.reading.document_pane import DocumentPane
from desktop_app.ui.reading.page_lines import PageLines
from desktop_app.ui.reading.page_view import PageView
from tests.helpers.factories import make_pdf, make_text, paragraph_lines

PAGES = 4
PARAGRAPHS = 4  # per page
TOLERANCE = 3  # pixels: rounding of zoomed points and of ribbon ends


def _words(page: int, k: int) -> list[str]:
    """Three lines of a paragraph that no other paragraph shares a first line with."""
    return [
        f"Section {page}.{k} opens with its own claim about the harbour",
        f"and carries on for a while about lamps, pilots and weather {page}{k}",
        f"before it ends on a note of its own, number {page}.{k}.",
    ]


@pytest.fixture
def documents(tmp_path: Path) -> tuple[Document, Document]:
    pages = [
        [paragraph_lines(72, 90 + 180 * k, _words(p, k)) for k in range(PARAGRAPHS)]
        for p in range(PAGES)
    ]
    pdf = load(make_pdf(tmp_path / "inquiry.pdf", pages))
    # The text side is taller per paragraph (blank lines between) and starts with a preface.
    body = "\n\n".join(
        " ".join(_words(p, k)) + "\n\nA remark in between." for p in range(PAGES)
        for k in range(PARAGRAPHS)
    )  # fmt: skip
    text = load(make_text(tmp_path / "letter.txt", "A preface.\n\n" + body + "\n"))
    return pdf, text


def _links(pdf: Document, text: Document) -> tuple[Link, ...]:
    links: list[Link] = []
    for block in pdf.blocks:
        words = block.span.of(pdf.text)
        if not words.startswith("Section"):
            continue
        start = text.text.index(words[: words.index(" opens")] + " opens")
        right = Span(start, start + len(words))
        links.append(Link(LinkKind.QUOTE, block.span, right, 90.0))
    return tuple(links)


@pytest.fixture
def compare(qtbot: QtBot, documents: tuple[Document, Document]) -> Iterator[CompareView]:
    pdf, text = documents
    view = CompareView(Theme(QApplication.palette()))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_document(0, pdf)
    view.set_document(1, text)
    links = _links(pdf, text)
    assert len(links) == PAGES * PARAGRAPHS
    view.set_alignment(0, Alignment(links))
    yield view
    view.panes[0].page_view.close_renderer()


def _settle(qtbot: QtBot) -> None:
    """Let queued layout, zero-delay timers and repaints run."""
    qtbot.wait(50)


def _show_pages(qtbot: QtBot, compare: CompareView) -> PageView:
    pane = compare.panes[0]
    pane.page_toggle.setChecked(True)
    assert pane.showing_pages
    _settle(qtbot)
    return pane.page_view


def _global_y(widget: QWidget, y: float) -> int:
    return int(widget.mapToGlobal(QPoint(0, round(y))).y())


def _rect_tops(pages: PageView, span: Span) -> list[int]:
    """Global y of the top of each of ``span``'s rectangles as painted on the pages."""
    assert pages.geometry_ is not None
    tops = []
    for r in pages.geometry_.rects(span):
        box = pages.to_canvas(r.page, QRectF(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0))
        tops.append(_global_y(pages.canvas, box.top()))
    return tops


def _on_screen(pane: DocumentPane, span: Span) -> bool:
    top, bottom = pane.rows(span)
    return bottom > 0 and top < pane.viewport_height()


def test_ribbons_start_at_the_page_rectangles(qtbot: QtBot, compare: CompareView) -> None:
    pages = _show_pages(qtbot, compare)
    link_map = compare.maps[0]
    left_pane = compare.panes[0]
    pages.scroll_to_page(2)
    _settle(qtbot)
    links = compare.shown_links(0)

    ribbons = link_map.ribbons()
    assert ribbons
    drawn = {r.index for r in ribbons}
    # Every link whose rectangles are on screen has a ribbon, and none on pages off screen.
    visible = {i for i, link in enumerate(links) if _on_screen(left_pane, link.left)}
    assert visible and visible <= drawn
    shown_pages = set(pages.visible_pages())
    assert pages.geometry_ is not None
    for ribbon in ribbons:
        link = links[ribbon.index]
        pages_of_link = {r.page for r in pages.geometry_.rects(link.left)}
        right_visible = _on_screen(compare.panes[1], link.right)
        assert pages_of_link & shown_pages or right_visible

    for index in visible:
        ribbon = next(r for r in ribbons if r.index == index)
        start = ribbon.path.elementAt(0)  # the ribbon's top-left corner, at the band's edge
        assert start.x == 0.0
        top = min(_rect_tops(pages, links[index].left))
        assert abs(_global_y(link_map, start.y) - top) <= TOLERANCE
        assert left_pane.rows(links[index].left)[0] == pytest.approx(
            top - _global_y(pages.viewport(), 0), abs=TOLERANCE
        )

    # The leaders run across the margin beside the pages, not over a hidden text view.
    leader = link_map.leaders[0]
    assert leader.isVisible()
    page_right = pages.canvas.mapToGlobal(pages.page_rect(2).topRight()).x()
    assert leader.mapToGlobal(QPoint(0, 0)).x() >= page_right - TOLERANCE
    assert leader.mapToGlobal(QPoint(0, 0)).y() == pages.viewport().mapToGlobal(QPoint(0, 0)).y()


def test_scrolling_the_pages_scrolls_the_partner_and_back(
    qtbot: QtBot, compare: CompareView
) -> None:
    pages = _show_pages(qtbot, compare)
    left, right = compare.panes
    links = compare.shown_links(0)
    right_start = right.visible_range()[0]

    pages.scroll_to_page(3)
    _settle(qtbot)
    link = _link_at_middle(left, links, right_side=False)
    assert left.page_view.geometry_ is not None
    assert left.page_view.geometry_.page_of(link.left.start) in (2, 3)
    assert right.visible_range()[0] > right_start
    assert _on_screen(right, link.right)  # the partner paragraph came along
    # ... at the height of its left side (the sync puts partners level).
    left_top = _global_y(left.reading_viewport(), left.rows(link.left)[0])
    right_top = _global_y(right.reading_viewport(), right.rows(link.right)[0])
    assert abs(left_top - right_top) < left.viewport_height() // 2

    # Scrolling the text back to its top brings the pages back to the first page, and the
    # paragraph in the middle of the text has its rectangles on screen.
    scrolled = pages.verticalScrollBar().value()
    right.text_view.verticalScrollBar().setValue(0)
    _settle(qtbot)
    assert pages.top_page() == 0 and pages.verticalScrollBar().value() < scrolled
    link = _link_at_middle(right, links, right_side=True)
    assert _on_screen(left, link.left)


def _link_at_middle(pane: DocumentPane, links: tuple[Link, ...], *, right_side: bool) -> Link:
    """The link at the middle of ``pane`` (or the next one down, between paragraphs)."""
    middle = pane.offset_at_y(pane.viewport_height() // 2)

    def side(link: Link) -> Span:
        return link.right if right_side else link.left

    containing = [link for link in links if side(link).start <= middle < side(link).end]
    if containing:
        return containing[0]
    return min((lk for lk in links if side(lk).start >= middle), key=lambda lk: side(lk).start)


def test_next_and_previous_link_centre_both_sides(qtbot: QtBot, compare: CompareView) -> None:
    pages = _show_pages(qtbot, compare)
    left, right = compare.panes
    links = compare.shown_links(0)
    centred = 0
    for forward, expected in ((True, 0), *[(True, i) for i in range(1, 10)], (False, 8)):
        compare.step_link(forward)
        _settle(qtbot)
        assert compare.selected_index(0) == expected
        link = links[expected]
        both = [_centred(pane, span) for pane, span in ((left, link.left), (right, link.right))]
        assert all(both), expected
        centred += both == ["middle", "middle"]
        # The selected ribbon joins the selected rectangle to the text.
        ribbon = next(r for r in compare.maps[0].ribbons() if r.index == expected)
        start = ribbon.path.elementAt(0)
        top = min(_rect_tops(pages, link.left))
        assert abs(_global_y(compare.maps[0], start.y) - top) <= TOLERANCE
    assert centred >= 5  # most links sit away from the ends: both sides truly in the middle


def _centred(pane: DocumentPane, span: Span) -> str:
    """ "middle" if ``span`` is centred, "end" if it would be but the view cannot scroll so far."""
    top, bottom = pane.rows(span)
    middle = (top + bottom) / 2
    half = pane.viewport_height() / 2
    bar = pane.reader.verticalScrollBar()
    if abs(middle - half) <= 2 * TOLERANCE:
        return "middle"
    if (middle < half and bar.value() == bar.minimum()) or (
        middle > half and bar.value() == bar.maximum()
    ):
        return "end"
    return ""


def test_a_selected_link_stays_level_after_the_pages_are_shown(
    qtbot: QtBot, compare: CompareView, documents: tuple[Document, Document]
) -> None:
    """A short quote in mid-line, its partner far from where the paragraphs would put it:
    the deferred re-sync after switching to the pages keeps the selected pair level."""
    pdf, text = documents
    phrase = "its own claim about the harbour"
    left_start = pdf.text.index(phrase, pdf.text.index("Section 1.1"))
    right_start = text.text.index(phrase, text.text.index("Section 2.2"))
    quote = Link(
        LinkKind.QUOTE,
        Span(left_start, left_start + len(phrase)),
        Span(right_start, right_start + len(phrase)),
        99.0,
    )
    links = tuple(sorted((*compare.shown_links(0), quote), key=lambda lk: lk.left))
    compare.set_alignment(0, Alignment(links))
    index = compare.shown_links(0).index(quote)
    left, right = compare.panes
    compare.select_link(index)
    _settle(qtbot)
    pages = _show_pages(qtbot, compare)
    assert compare.selected_index(0) == index
    left_top, _ = left.rows(quote.left)
    right_top, _ = right.rows(quote.right)
    assert 0 <= left_top < left.viewport_height() and pages.geometry_ is not None
    assert (
        abs(_global_y(pages.viewport(), left_top) - _global_y(right.reading_viewport(), right_top))
        <= TOLERANCE
    )


def test_line_index_finds_each_drawn_line_and_its_offsets(
    documents: tuple[Document, Document],
) -> None:
    pdf, _text = documents
    assert isinstance(pdf.geometry, PdfGeometry) and pdf.page_count == PAGES
    lines = PageLines(pdf.geometry, len(pdf.text), PAGES)
    for page in range(PAGES):
        fragments = lines.fragments(page)
        drawn = [line for k in range(PARAGRAPHS) for line in _words(page, k)]
        assert [f.span.of(pdf.text).strip() for f in fragments] == drawn
        # Spans tile the page's text; rectangles go down the page.
        assert fragments[0].span.start == lines.page_span(page).start
        assert all(a.span.end == b.span.start for a, b in itertools.pairwise(fragments))
        assert all(a.rect.y1 <= b.rect.y0 + 1 for a, b in itertools.pairwise(fragments))
        # Height -> line, point -> character.
        third = fragments[2]
        assert lines.line_at(page, (third.rect.y0 + third.rect.y1) / 2) == third
        assert lines.line_at(page, third.rect.y1 + 0.5) == fragments[3]  # between lines: next
        word = third.span.of(pdf.text).index("ends")
        box = pdf.geometry.rects(Span(third.span.start + word, third.span.start + word + 1))[0]
        middle = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        hit = lines.fragment_at(page, *middle)
        assert hit == third
        assert lines.offset_in(third, middle[0]) == third.span.start + word
