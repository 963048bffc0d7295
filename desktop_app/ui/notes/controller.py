"""Annotating from the reading room: one controller the window talks to.

The window builds one controller and forwards three events (a document shown,
an alignment ready, closing). The work is split by responsibility:
``NoteActions`` (the actions and their menus), ``NoteEditing`` (notes,
links and the undo stack), ``ContextMenus`` and ``NotesView`` (the dock and
the note highlights); files changed on disk are the window's (``ChangedFiles``).
Views refresh from the database's change hook and the live poll (``Workspace``),
one changed row at a time; undo is emptied when another comparison takes the
window. Without a database the actions are off and the dock says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow

from desktop_app.core.annotations import Annotation, Colour, ManualLink
from desktop_app.core.model import Alignment, Document, LinkKind, Span
from desktop_app.core.workspace_links import shown_alignment
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.workspace import Workspace
from desktop_app.ui.notes.actions import NoteActions
from desktop_app.ui.notes.context_menus import ContextMenus
from desktop_app.ui.notes.dock import NotesDock
from desktop_app.ui.notes.editing import NoteEditing
from desktop_app.ui.notes.editor import NoteEditor
from desktop_app.ui.notes.review import LinkReview, ask_score
from desktop_app.ui.notes.tree_model import Entry
from desktop_app.ui.notes.view import NotesView
from desktop_app.ui.reading.link_list import LinkList

if TYPE_CHECKING:
    from desktop_app.core.storage import Database


class NotesController(QObject):
    """Owns the notes dock, the undo stack, the workspace and the annotation actions."""

    def __init__(
        self, window: QMainWindow, compare: ReadingRoom, link_list: LinkList, services: Services
    ) -> None:
        super().__init__(window)
        self.window = window
        self.compare = compare
        self.db = services.database
        self.workspace = Workspace(self.db, self)
        self.undo_stack = QUndoStack(self)
        self.dock = NotesDock(window)
        self.dock_widget = QDockWidget("Notes", window)
        self.dock_widget.setObjectName("notes-dock")
        self.dock_widget.setWidget(self.dock)
        self._raw: dict[int, Alignment] = {}  # each pair's alignment before the comparison's
        self.actions = NoteActions(window, self.undo_stack, Colour.YELLOW, self.workspace.available)
        self.editing = NoteEditing(
            window,
            compare,
            self.db,
            self.workspace,
            self.undo_stack,
            self.actions,
            self.show_error,
        )
        self.review = LinkReview(self.editing, self, ask_score(window))
        self.menus = ContextMenus(
            window,
            compare,
            link_list,
            self.actions,
            self.editing.selection,
            lambda: self.editing.selected_pair() is not None,
        )
        self.view = NotesView(compare, self.db, self.dock, self.show_error, self._status, self)
        self.editing.on_conflict = self.view.refresh
        # The actions, as the window's menus and the tests know them.
        actions = self.actions
        self.undo_action, self.redo_action = actions.undo_action, actions.redo_action
        self.highlight_action, self.note_action = actions.highlight_action, actions.note_action
        self.dock.set_empty_hint(
            actions.highlight_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            actions.note_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
        )
        self.colour_menu, self.colour_actions = actions.colour_menu, actions.colour_actions
        self.link_actions, self.pair_action = actions.link_actions, actions.pair_action
        self.reject_action, self.reload_action = actions.reject_action, actions.reload_action
        self.note_actions = actions.note_actions
        self._wire()
        if self.db is None and not services.database_later:
            self._say_unavailable()

    def attach_database(self, db: Database | None) -> None:
        """Work with ``db`` from now on: the window opens it after it shows (so it shows
        at once); None when it could not be opened."""
        self.db = db
        self.workspace.attach(db)
        self.editing.attach_database(db)
        self.view.db = db
        self.actions.set_available(db is not None)
        if db is None:
            self._say_unavailable()

    def _say_unavailable(self) -> None:
        self.dock.message_bar.show_message(
            "Notes are unavailable: the annotation database could not be opened.", error=True
        )

    def _wire(self) -> None:
        actions, editing = self.actions, self.editing
        actions.highlight_action.triggered.connect(lambda: editing.highlight())
        for colour, action in actions.colour_actions.items():
            action.triggered.connect(lambda _=False, c=colour: editing.highlight(c))
        actions.note_action.triggered.connect(editing.add_note)
        for kind, action in actions.link_actions.items():
            action.triggered.connect(lambda _=False, k=kind: editing.link_selections(k))
        actions.pair_action.triggered.connect(editing.annotate_pair)
        actions.reject_action.triggered.connect(editing.reject_link)
        actions.reject_passage_action.triggered.connect(editing.reject_links_in_selection)
        actions.confirm_action.triggered.connect(self.review.confirm_link)
        actions.confirm_above_action.triggered.connect(lambda: self.review.confirm_quotes_above())
        self.workspace.annotations_changed.connect(self.view.apply)  # row by row
        self.workspace.comparison_changed.connect(self._on_comparison_changed)
        self.workspace.comparison_switched.connect(self._on_comparison_switched)
        self.workspace.error_occurred.connect(self.show_error)
        self.dock.entry_requested.connect(self.view.show_entry)
        self.dock.edit_requested.connect(editing.edit_entry)
        self.dock.delete_requested.connect(editing.delete_entry)
        self.compare.panes_removed.connect(self._on_panes_removed)

    def attach_panes(self) -> None:
        """Give every pane (and link map) the note layer, context menus and scroll saving."""
        self.view.attach_panes()
        for slot, pane in enumerate(self.compare.panes):
            if pane.property("verso-notes"):
                continue
            pane.setProperty("verso-notes", True)
            self.menus.attach_pane(slot)
            pane.view_changed.connect(lambda slot=slot: self._on_view_changed(slot))
            self.editing.attach(slot)
        for pair, link_map in enumerate(self.compare.maps):
            if link_map.property("verso-notes"):
                continue
            link_map.setProperty("verso-notes", True)
            self.menus.attach_map(pair)

    # -- what tests and the window call ------------------------------------------

    @property
    def editor(self) -> NoteEditor | None:
        """The note editor open now, if any."""
        return self.editing.editor

    @property
    def last_colour(self) -> Colour:
        return self.editing.last_colour

    def selection(self, slot: int) -> Span | None:
        return self.editing.selection(slot)

    def highlight(self, colour: Colour | None = None) -> Annotation | None:
        return self.editing.highlight(colour)

    def add_note(self) -> NoteEditor | None:
        return self.editing.add_note()

    def annotate_pair(self) -> NoteEditor | None:
        return self.editing.annotate_pair()

    def reject_link(self) -> bool:
        return self.editing.reject_link()

    def confirm_link(self) -> bool:
        return self.review.confirm_link()

    def link_selections(self, kind: LinkKind) -> ManualLink | None:
        return self.editing.link_selections(kind)

    def edit_entry(self, entry: Entry) -> NoteEditor | None:
        return self.editing.edit_entry(entry)

    def delete_entry(self, entry: Entry) -> bool:
        return self.editing.delete_entry(entry)

    def show_entry(self, entry: Entry) -> None:
        self.view.show_entry(entry)

    def refresh_notes(self) -> None:
        """Reload the notes of the documents shown (after any committed change)."""
        self.view.refresh()

    def show_error(self, message: str) -> None:
        self.dock.message_bar.show_message(message, error=True)
        self.window.statusBar().showMessage(message, 12000)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)

    # -- window events --------------------------------------------------------------

    def document_loaded(self, slot: int, path: Path, document: Document) -> None:
        """Pane ``slot`` shows ``document`` (fully loaded) from ``path``."""
        self.attach_panes()
        for pair, _right in self.compare.pairs_of(slot):
            self._raw.pop(pair, None)
        adoption = self.workspace.document_shown(slot, document)
        if adoption is not None and (
            adoption.moved or adoption.comparisons or adoption.moved_pairs
        ):
            # Undo entries hold the notes and links as they were on the old version.
            self.undo_stack.clear()
        if adoption is not None:
            message = adoption.summary(document.display_name)
            if message:
                self.compare.panes[slot].show_info(message)
                self.window.statusBar().showMessage(message, 10000)
        self.refresh_notes()
        self.editing.restore_draft(document)  # a note being typed when Verso last stopped
        if all(p.document is not None for p in self.compare.panes):
            QTimer.singleShot(0, self, self._restore_scrolls)

    def shown_alignment(self, pair: int, alignment: Alignment) -> Alignment:
        """What pair ``pair`` shows of ``alignment``: rejected links out, hand-made ones in."""
        self._raw[pair] = alignment
        left, right = self.compare.pair_panes(pair)
        if left.document is None or right.document is None:
            return alignment
        return shown_alignment(
            alignment, self.workspace.comparison, left.document.sha256, right.document.sha256
        )

    def _on_panes_removed(self, count: int) -> None:
        """The comparison shrank to ``count`` panes: forget the removed ones everywhere."""
        self.view.reset_layer()
        self._raw = {p: a for p, a in self._raw.items() if p < self.compare.pair_count}
        self.workspace.set_document_count(count)
        self.refresh_notes()

    def close(self) -> None:
        self.editing.close_editor()
        self.workspace.close()

    def _on_comparison_changed(self) -> None:
        for pair, alignment in list(self._raw.items()):
            if pair < self.compare.pair_count:
                selected = self.compare.selected_link(pair)
                self.compare.set_alignment(pair, self.shown_alignment(pair, alignment))
                shown = self.compare.shown_links(pair)
                active = pair == self.compare.active_pair
                if active and selected is not None and selected in shown:
                    # A link confirmed stays selected (the next one is a keystroke away).
                    self.compare.select_link(shown.index(selected), pair=pair, center=False)

    def _on_comparison_switched(self) -> None:
        # Undo must never act on the notes or links of a comparison no longer shown.
        self.undo_stack.clear()

    def _restore_scrolls(self) -> None:
        """Put the panes back where the reader left them.

        Positions are kept as the fraction of the text above the view, not of the
        scroll bar, so a different window size or font still lands on the same
        passage. With locked scrolling the first pane leads and the others follow
        it, as they did when the positions were saved.
        """
        fractions = [self.workspace.take_scroll(s) for s in range(len(self.compare.panes))]
        if self.compare.scroll_lock:
            fractions = fractions[:1]
        for slot, fraction in enumerate(fractions):
            pane = self.compare.panes[slot]
            if fraction is not None and pane.document is not None:
                pane.scroll_to_y(round(fraction * len(pane.document.text)), 0)

    def _on_view_changed(self, slot: int) -> None:
        pane = self.compare.panes[slot]
        if pane.document is not None and pane.document.text:
            top, _bottom = pane.visible_range()
            self.workspace.note_scroll(slot, top / len(pane.document.text))
