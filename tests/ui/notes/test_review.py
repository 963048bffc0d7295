"""Confirming links in the real window: one link, every quote above a score (asked in the
real dialog), undo, the state kept with the comparison, and a confirmed link rejected."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.storage import Database, open_database
from desktop_app.core.triage import ReviewState, confirmation
from desktop_app.ui.base.services import Services
from desktop_app.ui.reading.link_table import STATE_ROLE, Column
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.notes import plain
from tests.helpers.windows import new_window, open_pair, reopen, write_pair


def states(window: MainWindow) -> list[ReviewState]:
    """What the link list shows for each link of the active pair, in the pair's order."""
    model = window.link_list.model
    return [model.data(model.index(row, 0), STATE_ROLE) for row in range(model.rowCount())]


def stored_keys(
    database: Database, window: MainWindow
) -> tuple[set[tuple[Span, Span]], set[tuple[Span, Span]]]:
    comparison = window.notes.workspace.comparison
    assert comparison is not None
    stored = database.comparisons.load_comparison(comparison.id, touch=False)
    confirmed = {(c.left, c.right) for c in stored.confirmed_links}
    rejected = {(r.left, r.right) for r in stored.rejected_links}
    return confirmed, rejected


def answer_score(qtbot: QtBot, score: float) -> list[float]:
    """Answer the score question once it is asked; what it offered, for checking."""
    offered: list[float] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        offered.append(dialog.doubleValue())
        dialog.setDoubleValue(score)
        dialog.accept()

    QTimer.singleShot(0, answer)
    return offered


def test_a_link_is_confirmed_from_the_keyboard_shown_in_the_list_and_undone(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    links = window.compare.shown_links(0)
    assert set(states(window)) == {ReviewState.UNREVIEWED}
    window.compare.select_link(3)
    window.link_list.table.setFocus()
    qtbot.keyClick(
        window.link_list.table,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert states(window)[3] is ReviewState.CONFIRMED
    assert states(window).count(ReviewState.CONFIRMED) == 1
    assert stored_keys(database, window) == ({(links[3].left, links[3].right)}, set())
    assert window.compare.shown_links(0) == links  # nothing hidden
    assert window.compare.selected_link(0) == links[3]  # still selected: on to the next
    model = window.link_list.model
    assert model.data(model.index(3, Column.KIND)).startswith("✓")
    # the list can leave out what was judged
    window.link_list.unreviewed_box.setChecked(True)
    assert window.link_list.proxy.rowCount() == len(links) - 1
    window.link_list.unreviewed_box.setChecked(False)
    assert window.link_list.proxy.rowCount() == len(links)
    assert plain(window.notes.undo_action.text()) == "Undo Confirm link"
    window.notes.undo_action.trigger()
    assert set(states(window)) == {ReviewState.UNREVIEWED}
    assert stored_keys(database, window) == (set(), set())
    window.notes.redo_action.trigger()
    assert states(window)[3] is ReviewState.CONFIRMED


def test_quotes_above_a_score_are_confirmed_at_once_the_dialog_offering_the_minimum_score(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    window.threshold_slider.setValue(35)
    links = window.compare.alignments[0].links  # type: ignore[union-attr]
    expected = {(k.left, k.right) for k in links if k.kind is LinkKind.QUOTE and k.score >= 60}
    assert 0 < len(expected) < sum(k.kind is LinkKind.QUOTE for k in links)
    offered = answer_score(qtbot, 60.0)
    window.notes.actions.confirm_above_action.trigger()
    assert offered == [35.0]
    assert stored_keys(database, window) == (expected, set())
    shown = window.compare.shown_links(0)
    assert [s is ReviewState.CONFIRMED for s in states(window)] == [
        (k.left, k.right) in expected for k in shown
    ]
    assert plain(window.notes.undo_action.text()) == f"Undo Confirm {len(expected)} quote links"
    window.notes.undo_action.trigger()  # one step takes every one back
    assert stored_keys(database, window) == (set(), set())
    assert set(states(window)) == {ReviewState.UNREVIEWED}
    # cancelling the question confirms nothing and adds no undo step
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    window.notes.actions.confirm_above_action.trigger()
    assert stored_keys(database, window) == (set(), set())
    assert window.notes.undo_stack.index() == window.notes.undo_stack.count() - 1


def test_confirmations_survive_closing_and_reopening_the_comparison(
    qtbot: QtBot,
    notes_window: MainWindow,
    services: Services,
    database: Database,
    tmp_path: Path,
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    window.compare.select_link(2)
    assert window.notes.confirm_link()
    confirmed: Link = window.compare.shown_links(0)[2]
    answer_score(qtbot, 90.0)
    window.notes.actions.confirm_above_action.trigger()
    before = states(window)
    assert before.count(ReviewState.CONFIRMED) >= 2
    comparison = window.notes.workspace.comparison
    assert comparison is not None
    window.close()

    again = new_window(qtbot, services)
    reopen(qtbot, again, comparison.id)
    assert states(again) == before
    assert states(again)[again.compare.shown_links(0).index(confirmed)] is ReviewState.CONFIRMED


def test_rejecting_a_confirmed_link_unconfirms_it_and_undo_confirms_it_again(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    link = window.compare.shown_links(0)[4]
    window.compare.select_link(4)
    assert window.notes.confirm_link()
    assert window.notes.reject_link()
    assert link not in window.compare.shown_links(0)
    assert stored_keys(database, window) == (set(), {(link.left, link.right)})
    window.notes.undo_action.trigger()
    assert stored_keys(database, window) == ({(link.left, link.right)}, set())
    assert states(window)[window.compare.shown_links(0).index(link)] is ReviewState.CONFIRMED
    # shown again from the Rejected Links list after rejecting, it is unreviewed
    window.notes.redo_action.trigger()
    (rejected,) = window.rejected.rejected()
    assert window.notes.editing.show_again(rejected)
    assert states(window)[window.compare.shown_links(0).index(link)] is ReviewState.UNREVIEWED


def test_links_confirmed_in_another_window_are_marked_within_a_second(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    comparison = window.notes.workspace.comparison
    left, right = (pane.document for pane in window.compare.pair_panes(0))
    assert comparison is not None and left is not None and right is not None
    link = window.compare.shown_links(0)[6]
    with open_database(database.path) as other:  # a second window on the same file
        other.comparisons.confirm_links(
            comparison.id,
            (confirmation(link, left.sha256, left.text, right.sha256, right.text),),
        )
    qtbot.waitUntil(lambda: states(window)[6] is ReviewState.CONFIRMED, timeout=1000)
    assert states(window).count(ReviewState.CONFIRMED) == 1
