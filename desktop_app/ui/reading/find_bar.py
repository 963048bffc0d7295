"""The find bar of a pane: a query field, next/previous and a match count.

It only collects what the user asks for; the pane searches its document and
tells the bar how many matches there are.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Query entry for find-in-document."""

    #: the query text changed (search again from the current place)
    query_changed = Signal(str)
    #: go to the next (True) or previous (False) match
    step_requested = Signal(bool)
    #: the bar was closed (drop the match highlights)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 2, 2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.query_changed)
        self.edit.returnPressed.connect(self._on_return_pressed)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(70)
        previous = self._button("▲", "Previous match (Shift+F3)", False)
        following = self._button("▼", "Next match (F3)", True)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_requested)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.hide()

    def _button(self, text: str, tip: str, forward: bool) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self.step_requested.emit(forward))
        return button

    def set_count(self, current: int, total: int) -> None:
        """Show "3 of 12" (or "No matches") for the current query."""
        if not self.edit.text():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{current + 1} of {total}")

    def open(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def _on_return_pressed(self) -> None:
        self.step_requested.emit(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.close_requested.emit()
            return
        super().keyPressEvent(event)
