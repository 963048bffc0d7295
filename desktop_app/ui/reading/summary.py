"""The summary strip of a one-against-many comparison: what each document shares.

One row per other document, in its colour: how many quote and related links it
has with the focal document and how much of the focal text they cover. The
numbers come from the core (``coverage.share``); this module only words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from desktop_app.core.coverage import Share

ROWS_PER_COLUMN = 4


def percent(fraction: float) -> str:
    """``0.0412`` → ``"4.1 %"``; a share too small to show as 0.1 % still reads as non-zero."""
    if 0.0 < fraction < 0.0005:
        return "<0.1 %"
    return f"{fraction * 100:.1f} %"


def counts_text(share: Share) -> str:
    quotes = "quote" if share.quotes == 1 else "quotes"
    return f"{share.quotes} {quotes} · {share.related} related"


def coverage_text(share: Share) -> str:
    return f"{percent(share.quote_fraction)} quoted · {percent(share.related_fraction)} related"


@dataclass(frozen=True)
class SummaryRow:
    """One other document as the strip shows it."""

    pair: int
    name: str
    color: QColor
    share: Share | None  # None: not aligned yet
    current: bool = False


class ShareBar(QWidget):
    """A small track: the focal text, with the part quoted solid and the related part hatched."""

    def __init__(self, color: QColor, share: Share | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = QColor(color)
        self.share = share
        self.setFixedSize(QSize(90, 9))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        track = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRect(track)
        if self.share is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            related = QRectF(track)
            related.setWidth(track.width() * self.share.related_fraction)
            painter.setBrush(QBrush(self.color, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(related)
            quoted = QRectF(track)
            quoted.setWidth(track.width() * self.share.quote_fraction)
            painter.setBrush(self.color)
            painter.drawRect(quoted)
        painter.end()


class _Row(QWidget):
    """A clickable row (chip, name, counts, bar, shares) asking to show its document."""

    clicked = Signal(int)

    def __init__(self, row: SummaryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"Show {row.name} beside the focal document")
        chip = QLabel("■", self)
        chip.setStyleSheet(f"color: {row.color.name()};")
        self.name_label = QLabel(row.name, self)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        if row.current:
            font = self.name_label.font()
            font.setBold(True)
            self.name_label.setFont(font)
        share = row.share
        self.counts_label = QLabel(counts_text(share) if share else "aligning…", self)
        self.coverage_label = QLabel(coverage_text(share) if share else "", self)
        for label in (self.counts_label, self.coverage_label):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 1, 8, 1)
        layout.setHorizontalSpacing(8)
        layout.addWidget(chip, 0, 0)
        layout.addWidget(self.name_label, 0, 1)
        layout.addWidget(self.counts_label, 0, 2)
        layout.addWidget(ShareBar(row.color, share, self), 0, 3)
        layout.addWidget(self.coverage_label, 0, 4)
        layout.setColumnStretch(1, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        parts = [self.name_label.text(), self.counts_label.text(), self.coverage_label.text()]
        return " — ".join(p for p in parts if p)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.row.pair)
        super().mouseReleaseEvent(event)


class SummaryStrip(QWidget):
    """A header over the comparison: one row per other document (two columns past four)."""

    #: the user clicked the row of ``pair``'s document
    pair_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(6, 3, 6, 3)
        self._layout.setVerticalSpacing(0)
        self._layout.setHorizontalSpacing(16)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_rows(self, rows: Sequence[SummaryRow]) -> None:
        for old in self.rows:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.rows = []
        columns = 1 if len(rows) <= ROWS_PER_COLUMN else 2
        per_column = -(-len(rows) // columns)
        for position, row in enumerate(rows):
            widget = _Row(row, self)
            widget.clicked.connect(self.pair_requested)
            self._layout.addWidget(widget, position % per_column, position // per_column)
            self.rows.append(widget)

    def texts(self) -> list[str]:
        """What each row says, in order (for tests and accessibility)."""
        return [row.text() for row in self.rows]
