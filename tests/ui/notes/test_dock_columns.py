"""The notes list gives a passage room to be read, and the note the most."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.ui.notes.dock import PASSAGE_MIN_WIDTH, PASSAGE_SHARE, NotesDock


def test_the_passage_column_grows_with_the_dock_and_the_note_stays_widest(qtbot: QtBot) -> None:
    dock = NotesDock()
    qtbot.addWidget(dock)
    dock.tree.show()
    dock.resize(200, 400)
    dock.show()
    qtbot.waitExposed(dock)
    header = dock.tree.header()

    def expected() -> int:
        return max(PASSAGE_MIN_WIDTH, int(dock.tree.width() * PASSAGE_SHARE))

    qtbot.waitUntil(lambda: header.sectionSize(0) == expected())
    narrow = header.sectionSize(0)
    assert narrow >= PASSAGE_MIN_WIDTH  # never below the minimum
    dock.resize(600, 400)
    qtbot.waitUntil(lambda: header.sectionSize(0) == expected())
    assert header.sectionSize(0) > narrow  # it grew with the dock
    assert header.sectionSize(0) > 150  # "Giving Russians a chance…", not "T…"
    assert header.sectionSize(1) > header.sectionSize(0)
