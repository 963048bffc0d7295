"""One document on screen: its text, highlights, find bar and messages.

The pane speaks in document offsets (Python str indices into ``Document.text``);
the conversion to Qt positions happens only through its ``OffsetMap``. It knows
nothing about links: the compare view hands it highlights to draw.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents.ocr import ocr_notice
from desktop_app.core.model import Document, DocumentFormat, Span
from desktop_app.ui.base.message_bar import MessageBar
from desktop_app.ui.base.offsets import OffsetMap
from desktop_app.ui.base.reading_room import Highlight, ReadingView
from desktop_app.ui.base.theme import BODY_POINT_SIZE, MAX_TEXT_WIDTH_EM, Theme
from desktop_app.ui.reading.find_bar import FindBar
from desktop_app.ui.reading.page_view import PAGE_GAP, PageHighlight, PageView
from desktop_app.ui.reading.text_builder import build_text

MAX_FIND_MATCHES = 5000
# More highlights than this, and only those near the viewport are the text view's
# selections: ten thousand notes on one text took a tenth of a second per repaint.
ALL_SELECTIONS_BELOW = 1000
NEAR_VIEW_SCREENS = 2  # the stretch given selections: this many screens each side
NEAR_VIEW_MIN_CHARS = 2000  # ...and at least this many characters each side


def ocr_spans(document: Document) -> list[Span]:
    """The text of ``document``'s OCR'd pages, one span per run of consecutive OCR'd blocks."""
    spans: list[Span] = []
    previous = False
    for block in document.blocks:
        current = block.page is not None and block.page in document.ocr_pages
        if current and previous:
            spans[-1] = spans[-1].union(block.span)
        elif current:
            spans.append(block.span)
        previous = current
    return spans


def find_all(text: str, query: str, limit: int = MAX_FIND_MATCHES) -> list[Span]:
    """Case-insensitive matches of ``query`` in ``text`` with exact offsets."""
    if not query:
        return []
    found: list[Span] = []
    for match in re.finditer(re.escape(query), text, re.IGNORECASE):
        found.append(Span(match.start(), match.end()))
        if len(found) >= limit:
            break
    return found


class TextView(QTextEdit):
    """Read-only text with a capped line length, centred, and click reporting."""

    #: the user clicked (without dragging) at this Qt position
    click_requested = Signal(int)
    #: the text was laid out further (what the viewport shows may have moved)
    laid_out = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)  # the pane takes drops
        self.viewport().setAcceptDrops(False)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._press: QPoint | None = None
        self.offsets = OffsetMap()  # set by the pane with each document
        self._visible: tuple[tuple[object, ...], tuple[int, int]] | None = None
        self._watched_layout: object = None
        self._watch_layout()

    def _watch_layout(self) -> QAbstractTextDocumentLayout:
        """The document's layout, watched: Qt lays a long text out in steps after it is
        set, and each step can move what the viewport shows without a scroll."""
        layout = self.document().documentLayout()
        if layout is not self._watched_layout:
            self._watched_layout = layout
            layout.documentSizeChanged.connect(self._on_laid_out)
        return layout

    def _on_laid_out(self) -> None:
        self._visible = None
        self.laid_out.emit()

    # -- the reading-view interface (shared with the page view) ----------------------

    def visible_range(self) -> tuple[int, int]:
        """Document offsets shown at the top and bottom of the viewport.

        Asked a dozen times per scrolled frame (highlights, link map, notes) and each
        answer costs two hit tests in the layout: kept until the scroll position, the
        viewport, the text or its layout changes.
        """
        viewport = self.viewport()
        document = self.document()
        layout = self._watch_layout()
        key = (
            self.verticalScrollBar().value(),
            self.horizontalScrollBar().value(),
            viewport.width(),
            viewport.height(),
            document.revision(),
            id(layout),
            id(self.offsets),
        )
        if self._visible is not None and self._visible[0] == key:
            return self._visible[1]
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(
            QPoint(viewport.width() - 1, viewport.height() - 1)
        ).position()
        first = self.offsets.to_doc(top)
        # While Qt still lays a long text out, the bottom corner can hit a part not laid
        # out yet and name an earlier position: never an inverted range.
        shown = first, max(first, self.offsets.to_doc(bottom) + 1)
        self._visible = (key, shown)
        return shown

    def offset_at_y(self, y: int) -> int:
        """The document offset at viewport height ``y`` (left edge of the text)."""
        return self.offsets.to_doc(self.cursorForPosition(QPoint(0, y)).position())

    def rows(self, span: Span) -> tuple[int, int]:
        """Viewport y of the top of ``span``'s first line and the bottom of its last."""
        start, end = self.offsets.pane_range(span)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        top = self.cursorRect(cursor).top()
        cursor.setPosition(max(start, end))
        bottom = self.cursorRect(cursor).bottom()
        return top, max(top + 2, bottom)

    def scroll_to_y(self, offset: int, y: int) -> None:
        """Scroll so that document ``offset`` sits at viewport height ``y``."""
        top, _ = self.rows(Span(offset, offset))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - y)

    def center_on(self, span: Span) -> bool:
        """Scroll so ``span`` is in the middle of the viewport (its top if it is taller)."""
        top, bottom = self.rows(span)
        height = self.viewport().height()
        middle = (top + bottom) // 2 if bottom - top < height * 0.8 else top + height // 3
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + middle - height // 2)
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        max_width = int(self.fontMetrics().averageCharWidth() * 2 * MAX_TEXT_WIDTH_EM)
        scrollbar = self.verticalScrollBar().sizeHint().width()
        side = max(10, (self.width() - scrollbar - max_width) // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if self._press is not None and (pos - self._press).manhattanLength() < 4:
            cursor = self.cursorForPosition(pos)
            self.click_requested.emit(cursor.position())
        self._press = None


class DocumentPane(QWidget):
    """A titled reading pane for one document (or a drop target when empty)."""

    #: a file was dropped on the pane
    open_requested = Signal(Path)
    #: the visible part of the text moved (scroll, resize, new document)
    view_changed = Signal()
    #: the user clicked the text at this document offset
    offset_requested = Signal(int)
    #: the user toggled the rendered-page view (PDFs)
    page_view_requested = Signal(bool)
    #: the pane started (True) or stopped (False) showing a preview while loading
    loading_changed = Signal(bool)

    def __init__(self, theme: Theme, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.document: Document | None = None
        self._empty_title = title
        self._layers: dict[str, list[Highlight]] = {}
        # Selections built for the highlights shown, by (layer, start, end, colours), and
        # the text document their cursors are in (``set_layers``).
        self._built: dict[tuple[object, ...], QTextEdit.ExtraSelection] = {}
        self._built_for: QTextDocument | None = None
        # The document offsets whose highlights the text view holds as selections now
        # (``_select_near_view``).
        self._window: tuple[int, int] | None = None
        self.text_points = BODY_POINT_SIZE  # the reader's text size
        self._find_matches: list[Span] = []
        self._find_current = -1
        self.setAcceptDrops(True)

        self.title = QLabel(title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.page_toggle = QToolButton(self)
        self.page_toggle.setText("Pages")
        self.page_toggle.setCheckable(True)
        self.page_toggle.setToolTip("Show the rendered PDF pages")
        self.page_toggle.hide()
        self.page_toggle.toggled.connect(self._on_page_toggled)
        self.page_toggle.toggled.connect(self.page_view_requested)
        self.loading_label = QLabel(self)
        self.loading_label.setTextFormat(Qt.TextFormat.PlainText)
        self.loading_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.loading_label.hide()
        # Text read by OCR may hold misread words: a badge here, a tint on its pages.
        self.ocr_badge = QLabel("OCR", self)
        self.ocr_badge.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.ocr_badge.hide()
        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 4, 2)
        header.addWidget(self.title, 1)
        header.addWidget(self.ocr_badge)
        header.addWidget(self.loading_label)
        header.addWidget(self.page_toggle)

        self.message_bar = MessageBar(self)
        self.find_bar = FindBar(self)
        self.find_bar.query_changed.connect(self._on_query_changed)
        self.find_bar.step_requested.connect(self.find_step)
        self.find_bar.close_requested.connect(self.close_find)

        self.text_view = TextView(self)
        self.text_view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.text_view.click_requested.connect(self._on_text_clicked)
        self.placeholder = QLabel(
            "Drop a document here\nor use File ▸ Open (Ctrl+O / Ctrl+Shift+O)", self
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.page_view = PageView(self)
        self.page_view.offset_requested.connect(self.offset_requested)
        self.page_view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.text_view)
        self.stack.addWidget(self.page_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.stack, 1)

        # Resizes and re-layouts move text without scrolling: coalesce into one signal.
        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.setInterval(0)
        self._view_timer.timeout.connect(self._select_near_view)
        self._view_timer.timeout.connect(self.view_changed)
        self.page_view.zoom_changed.connect(lambda _zoom: self._view_timer.start())

    # -- document -------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Show ``document`` (replacing any other), scrolled to the top.

        The full text of the document being previewed keeps the reader's place.
        """
        same = (
            self.loading and self.document is not None and self.document.sha256 == document.sha256
        )
        position = self.text_view.verticalScrollBar().value() if same else 0
        pages = same and self.page_toggle.isChecked()
        self.set_loading(None)
        built = build_text(document, self.theme.muted_text(), self.text_points)
        # Parented to the view, so the view deletes the previous one when replaced.
        built.document.setParent(self.text_view)
        self.text_view.setDocument(built.document)
        self.document = document
        self.offsets = built.offsets
        self._layers.clear()
        self._find_matches = []
        self.title.setText(document.display_name)
        self.title.setToolTip(str(document.path) if document.path else document.display_name)
        is_pdf = document.format is DocumentFormat.PDF and document.geometry is not None
        self.page_toggle.setVisible(is_pdf)
        self.page_view.set_document(document if is_pdf else None)
        self.page_toggle.setChecked(pages)
        self.stack.setCurrentWidget(self.page_view if pages else self.text_view)
        self._show_ocr(document)
        self.text_view.verticalScrollBar().setValue(position)
        self._view_timer.start()

    def set_text_size(self, points: float) -> None:
        """Lay the text out again at ``points`` (the reader's text size), at the same place."""
        if abs(points - self.text_points) < 1e-6:
            return
        self.text_points = points
        self.relayout()

    def relayout(self) -> None:
        """Lay the text out again (a new size or theme), highlights and place kept."""
        if self.document is None:
            return
        points = self.text_points
        top = self.text_view.visible_range()[0]
        built = build_text(self.document, self.theme.muted_text(), points)
        built.document.setParent(self.text_view)
        self.text_view.setDocument(built.document)
        self.offsets = built.offsets
        self.set_layers({})  # the highlights again, on the new layout
        # Lay the text out as far as the reader's place first: until then the scroll bar's
        # range is that of the part laid out so far, and the place would be clamped to it.
        qdoc = built.document
        block = qdoc.findBlock(self.offsets.pane_range(Span(top, top))[0])
        qdoc.documentLayout().blockBoundingRect(block)
        self.text_view.scroll_to_y(top, 0)
        self._view_timer.start()

    def clear(self) -> None:
        """Show no document again (the drop placeholder): a failed load's preview goes."""
        self.set_loading(None)
        self.document = None
        self.offsets = OffsetMap()
        self._layers.clear()
        self._find_matches = []
        self.text_view.setDocument(QTextDocument(self.text_view))
        self.title.setText(self._empty_title)
        self.title.setToolTip("")
        self.page_toggle.setChecked(False)
        self.page_toggle.hide()
        self.page_view.set_document(None)
        self.ocr_badge.hide()
        self.message_bar.hide()
        self.stack.setCurrentWidget(self.placeholder)
        self._view_timer.start()

    def _show_ocr(self, document: Document) -> None:
        """Badge, tint and notice for pages read by OCR (none: all hidden)."""
        notice = ocr_notice(document.ocr_pages)
        self.ocr_badge.setVisible(bool(notice))
        self.ocr_badge.setToolTip(notice)
        if notice:
            self.show_info(notice)
        else:
            self.message_bar.hide()
        tint = QColor(200, 160, 40, 45 if self.theme.dark else 30)
        self.set_highlights("ocr", [Highlight(s, tint) for s in ocr_spans(document)])

    @property
    def loading(self) -> bool:
        """True while the pane shows a preview and the full text is still loading."""
        return not self.loading_label.isHidden()

    def set_loading(self, fraction: float | None) -> None:
        """Mark the shown text as a preview, ``fraction`` loaded (None: not loading)."""
        was = self.loading
        if fraction is None:
            self.loading_label.hide()
        else:
            self.loading_label.setText(f"Loading… {round(fraction * 100)}%")
            self.loading_label.show()
        if was != self.loading:
            self.loading_changed.emit(self.loading)

    @property
    def showing_pages(self) -> bool:
        return self.stack.currentWidget() is self.page_view

    def _on_page_toggled(self, on: bool) -> None:
        if self.document is None or on == self.showing_pages:
            return
        selected = [h.span for h in self._layers.get("selected", ())]
        if on:
            top, _bottom = self.visible_range()
            self.stack.setCurrentWidget(self.page_view)
            self._update_page_highlights()
            geometry = self.page_view.geometry_
            page = geometry.page_of(top) if geometry is not None else None
            if not (selected and self.page_view.center_on(selected[0])):
                self.page_view.scroll_to_page(page or 0)
            self.page_view.setFocus()
        else:
            geometry = self.page_view.geometry_
            offset = geometry.offset_of_page(self.page_view.top_page()) if geometry else None
            self.stack.setCurrentWidget(self.text_view)
            if selected:
                self.center_on(selected[0])
            elif offset is not None:
                self.scroll_to_y(offset, 0)
            self.text_view.setFocus()
        self._view_timer.start()

    def _update_page_highlights(self) -> None:
        """The page view's marks: notes under the links, the selected link on top."""
        if not self.showing_pages:
            return
        notes = [
            PageHighlight(h.span, h.background, underline=h.underline, note=True)
            for h in self._layers.get("annotations", ())
        ]
        links = [
            PageHighlight(h.span, h.background, selected=(layer == "selected"))
            for layer in ("links", "selected", "quoted")
            for h in self._layers.get(layer, ())
            if h.background is not None
        ]
        self.page_view.set_highlights(notes + links)

    def show_error(self, message: str) -> None:
        self.message_bar.show_message(message, error=True)

    def show_info(self, message: str) -> None:
        self.message_bar.show_message(message, error=False)

    # -- geometry: whichever view is shown ----------------------------------------------

    @property
    def offsets(self) -> OffsetMap:
        """Document offsets <-> positions in the text view."""
        return self.text_view.offsets

    @offsets.setter
    def offsets(self, offsets: OffsetMap) -> None:
        self.text_view.offsets = offsets

    @property
    def reader(self) -> ReadingView:
        """The view on screen (text or pages): every height below is in its viewport."""
        return self.page_view if self.showing_pages else self.text_view

    def reading_viewport(self) -> QWidget:
        return self.reader.viewport()

    def visible_range(self) -> tuple[int, int]:
        """Document offsets shown at the top and bottom of the viewport."""
        if self.document is None:
            return (0, 0)
        return self.reader.visible_range()

    def offset_at_y(self, y: int) -> int:
        """The document offset at viewport height ``y`` (left edge of the text)."""
        return self.reader.offset_at_y(y)

    def rows(self, span: Span) -> tuple[int, int]:
        """Viewport y of the top of ``span``'s first line and the bottom of its last."""
        return self.reader.rows(span)

    def viewport_height(self) -> int:
        return int(self.reading_viewport().height())

    def scroll_to_y(self, offset: int, y: int) -> None:
        """Scroll so that document ``offset`` sits at viewport height ``y``."""
        self.reader.scroll_to_y(offset, y)

    def scroll_fraction(self) -> float:
        """How far down the shown view is scrolled, 0..1."""
        bar = self.reader.verticalScrollBar()
        return bar.value() / max(1, bar.maximum())

    def scroll_to_fraction(self, fraction: float) -> None:
        bar = self.reader.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))

    def center_on(self, span: Span) -> None:
        """Scroll so ``span`` is in the middle of the viewport (its top if it is taller)."""
        self.reader.center_on(span)

    def show_passage(self, span: Span) -> None:
        """Scroll ``span`` into the middle of the view and select it, so the eye finds it."""
        if self.document is None:
            return
        self.center_on(span)
        start, end = self.offsets.pane_range(span)
        cursor = self.text_view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)

    def is_visible(self, span: Span) -> bool:
        """True if some of ``span`` is on screen."""
        top, bottom = self.rows(span)
        return bottom > 0 and top < self.viewport_height()

    def margin_rect(self, *, band_on_right: bool) -> QRect:
        """The empty margin (pane coordinates) between the reading column and the side
        facing the link band, where a link's leader runs from the band to its passage."""
        if self.showing_pages:
            view = self.page_view
            viewport = view.viewport()
            canvas = view.canvas.geometry()
            if band_on_right:
                left, right = canvas.right() + 1 - PAGE_GAP, viewport.width()
            else:
                left, right = 0, canvas.left() + PAGE_GAP
            left, right = max(0, left), min(viewport.width(), right)
            origin = viewport.mapTo(self, QPoint(left, 0))
            return QRect(origin.x(), origin.y(), max(0, right - left), viewport.height())
        text = self.text_view
        viewport_rect = text.viewport().geometry()
        if band_on_right:
            bar = text.verticalScrollBar()
            right = text.width() - (bar.width() if bar.isVisible() else 0)
            local = QRect(viewport_rect.right() + 1, viewport_rect.top(), 0, 0)
            local.setWidth(max(0, right - viewport_rect.right() - 1))
        else:
            local = QRect(0, viewport_rect.top(), viewport_rect.left(), 0)
        local.setHeight(viewport_rect.height())
        return local.translated(text.mapTo(self, QPoint(0, 0)))

    # -- highlights -----------------------------------------------------------------

    def set_highlights(self, layer: str, items: list[Highlight]) -> None:
        """Replace one named layer of highlights (links, diff marks, find matches)."""
        self.set_layers({layer: items})

    def set_layers(self, layers: dict[str, list[Highlight]]) -> None:
        """Replace several layers at once: the text view's selections are built once.

        A selection already built for the same span, layer and colours is reused: one
        note of ten thousand recoloured builds one, not ten thousand (cursors placed in
        a text of a quarter million characters took most of a second). Of thousands of
        highlights, only those on and near the screen become selections
        (``_select_near_view``): the text view repaints every selection it holds."""
        self._layers.update(layers)
        self._select_near_view(force=True)
        if not layers.keys().isdisjoint(("links", "selected", "quoted", "annotations")):
            self._update_page_highlights()

    def _select_near_view(self, *, force: bool = False) -> None:
        """Give the text view the selections of the highlights within a few screens of
        the viewport (all of them while they are few); called again when a scroll or a
        resize leaves that stretch, so the reader never sees a highlight missing. The
        stretch is in document offsets: a highlight outside it costs two comparisons."""
        window = (0, sys.maxsize)
        if sum(map(len, self._layers.values())) > ALL_SELECTIONS_BELOW:
            top, bottom = self.text_view.visible_range()
            kept = self._window
            if not force and kept is not None and kept[0] <= top and bottom <= kept[1]:
                return
            reach = NEAR_VIEW_SCREENS * max(bottom - top, NEAR_VIEW_MIN_CHARS)
            window = (top - reach, bottom + reach)
        elif not force:
            return
        self._window = window
        low, high = window
        pane_range = self.offsets.pane_range
        selections: list[QTextEdit.ExtraSelection] = []
        qdoc = self.text_view.document()
        if self._built_for is not qdoc:  # a new text or layout: the old cursors are not its
            self._built, self._built_for = {}, qdoc
        built: dict[tuple[object, ...], QTextEdit.ExtraSelection] = {}
        for name in ("ocr", "links", "annotations", "selected", "quoted", "diff", "find"):
            for item in self._layers.get(name, ()):
                span = item.span
                if span.end < low or span.start > high:
                    continue
                start, end = pane_range(span)
                if end <= start:
                    continue
                key = (name, start, end, _rgba(item.background), _rgba(item.underline))
                selection = built.get(key) or self._built.get(key)
                if selection is None:
                    selection = self._selection(qdoc, name, item, start, end)
                built[key] = selection
                selections.append(selection)
        self._built = built  # only what is shown: the cache never outgrows the highlights
        self.text_view.setExtraSelections(selections)

    def _selection(
        self, qdoc: QTextDocument, name: str, item: Highlight, start: int, end: int
    ) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(qdoc)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        if name == "ocr":  # the whole width of the page's lines, under the rest
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        if item.background is not None and name in ("annotations", "quoted"):
            # Opaque, as the colour looks on the page: a translucent note, or the
            # amber of the words a passage quotes, over a link's blue tint mixed
            # into a muddy grey-green.
            color = QColor(item.background)
            if name == "quoted":
                color.setAlphaF(max(color.alphaF(), 0.45))
            fmt.setBackground(self.theme.over_page(color))
        elif item.background is not None:
            fmt.setBackground(item.background)
        if item.underline is not None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(item.underline)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def highlights(self, layer: str) -> list[Highlight]:
        return list(self._layers.get(layer, ()))

    # -- find -----------------------------------------------------------------------

    def open_find(self) -> None:
        self.find_bar.open()

    def close_find(self) -> None:
        self.find_bar.hide()
        self._find_matches = []
        self.set_highlights("find", [])
        self.text_view.setFocus()

    @property
    def find_matches(self) -> list[Span]:
        return list(self._find_matches)

    def _on_query_changed(self, query: str) -> None:
        text = self.document.text if self.document else ""
        self._find_matches = find_all(text, query)
        self._find_current = -1
        if self._find_matches:
            top, _ = self.visible_range()
            self._find_current = next(
                (i - 1 for i, span in enumerate(self._find_matches) if span.start >= top),
                len(self._find_matches) - 1,
            )
            self.find_step(True)
        else:
            self.set_highlights("find", [])
            self.find_bar.set_count(0, 0)

    def find_step(self, forward: bool) -> None:
        """Move to the next or previous match and mark it."""
        if not self._find_matches:
            return
        count = len(self._find_matches)
        self._find_current = (self._find_current + (1 if forward else -1)) % count
        current = self._find_matches[self._find_current]
        color = self.theme.find_match()
        strong = QColor(color)
        strong.setAlphaF(0.9)
        self.set_highlights(
            "find",
            [Highlight(s, strong if s == current else color) for s in self._find_matches],
        )
        self.center_on(current)
        self.find_bar.set_count(self._find_current, count)

    # -- events ---------------------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
        self._select_near_view()
        self.view_changed.emit()

    def _on_text_clicked(self, position: int) -> None:
        if self.document is not None:
            self.offset_requested.emit(self.offsets.to_doc(position))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._view_timer.start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_requested.emit(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return


def _rgba(color: QColor | None) -> int | None:
    return None if color is None else color.rgba()
