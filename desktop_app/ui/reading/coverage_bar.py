"""A thin strip beside the focal pane's scroll bar: where each other document links in.

One lane per other document, in its colour; a mark wherever links start in the
focal text, so the analyst sees at a glance which parts of the focal document
each source touches and jumps there with a click. Links are binned once, by the
core (``bin_links``), whenever the links or the filter change; a paint only
walks the non-empty bins and never looks at a link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionSlider, QWidget

from desktop_app.core.coverage import LinkBin, bin_links
from desktop_app.core.model import Link
from desktop_app.ui.base.reading_room import Pane

BINS = 256  # marks are at most ~3 px apart on a tall screen; plenty for a glance
LANE_WIDTH = 5
LANE_GAP = 1
PADDING = 2
CLICK_SLOP = 3.0  # px above/below a thin mark that still count as a hit


@dataclass(frozen=True)
class Lane:
    """One other document's marks: its pair, colour and the binned shown links."""

    pair: int
    color: QColor
    bins: tuple[LinkBin, ...]
    # Where each binned link sits in its pair's shown links (a lane may hold some of them,
    # as the two-document view's lanes hold one kind each); None: the same order.
    indices: tuple[int, ...] | None = None

    def shown_index(self, binned: int) -> int:
        return binned if self.indices is None else self.indices[binned]


@dataclass(frozen=True)
class Mark:
    """A painted mark: a bin of one lane and where it is drawn now."""

    pair: int
    bin: LinkBin
    rect: QRectF
    lane: int = 0


class CoverageBar(QWidget):
    """Marks at the focal text's link positions, one coloured lane per other document."""

    #: the user clicked a mark: select link ``index`` of ``pair`` (in its shown links)
    mark_requested = Signal(int, int)

    def __init__(self, pane: Pane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self.lanes: list[Lane] = []
        self.length = 0
        self.setToolTip("Where each document links into this one: click a mark to go there")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Text and page views each have a scroll bar; the marks follow whichever is shown.
        for view in (pane.text_view, pane.page_view):
            bar = view.verticalScrollBar()
            for watched in (bar, view):
                watched.installEventFilter(self)
            bar.rangeChanged.connect(lambda *_: self.update())
        self._fit_width()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.minimumWidth(), 200)

    def _fit_width(self) -> None:
        lanes = max(1, len(self.lanes))
        self.setFixedWidth(2 * PADDING + lanes * LANE_WIDTH + (lanes - 1) * LANE_GAP)

    def set_lanes(
        self,
        lanes: Sequence[tuple[int, QColor, Sequence[Link]]],
        length: int,
        indices: Sequence[Sequence[int] | None] | None = None,
    ) -> None:
        """Bin each lane's links (pair, colour, links) over a focal text; ``indices`` says
        where each lane's links sit in their pair's shown links (default: all, in order)."""
        self.length = length
        where = list(indices) if indices is not None else [None] * len(lanes)
        self.lanes = [
            Lane(
                pair,
                QColor(color),
                tuple(bin_links(links, length, BINS)),
                tuple(positions) if positions is not None else None,
            )
            for (pair, color, links), positions in zip(lanes, where, strict=True)
        ]
        self._fit_width()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self.update()
        return False

    def track(self) -> QRectF:
        """The span the marks are spread over: the scroll bar's groove, in this widget."""
        bar = self.pane.reader.verticalScrollBar()
        if bar.isVisible():
            option = QStyleOptionSlider()
            bar.initStyleOption(option)
            groove = bar.style().subControlRect(
                QStyle.ComplexControl.CC_ScrollBar,
                option,
                QStyle.SubControl.SC_ScrollBarGroove,
                bar,
            )
            top = self.mapFromGlobal(bar.mapToGlobal(groove.topLeft())).y()
            return QRectF(0.0, float(top), float(self.width()), float(groove.height()))
        viewport = self.pane.reading_viewport()
        top = self.mapFromGlobal(viewport.mapToGlobal(QPoint(0, 0))).y()
        return QRectF(0.0, float(top), float(self.width()), float(viewport.height()))

    def marks(self) -> list[Mark]:
        """Every mark with its rectangle for the current size (one per non-empty bin)."""
        track = self.track()
        step = track.height() / BINS
        height = max(3.0, step)
        found: list[Mark] = []
        for lane_index, lane in enumerate(self.lanes):
            x = PADDING + lane_index * (LANE_WIDTH + LANE_GAP)
            for link_bin in lane.bins:
                y = track.top() + link_bin.bin * step
                rect = QRectF(float(x), y, float(LANE_WIDTH), height)
                found.append(Mark(lane.pair, link_bin, rect, lane_index))
        return found

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
        for mark in self.marks():
            color = QColor(self.lanes[mark.lane].color)
            color.setAlphaF(min(1.0, 0.55 + 0.15 * mark.bin.count))
            painter.fillRect(mark.rect, color)
        painter.end()

    def mark_at(self, point: QPointF) -> Mark | None:
        """The mark under ``point`` (a few pixels of slop for thin marks; nearest wins)."""
        best: tuple[float, Mark] | None = None
        for mark in self.marks():
            rect = mark.rect.adjusted(-LANE_GAP, -CLICK_SLOP, LANE_GAP, CLICK_SLOP)
            if rect.contains(point):
                distance = abs(mark.rect.center().y() - point.y())
                if best is None or distance < best[0]:
                    best = (distance, mark)
        return None if best is None else best[1]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        mark = self.mark_at(event.position())
        if mark is not None:
            self.mark_requested.emit(mark.pair, self.lanes[mark.lane].shown_index(mark.bin.first))
        super().mouseReleaseEvent(event)
