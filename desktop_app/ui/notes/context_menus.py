"""Right-click menus on the panes, the link map's ribbons and the link list.

They offer the same ``QAction`` objects as the Notes menu (``NoteActions``),
so a menu entry and its shortcut always agree. A right click on a linked
passage or a ribbon first selects that link, so "Annotate Pair", "Confirm Link"
and "Reject Link" act on what was clicked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop_app.core.model import Span
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.notes.actions import NoteActions, swatch_icon
from desktop_app.ui.reading.link_list import LinkList


class ContextMenus(QObject):
    """Builds and shows the annotation context menus."""

    def __init__(
        self,
        window: QMainWindow,
        compare: ReadingRoom,
        link_list: LinkList,
        actions: NoteActions,
        selection: Callable[[int], Span | None],
        link_selected: Callable[[], bool],
    ) -> None:
        """``selection``: the text selected in a pane; ``link_selected``: whether a link is."""
        super().__init__(window)
        self.window = window
        self.compare = compare
        self.link_list = link_list
        self.actions = actions
        self.selection = selection
        self.link_selected = link_selected
        self.menu: QMenu | None = None  # the last context menu shown (the next one replaces it)
        table = link_list.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_link_list_menu_requested)

    def attach_pane(self, slot: int) -> None:
        view = self.compare.panes[slot].text_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda pos, slot=slot: self._on_pane_menu_requested(slot, pos)
        )

    def attach_map(self, pair: int) -> None:
        link_map = self.compare.maps[pair]
        link_map.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        link_map.customContextMenuRequested.connect(
            lambda pos, pair=pair: self._on_ribbon_menu_requested(pair, pos)
        )

    def _on_pane_menu_requested(self, slot: int, pos: QPoint) -> None:
        pane = self.compare.panes[slot]
        view = pane.text_view
        menu = view.createStandardContextMenu(pos)
        menu.setParent(view, menu.windowFlags())
        if pane.document is not None:
            offset = pane.offsets.to_doc(view.cursorForPosition(pos).position())
            self._select_link_at(slot, offset)
        menu.addSeparator()
        actions = self.actions
        if self.selection(slot) is not None:
            highlight = menu.addMenu("Highlight")
            for colour, action in actions.colour_actions.items():
                action.setIcon(swatch_icon(colour))
                highlight.addAction(action)
            menu.addAction(actions.note_action)
            others = [p + 1 if slot == 0 else 0 for p, _right in self.compare.shown_pairs(slot)]
            if any(self.selection(s) is not None for s in others):
                link_menu = menu.addMenu("Link to Selection in Other Pane")
                link_menu.addActions(list(actions.link_actions.values()))
            menu.addAction(actions.reject_passage_action)
        if self.link_selected():
            menu.addAction(actions.pair_action)
            menu.addAction(actions.confirm_action)
            menu.addAction(actions.reject_action)
        self._popup(menu, view.viewport().mapToGlobal(pos))

    def _select_link_at(self, slot: int, offset: int) -> None:
        for pair, right_side in self.compare.shown_pairs(slot):
            hits = self.compare.link_index(pair).at(offset, right=right_side)
            if hits:
                self.compare.select_link(hits[0], pair=pair, center=False)
                return

    def _on_ribbon_menu_requested(self, pair: int, pos: QPoint) -> None:
        index = self.compare.link_on_map(pair, pos)
        if index is None:
            return
        self.compare.select_link(index, pair=pair, center=False)
        self._link_menu(self.compare.maps[pair].mapToGlobal(pos))

    def _on_link_list_menu_requested(self, pos: QPoint) -> None:
        if self.link_selected():
            self._link_menu(self.link_list.table.viewport().mapToGlobal(pos))

    def _link_menu(self, at: QPoint) -> None:
        menu = QMenu(self.window)
        menu.addAction(self.actions.pair_action)
        menu.addAction(self.actions.confirm_action)
        menu.addAction(self.actions.reject_action)
        menu.addAction(self.actions.confirm_above_action)
        self._popup(menu, at)

    def _popup(self, menu: QMenu, at: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(at)
