"""The window's File ▸ Export… (Ctrl+E) and File ▸ Import annotations… actions.

Kept out of ``main_window.py`` so the window only adds two actions to its
File menu; everything the actions need (database, settings, the current
comparison, the alignments on screen) is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop_app.core.annotations import Comparison
from desktop_app.core.model import Alignment
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.tasks import Task
from desktop_app.ui.exporting.import_action import (
    NO_DATABASE,
    ask_import_path,
    start_import,
    summary_message,
)

if TYPE_CHECKING:  # the exporters (python-docx, pymupdf) load when the dialog first opens
    from desktop_app.ui.exporting.dialog import ExportDialog

ComparisonGetter = Callable[[], Comparison | None]
#: the window's ``track_task``: shows a task on the shared progress bar until it ends
TaskTracker = Callable[[Task, str], None]


def shown_alignments(compare: ReadingRoom) -> dict[tuple[str, str], Alignment]:
    """The alignments on screen by (left sha256, right sha256): pairs get link kind and score."""
    found: dict[tuple[str, str], Alignment] = {}
    for pair in range(compare.pair_count):
        left, right = compare.pair_panes(pair)
        alignment = compare.alignments[pair]
        if left.document is not None and right.document is not None and alignment is not None:
            found[(left.document.sha256, right.document.sha256)] = alignment
    return found


class ExportActions(QObject):
    """Export and import actions; ``dialog`` is the export dialog last opened."""

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        compare: ReadingRoom,
        comparison: ComparisonGetter,
        track: TaskTracker,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.track = track
        self.services = services
        self.compare = compare
        self.comparison = comparison
        self.dialog: ExportDialog | None = None
        self.import_task: Task | None = None  # the import running (or last run)
        self.export_action = QAction("&Export…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip("Export notes as Markdown, HTML, CSV, JSON, PDF or Word")
        self.export_action.triggered.connect(self._on_export_triggered)
        self.import_action = QAction("&Import Annotations…", window)
        self.import_action.setStatusTip(
            "Import notes from a Verso export or other W3C Web Annotations"
        )
        self.import_action.triggered.connect(self._on_import_triggered)
        self.database_changed()

    def database_changed(self) -> None:
        """Export and import are on while ``services.database`` is open."""
        available = self.services.database is not None
        for action in self.actions:
            action.setEnabled(available)
            action.setToolTip("" if available else "The annotation database is not open")

    @property
    def actions(self) -> list[QAction]:
        return [self.export_action, self.import_action]

    def _on_export_triggered(self) -> None:
        db = self.services.database
        if db is None:
            return
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        from desktop_app.ui.exporting.dialog import ExportDialog

        self.dialog = ExportDialog(
            db,
            self.services.settings,
            self.services.loads,  # pymupdf stays on the document worker
            comparison=self.comparison(),
            alignments=shown_alignments(self.compare),
            parent=self.window,
        )
        self.dialog.open()

    def _on_import_triggered(self, _checked: bool = False, path: Path | None = None) -> None:
        self.import_file(path or ask_import_path(self.window, self.services.settings))

    def import_file(self, path: Path | None) -> Task | None:
        """Import ``path`` in the background, as the menu action does after its file dialog.

        The window's progress bar shows it (Cancel and Esc stop it), then the
        status bar says what was imported; cancelling rolls the import back whole.
        """
        if path is None:
            return None
        db = self.services.database
        if db is None:
            self._status(NO_DATABASE)
            return None
        shown = [d for d in self.compare.documents() if d is not None]
        task = start_import(db, path, self.services.loads, shown)
        self.import_task = task
        self.import_action.setEnabled(False)  # one import at a time
        # Tracked before the handlers below connect: the bar's end clears the status
        # bar, then they say what happened.
        self.track(task, f"Importing {path.name}…")
        task.finished.connect(lambda summary: self._on_imported(summary_message(path, summary)))
        task.failed.connect(lambda message, _error: self._on_imported(f"Not imported: {message}"))
        task.cancelled.connect(
            lambda: self._on_imported(f"Import of {path.name} cancelled; nothing was imported.")
        )
        return task

    def _on_imported(self, message: str) -> None:
        self.import_action.setEnabled(self.services.database is not None)
        self._status(message)

    def _status(self, message: str, timeout: int = 15_000) -> None:
        self.window.statusBar().showMessage(message, timeout)
