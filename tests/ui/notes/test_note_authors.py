"""The notes list filters by author: a choice offered once two people have written notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation
from desktop_app.core.model import Span
from desktop_app.core.storage import Database, open_database
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.notes import select
from tests.helpers.windows import open_pair, write_pair


def test_the_notes_list_filters_by_author_once_there_are_two(
    qtbot: QtBot,
    notes_window: MainWindow,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    dock = window.notes.dock
    select(window.compare.panes[0], "Paragraph 3")
    made = window.notes.highlight()
    assert made is not None
    mine = database.annotations.get(made.id)
    assert mine is not None and mine.author == "Q. Analyst"
    assert dock.author_box.isHidden()  # one author: nothing to choose

    # A colleague (another process on the same store) adds two notes.
    document = window.compare.panes[0].document
    assert document is not None
    monkeypatch.setenv("VERSO_ANALYST", "Ben")
    with open_database(database.path) as other:
        theirs = []
        for words in ("Paragraph 5", "Paragraph 7"):
            start = document.text.index(words)
            target = make_target(document.text, Span(start, start + len(words)))
            theirs.append(other.annotations.add(Annotation.new(document.sha256, target)))
    qtbot.waitUntil(lambda: len(dock.visible_entries()) == 3, timeout=2000)
    assert not dock.author_box.isHidden()
    box = dock.author_box
    assert [box.itemText(i) for i in range(box.count())] == ["Anyone", "Ben", "Q. Analyst"]

    box.setCurrentIndex(box.findData("Ben"))
    assert {e.id for e in dock.visible_entries()} == {n.id for n in theirs}
    box.setCurrentIndex(box.findData("Q. Analyst"))
    assert [e.id for e in dock.visible_entries()] == [mine.id]
    dock.text_edit.setText("paragraph 5")  # with the text filter: none of mine matches
    assert dock.visible_entries() == []
    dock.text_edit.clear()
    window.notes.workspace.poll_others()  # a refresh keeps the chosen author
    window.notes.view.refresh()
    assert box.currentData() == "Q. Analyst"
    assert [e.id for e in dock.visible_entries()] == [mine.id]
