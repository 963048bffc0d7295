"""The band between two panes: a ribbon from each visible link's left rows to its right rows.

Only links touching either viewport are looked up (binary search in the
``LinkIndex``) and drawn, so a paint costs the same with 50 links or 8,000.
The text column sits centred in each pane with wide margins, so a ribbon that
stopped at the band's edge would float in empty space: each map also paints
short leaders across the two panes' margins (``Leaders``), from the band to the
highlighted text, so every ribbon visibly joins its two passages.

In a one-against-many comparison every other document has its own colour
(``document_color``), shared by its ribbons, its tab chip, its summary row and
its coverage-bar marks; the kind stays readable from the fill: quote links are
solid, related links lighter and hatched.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHelpEvent,
    QHideEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from desktop_app.core.link_evidence import Explainer, describe_evidence
from desktop_app.core.linkfilter import LinkIndex
from desktop_app.core.model import Link, LinkKind
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.reading.document_pane import DocumentPane
from desktop_app.ui.reading.link_table import describe_link

MAP_WIDTH = 84  # wide enough that ribbons read as shapes, not slivers
MIN_MAP_WIDTH = 48
BAND_TIP = "Links between the two documents: click one to select it"

# Hues picked to stay apart from each other and readable on white and on near-black
# (after Okabe & Ito's colour-blind-safe set, plus two more for up to eight documents).
_DOCUMENT_HUES = (
    QColor(213, 94, 0),  # vermilion
    QColor(0, 114, 178),  # blue
    QColor(0, 158, 115),  # bluish green
    QColor(204, 121, 167),  # reddish purple
    QColor(230, 159, 0),  # orange
    QColor(86, 180, 233),  # sky blue
    QColor(120, 94, 240),  # violet
    QColor(140, 140, 40),  # olive
)


def document_color(index: int, theme: Theme) -> QColor:
    """The colour of the ``index``-th other document (opaque), for light or dark palettes."""
    color = QColor(_DOCUMENT_HUES[index % len(_DOCUMENT_HUES)])
    return color.lighter(125) if theme.dark else color


@dataclass(frozen=True)
class Ribbon:
    """One drawn connector: which link (index in the shown links) and its shape."""

    index: int
    path: QPainterPath


@dataclass(frozen=True)
class Offscreen:
    """Links whose end in one document is out of its view, above or below: one marker."""

    right_side: bool  # the hidden ends are in the right document
    above: bool
    links: tuple[int, ...]  # indices in the shown links
    rect: QRectF  # where the marker is drawn in the band


class RibbonStyle:
    """How a link is filled: kind colours (two documents) or one document's colour."""

    def __init__(self, theme: Theme, color: QColor | None = None) -> None:
        self.theme = theme
        self.color = color
        # Links cover most of the text (a translation, a revision): filled ribbons and
        # tinted paragraphs everywhere turn the band into a wall and the tint into noise,
        # so only the selected link is filled strongly; the others keep outline and a hint.
        self.dense = False

    def _quiet(self, color: QColor, selected: bool, share: float) -> QColor:
        if self.dense and not selected:
            color.setAlphaF(color.alphaF() * share)
        return color

    def fill(self, link: Link, *, selected: bool = False) -> QColor:
        if self.color is None:
            color = self.theme.link_color(link.kind, link.score, selected=selected)
            return self._quiet(color, selected, 0.3)
        color = QColor(self.color)
        strength = max(0.0, min(1.0, link.score / 100.0))
        if link.kind is LinkKind.QUOTE:
            alpha = 0.85 if selected else 0.35 + 0.4 * strength
        else:
            alpha = 0.6 if selected else 0.14 + 0.2 * strength
        color.setAlphaF(alpha)
        return self._quiet(color, selected, 0.3)

    def hatch(self, link: Link) -> QBrush | None:
        """A hatch over related links of a document colour, so kind survives the colour."""
        if self.color is None or link.kind is not LinkKind.RELATED:
            return None
        color = QColor(self.color)
        color.setAlphaF(0.55)
        return QBrush(color, Qt.BrushStyle.BDiagPattern)

    def outline(self, link: Link) -> QColor:
        if self.color is None:
            return self.theme.outline(link.kind)
        return self.color.lighter(130) if self.theme.dark else self.color.darker(130)

    def highlight(self, link: Link, *, selected: bool = False) -> QColor:
        """Tint of the linked text in a pane."""
        if self.color is None:
            return self._quiet(self.theme.highlight(link.kind, selected=selected), selected, 0.4)
        color = QColor(self.color)
        base = 0.5 if selected else (0.26 if link.kind is LinkKind.QUOTE else 0.13)
        color.setAlphaF(base + (0.08 if self.theme.dark else 0.0))
        return self._quiet(color, selected, 0.4)


class Leaders(QWidget):
    """Paints a link map's ribbons on across one pane's margin, from the band to the text.

    A transparent child of the pane laid over the margin between the reading
    column (the centred text, or the rendered pages) and the side facing the
    band (``DocumentPane.margin_rect``); it ignores the mouse.
    """

    def __init__(self, link_map: LinkMap, pane: DocumentPane, *, band_on_right: bool) -> None:
        super().__init__(pane)
        self.link_map = link_map
        self.pane = pane
        self.band_on_right = band_on_right
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        for watched in (
            pane,
            pane.text_view,
            pane.text_view.viewport(),
            pane.page_view,
            pane.page_view.canvas,
        ):
            watched.installEventFilter(self)
        self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.place()
        return False

    def place(self) -> None:
        rect = self.pane.margin_rect(band_on_right=self.band_on_right)
        if rect != self.geometry():
            self.setGeometry(rect)
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        link_map = self.link_map
        if self.width() <= 2 or self.pane.document is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = float(self.width())
        # The leader fades towards the text so the text's own tint takes over there.
        near, far = (0.0, width) if self.band_on_right else (width, 0.0)
        for index, selected in link_map.visible_links():
            link = link_map.index.links[index]
            span = link.left if self.band_on_right else link.right
            top, bottom = self.pane.rows(span)
            if bottom < 0 or top > self.height():
                continue
            color = link_map.ribbon_style.fill(link, selected=selected)
            alpha = color.alphaF()
            faint, strong = QColor(color), QColor(color)
            faint.setAlphaF(alpha * (0.3 if selected else 0.1))
            strong.setAlphaF(alpha * (0.9 if selected else 0.7))
            gradient = QLinearGradient(QPointF(near, 0.0), QPointF(far, 0.0))
            gradient.setColorAt(0.0, faint)
            gradient.setColorAt(1.0, strong)
            rect = QRectF(0.0, float(top), width, float(max(2, bottom - top)))
            painter.fillRect(rect, QBrush(gradient))
            if selected:
                painter.setPen(QPen(link_map.ribbon_style.outline(link), 1.2))
                painter.drawLine(rect.topLeft(), rect.topRight())
                painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.end()


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
        self._explainer: tuple[tuple[str, str], Explainer] | None = None
        self.theme = theme
        self.ribbon_style = RibbonStyle(theme)
        self.index = LinkIndex(())
        self.selected: int | None = None
        self.setMinimumWidth(MIN_MAP_WIDTH)
        self.setMouseTracking(False)
        self.setToolTip(BAND_TIP)  # a ribbon's own tooltip names its link (``tooltip_at``)
        self.leaders = (
            Leaders(self, left, band_on_right=True),
            Leaders(self, right, band_on_right=False),
        )
        for leader in self.leaders:
            leader.hide()  # shown with the map (a map on a hidden tab has none)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(MAP_WIDTH, 400)

    @property
    def document_color(self) -> QColor | None:
        """The right document's colour (None: links are coloured by kind)."""
        return self.ribbon_style.color

    def set_document_color(self, color: QColor | None) -> None:
        dense = self.ribbon_style.dense
        self.ribbon_style = RibbonStyle(self.theme, color)
        self.ribbon_style.dense = dense
        self.refresh()

    def set_links(self, index: LinkIndex, selected: int | None = None) -> None:
        self.index = index
        self.selected = selected
        self.refresh()

    def set_selected(self, selected: int | None) -> None:
        self.selected = selected
        self.refresh()

    def refresh(self) -> None:
        """Repaint the band and its leaders (after a scroll, new links or a selection)."""
        self.update()
        for leader in self.leaders:
            leader.place()  # the pane may have switched between text and pages
            leader.update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        for leader in self.leaders:
            leader.place()
            leader.show()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        for leader in self.leaders:
            leader.hide()

    def visible_links(self) -> list[tuple[int, bool]]:
        """(index, selected) of the links touching either viewport, the selected one last."""
        if not len(self.index) or self.left.document is None or self.right.document is None:
            return []
        visible = self.index.visible(self.left.visible_range(), self.right.visible_range())
        shown = [(i, False) for i in visible if i != self.selected]
        if self.selected is not None and self.selected in visible:
            shown.append((self.selected, True))
        return shown

    def _y_offset(self, pane: DocumentPane) -> int:
        viewport = pane.reading_viewport()
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

    def offscreen(self) -> list[Offscreen]:
        """Links seen in one pane whose other end is above or below the other pane's view,
        grouped by where that end is: drawn as a counted marker at the band's edge, their
        strands faded, instead of a pile of strands leaving the band at one corner."""
        if not len(self.index) or self.left.document is None or self.right.document is None:
            return []
        left_view, right_view = self.left.visible_range(), self.right.visible_range()
        groups: dict[tuple[bool, bool], list[int]] = {}
        for i in self.index.visible(left_view, right_view):
            link = self.index.links[i]
            for right_side, span, view in (
                (True, link.right, right_view),
                (False, link.left, left_view),
            ):
                if span.end <= view[0]:
                    groups.setdefault((right_side, True), []).append(i)
                elif span.start >= view[1]:
                    groups.setdefault((right_side, False), []).append(i)
        found = []
        height, width = float(self.height()), float(self.width())
        for (right_side, above), indices in sorted(groups.items()):
            box = QRectF(0.0, 0.0, min(44.0, width / 2 - 2), 16.0)
            x = width - box.width() - 2 if right_side else 2.0
            y = 2.0 if above else height - box.height() - 2
            found.append(Offscreen(right_side, above, tuple(indices), box.translated(x, y)))
        return found

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        clip = QRectF(self.rect())
        selected: Ribbon | None = None
        markers = self.offscreen()
        faded = {i for marker in markers for i in marker.links}
        painter.setPen(Qt.PenStyle.NoPen)
        for ribbon in self.ribbons():
            if not ribbon.path.intersects(clip):
                continue
            if ribbon.index == self.selected:
                selected = ribbon
                continue
            self._fill(painter, ribbon, selected=False, faded=ribbon.index in faded)
        if selected is not None:
            link = self.index.links[selected.index]
            painter.setPen(QPen(self.ribbon_style.outline(link), 1.5))
            self._fill(painter, selected, selected=True)
        self._paint_markers(painter, markers)
        painter.end()

    def _paint_markers(self, painter: QPainter, markers: list[Offscreen]) -> None:
        palette = self.palette()
        for marker in markers:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1.0))
            painter.setBrush(palette.color(QPalette.ColorRole.Base))
            painter.drawRoundedRect(marker.rect, 4.0, 4.0)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            arrow = "▲" if marker.above else "▼"
            painter.drawText(
                marker.rect, Qt.AlignmentFlag.AlignCenter, f"{arrow} {len(marker.links)}"
            )

    def _fill(
        self, painter: QPainter, ribbon: Ribbon, *, selected: bool, faded: bool = False
    ) -> None:
        link = self.index.links[ribbon.index]
        color = self.ribbon_style.fill(link, selected=selected)
        if faded:
            color.setAlphaF(color.alphaF() * 0.35)
        painter.setBrush(color)
        painter.drawPath(ribbon.path)
        hatch = self.ribbon_style.hatch(link)
        if hatch is not None and not selected and not faded:
            painter.setBrush(hatch)
            painter.drawPath(ribbon.path)

    def marker_at(self, point: QPointF) -> Offscreen | None:
        return next((m for m in self.offscreen() if m.rect.contains(point)), None)

    def link_at(self, point: QPointF) -> int | None:
        """The index of the link whose ribbon is under ``point`` (None: the bare band)."""
        hits = [r for r in self.ribbons() if r.path.contains(point)]
        if not hits:
            return None
        # The thinnest ribbon under the pointer is the one the user aimed at.
        return min(hits, key=lambda r: r.path.boundingRect().height()).index

    def tooltip_at(self, point: QPointF) -> str:
        """What hovering ``point`` says: the link's kind, score and relation, or the band's use."""
        marker = self.marker_at(point)
        if marker is not None:
            side = "right" if marker.right_side else "left"
            where = "above" if marker.above else "below"
            count = len(marker.links)
            return (
                f"{count} link{'s' if count != 1 else ''} lead{'' if count != 1 else 's'} "
                f"to passages {where} the view in the {side} document: click to go to the "
                "nearest"
            )
        index = self.link_at(point)
        if index is None:
            return BAND_TIP
        link = self.index.links[index]
        left, right = self.left.document, self.right.document
        if left is None or right is None:
            return describe_link(link)
        key = (left.sha256, right.sha256)
        if self._explainer is None or self._explainer[0] != key:
            self._explainer = (key, Explainer(left.text, right.text))
        return describe_evidence(link, self._explainer[1].explain(link))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_at(QPointF(event.pos())), self)
            return True
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        marker = self.marker_at(event.position())
        index = self._nearest(marker) if marker is not None else self.link_at(event.position())
        if index is not None:
            self.link_requested.emit(index)
        super().mouseReleaseEvent(event)

    def _nearest(self, marker: Offscreen) -> int:
        """Of a marker's links, the one whose hidden end is nearest the view."""
        pane = self.right if marker.right_side else self.left
        top, bottom = pane.visible_range()

        def distance(i: int) -> int:
            link = self.index.links[i]
            span = link.right if marker.right_side else link.left
            return top - span.end if marker.above else span.start - bottom

        return min(marker.links, key=distance)
