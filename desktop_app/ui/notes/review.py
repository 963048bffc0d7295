"""Confirming links from the reading room: the selected one, or every quote above a score.

Wiring only: which links a bulk confirmation takes and each link's state are decided in
``core.triage``; each confirmation is one undoable command (``ConfirmLinksCommand``)
written through ``NoteEditing.perform`` like rejections, so a refused write never enters
the undo history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMainWindow, QWidget

from desktop_app.core.storage.commands import ConfirmLinksCommand
from desktop_app.core.triage import confirmation, rejections_of, review_states, to_confirm
from desktop_app.core.workspace_links import manual_link_for
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.base.workspace import Workspace

if TYPE_CHECKING:
    from desktop_app.core.model import Document, Link
    from desktop_app.core.storage import Database
    from desktop_app.core.storage.commands import Command

#: asks the analyst for the lowest score to confirm (the default offered); None: cancelled
ScoreQuestion = Callable[[float], float | None]


def ask_score(parent: QWidget) -> ScoreQuestion:
    """A question in a ``QInputDialog`` (0–100, one decimal)."""

    def ask(default: float) -> float | None:
        value, accepted = QInputDialog.getDouble(
            parent,
            "Confirm Quotes Above Score",
            "Confirm every unreviewed quote link scoring at least:",
            default,
            0.0,
            100.0,
            1,
        )
        return value if accepted else None

    return ask


class Editing(Protocol):
    """What reviewing needs of the note editing (``NoteEditing``): where the links are,
    the selected one, and the one way writes are made (so a refused write is not undone)."""

    @property
    def window(self) -> QMainWindow: ...
    @property
    def compare(self) -> ReadingRoom: ...
    @property
    def workspace(self) -> Workspace: ...
    @property
    def db(self) -> Database | None: ...
    def selected_pair(self) -> tuple[int, Link, Document, Document] | None: ...
    def perform(self, command: Command) -> str | None: ...


class LinkReview(QObject):
    """The "Confirm Link" and "Confirm Quotes Above Score…" actions' work."""

    def __init__(self, editing: Editing, parent: QObject, ask: ScoreQuestion) -> None:
        super().__init__(parent)
        self.editing = editing
        self.ask = ask

    def _status(self, message: str) -> None:
        self.editing.window.statusBar().showMessage(message, 6000)

    def confirm_link(self) -> bool:
        """Confirm the selected automatic link (a rejected one is un-rejected); undoable."""
        editing = self.editing
        chosen = editing.selected_pair()
        comparison = editing.workspace.comparison
        if editing.db is None or chosen is None or comparison is None:
            self._status("Select a link of a saved comparison first.")
            return False
        _pair, link, left, right = chosen
        if manual_link_for(comparison, link, left.sha256, right.sha256) is not None:
            self._status("A hand-made link is confirmed already: you drew it.")
            return False
        command = ConfirmLinksCommand(
            editing.db.comparisons,
            comparison.id,
            (confirmation(link, left.sha256, left.text, right.sha256, right.text),),
            rejections_of(comparison, [link], left.sha256, right.sha256),
        )
        command.text = "Confirm link"
        return editing.perform(command) is None

    def confirm_quotes_above(self, min_score: float | None = None) -> int:
        """Confirm every unreviewed quote link of the active pair scoring at least
        ``min_score`` (asked, defaulting to the view's minimum score, when None), links the
        view filter hides included; one undo step. How many were confirmed."""
        editing = self.editing
        comparison = editing.workspace.comparison
        pair = editing.compare.active_pair
        alignment = editing.compare.alignments[pair]
        left, right = (pane.document for pane in editing.compare.pair_panes(pair))
        if editing.db is None or comparison is None or alignment is None:
            self._status("Open a saved comparison with links first.")
            return 0
        if left is None or right is None:
            return 0
        if min_score is None:
            min_score = self.ask(editing.compare.link_filter.min_score)
            if min_score is None:
                return 0
        links = alignment.links
        states = review_states(links, comparison, left.sha256, right.sha256)
        chosen = to_confirm(links, states, min_score)
        if not chosen:
            self._status(f"No unreviewed quote link scores {min_score:g} or more.")
            return 0
        command = ConfirmLinksCommand(
            editing.db.comparisons,
            comparison.id,
            tuple(
                confirmation(link, left.sha256, left.text, right.sha256, right.text)
                for link in chosen
            ),
        )
        count = len(chosen)
        command.text = f"Confirm {count} quote link{'s' if count != 1 else ''}"
        if editing.perform(command) is not None:
            return 0
        self._status(f"Confirmed {count} quote link{'s' if count != 1 else ''}.")
        return count
