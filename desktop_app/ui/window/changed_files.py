"""Files changed on disk: tell the reader, offer a reload, never reload by surprise.

A pane whose file changed shows a message with a "Reload" button and the
Reload action turns on; the window does the reloading (``reload_requested``),
after which notes re-anchor. A deleted file only gets a notice: the text shown
stays, and so do the notes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from desktop_app.ui.base.file_watch import DocumentWatcher
from desktop_app.ui.base.reading_room import ReadingRoom

RELOAD = "Reload"  # the message bar's button on a pane whose file changed on disk


class ChangedFiles(QObject):
    """Watches the panes' files and keeps the set of panes whose file is newer than shown."""

    #: pane ``slot``'s file changed on disk and the user asked to reload it
    reload_requested = Signal(int)
    #: pane ``slot``'s file changed (True) or disappeared (False) on disk
    file_changed = Signal(int, bool)

    def __init__(self, compare: ReadingRoom, reload_action: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self.compare = compare
        self.reload_action = reload_action
        self.watcher = DocumentWatcher(self)
        self._stale: set[int] = set()
        self._watched: set[int] = set()
        self.watcher.file_changed.connect(self._on_file_changed)
        reload_action.triggered.connect(self._on_reload_triggered)
        compare.panes_removed.connect(self._on_panes_removed)

    def attach(self, slot: int) -> None:
        """Offer the reload from pane ``slot``'s message bar too."""
        self.compare.panes[slot].message_bar.action_requested.connect(
            lambda action, slot=slot: self._on_message_action(slot, action)
        )

    def watch(self, slot: int, path: Path | None) -> None:
        """Pane ``slot`` now shows ``path`` as it is on disk (None: nothing to watch)."""
        self.watcher.watch(slot, path)
        if path is None:
            self._watched.discard(slot)
        else:
            self._watched.add(slot)
        self._stale.discard(slot)
        self.reload_action.setEnabled(bool(self._stale))

    def _on_panes_removed(self, count: int) -> None:
        """The comparison shrank to ``count`` panes: stop watching the removed ones."""
        for slot in sorted(s for s in self._watched if s >= count):
            self.watch(slot, None)

    def _on_file_changed(self, slot: int, exists: bool) -> None:
        pane = self.compare.panes[slot]
        name = pane.document.display_name if pane.document is not None else "The document"
        if exists:
            self._stale.add(slot)
            pane.message_bar.show_message(
                f"{name} changed on disk. Reload it to read the new text; notes re-anchor, "
                "and any whose passage is gone are kept as orphans.",
                error=False,
                action=RELOAD,
            )
        else:
            self._stale.discard(slot)
            pane.show_info(
                f"{name} was deleted or moved on disk. Verso keeps the text it has; "
                "your notes are safe."
            )
        self.reload_action.setEnabled(bool(self._stale))
        self.file_changed.emit(slot, exists)

    def _on_reload_triggered(self) -> None:
        for slot in sorted(self._stale):
            self.reload_requested.emit(slot)

    def _on_message_action(self, slot: int, action: str) -> None:
        if action == RELOAD and slot in self._stale:
            self.reload_requested.emit(slot)
