"""The rendered pages of a PDF, with the same link highlights as the text, as rectangles.

Pages are drawn by a ``PageRenderer`` worker process (pymupdf never runs in the
GUI process's threads, and a page that hangs the renderer is killed), only when
they scroll into view; answers arrive on the worker's pipe, watched by a socket
notifier, so the GUI thread never waits. A small LRU keeps the pixmaps of the
pages seen last: memory stays bounded however long the document.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QScrollArea, QWidget

from desktop_app.core.documents.pdf import PdfGeometry
from desktop_app.core.documents.pdf_extract import RenderedPage
from desktop_app.core.documents.pdf_worker import PageRenderer
from desktop_app.core.model import Document, Span

PAGE_GAP = 12  # pixels between pages and around them
CACHE_PAGES = 12  # rendered pages kept in memory
MAX_IN_FLIGHT = 3  # render requests sent ahead of answers
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
ZOOM_STEP = 1.25


@dataclass(frozen=True, slots=True)
class PageHighlight:
    """A span to mark on the pages with a colour; ``selected`` ones get an outline."""

    span: Span
    color: QColor
    selected: bool = False


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
        for keys, slot in (
            (("Ctrl+=", "Ctrl++"), lambda: self.set_zoom(self.zoom * ZOOM_STEP)),
            (("Ctrl+-",), lambda: self.set_zoom(self.zoom / ZOOM_STEP)),
            (("Ctrl+0",), self.zoom_to_width),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

    # -- document -------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Show ``document``'s pages (a PDF loaded with geometry), or nothing."""
        self.close_renderer()
        self.document = document
        geometry = document.geometry if document is not None else None
        self.geometry_ = geometry if isinstance(geometry, PdfGeometry) else None
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
            if isinstance(answer, RenderedPage):
                self._store(answer)
            elif answer is not None:
                self._drop_notifier()
                self.errors[answer[0]] = answer[1]
                self.canvas.update()
                break
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
        for page, rect_points, item in self._rects:
            if page >= self.page_count:
                continue
            box = self.to_canvas(page, rect_points)
            if not box.intersects(QRectF(exposed)):
                continue
            fill = QColor(item.color)
            fill.setAlphaF(min(fill.alphaF(), 0.45))
            painter.fillRect(box, fill)
            if item.selected:
                outline = QColor(item.color)
                outline.setAlphaF(1.0)
                painter.setPen(QPen(outline, 1.5))
                painter.drawRect(box)

    # -- highlights and navigation ---------------------------------------------------

    def set_highlights(self, items: list[PageHighlight]) -> None:
        """Mark these spans on the pages (replacing the previous marks)."""
        self._highlights = list(items)
        self._rects = []
        if self.geometry_ is not None:
            for item in sorted(items, key=lambda h: h.selected):  # selected ones on top
                for r in self.geometry_.rects(item.span):
                    self._rects.append((r.page, QRectF(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0), item))
        self.canvas.update()

    def highlight_rects(self) -> list[tuple[int, QRectF, PageHighlight]]:
        """(page, rectangle in points, highlight) of every mark, selected ones last."""
        return list(self._rects)

    def highlight_at(self, point: QPointF) -> int | None:
        """The span start of the (smallest, selected first) highlight under a canvas point."""
        hits = [
            (not item.selected, len(item.span), item.span.start)
            for page, rect, item in self._rects
            if page < self.page_count and self.to_canvas(page, rect).contains(point)
        ]
        return min(hits)[2] if hits else None

    def center_on(self, span: Span) -> bool:
        """Scroll so ``span``'s first rectangle is in the middle; False if it has none."""
        if self.geometry_ is None:
            return False
        rects = self.geometry_.rects(span)
        if not rects or rects[0].page >= self.page_count:
            return False
        first = rects[0]
        box = self.to_canvas(first.page, QRectF(first.x0, first.y0, 0, first.y1 - first.y0))
        bar = self.verticalScrollBar()
        bar.setValue(round(box.center().y() - self.viewport().height() / 2))
        horizontal = self.horizontalScrollBar()
        horizontal.setValue(round(box.x() - self.viewport().width() / 3))
        return True

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
