"""File ▸ Import annotations…: read a W3C JSON export back into the database, off the GUI thread.

The import itself is ``core.export.importer.import_w3c`` (one transaction,
idempotent by id). Thousands of notes take seconds, so it runs as a task on a
worker thread: the worker uses its own pooled SQLite connection (WAL lets the
window keep reading meanwhile) and announces nothing; the database's change
notifications are emitted here, on the GUI thread, once the task has finished,
so the views refresh where widgets live. Cancelling rolls the import back whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.cancel import Progress
from desktop_app.core.model import Document
from desktop_app.ui.base.settings import Settings
from desktop_app.ui.base.tasks import Task, TaskRunner

if TYPE_CHECKING:  # the importer and SQLAlchemy load with the first import, not the window
    from desktop_app.core.export.importer import ImportSummary
    from desktop_app.core.storage import Database

NO_DATABASE = "Annotations cannot be imported: the annotation database is not open."


def ask_import_path(parent: QWidget, settings: Settings) -> Path | None:
    """Ask which JSON file to import (None if the user cancels)."""
    folder = settings.export_folder or Path.home()
    name, _ = QFileDialog.getOpenFileName(
        parent,
        "Import annotations",
        str(folder),
        "W3C Web Annotations (*.json *.jsonld);;All files (*)",
    )
    return Path(name) if name else None


def summary_message(path: Path, summary: ImportSummary) -> str:
    """One sentence saying what the import did (and what it left out)."""
    message = f"Imported {path.name}: {summary.text}."
    if summary.messages:
        message += " " + " ".join(summary.messages)
    return message


def start_import(
    db: Database, path: Path, runner: TaskRunner, documents: Sequence[Document] = ()
) -> Task:
    """Import ``path`` into ``db`` on ``runner``'s worker; ``finished`` carries the summary.

    ``documents`` (those open) are where other tools' annotations, which name
    their document by URL or path, are placed by their quotes first.
    By the time the task's ``finished`` handlers run, the changes have been
    announced (views refreshed): this module connects first.
    """
    from desktop_app.core.export.importer import import_w3c

    shown = tuple(documents)

    def work(progress: Progress) -> ImportSummary:
        return import_w3c(db, path, announce=False, progress=progress, documents=shown)

    task = runner.submit(f"import {path.name}", work)
    task.finished.connect(lambda summary: _announce(db, summary))
    return task


def _announce(db: Database, summary: ImportSummary) -> None:
    for change in summary.changes:
        db.changes.emit(change)
