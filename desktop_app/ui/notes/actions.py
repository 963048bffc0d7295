"""The note actions of the window's menus, toolbar and context menus.

Built in one place so the Notes menu, the Edit menu and the context menus share
the same ``QAction`` objects (one shortcut, one enabled state). What they do is
connected by ``NotesController``; without a database they are off.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QPixmap, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop_app.core.annotations import Colour
from desktop_app.core.model import LinkKind
from desktop_app.ui.base.swatches import swatch


class NoteActions(QObject):
    """Undo/redo, highlight (and its colours), note, hand-made link, pair note, reject,
    confirm, reload."""

    def __init__(
        self, window: QMainWindow, undo_stack: QUndoStack, colour: Colour, available: bool
    ) -> None:
        super().__init__(window)
        self.window = window
        self.undo_action = undo_stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = undo_stack.createRedoAction(window, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.highlight_action = self._action(
            "&Highlight Selection", "Highlight the selected text (last colour)", "Ctrl+Shift+H"
        )
        self.colour_menu = QMenu("Highlight &Colour", window)
        group = QActionGroup(self)
        self.colour_actions: dict[Colour, QAction] = {}
        for each in Colour:
            action = self.colour_menu.addAction(each.value.capitalize())
            action.setCheckable(True)
            action.setChecked(each is colour)
            action.setData(each)
            group.addAction(action)
            self.colour_actions[each] = action
        self.note_action = self._action(
            "Add &Note…", "Write a note on the selected text", "Ctrl+Alt+N"
        )
        self.link_actions: dict[LinkKind, QAction] = {}
        for kind, label in ((LinkKind.QUOTE, "Quote"), (LinkKind.RELATED, "Related")):
            self.link_actions[kind] = self._action(
                f"Link Selections as {label}",
                f"Link the selections of two panes by hand ({label.lower()} link)",
            )
        self.pair_action = self._action(
            "Annotate &Pair…", "Write a note on the selected link", "Ctrl+Alt+P"
        )
        self.reject_action = self._action(
            "&Reject Link", "Hide the selected link in this comparison (Ctrl+Z shows it again)"
        )
        self.reject_passage_action = self._action(
            "Reject &Links in Selection",
            "Hide every automatic link touching the selected passage (Ctrl+Z shows them again)",
        )
        self.confirm_action = self._action(
            "&Confirm Link",
            "Mark the selected link as checked in this comparison (Ctrl+Z takes it back)",
            "Ctrl+Shift+C",
        )
        self.confirm_above_action = self._action(
            "Confirm &Quotes Above Score…",
            "Confirm every unreviewed quote link scoring at least a score you choose",
        )
        self.reload_action = self._action(
            "Re&load Changed Document", "Reload a document changed on disk; notes re-anchor", "F5"
        )
        self.reload_action.setEnabled(False)
        #: the actions that write notes or links (off without a database)
        self.note_actions = [
            self.highlight_action,
            self.note_action,
            *self.link_actions.values(),
            self.pair_action,
            self.reject_action,
            self.reject_passage_action,
            self.confirm_action,
            self.confirm_above_action,
        ]
        self.set_available(available)

    def set_available(self, available: bool) -> None:
        """Turn the actions that write notes or links on (a database is open) or off."""
        for action in self.note_actions:
            action.setEnabled(available)
        self.colour_menu.setEnabled(available)

    def _action(self, text: str, tip: str, keys: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        return action


def swatch_icon(colour: Colour) -> QIcon:
    """A small square of ``colour`` for menu entries."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(swatch(colour))
    return QIcon(pixmap)
