"""Notes in a window for GUI tests: a window on a real annotation database, selecting text as a
user does, the open note editor, and an export of notes to import. The fixtures reach every
GUI test through `tests/ui/conftest.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QTextCursor

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation
from desktop_app.core.export.collect import collect_excerpts
from desktop_app.core.export.output import write_export
from desktop_app.core.model import Span
from desktop_app.core.storage import Database, open_database
from desktop_app.ui.base.services import Services
from desktop_app.ui.notes.editor import NoteEditor
from desktop_app.ui.reading.document_pane import DocumentPane
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.windows import paragraph, show_window


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "verso.sqlite3")
    yield db
    db.close()


@pytest.fixture
def notes_window(qtbot: QtBot, services: Services, database: Database) -> Iterator[MainWindow]:
    services.database = database
    win = show_window(qtbot, services, width=1300)
    yield win
    win.close()


def select(pane: DocumentPane, text: str, occurrence: int = 0) -> Span:
    """Select ``text`` in ``pane`` as a user would (the pane's own cursor)."""
    assert pane.document is not None
    start = -1
    for _ in range(occurrence + 1):
        start = pane.document.text.index(text, start + 1)
    span = Span(start, start + len(text))
    a, b = pane.offsets.pane_range(span)
    cursor = pane.text_view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    pane.text_view.setTextCursor(cursor)
    return span


def editor_of(window: MainWindow) -> NoteEditor:
    editor = window.notes.editor
    assert editor is not None and editor.isVisible()
    return editor


def live(db: Database) -> list[Annotation]:
    return db.annotations.list()


def export_notes(tmp_path: Path, count: int) -> Path:
    """A W3C JSON file of ``count`` notes made in another database."""
    text = "\n\n".join(paragraph(i) for i in range(40))
    with open_database(tmp_path / "colleague.db") as other:
        other.annotations.add_many(
            [
                Annotation.new(
                    "e" * 64, make_target(text, Span(i % 3000, i % 3000 + 40)), note=f"n{i}"
                )
                for i in range(count)
            ]
        )
        path = tmp_path / "colleague.json"
        write_export(collect_excerpts(other), "json", path)
    return path


def plain(text: str) -> str:
    """An action's text as the menu shows it (mnemonic marker removed)."""
    return text.replace("&", "")
