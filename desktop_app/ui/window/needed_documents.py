"""The dialog shown when a saved workspace's documents are not all where they were.

It lists every document the workspace needs with what was found of it
(``core.workspace_documents``: found, changed since, missing) and a "Locate…"
button for each one not found as it was. The checks (hash, new version, where
this machine remembers it) are the core's; this only shows them and asks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.storage.local_paths import LocalPaths
from desktop_app.core.workspace_documents import Needed, Presence, locate
from desktop_app.ui.base.prompts import LocatePrompt

LOCATE = "Locate…"


class NeededDocumentsDialog(QDialog):
    """The workspace's documents and their state; Open once each one has a file."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        needed: list[Needed],
        ask_file: LocatePrompt,
        local: LocalPaths | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Documents of “{title}”")
        self.needed = needed
        self._ask_file = ask_file
        self._local = local
        # slot -> the file to open: found ones at once, changed ones at their place
        self.chosen: dict[int, Path] = {
            n.slot: n.path for n in needed if n.presence is not Presence.MISSING and n.path
        }
        intro = QLabel(
            "Some documents of this workspace are not where they were. Locate them to open "
            "the workspace with their notes; a file with other contents opens as a new "
            "version and the notes re-anchor on it.",
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        self.states: list[QLabel] = []
        self.locate_buttons: dict[int, QPushButton] = {}
        for row, item in enumerate(needed):
            name = QLabel(item.name, self)
            name.setTextFormat(Qt.TextFormat.PlainText)
            state = QLabel(item.describe, self)
            state.setTextFormat(Qt.TextFormat.PlainText)
            state.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(state, row, 1)
            self.states.append(state)
            if item.presence is not Presence.FOUND:
                button = QPushButton(LOCATE, self)
                button.clicked.connect(lambda _=False, item=item: self.locate(item))
                grid.addWidget(button, row, 2)
                self.locate_buttons[item.slot] = button
        grid.setColumnStretch(1, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        self._update_open()

    @property
    def open_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Open)

    def paths(self) -> list[Path]:
        """The files to open, in the workspace's order (all of them once Open is enabled)."""
        return [self.chosen[n.slot] for n in self.needed if n.slot in self.chosen]

    def locate(self, item: Needed) -> None:
        """Ask for ``item``'s file and check it (the very document, or a new version)."""
        path = self._ask_file(self, item.name, item.path)
        if path is None:
            return
        located = locate(item, path, self._local)
        state = self.states[self.needed.index(item)]
        if located is None:
            state.setText(f"{path} could not be read; choose another file.")
            return
        self.chosen[item.slot] = located.path
        state.setText(located.message(item.name))
        self._update_open()

    def _update_open(self) -> None:
        self.open_button.setEnabled(len(self.chosen) == len(self.needed))
