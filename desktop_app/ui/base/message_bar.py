"""An inline message strip above a pane: errors without a modal box that blocks the window.

A message may carry one action button ("Reload" when a file changed on disk):
the fix sits next to the problem instead of behind a shortcut the reader must
know. The button says which action it is through ``action_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class MessageBar(QWidget):
    """Shows one message (error or info) until the user closes it or another replaces it."""

    #: the user closed the message
    dismissed_changed = Signal()
    #: the user pressed the message's action button (its text, e.g. "Reload");
    #: the message is hidden first, since it has been acted on
    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.hide()
        self.action_button.clicked.connect(self._on_action_clicked)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self._on_close_clicked)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, *, error: bool = True, action: str = "") -> None:
        """Show ``text``; with ``action``, a button of that name (none otherwise)."""
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
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action))
        self.show()

    @property
    def action(self) -> str:
        """The action button's text while it is shown, else ""."""
        return self.action_button.text() if self.action_button.isVisibleTo(self) else ""

    def _on_action_clicked(self) -> None:
        action = self.action
        if not action:
            return  # a click queued before the message changed: the action no longer applies
        self.hide()
        self.action_requested.emit(action)

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed_changed.emit()
