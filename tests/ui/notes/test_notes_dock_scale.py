"""The notes dock stays linear in its notes: filtering a team's long list asks the model
a few questions per note, not a few per note for every note (a quadratic refilter took
minutes for 10,000 notes)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation
from desktop_app.core.model import Span
from desktop_app.core.storage.shown_notes import Shelf
from desktop_app.ui.notes.dock import NotesDock
from desktop_app.ui.notes.tree_model import Entry, NoteTreeModel

TEXT = "claim evidence source witness archive ledger quote rebuttal motive treaty " * 200


def entries(count: int) -> list[Entry]:
    made = []
    for i in range(count):
        start = (i * 37) % (len(TEXT) - 60)
        note = Annotation.new("0" * 64, make_target(TEXT, Span(start, start + 40)), note=f"n{i}")
        made.append(Entry(Shelf.NOTES, replace(note, author=f"analyst{i % 3}"), "a.txt"))
    return made


class CountingModel(NoteTreeModel):
    """The dock's model, counting the questions the proxy and the tree ask it."""

    calls = 0

    def index(self, *args: Any) -> Any:
        CountingModel.calls += 1
        return super().index(*args)

    def rowCount(self, *args: Any) -> int:  # noqa: N802
        CountingModel.calls += 1
        return super().rowCount(*args)

    def parent(self, *args: Any) -> Any:
        CountingModel.calls += 1
        return super().parent(*args)


def test_filtering_asks_the_model_a_few_questions_per_note(qtbot: QtBot) -> None:
    dock = NotesDock()
    qtbot.addWidget(dock)
    dock.model = CountingModel(dock)
    dock.proxy.setSourceModel(dock.model)
    dock.show()
    count = 600
    dock.set_entries(entries(count))
    dock.set_authors(["analyst0", "analyst1", "analyst2"])
    CountingModel.calls = 0
    dock.text_edit.setText("n1")
    dock.text_edit.clear()
    dock.author_box.setCurrentIndex(dock.author_box.findData("analyst1"))
    assert len(dock.visible_entries()) == count // 3
    dock.author_box.setCurrentIndex(0)
    assert len(dock.visible_entries()) == count
    # About 4 per note; before the fix 932,842 here (each inserted row expanded the
    # whole tree again, each removed or inserted range relaid by the view).
    assert CountingModel.calls < 20 * count


def test_the_filtered_tree_is_a_sound_model(qtmodeltester: ModelTester) -> None:
    dock = NotesDock()
    dock.set_entries(entries(30))
    dock.set_authors(["analyst0", "analyst1", "analyst2"])
    dock.author_box.setCurrentIndex(2)
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)


def test_an_unfiltered_list_is_the_notes_themselves_and_a_filter_keeps_the_choice(
    qtbot: QtBot,
) -> None:
    """No filter chosen: the tree shows the model (no proxy between them, empty sections
    hidden as the proxy hides them); a filter puts the proxy back, the current entry kept."""
    dock = NotesDock()
    qtbot.addWidget(dock)
    dock.show()
    listed = entries(30)
    dock.set_entries(listed)
    dock.set_authors(["analyst0", "analyst1", "analyst2"])
    assert dock.tree.model() is dock.model
    assert [dock.tree.isRowHidden(row, dock.model.index(0, 0).parent()) for row in range(3)] == [
        False,
        True,
        True,
    ]
    assert dock.tree.isExpanded(dock.model.index(0, 0))
    chosen = listed[4]  # analyst1's
    assert dock.select(chosen.id)
    dock.author_box.setCurrentIndex(dock.author_box.findData("analyst1"))
    assert dock.tree.model() is dock.proxy
    assert len(dock.visible_entries()) == 10
    assert dock.current_entry() == chosen
    dock.author_box.setCurrentIndex(0)
    assert dock.tree.model() is dock.model
    assert len(dock.visible_entries()) == 30
    assert dock.current_entry() == chosen
    assert dock.tree.isExpanded(dock.model.index(0, 0))
