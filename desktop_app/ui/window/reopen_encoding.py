"""Reopening a text document with another encoding: a pane's weak guess offers it.

The rule (which encodings, when a guess is weak, that the choice is kept with
the document) lives in core (``encoding``, ``reopen``); this is the menu action,
the message bar's button (the prompt is ``base.prompts.ask_encoding``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.documents.encoding import WEAK_CONFIDENCE
from desktop_app.core.model import Document
from desktop_app.ui.base.prompts import EncodingPrompt
from desktop_app.ui.base.reading_room import ReadingRoom

REOPEN = "Reopen with Encoding…"  # the message bar's button on a weak guess


def weak_guess(document: Document) -> bool:
    """Whether the pane should offer another encoding at once."""
    confidence = document.encoding_confidence
    return confidence is not None and confidence < WEAK_CONFIDENCE


class EncodingReopen(QObject):
    """The "Reopen with Encoding…" action and button; ``reopen`` loads the pane again."""

    def __init__(
        self,
        compare: ReadingRoom,
        paths: Callable[[int], Path | None],
        reopen: Callable[[int, Path, str], object],
        ask: Callable[[], EncodingPrompt],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.compare = compare
        self.window = parent
        self._paths = paths
        self._reopen = reopen
        self._ask = ask
        self.action = QAction(REOPEN.replace("Encoding", "&Encoding"), parent)
        self.action.setStatusTip("Read the current text document again with another encoding")
        self.action.setEnabled(False)
        self.action.triggered.connect(lambda: self.ask_and_reopen(self.current_slot()))

    def attach(self, slot: int) -> None:
        """Offer the reopening from pane ``slot``'s message bar too."""
        self.compare.panes[slot].message_bar.action_requested.connect(
            lambda action, slot=slot: self.ask_and_reopen(slot) if action == REOPEN else None
        )

    def update(self) -> None:
        self.action.setEnabled(self.current_slot() is not None)

    def current_slot(self) -> int | None:
        """The text pane holding the focus, else the first pane showing a text document."""
        texts = [
            slot
            for slot, pane in enumerate(self.compare.panes)
            if pane.document is not None and pane.document.encoding is not None
        ]
        focus = QApplication.focusWidget()
        for slot in texts:
            if focus is not None and self.compare.panes[slot].isAncestorOf(focus):
                return slot
        return texts[0] if texts else None

    def ask_and_reopen(self, slot: int | None) -> None:
        if slot is None or slot >= len(self.compare.panes):
            return
        document = self.compare.panes[slot].document
        path = self._paths(slot)
        if document is None or path is None:
            return
        encoding = self._ask()(self.window, path, document.encoding)
        if encoding:
            self._reopen(slot, path, encoding)
