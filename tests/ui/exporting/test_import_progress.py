"""A background import shows on the window's shared progress bar; Cancel there stops it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.core.storage import Database
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.notes import export_notes


def test_the_progress_bar_shows_during_an_import_and_hides_after(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    exported = export_notes(tmp_path, 600)
    assert window.progress_bar.isHidden() and not window.busy
    values: list[int] = []
    window.progress_bar.valueChanged.connect(values.append)
    task = window.exports.import_file(exported)
    assert task is not None
    # shown from the start, with the window's Cancel button, until the import ends
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    assert window.busy and window.cancel_action.isEnabled()
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert values and max(values) > 0  # the bar followed the import's progress
    assert window.progress_bar.isHidden() and window.cancel_button.isHidden()
    assert not window.busy
    assert len(database.annotations.list()) == 600
    # the bar's end did not wipe what the import reports
    message = window.statusBar().currentMessage()
    assert message == "Imported colleague.json: 600 added, 0 updated, 0 skipped."


def test_the_windows_cancel_stops_an_import(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    task = window.exports.import_file(export_notes(tmp_path, 300))
    assert task is not None and window.cancel_button.isVisible()
    window.cancel_button.click()
    with qtbot.waitSignal(task.cancelled, timeout=30_000):
        pass
    assert window.progress_bar.isHidden()
    assert database.annotations.list() == []
    assert "cancelled; nothing was imported" in window.statusBar().currentMessage()
