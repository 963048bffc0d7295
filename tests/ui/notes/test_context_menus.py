"""Right-click menus offer the Notes menu's own actions, for what was clicked."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMenu

from desktop_app.core.storage import Database
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.notes import select
from tests.helpers.windows import open_pair, write_pair


def _shown_menu(window: MainWindow) -> QMenu:
    menu = window.notes.menus.menu
    assert menu is not None
    menu.hide()
    return menu


def test_a_pane_menu_offers_note_actions_for_the_selection_and_the_link_under_it(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    notes = window.notes
    left, right = window.compare.panes[0], window.compare.panes[1]
    span = select(left, "Paragraph 3:")
    select(right, "Paragraph 3:")
    view = left.text_view
    position = left.offsets.pane_range(span)[0] + 2
    cursor = view.textCursor()
    cursor.setPosition(position)
    point = view.cursorRect(cursor).center()
    select(left, "Paragraph 3:")  # placing the probe cursor cleared the selection
    assert window.compare.selected_link(0) is None

    view.customContextMenuRequested.emit(point)

    menu = _shown_menu(window)
    titles = [a.text() for a in menu.actions()]
    assert "Highlight" in titles
    assert notes.note_action in menu.actions()
    assert "Link to Selection in Other Pane" in titles
    # the link under the click is selected, so the pair actions are there for it
    assert notes.pair_action in menu.actions() and notes.reject_action in menu.actions()
    assert notes.actions.confirm_action in menu.actions()
    selected = window.compare.selected_link(0)
    assert selected is not None and selected.left.start <= span.start < selected.left.end


def test_the_link_list_menu_offers_pair_actions_only_with_a_selected_link(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    table = window.link_list.table
    table.customContextMenuRequested.emit(table.rect().center())
    assert window.notes.menus.menu is None

    window.compare.select_link(2)
    table.customContextMenuRequested.emit(table.rect().center())

    menu = _shown_menu(window)
    actions = window.notes.actions
    assert menu.actions() == [
        actions.pair_action,
        actions.confirm_action,
        actions.reject_action,
        actions.confirm_above_action,
    ]
