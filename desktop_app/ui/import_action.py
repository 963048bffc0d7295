"""File ▸ Import annotations…: read a W3C JSON export back into the database.

The import itself is ``core.export.importer.import_w3c`` (one transaction,
idempotent by id); this only asks for the file and words the outcome for the
status bar. It runs on the GUI thread: it touches only SQLite, in one short
write, and the views refresh from the database's change hook.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.errors import VersoError
from desktop_app.core.export.importer import import_w3c
from desktop_app.core.storage import Database
from desktop_app.ui.settings import Settings


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


def import_annotations(db: Database | None, path: Path) -> str:
    """Import ``path`` into ``db``; one sentence saying what happened (or why not)."""
    if db is None:
        return "Annotations cannot be imported: the annotation database is not open."
    try:
        summary = import_w3c(db, path)
    except VersoError as error:
        return f"Not imported: {error}"
    message = f"Imported {path.name}: {summary.text}."
    if summary.messages:
        message += " " + " ".join(summary.messages)
    return message
