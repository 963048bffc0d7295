"""The rendered pages of a PDF, with the same link and note highlights as the text, as rectangles.

Pages are drawn by a ``PageRenderer`` worker process (pymupdf never runs in the
GUI process's threads, and a page that hangs the renderer is killed), only when
they scroll into view; answers arrive on the worker's pipe, watched by a socket
notifier, so the GUI thread never waits. A small LRU keeps the pixmaps of the
pages seen last: memory stays bounded however long the document.

It answers the same questions as the text view (which offsets are on screen,
at what height a span sits, scroll an offset to a height) through ``PageLines``,
so the link map and linked scrolling follow whichever view is shown.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from desktop_app.core.documents.ocr import ocr_notice
from desktop_app.core.documents.pdf_geometry import PdfGeometry
from desktop_app.core.documents.pdf_worker import PageRenderer
from desktop_app.core.model import Document, PageRect, Span
from desktop_app.ui.reading.page_lines import PageLines

if TYPE_CHECKING:  # pdf_extract brings pymupdf, which this process need not load
    from desktop_app.core.documents.pdf_extract import RenderedPage

PAGE_GAP = 12  # pixels between pages and around them
CACHE_PAGES = 12  # rendered pages kept in memory
MAX_IN_FLIGHT = 3  # render requests sent ahead of answers
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
ZOOM_STEP = 1.25
_ZOOM_KEYS = {Qt.Key.Key_Equal: 1, Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_0: 0}


def _zoom_steps(event: QKeyEvent) -> int | None:
    """Ctrl + / Ctrl - / Ctrl 0 as zoom steps (0: fit the width), else None."""
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return None
    return _ZOOM_KEYS.get(Qt.Key(event.key()))


BADGE_MARGIN = 6  # pixels between an OCR badge and its page's corner
_BADGE_FILL = QColor(200, 160, 40, 230)  # the amber of the text view's OCR tint, opaque
_WAVE = 2.0  # half-height of a pair note's wavy underline, pixels


@dataclass(frozen=True, slots=True)
class PageHighlight:
    """A span to mark on the pages: a tint, an outline if ``selected``, a wavy underline.

    Notes (``note``) are painted under the links and never answer a click: a click
    on the page selects a link, as in the text.
    """

    span: Span
    color: QColor | None
    selected: bool = False
    underline: QColor | None = None
    note: bool = False


class PageCanvas(QWidget):
    """All pages stacked vertically at one zoom; paints only what is exposed."""

    #: the user clicked a highlight: the document offset of its span's start
    offset_requested = Signal(int)

    def __init__(self, view: PageView) -> None:
        super().__init__(view)
        self._view = view
        self.setMouseTracking(False)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
        self._view.paint_pages(painter, event.rect())
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        offset = self._view.highlight_at(event.position())
        if offset is not None:
            self.offset_requested.emit(offset)
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self._view.tooltip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class PageView(QScrollArea):
    """A scrollable column of rendered PDF pages with link rectangles and zoom."""

    #: the user clicked a highlighted passage (document offset)
    offset_requested = Signal(int)
    #: the zoom factor changed (1.0 = 72 dpi)
    zoom_changed = Signal(float)
    #: a page was drawn (page index), for tests and status displays
    page_rendered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.geometry_: PdfGeometry | None = None
        self.lines: PageLines | None = None
        self.zoom = 1.0
        self.fit_width = True
        self.errors: dict[int, str] = {}
        self._renderer: PageRenderer | None = None
        self._notifier: QSocketNotifier | None = None
        self._cache: OrderedDict[tuple[int, float], QPixmap] = OrderedDict()
        self._requested: set[tuple[int, float]] = set()
        self._tops: list[int] = []  # y of each page's top edge at the current zoom
        self._highlights: list[PageHighlight] = []
        self._rects: list[tuple[int, QRectF, PageHighlight]] = []  # page, rect in points
        self.canvas = PageCanvas(self)
        self.canvas.offset_requested.connect(self.offset_requested)
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._request_visible())
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(500)
        self._watchdog.timeout.connect(self._on_watchdog)

    def zoom_step(self, steps: int) -> None:
        """Zoom in (``steps`` > 0) or out by ``ZOOM_STEP`` a step; 0 fits the page width."""
        if steps == 0:
            self.zoom_to_width()
        else:
            self.set_zoom(self.zoom * ZOOM_STEP**steps)

    def event(self, event: QEvent) -> bool:
        # Ctrl +/-/0 zoom the pages while they have the focus, before the window's "Larger
        # Text" actions on the same keys see them (the pages' own zoom wins here).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _zoom_steps(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        steps = _zoom_steps(event)
        if steps is None:
            super().keyPressEvent(event)
            return
        self.zoom_step(steps)
        event.accept()

    # -- document -------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Show ``document``'s pages (a PDF loaded with geometry), or nothing."""
        self.close_renderer()
        self.document = document
        geometry = document.geometry if document is not None else None
        self.geometry_ = geometry if isinstance(geometry, PdfGeometry) else None
        self.lines = None
        if document is not None and self.geometry_ is not None:
            pages = len(self.geometry_.page_sizes)
            self.lines = PageLines(self.geometry_, len(document.text), pages)
        self._cache.clear()
        self._requested.clear()
        self.errors.clear()
        self._highlights = []
        self._rects = []
        if self.geometry_ is not None and self.geometry_.source is not None:
            self._renderer = PageRenderer(self.geometry_.source)
        self._relayout()

    def close_renderer(self) -> None:
        """Stop the render worker (the view can be shown again later)."""
        self._watchdog.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None

    @property
    def page_count(self) -> int:
        return len(self.geometry_.page_sizes) if self.geometry_ is not None else 0

    def page_size(self, page: int) -> tuple[float, float]:
        """A page's size in points (a neighbour's if unknown)."""
        assert self.geometry_ is not None
        sizes = self.geometry_.page_sizes
        return sizes[page] if 0 <= page < len(sizes) else (595.0, 842.0)

    # -- zoom and layout ------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1.0 = 72 dpi), keeping the page in the middle of the view."""
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.fit_width = False
        self._apply_zoom(zoom)

    def zoom_to_width(self) -> None:
        """Fit the widest page to the viewport's width (and keep fitting on resize)."""
        self.fit_width = True
        self._apply_zoom(self._width_zoom())

    def _width_zoom(self) -> float:
        if not self.page_count:
            return 1.0
        widest = max(w for w, _h in self.geometry_.page_sizes) if self.geometry_ else 595.0
        available = self.viewport().width() - 2 * PAGE_GAP
        return max(MIN_ZOOM, min(MAX_ZOOM, available / max(1.0, widest)))

    def _apply_zoom(self, zoom: float) -> None:
        if abs(zoom - self.zoom) < 1e-6 and self._tops:
            return
        bar = self.verticalScrollBar()
        fraction = bar.value() / max(1, bar.maximum()) if bar.maximum() else 0.0
        self.zoom = zoom
        self._requested.clear()
        self._relayout()
        bar.setValue(round(fraction * bar.maximum()))
        self.zoom_changed.emit(zoom)

    def _relayout(self) -> None:
        if self.fit_width:
            self.zoom = self._width_zoom()
        self._tops = []
        y = PAGE_GAP
        width = 0
        for page in range(self.page_count):
            w, h = self.page_size(page)
            self._tops.append(y)
            y += round(h * self.zoom) + PAGE_GAP
            width = max(width, round(w * self.zoom))
        self.canvas.resize(width + 2 * PAGE_GAP, y if self._tops else 0)
        self.canvas.update()
        QTimer.singleShot(0, self, self._request_visible)

    def page_rect(self, page: int) -> QRect:
        """Where ``page`` sits on the canvas, in pixels."""
        w, h = self.page_size(page)
        width = round(w * self.zoom)
        left = (self.canvas.width() - width) // 2
        return QRect(left, self._tops[page], width, round(h * self.zoom))

    def to_canvas(self, page: int, rect: QRectF) -> QRectF:
        """A rectangle in page points -> canvas pixels at the current zoom."""
        origin = self.page_rect(page).topLeft()
        z = self.zoom
        return QRectF(
            origin.x() + rect.x() * z,
            origin.y() + rect.y() * z,
            rect.width() * z,
            rect.height() * z,
        )

    def visible_pages(self) -> list[int]:
        """Pages that intersect the viewport now."""
        if not self._tops:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [
            p
            for p in range(self.page_count)
            if self._tops[p] < bottom and self.page_rect(p).bottom() >= top
        ]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.fit_width and self.page_count:
            self._apply_zoom(self._width_zoom())
        else:
            self._request_visible()

    # -- rendering ------------------------------------------------------------------

    def _key(self, page: int) -> tuple[int, float]:
        return (page, round(self.zoom * self.devicePixelRatioF(), 3))

    def pixmap(self, page: int) -> QPixmap | None:
        """The cached picture of ``page`` at the current zoom, if drawn."""
        return self._cache.get(self._key(page))

    def _request_visible(self) -> None:
        if self._renderer is None or not self.isVisible():
            return
        for page in self.visible_pages():
            key = self._key(page)
            if key in self._cache or key in self._requested or page in self.errors:
                continue
            if self._renderer.pending >= MAX_IN_FLIGHT:
                break
            self._renderer.request(page, key[1])
            self._requested.add(key)
        if self._renderer.pending and self._notifier is None:
            self._notifier = QSocketNotifier(
                self._renderer.fileno(), QSocketNotifier.Type.Read, self
            )
            self._notifier.activated.connect(self._on_answer)
        if self._renderer.pending:
            self._watchdog.start()

    def _on_answer(self) -> None:
        renderer = self._renderer
        if renderer is None:
            return
        while renderer.poll():
            answer = renderer.receive()
            if isinstance(answer, tuple):  # (page, why it could not be drawn)
                self._drop_notifier()
                self.errors[answer[0]] = answer[1]
                self.canvas.update()
                break
            if answer is not None:
                self._store(answer)
        if not renderer.pending:
            self._watchdog.stop()
        self._request_visible()

    def _store(self, answer: RenderedPage) -> None:
        key = (answer.number, answer.zoom)
        self._requested.discard(key)
        image = QImage(
            answer.samples, answer.width, answer.height, answer.stride, QImage.Format.Format_RGB888
        ).copy()  # own the pixels: the bytes object goes away
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self._cache[key] = pixmap
        self._cache.move_to_end(key)
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        if answer.number < self.page_count:
            self.canvas.update(self.page_rect(answer.number))
        self.page_rendered.emit(answer.number)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _on_watchdog(self) -> None:
        renderer = self._renderer
        if renderer is None or not renderer.pending:
            self._watchdog.stop()
            return
        if renderer.expired:
            self._drop_notifier()
            dropped = renderer.restart()
            if dropped:
                self.errors[dropped[0]] = "time limit"
            self._requested.clear()
            self.canvas.update()
            self._request_visible()

    # -- painting -------------------------------------------------------------------

    def paint_pages(self, painter: QPainter, exposed: QRect) -> None:
        """Draw the pages (or placeholders) and highlights intersecting ``exposed``."""
        paper = QColor("white")
        for page in range(self.page_count):
            rect = self.page_rect(page)
            if not rect.intersects(exposed):
                continue
            pixmap = self.pixmap(page)
            if pixmap is not None:
                painter.drawPixmap(rect, pixmap)
            else:
                painter.fillRect(rect, paper)
                painter.setPen(QColor(120, 120, 120))
                label = f"Page {page + 1}: {self.errors[page]}" if page in self.errors else ""
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label or f"Page {page + 1}…")
            painter.setPen(QPen(QColor(0, 0, 0, 60)))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            badge = self.ocr_badge_rect(page)
            if badge is not None:
                self._paint_badge(painter, badge)
        clip = QRectF(exposed)
        for page, rect_points, item in self._rects:
            if page >= self.page_count:
                continue
            box = self.to_canvas(page, rect_points)
            if not box.adjusted(0, 0, 0, 2 * _WAVE + 1).intersects(clip):
                continue
            if item.color is not None:
                fill = QColor(item.color)
                fill.setAlphaF(min(fill.alphaF(), 0.45))
                painter.fillRect(box, fill)
            if item.underline is not None:
                _paint_wave(painter, box, item.underline)
            if item.selected and item.color is not None:
                outline = QColor(item.color)
                outline.setAlphaF(1.0)
                painter.setPen(QPen(outline, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(box)

    def ocr_badge_rect(self, page: int) -> QRect | None:
        """Where the "OCR" badge of ``page`` sits on the canvas (None: not read by OCR)."""
        if self.document is None or page not in self.document.ocr_pages:
            return None
        metrics = self.canvas.fontMetrics()
        width = metrics.horizontalAdvance("OCR") + 10
        height = metrics.height() + 4
        corner = self.page_rect(page).topRight()
        return QRect(corner.x() - BADGE_MARGIN - width, corner.y() + BADGE_MARGIN, width, height)

    def _paint_badge(self, painter: QPainter, badge: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_BADGE_FILL)
        painter.drawRoundedRect(QRectF(badge), 3, 3)
        painter.setPen(QColor(40, 30, 0))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "OCR")
        painter.restore()

    def tooltip_at(self, point: QPointF) -> str:
        """What hovering a canvas point says: an OCR badge explains itself ("" elsewhere)."""
        for page in self.visible_pages():
            badge = self.ocr_badge_rect(page)
            if badge is not None and QRectF(badge).contains(point):
                return ocr_notice([page])
        return ""

    # -- highlights and navigation ---------------------------------------------------

    def set_highlights(self, items: list[PageHighlight]) -> None:
        """Mark these spans on the pages (replacing the previous marks).

        Painted in the order given (notes first, so links tint over them), the
        selected ones last so their outline stays on top.
        """
        self._highlights = list(items)
        self._rects = []
        if self.geometry_ is not None:
            for item in sorted(items, key=lambda h: h.selected):
                for r in self.geometry_.rects(item.span):
                    self._rects.append((r.page, _points(r), item))
        self.canvas.update()

    def highlight_rects(self) -> list[tuple[int, QRectF, PageHighlight]]:
        """(page, rectangle in points, highlight) of every mark, selected ones last."""
        return list(self._rects)

    def highlight_at(self, point: QPointF) -> int | None:
        """The span start of the (smallest, selected first) highlight under a canvas point."""
        hits = [
            (not item.selected, len(item.span), item.span.start)
            for page, rect, item in self._rects
            if not item.note
            and page < self.page_count
            and self.to_canvas(page, rect).contains(point)
        ]
        return min(hits)[2] if hits else None

    def center_on(self, span: Span) -> bool:
        """Scroll ``span`` to the middle (its top if taller), as the text view does.

        False if the span has no rectangle to show (no page view, no text there).
        """
        rects = self._span_rects(span)
        if not rects:
            return False
        top, bottom = self.rows(span)
        height = self.viewport().height()
        middle = (top + bottom) // 2 if bottom - top < height * 0.8 else top + height // 3
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + middle - height // 2)
        page, first = rects[0]
        horizontal = self.horizontalScrollBar()
        horizontal.setValue(round(self.to_canvas(page, first).x() - self.viewport().width() / 3))
        return True

    # -- the reading-view interface (shared with the text view) ----------------------

    def _canvas_top(self) -> int:
        """The canvas's y in viewport coordinates (minus the scroll, or 0 when it fits)."""
        return int(self.canvas.y())

    def _page_at_y(self, y: int) -> int | None:
        """The page at canvas height ``y`` or the first one below it (None: past the end)."""
        for page in range(len(self._tops)):
            if self.page_rect(page).bottom() >= y:
                return page
        return None

    def offset_at_y(self, y: int) -> int:
        """The document offset at viewport height ``y``: the line there, else the next one."""
        if self.lines is None or self.document is None:
            return 0
        canvas_y = y - self._canvas_top()
        page = self._page_at_y(canvas_y)
        while page is not None and page < self.page_count:
            points = (canvas_y - self._tops[page]) / self.zoom
            line = self.lines.line_at(page, points)
            if line is not None:
                return line.span.start
            page, canvas_y = page + 1, -(10**9)  # the first line of a later page
        return len(self.document.text)

    def visible_range(self) -> tuple[int, int]:
        """Document offsets from the first to past the last line fragment on screen."""
        if self.lines is None:
            return (0, 0)
        top = -self._canvas_top()
        bottom = top + self.viewport().height()
        first: int | None = None
        last = 0
        for page in self.visible_pages():
            for fragment in self.lines.fragments(page):
                box = self.to_canvas(page, _points(fragment.rect))
                if box.bottom() >= top and box.top() <= bottom:
                    first = (
                        fragment.span.start if first is None else min(first, fragment.span.start)
                    )
                    last = max(last, fragment.span.end)
        if first is None:
            here = self.offset_at_y(0)
            return (here, here)
        return (first, last)

    def rows(self, span: Span) -> tuple[int, int]:
        """Viewport y of the top of ``span``'s rectangles and the bottom of them."""
        rects = self._span_rects(span)
        if not rects:
            return (0, 2)
        boxes = [self.to_canvas(page, rect) for page, rect in rects]
        top = min(b.top() for b in boxes) + self._canvas_top()
        bottom = max(b.bottom() for b in boxes) + self._canvas_top()
        return round(top), max(round(top) + 2, round(bottom))

    def _span_rects(self, span: Span) -> list[tuple[int, QRectF]]:
        """The span's rectangles; an empty span (or one of separators) gets its line's."""
        if self.geometry_ is None or self.document is None:
            return []
        found = self.geometry_.rects(span)
        if not found:
            end = len(self.document.text)
            ahead = self.geometry_.rects(Span(min(span.start, end), min(end, span.start + 64)))
            behind = self.geometry_.rects(Span(max(0, span.start - 64), min(span.start, end)))
            found = ahead[:1] or behind[-1:]
        return [(r.page, _points(r)) for r in found if r.page < self.page_count]

    def scroll_to_y(self, offset: int, y: int) -> None:
        """Scroll so that document ``offset`` sits at viewport height ``y``."""
        top, _bottom = self.rows(Span(offset, offset))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - y)

    def offset_at(self, point: QPointF) -> int | None:
        """The offset of the character under a canvas point (None: not on text)."""
        if self.lines is None:
            return None
        for page in self.visible_pages():
            rect = self.page_rect(page)
            if not QRectF(rect).contains(point):
                continue
            x = (point.x() - rect.x()) / self.zoom
            y = (point.y() - rect.y()) / self.zoom
            fragment = self.lines.fragment_at(page, x, y)
            return None if fragment is None else self.lines.offset_in(fragment, x)
        return None

    def scroll_to_page(self, page: int) -> None:
        """Put the top of ``page`` at the top of the view."""
        if 0 <= page < len(self._tops):
            self.verticalScrollBar().setValue(self._tops[page] - PAGE_GAP)

    def top_page(self) -> int:
        """The page at the top of the view."""
        visible = self.visible_pages()
        return visible[0] if visible else 0

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)  # type: ignore[arg-type]
        if self.fit_width and self.page_count:
            self._apply_zoom(self._width_zoom())
        QTimer.singleShot(0, self, self._request_visible)


def _points(rect: PageRect) -> QRectF:
    return QRectF(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0)


def _paint_wave(painter: QPainter, box: QRectF, color: QColor) -> None:
    """A wavy line under ``box``, as the text view underlines a pair note's passage."""
    path = QPainterPath(QPointF(box.left(), box.bottom() + _WAVE))
    x, up = box.left(), True
    while x < box.right():
        step = min(2 * _WAVE, box.right() - x)
        path.lineTo(QPointF(x + step, box.bottom() + (0.0 if up else 2 * _WAVE)))
        x, up = x + step, not up
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(color, 1.2))
    painter.drawPath(path)
    painter.restore()
