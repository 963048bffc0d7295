"""An inline message strip above a pane: errors without a modal box that blocks the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class MessageBar(QWidget):
    """Shows one message (error or info) until the user closes it or another replaces it."""

    #: the user closed the message
    dismissed_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self._on_close_clicked)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, *, error: bool = True) -> None:
        palette = self.palette()
        base = QColor(220, 60, 50) if error else QColor(60, 130, 230)
        tint = QColor(base)
        tint.setAlpha(60)
        window = palette.color(QPalette.ColorRole.Window)
        mixed = QColor(
            (window.red() * 3 + base.red()) // 4,
            (window.green() * 3 + base.green()) // 4,
            (window.blue() * 3 + base.blue()) // 4,
        )
        palette.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(palette)
        self.label.setText(text)
        self.show()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed_changed.emit()
