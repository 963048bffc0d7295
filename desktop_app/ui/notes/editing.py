"""Writing notes and links from the reading room, each change one undoable command.

Every change goes through a core command on the window's ``QUndoStack``
(``ui.undo``): written first, pushed only if the database took it, so a failed
write never enters the history and the editor keeps the text. The selection a
note action uses is the pane's text selection, trimmed, in document offsets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow

from desktop_app.core.annotations import (
    Annotation,
    Colour,
    ConfirmedLink,
    ManualLink,
    PairAnnotation,
    RejectedLink,
    TextTarget,
)
from desktop_app.core.drafts import DraftStore, new_note_key, span_of_new_note
from desktop_app.core.errors import ServerUnreachable, StorageError
from desktop_app.core.model import Document, Link, LinkKind, Span
from desktop_app.core.storage.commands import (
    AddCommand,
    AddManualLinkCommand,
    Command,
    DeleteCommand,
    EditCommand,
    RejectLinkCommand,
    RejectLinksCommand,
)
from desktop_app.core.storage.conflicts import EditConflict
from desktop_app.core.storage.shown_notes import Shelf
from desktop_app.core.triage import confirmations_of
from desktop_app.core.workspace_links import links_in_passage, manual_link_for, rejection
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.base.undo import Inverse, perform
from desktop_app.ui.base.workspace import Workspace
from desktop_app.ui.notes.actions import NoteActions
from desktop_app.ui.notes.editor import DraftPlace, NoteEditor, NoteValues, SaveHandler
from desktop_app.ui.notes.tree_model import Entry

if TYPE_CHECKING:  # SQLAlchemy loads when the database opens, after the window shows
    from desktop_app.core.storage import Database

Item = TypeVar("Item", Annotation, PairAnnotation)


def _changed_values(opened: NoteValues, values: NoteValues, *, pair: bool = False) -> Any:
    """The fields the analyst changed in the editor since it opened, as ``edited`` takes
    them: only those are written, so a colleague's change to another field (made while
    the editor was open) is kept rather than overwritten by the editor's stale copy."""
    names = ("colour", "note", "tags", "relation") if pair else ("colour", "note", "tags")
    return {
        name: getattr(values, name)
        for name in names
        if getattr(values, name) != getattr(opened, name)
    }


def _trimmed(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _make_target(text: str, span: Span, page: int | None = None) -> TextTarget:
    """``anchoring.make_target``, imported with the first note (anchoring brings numpy)."""
    from desktop_app.core.anchoring import make_target

    return make_target(text, span, page)


def target_of(document: Document, span: Span) -> TextTarget:
    """The selectors of ``span`` in ``document`` (with its page for a PDF)."""
    page = document.geometry.page_of(span.start) if document.geometry is not None else None
    return _make_target(document.text, span, page)


class NoteEditing(QObject):
    """Highlights, notes, pair notes, hand-made and rejected links; the note editor."""

    def __init__(
        self,
        window: QMainWindow,
        compare: ReadingRoom,
        db: Database | None,
        workspace: Workspace,
        undo_stack: QUndoStack,
        actions: NoteActions,
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.compare = compare
        self.db = db
        self.workspace = workspace
        self.undo_stack = undo_stack
        self.actions = actions
        self.show_error = show_error
        self.last_colour = Colour.YELLOW
        self.editor: NoteEditor | None = None
        self._last_selection: int | None = None
        self.drafts: DraftStore | None = None
        self.attach_database(db)
        self.last_conflict: EditConflict[Any] | None = None  # the last write refused as stale
        self.last_error: StorageError | None = None  # the last write refused, of any kind
        self.on_conflict: Callable[[], None] | None = None  # set by the controller: refresh

    def attach_database(self, db: Database | None) -> None:
        """Write to ``db`` from now on (its drafts beside it)."""
        self.db = db
        self.drafts = DraftStore.beside(db.path) if db is not None else None

    def _server_answers(self) -> bool:
        """Whether a pending save may try now (``ExternalChanges.server_answers``)."""
        return self.db is None or self.db.live.server_answers()

    # -- selections -----------------------------------------------------------------

    def attach(self, slot: int) -> None:
        """Remember pane ``slot`` as the last one with a selection when it gets one."""
        view = self.compare.panes[slot].text_view
        view.selectionChanged.connect(lambda slot=slot: self._on_selection_changed(slot))

    def selection(self, slot: int) -> Span | None:
        """The text selected in pane ``slot`` as a document span (None if nothing)."""
        pane = self.compare.panes[slot]
        if pane.document is None:
            return None
        cursor = pane.text_view.textCursor()
        if not cursor.hasSelection():
            return None
        span = pane.offsets.doc_span(cursor.selectionStart(), cursor.selectionEnd())
        span = _trimmed(pane.document.text, span)
        return span if len(span) else None

    def _on_selection_changed(self, slot: int) -> None:
        if self.compare.panes[slot].text_view.textCursor().hasSelection():
            self._last_selection = slot

    def _selected_slot(self) -> int | None:
        """The pane whose selection the note actions use: the one selected last."""
        slots = [s for s in range(len(self.compare.panes)) if self.selection(s) is not None]
        if self._last_selection in slots:
            return self._last_selection
        return slots[0] if slots else None

    def selected_pair(self) -> tuple[int, Link, Document, Document] | None:
        """The active pair, its selected link and its two documents (None: no link selected)."""
        pair = self.compare.active_pair
        link = self.compare.selected_link(pair)
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        if link is None or left is None or right is None:
            return None
        return pair, link, left, right

    # -- writing --------------------------------------------------------------------

    def perform(self, command: Command) -> str | None:
        """Apply and record ``command``; the error text if the database refused it.

        A refusal because the note changed meanwhile is kept in ``last_conflict``.
        """
        errors: list[StorageError] = []

        def failed(error: StorageError) -> None:
            errors.append(error)
            if isinstance(error, EditConflict) and self.on_conflict is not None:
                self.on_conflict()  # the dock shows the note as stored now
            self.show_error(str(error))

        perform(self.undo_stack, command, failed)
        first = errors[0] if errors else None
        self.last_conflict = first if isinstance(first, EditConflict) else None
        self.last_error = first
        return None if first is None else str(first)

    def _rebase(self, base: list[Item]) -> None:
        """After a conflict, base the editor's next save on the stored note: the analyst
        has seen the message, so saving again replaces the fields they changed. A deleted
        note stays deleted (undo brings it back); the text stays in the editor and its draft."""
        conflict = self.last_conflict
        if conflict is None or conflict.current.deleted is not None:
            return
        if type(conflict.current) is type(base[0]) and conflict.current.id == base[0].id:
            base[0] = conflict.current

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)

    # -- notes on passages ----------------------------------------------------------

    def highlight(self, colour: Colour | None = None) -> Annotation | None:
        """Highlight the selected text (in ``colour``, else the last colour used)."""
        slot = self._selected_slot()
        document = self.compare.panes[slot].document if slot is not None else None
        span = self.selection(slot) if slot is not None else None
        if self.db is None or slot is None or document is None or span is None:
            self._status("Select some text to highlight first.")
            return None
        if colour is not None:
            self.last_colour = colour
            self.actions.colour_actions[colour].setChecked(True)
        note = Annotation.new(document.sha256, target_of(document, span), colour=self.last_colour)
        if self.perform(AddCommand(self.db.annotations, note, "Add highlight")) is not None:
            return None
        # Collapse the selection so the new highlight shows in its colour at once.
        view = self.compare.panes[slot].text_view
        cursor = view.textCursor()
        cursor.clearSelection()
        view.setTextCursor(cursor)
        return note

    def add_note(self) -> NoteEditor | None:
        """Open the editor for a new note on the selected text."""
        slot = self._selected_slot()
        document = self.compare.panes[slot].document if slot is not None else None
        span = self.selection(slot) if slot is not None else None
        if self.db is None or slot is None or document is None or span is None:
            self._status("Select some text to write a note on first.")
            return None
        return self._add_note_on(document, span)

    def _add_note_on(self, document: Document, span: Span) -> NoteEditor | None:
        if self.db is None:
            return None
        db = self.db
        target = target_of(document, span)
        sha = document.sha256

        def save(values: NoteValues) -> str | None:
            note = Annotation.new(
                sha, target, colour=values.colour, note=values.note, tags=values.tags
            )
            return self.perform(AddCommand(db.annotations, note, "Add note"))

        values = NoteValues(self.last_colour)
        key = new_note_key(sha, span.start, span.end)
        return self._open_editor("Add note", [target.exact], values, save, draft=(key, sha))

    def _open_editor(
        self,
        title: str,
        quotes: list[str],
        values: NoteValues,
        save: SaveHandler,
        *,
        pair: bool = False,
        draft: tuple[str, str] | None = None,
    ) -> NoteEditor:
        """``draft``: the note's draft key and document (``core.drafts``)."""
        if self.editor is not None:
            self.editor.set_aside()
        place = None
        if draft is not None and self.drafts is not None:
            place = DraftPlace(self.drafts, *draft)
        self.editor = NoteEditor(
            self.window,
            title=title,
            quotes=quotes,
            tags_in_use=self._tags_in_use(),
            values=values,
            on_save=save,
            pair=pair,
            draft=place,
            may_retry=lambda: isinstance(self.last_error, ServerUnreachable),
            server_answers=self._server_answers,
        )
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.finished.connect(self._on_editor_finished)
        self.editor.open()
        return self.editor

    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None

    def close_editor(self) -> None:
        """The window closes: the editor goes, its unsaved text stays as a draft."""
        if self.editor is not None:
            self.editor.set_aside()

    def restore_draft(self, document: Document) -> NoteEditor | None:
        """Reopen the editor on an unsaved draft of a note on ``document`` (left by a crash)."""
        if self.drafts is None or self.db is None or self.editor is not None:
            return None
        for draft in self.drafts.for_document(document.sha256):
            editor = self._reopen(draft.key, document)
            if editor is not None:
                self._status(f"Restored an unsaved note draft on {document.display_name}.")
                return editor
        return None

    def _reopen(self, key: str, document: Document) -> NoteEditor | None:
        assert self.db is not None
        kind, _, ident = key.partition(":")
        item: Annotation | PairAnnotation | None = None
        try:
            if kind == "edit":
                item = self.db.annotations.get(ident)
            elif kind == "pair":
                item = self.db.pairs.get(ident)
        except StorageError as exc:
            self.show_error(str(exc))
            return None
        if item is not None:
            return self.edit_entry(Entry(Shelf.PAIRS if kind == "pair" else Shelf.NOTES, item, ""))
        span = span_of_new_note(key)
        if span is None or span[2] > len(document.text):
            return None
        return self._add_note_on(document, Span(span[1], span[2]))

    def _tags_in_use(self) -> list[str]:
        if self.db is None:
            return []
        try:
            return self.db.annotations.tags()
        except StorageError as exc:
            self.show_error(str(exc))
            return []

    def edit_entry(self, entry: Entry) -> NoteEditor | None:
        """Open the editor on the note or pair note of a dock entry."""
        if self.db is None:
            return None
        item = entry.item
        db = self.db
        if isinstance(item, PairAnnotation):
            pair_base = [item]  # the copy the next save builds on (``_rebase``)

            opened_pair = NoteValues(item.colour, item.note, item.tags, item.relation)

            def save_pair(values: NoteValues) -> str | None:
                before = pair_base[0]
                after = before.edited(**_changed_values(opened_pair, values, pair=True))
                error = self.perform(EditCommand(db.pairs, before, after, "Edit pair note"))
                self._rebase(pair_base)
                return error

            values = NoteValues(item.colour, item.note, item.tags, item.relation)
            quotes = [item.left.exact, item.right.exact]
            return self._open_editor(
                "Edit pair note",
                quotes,
                values,
                save_pair,
                pair=True,
                draft=(f"pair:{item.id}", item.left_document),
            )
        note_base = [item]

        opened = NoteValues(item.colour, item.note, item.tags)

        def save(values: NoteValues) -> str | None:
            before = note_base[0]
            after = before.edited(**_changed_values(opened, values))
            error = self.perform(EditCommand(db.annotations, before, after, "Edit note"))
            self._rebase(note_base)
            return error

        values = NoteValues(item.colour, item.note, item.tags)
        draft = (f"edit:{item.id}", item.document)
        return self._open_editor("Edit note", [item.target.exact], values, save, draft=draft)

    def delete_entry(self, entry: Entry) -> bool:
        if self.db is None:
            return False
        if isinstance(entry.item, PairAnnotation):
            return self.perform(DeleteCommand(self.db.pairs, entry.id, "Delete pair note")) is None
        return self.perform(DeleteCommand(self.db.annotations, entry.id, "Delete note")) is None

    # -- notes on pairs and links ---------------------------------------------------

    def annotate_pair(self) -> NoteEditor | None:
        """Open the editor for the note on the selected link's pair of passages."""
        chosen = self.selected_pair()
        if self.db is None or chosen is None:
            self._status("Select a link first (click a ribbon or a row of the link list).")
            return None
        _pair, link, left, right = chosen
        db = self.db
        existing = self._pair_note(link, left.sha256, right.sha256)
        if existing is not None:
            return self.edit_entry(Entry(Shelf.PAIRS, existing, ""))
        left_target = target_of(left, link.left)
        right_target = target_of(right, link.right)
        # The note keeps the link's kind and score (exports name them even where this
        # alignment is never run); a hand-drawn link has a kind but no real score.
        comparison = self.workspace.comparison
        hand_made = comparison is not None and (
            manual_link_for(comparison, link, left.sha256, right.sha256) is not None
        )

        def save(values: NoteValues) -> str | None:
            note = PairAnnotation.new(
                left.sha256,
                left_target,
                right.sha256,
                right_target,
                relation=values.relation,
                note=values.note,
                tags=values.tags,
                colour=values.colour,
                link=link,
            )
            if hand_made:
                note = replace(note, score=None)
            return self.perform(AddCommand(db.pairs, note, "Add pair note"))

        return self._open_editor(
            "Annotate pair",
            [left_target.exact, right_target.exact],
            NoteValues(self.last_colour),
            save,
            pair=True,
        )

    def _pair_note(self, link: Link, left: str, right: str) -> PairAnnotation | None:
        if self.db is None:
            return None
        for note in self.db.pairs.list((left, right)):
            spans = (note.left.span, note.right.span)
            if (note.left_document, note.right_document) == (left, right) and spans == (
                link.left,
                link.right,
            ):
                return note
            if (note.left_document, note.right_document) == (right, left) and spans == (
                link.right,
                link.left,
            ):
                return note
        return None

    def reject_link(self) -> bool:
        """Hide the selected automatic link (or remove a hand-made one); undoable."""
        chosen = self.selected_pair()
        comparison = self.workspace.comparison
        if self.db is None or chosen is None or comparison is None:
            self._status("Select a link of a saved comparison first.")
            return False
        _pair, link, left, right = chosen
        store = self.db.comparisons
        manual = manual_link_for(comparison, link, left.sha256, right.sha256)
        command: Command
        if manual is not None:
            command = Inverse(AddManualLinkCommand(store, comparison.id, manual), "Remove link")
        else:
            # With the text of both sides, so the rejection can follow a changed file.
            rejected = replace(
                rejection(link, left.sha256, right.sha256),
                left_quote=_make_target(left.text, link.left).quote,
                right_quote=_make_target(right.text, link.right).quote,
            )
            # A confirmed link rejected is no longer confirmed (undo confirms it again).
            unconfirm = confirmations_of(comparison, [link], left.sha256, right.sha256)
            reject = RejectLinkCommand(store, comparison.id, rejected, unconfirm)
            reject.text = "Reject link"
            command = reject
        return self.perform(command) is None

    def reject_links_in_selection(self) -> int:
        """Hide every automatic link of the selected passage (one undo step brings them
        back); how many. Hand-made links stay: they were drawn on purpose."""
        slot = self._selected_slot()
        span = self.selection(slot) if slot is not None else None
        comparison = self.workspace.comparison
        if self.db is None or slot is None or span is None or comparison is None:
            self._status("Select a passage of a saved comparison first.")
            return 0
        found: list[RejectedLink] = []
        unconfirm: list[ConfirmedLink] = []
        for pair, right_side in self.compare.shown_pairs(slot):
            left, right = (pane.document for pane in self.compare.pair_panes(pair))
            if left is None or right is None:
                continue
            shown = self.compare.shown_links(pair)
            for link in links_in_passage(shown, span, right_side=right_side):
                if manual_link_for(comparison, link, left.sha256, right.sha256) is None:
                    unconfirm += confirmations_of(comparison, [link], left.sha256, right.sha256)
                    found.append(
                        replace(
                            rejection(link, left.sha256, right.sha256),
                            left_quote=_make_target(left.text, link.left).quote,
                            right_quote=_make_target(right.text, link.right).quote,
                        )
                    )
        if not found:
            self._status("No automatic link touches the selected passage.")
            return 0
        command = RejectLinksCommand(
            self.db.comparisons, comparison.id, tuple(found), tuple(dict.fromkeys(unconfirm))
        )
        command.text = f"Reject {len(found)} link{'s' if len(found) != 1 else ''}"
        return len(found) if self.perform(command) is None else 0

    def show_again(self, rejected: RejectedLink) -> bool:
        """Show a rejected link again (undo rejects it once more)."""
        comparison = self.workspace.comparison
        if self.db is None or comparison is None:
            return False
        command = Inverse(
            RejectLinkCommand(self.db.comparisons, comparison.id, rejected), "Show rejected link"
        )
        return self.perform(command) is None

    def link_selections(self, kind: LinkKind) -> ManualLink | None:
        """Link the selections of the focal pane and another pane by hand."""
        comparison = self.workspace.comparison
        pairs = [self.compare.active_pair, *range(self.compare.pair_count)]
        for pair in pairs:
            spans = (self.selection(0), self.selection(pair + 1))
            docs = tuple(pane.document for pane in self.compare.pair_panes(pair))
            left_span, right_span = spans
            left, right = docs
            if left_span and right_span and left and right:
                break
        else:
            self._status("Select a passage in the focal pane and in another pane first.")
            return None
        if self.db is None or comparison is None:
            self._status("Hand-made links need a saved comparison (the database is unavailable).")
            return None
        link = ManualLink.new(
            kind,
            left.sha256,
            target_of(left, left_span),
            right.sha256,
            target_of(right, right_span),
        )
        command = AddManualLinkCommand(self.db.comparisons, comparison.id, link)
        command.text = "Add link"
        return link if self.perform(command) is None else None
