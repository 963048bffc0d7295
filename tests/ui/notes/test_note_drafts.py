"""A note being typed survives a crash: autosaved as a draft, restored by the next window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.core.drafts import DraftStore
from desktop_app.core.storage import Database
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.notes import editor_of, live, select
from tests.helpers.windows import open_pair, write_pair

REPO = Path(__file__).resolve().parents[3]
TYPED = "Half a thought about the harbour, typed just before the crash"


def test_a_note_typed_before_a_sigkill_is_restored_by_the_next_window(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    left, right = write_pair(tmp_path)
    typist = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.helpers.draft_typist",
            str(tmp_path),
            str(left),
            str(right),
            TYPED,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert typist.stdout is not None
    line = typist.stdout.readline().strip()
    os.kill(typist.pid, signal.SIGKILL)
    _, err = typist.communicate(timeout=30)
    assert line == "typed", err
    assert typist.returncode == -signal.SIGKILL
    assert live(database) == []  # never saved: only the draft holds the text

    open_pair(qtbot, notes_window, left, right)  # the next window opens the same document
    editor = editor_of(notes_window)
    assert editor.note_edit.toPlainText() == TYPED
    assert "Restored the unsaved draft" in editor.draft_label.text()
    assert editor.save()
    (note,) = live(database)
    assert note.note == TYPED and note.target.exact == "Paragraph 8"
    assert not list(DraftStore.beside(database.path).folder.glob("*.json"))


def test_autosave_waits_for_a_quiet_second_and_cancel_discards(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    open_pair(qtbot, notes_window, *write_pair(tmp_path))
    drafts = DraftStore.beside(database.path)
    select(notes_window.compare.panes[0], "Paragraph 3")
    notes_window.notes.note_action.trigger()
    editor = editor_of(notes_window)
    qtbot.keyClicks(editor.note_edit, "draft")
    assert not list(drafts.folder.glob("*.json"))  # not at every key
    qtbot.waitUntil(lambda: len(list(drafts.folder.glob("*.json"))) == 1, timeout=3000)
    editor.reject()  # Cancel: the text was dropped on purpose
    assert not list(drafts.folder.glob("*.json"))
