"""The band between two panes: a ribbon from each visible link's left rows to its right rows.

Only links touching either viewport are looked up (binary search in the
``LinkIndex``) and drawn, so a paint costs the same with 50 links or 8,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.linkfilter import LinkIndex
from desktop_app.ui.document_pane import DocumentPane
from desktop_app.ui.theme import Theme


@dataclass(frozen=True)
class Ribbon:
    """One drawn connector: which link (index in the shown links) and its shape."""

    index: int
    path: QPainterPath


class LinkMap(QWidget):
    """Paints connectors for the links visible now between ``left`` and ``right``."""

    #: the user clicked the ribbon of link ``index`` (in the shown links)
    link_requested = Signal(int)

    def __init__(
        self, left: DocumentPane, right: DocumentPane, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.left = left
        self.right = right
        self.theme = theme
        self.index = LinkIndex(())
        self.selected: int | None = None
        self.setMinimumWidth(36)
        self.setMouseTracking(False)
        self.setToolTip("Links between the two documents: click one to select it")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(64, 400)

    def set_links(self, index: LinkIndex, selected: int | None = None) -> None:
        self.index = index
        self.selected = selected
        self.update()

    def set_selected(self, selected: int | None) -> None:
        self.selected = selected
        self.update()

    def _y_offset(self, pane: DocumentPane) -> int:
        viewport = pane.text_view.viewport()
        return int(self.mapFromGlobal(viewport.mapToGlobal(QPoint(0, 0))).y())

    def ribbons(self) -> list[Ribbon]:
        """Shapes of the connectors for the links visible in either pane now."""
        if not len(self.index) or self.left.document is None or self.right.document is None:
            return []
        visible = self.index.visible(self.left.visible_range(), self.right.visible_range())
        dy_left, dy_right = self._y_offset(self.left), self._y_offset(self.right)
        width = float(self.width())
        bend = width * 0.45
        ribbons: list[Ribbon] = []
        for i in visible:
            link = self.index.links[i]
            lt, lb = self.left.rows(link.left)
            rt, rb = self.right.rows(link.right)
            lt, lb, rt, rb = lt + dy_left, lb + dy_left, rt + dy_right, rb + dy_right
            path = QPainterPath(QPointF(0.0, lt))
            path.cubicTo(QPointF(bend, lt), QPointF(width - bend, rt), QPointF(width, rt))
            path.lineTo(QPointF(width, rb))
            path.cubicTo(QPointF(width - bend, rb), QPointF(bend, lb), QPointF(0.0, lb))
            path.closeSubpath()
            ribbons.append(Ribbon(i, path))
        return ribbons

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        clip = QRectF(self.rect())
        selected: Ribbon | None = None
        for ribbon in self.ribbons():
            if not ribbon.path.intersects(clip):
                continue
            if ribbon.index == self.selected:
                selected = ribbon
                continue
            link = self.index.links[ribbon.index]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.theme.link_color(link.kind, link.score))
            painter.drawPath(ribbon.path)
        if selected is not None:
            link = self.index.links[selected.index]
            painter.setBrush(self.theme.link_color(link.kind, link.score, selected=True))
            painter.setPen(QPen(self.theme.outline(link.kind), 1.5))
            painter.drawPath(selected.path)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        point = event.position()
        hits = [r for r in self.ribbons() if r.path.contains(point)]
        if hits:
            # The thinnest ribbon under the pointer is the one the user aimed at.
            best = min(hits, key=lambda r: r.path.boundingRect().height())
            self.link_requested.emit(best.index)
        super().mouseReleaseEvent(event)
