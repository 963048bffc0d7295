"""Pair notes keep their link, undo follows the comparison, import off the GUI thread, Reload."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import event

from PySide6.QtCore import Qt

from desktop_app.core.storage import Database
from desktop_app.ui.base.message_bar import MessageBar
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.notes import editor_of, export_notes, select
from tests.helpers.windows import open_pair, write_pair


def test_a_pair_note_made_on_a_link_keeps_its_kind_and_score(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    for index in (2, 3):  # the test aligner makes quote and related links in turn
        link = window.compare.shown_links(0)[index]
        window.compare.select_link(index)
        window.notes.pair_action.trigger()
        editor = editor_of(window)
        editor.note_edit.setPlainText(f"on link {index}")
        assert editor.save()
        [pair] = [p for p in database.pairs.list() if p.note == f"on link {index}"]
        assert (pair.link_kind, pair.score) == (link.kind, link.score)


def test_the_undo_history_is_cleared_when_another_comparison_is_shown(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    notes = window.notes
    first = tmp_path / "first"
    first.mkdir()
    open_pair(qtbot, window, *write_pair(first))
    select(window.compare.panes[0], "Paragraph 4")
    assert notes.highlight() is not None
    assert notes.undo_stack.canUndo()
    shown = notes.workspace.comparison
    assert shown is not None
    # other documents in both panes: another comparison, whose notes undo must not touch
    second = tmp_path / "second"
    second.mkdir()
    left, right = write_pair(second, count=12)
    left.write_text("Another text.\n\n" + left.read_text(encoding="utf-8"), encoding="utf-8")
    with (
        qtbot.waitSignal(notes.workspace.comparison_switched, timeout=20_000),
        qtbot.waitSignal(window.alignment_changed, timeout=20_000),
    ):
        window.open_paths([left, right])
    qtbot.waitUntil(lambda: window.compare.panes[1].document is not None, timeout=20_000)
    assert notes.workspace.comparison is not None
    assert notes.workspace.comparison.id != shown.id
    assert not notes.undo_stack.canUndo()
    assert notes.undo_action.isEnabled() is False
    assert len(database.annotations.list()) == 1  # the note itself stays


def test_import_runs_on_a_worker_and_announces_on_the_gui_thread(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    exported = export_notes(tmp_path, 1_200)
    writers: list[str] = []
    heard: list[str] = []

    def on_begin(conn: Any) -> None:
        writers.append(threading.current_thread().name)

    event.listen(database.sessions.engine, "begin", on_begin)
    database.changes.subscribe(lambda _change: heard.append(threading.current_thread().name))
    progress: list[float] = []
    try:
        task = window_import(notes_window, exported)
        task.progress_changed.connect(lambda fraction, _m: progress.append(fraction))
        with qtbot.waitSignal(task.finished, timeout=60_000) as done:
            pass
    finally:
        event.remove(database.sessions.engine, "begin", on_begin)
    assert done.args[0].added == 1_200
    assert len(database.annotations.list()) == 1_200
    assert any(name.startswith("verso-") for name in writers)  # the write ran on the worker
    assert heard and set(heard) == {threading.main_thread().name}  # views told on the GUI
    assert progress and progress == sorted(progress)
    message = notes_window.statusBar().currentMessage()
    assert message == "Imported colleague.json: 1200 added, 0 updated, 0 skipped."


def window_import(window: MainWindow, path: Path) -> Any:
    task = window.exports.import_file(path)
    assert task is not None
    return task


def test_a_cancelled_import_imports_nothing(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    exported = export_notes(tmp_path, 50)
    # The import waits behind work already on the loads worker, so the cancel is sure to
    # come before it starts (not after it committed, which is no cancel at all).
    gate = threading.Event()
    notes_window.services.loads.submit("before the import", lambda _progress: gate.wait(30))
    task = window_import(notes_window, exported)
    task.cancel()
    gate.set()
    with qtbot.waitSignal(task.cancelled, timeout=30_000):
        pass
    assert database.annotations.list() == []
    assert "cancelled; nothing was imported" in notes_window.statusBar().currentMessage()
    assert notes_window.exports.import_action.isEnabled()


def test_the_message_bar_offers_one_action(qtbot: QtBot) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.show_message("The file changed.", error=False, action="Reload")
    assert bar.isVisible() and bar.action == "Reload"
    with qtbot.waitSignal(bar.action_requested) as pressed:
        qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    assert pressed.args == ["Reload"]
    assert not bar.isVisible()  # acted on
    bar.show_message("Something else went wrong.")
    assert bar.text == "Something else went wrong." and bar.action == ""
    with qtbot.assertNotEmitted(bar.action_requested):
        bar.action_button.click()  # hidden: a stale click does nothing
        bar.show_message("Still wrong.")


def test_a_changed_file_is_reloaded_from_the_message_bar_button(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path, count=12)
    open_pair(qtbot, window, left_path, right_path)
    left = window.compare.panes[0]
    edited = "A new introduction.\n\n" + left_path.read_text(encoding="utf-8")
    with qtbot.waitSignal(window.files.file_changed, timeout=10_000):
        left_path.write_text(edited, encoding="utf-8")
    assert left.message_bar.action == "Reload"
    assert "F5" not in left.message_bar.text
    with (
        qtbot.waitSignal(window.files.reload_requested) as asked,
        qtbot.waitSignal(window.alignment_changed, timeout=20_000),
    ):
        qtbot.mouseClick(left.message_bar.action_button, Qt.MouseButton.LeftButton)
    assert asked.args == [0]
    assert left.document is not None and left.document.text == edited
    comparison = window.notes.workspace.comparison
    assert comparison is not None and comparison.documents[0].sha256 == left.document.sha256
