"""Annotating from the reading room: actions, menus, the notes dock, undo, workspaces.

The window builds one controller and forwards three events (a document shown,
an alignment ready, closing). Every change goes through a core command on the
window's ``QUndoStack`` (``ui.undo``), which is emptied when another comparison
takes the window; views refresh from the database's change hook
(``Workspace``), never by polling. Without a database the actions are off
and the dock says why.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QPixmap, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import (
    Annotation,
    Colour,
    ManualLink,
    PairAnnotation,
    TextTarget,
)
from desktop_app.core.errors import StorageError
from desktop_app.core.model import Alignment, Document, Link, LinkKind, Span
from desktop_app.core.storage.commands import (
    AddCommand,
    AddManualLinkCommand,
    Command,
    DeleteCommand,
    EditCommand,
    RejectLinkCommand,
)
from desktop_app.core.storage.versions import earlier_versions, orphans_of, pair_orphans_of
from desktop_app.core.workspace_links import manual_link_for, rejection, shown_alignment
from desktop_app.ui.annotation_editor import AnnotationEditor, NoteValues
from desktop_app.ui.annotation_layer import AnnotationLayer
from desktop_app.ui.annotation_models import Entry, Section, swatch
from desktop_app.ui.annotations_dock import AnnotationsDock
from desktop_app.ui.compare_view import CompareView
from desktop_app.ui.document_pane import DocumentPane
from desktop_app.ui.file_watch import DocumentWatcher
from desktop_app.ui.link_list import LinkList
from desktop_app.ui.services import Services
from desktop_app.ui.undo import Inverse, perform
from desktop_app.ui.workspace import Workspace

RELOAD = "Reload"  # the message bar's button on a pane whose file changed on disk


def _trimmed(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


class AnnotationController(QObject):
    """Owns the notes dock, the undo stack, the workspace and the annotation actions."""

    #: pane ``slot``'s file changed on disk and the user asked to reload it
    reload_requested = Signal(int)
    #: pane ``slot``'s file changed (True) or disappeared (False) on disk
    file_changed = Signal(int, bool)

    def __init__(
        self, window: QMainWindow, compare: CompareView, link_list: LinkList, services: Services
    ) -> None:
        super().__init__(window)
        self.window = window
        self.compare = compare
        self.link_list = link_list
        self.db = services.database
        self.locate_file = services.locate_file
        self.workspace = Workspace(self.db, self)
        self.undo_stack = QUndoStack(self)
        self.layer = AnnotationLayer(self)
        self.watcher = DocumentWatcher(self)
        self.dock = AnnotationsDock(window)
        self.dock_widget = QDockWidget("Notes", window)
        self.dock_widget.setObjectName("notes-dock")
        self.dock_widget.setWidget(self.dock)
        self.last_colour = Colour.YELLOW
        self.editor: AnnotationEditor | None = None
        self.menu: QMenu | None = None  # the last context menu shown (tests read it)
        self._raw: dict[int, Alignment] = {}
        self._stale: set[int] = set()
        self._last_selection: int | None = None
        self._build_actions()
        self._wire()
        if self.db is None:
            self.dock.message_bar.show_message(
                "Notes are unavailable: the annotation database could not be opened.", error=True
            )

    # -- construction ---------------------------------------------------------------

    def _action(self, text: str, tip: str, keys: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        return action

    def _build_actions(self) -> None:
        self.undo_action = self.undo_stack.createUndoAction(self.window, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self.window, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.highlight_action = self._action(
            "&Highlight Selection", "Highlight the selected text (last colour)", "Ctrl+Shift+H"
        )
        self.highlight_action.triggered.connect(lambda: self.highlight())
        self.colour_menu = QMenu("Highlight &Colour", self.window)
        group = QActionGroup(self)
        self.colour_actions: dict[Colour, QAction] = {}
        for colour in Colour:
            action = self.colour_menu.addAction(colour.value.capitalize())
            action.setCheckable(True)
            action.setChecked(colour is self.last_colour)
            action.setData(colour)
            group.addAction(action)
            action.triggered.connect(lambda _=False, c=colour: self.highlight(c))
            self.colour_actions[colour] = action
        self.note_action = self._action(
            "Add &Note…", "Write a note on the selected text", "Ctrl+Alt+N"
        )
        self.note_action.triggered.connect(self.add_note)
        self.link_actions: dict[LinkKind, QAction] = {}
        for kind, label in ((LinkKind.QUOTE, "Quote"), (LinkKind.RELATED, "Related")):
            action = self._action(
                f"Link Selections as {label}",
                f"Link the selections of two panes by hand ({label.lower()} link)",
            )
            action.triggered.connect(lambda _=False, k=kind: self.link_selections(k))
            self.link_actions[kind] = action
        self.pair_action = self._action(
            "Annotate &Pair…", "Write a note on the selected link", "Ctrl+Alt+P"
        )
        self.pair_action.triggered.connect(self.annotate_pair)
        self.reject_action = self._action(
            "&Reject Link", "Hide the selected link in this comparison (Ctrl+Z shows it again)"
        )
        self.reject_action.triggered.connect(self.reject_link)
        self.reload_action = self._action(
            "Re&load Changed Document", "Reload a document changed on disk; notes re-anchor", "F5"
        )
        self.reload_action.triggered.connect(self._on_reload_triggered)
        self.reload_action.setEnabled(False)
        self.note_actions = [
            self.highlight_action,
            self.note_action,
            *self.link_actions.values(),
            self.pair_action,
            self.reject_action,
        ]
        for action in self.note_actions:
            action.setEnabled(self.workspace.available)
        self.colour_menu.setEnabled(self.workspace.available)

    def _wire(self) -> None:
        self.workspace.annotations_changed.connect(self.refresh_notes)
        self.workspace.comparison_changed.connect(self._on_comparison_changed)
        self.workspace.comparison_switched.connect(self._on_comparison_switched)
        self.workspace.error_occurred.connect(self.show_error)
        self.dock.entry_requested.connect(self.show_entry)
        self.dock.edit_requested.connect(self.edit_entry)
        self.dock.delete_requested.connect(self.delete_entry)
        self.watcher.file_changed.connect(self._on_file_changed)
        self.compare.panes_removed.connect(self._on_panes_removed)
        table = self.link_list.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_link_list_menu)

    def attach_panes(self) -> None:
        """Give every pane (and link map) the note layer, context menus and scroll saving."""
        for slot, pane in enumerate(self.compare.panes):
            self.layer.attach(pane)
            if pane.property("verso-notes"):
                continue
            pane.setProperty("verso-notes", True)
            view = pane.text_view
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, slot=slot: self._on_pane_menu(slot, pos)
            )
            pane.view_changed.connect(lambda slot=slot: self._on_view_changed(slot))
            pane.message_bar.action_requested.connect(
                lambda action, slot=slot: self._on_message_action(slot, action)
            )
            view.selectionChanged.connect(lambda slot=slot: self._on_selection_changed(slot))
        for pair, link_map in enumerate(self.compare.maps):
            if link_map.property("verso-notes"):
                continue
            link_map.setProperty("verso-notes", True)
            link_map.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            link_map.customContextMenuRequested.connect(
                lambda pos, pair=pair: self._on_ribbon_menu(pair, pos)
            )

    # -- window events --------------------------------------------------------------

    def document_loaded(self, slot: int, path: Path, document: Document) -> None:
        """Pane ``slot`` shows ``document`` (fully loaded) from ``path``."""
        self.attach_panes()
        for pair, _right in self.compare.pairs_of(slot):
            self._raw.pop(pair, None)
        self.watcher.watch(slot, path)
        self._stale.discard(slot)
        self.reload_action.setEnabled(bool(self._stale))
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
        self.layer.deleteLater()  # it holds the removed panes; a new one takes the rest
        self.layer = AnnotationLayer(self)
        self.attach_panes()
        for slot in range(count, len(self.workspace.documents)):
            self.watcher.watch(slot, None)
            self._stale.discard(slot)
        self._raw = {p: a for p, a in self._raw.items() if p < self.compare.pair_count}
        self.workspace.set_document_count(count)
        self.reload_action.setEnabled(bool(self._stale))
        self.refresh_notes()

    def close(self) -> None:
        if self.editor is not None:
            self.editor.reject()
        self.workspace.close()

    def _on_comparison_changed(self) -> None:
        for pair, alignment in list(self._raw.items()):
            if pair < self.compare.pair_count:
                self.compare.set_alignment(pair, self.shown_alignment(pair, alignment))

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

    # -- errors ---------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.dock.message_bar.show_message(message, error=True)
        self.window.statusBar().showMessage(message, 12000)

    def _on_storage_error(self, error: StorageError) -> None:
        self.show_error(str(error))

    def _perform(self, command: Command) -> str | None:
        """Apply and record ``command``; the error text if the database refused it."""
        errors: list[str] = []

        def failed(error: StorageError) -> None:
            errors.append(str(error))
            self._on_storage_error(error)

        perform(self.undo_stack, command, failed)
        return errors[0] if errors else None

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)

    # -- selections -----------------------------------------------------------------

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

    @staticmethod
    def _target(document: Document, span: Span) -> TextTarget:
        page = document.geometry.page_of(span.start) if document.geometry is not None else None
        return make_target(document.text, span, page)

    # -- notes on passages ----------------------------------------------------------

    def highlight(self, colour: Colour | None = None) -> Annotation | None:
        """Highlight the selected text (in ``colour``, else the last colour used)."""
        slot = self._selected_slot()
        document = self.compare.panes[slot].document if slot is not None else None
        span = self.selection(slot) if slot is not None else None
        if self.db is None or document is None or span is None:
            self._status("Select some text to highlight first.")
            return None
        if colour is not None:
            self.last_colour = colour
            self.colour_actions[colour].setChecked(True)
        note = Annotation.new(
            document.sha256, self._target(document, span), colour=self.last_colour
        )
        if self._perform(AddCommand(self.db.annotations, note, "Add highlight")) is not None:
            return None
        # Collapse the selection so the new highlight shows in its colour at once.
        view = self.compare.panes[slot].text_view  # type: ignore[index]
        cursor = view.textCursor()
        cursor.clearSelection()
        view.setTextCursor(cursor)
        return note

    def add_note(self) -> AnnotationEditor | None:
        """Open the editor for a new note on the selected text."""
        slot = self._selected_slot()
        document = self.compare.panes[slot].document if slot is not None else None
        span = self.selection(slot) if slot is not None else None
        if self.db is None or document is None or span is None:
            self._status("Select some text to write a note on first.")
            return None
        db = self.db
        target = self._target(document, span)
        sha = document.sha256

        def save(values: NoteValues) -> str | None:
            note = Annotation.new(
                sha, target, colour=values.colour, note=values.note, tags=values.tags
            )
            return self._perform(AddCommand(db.annotations, note, "Add note"))

        return self._open_editor("Add note", [target.exact], NoteValues(self.last_colour), save)

    def _open_editor(
        self,
        title: str,
        quotes: list[str],
        values: NoteValues,
        save: object,
        *,
        pair: bool = False,
    ) -> AnnotationEditor:
        if self.editor is not None:
            self.editor.reject()
        tags = self._tags_in_use()
        self.editor = AnnotationEditor(
            self.window,
            title=title,
            quotes=quotes,
            tags_in_use=tags,
            values=values,
            on_save=save,  # type: ignore[arg-type]
            pair=pair,
        )
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.finished.connect(self._on_editor_finished)
        self.editor.open()
        return self.editor

    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None

    def _tags_in_use(self) -> list[str]:
        if self.db is None:
            return []
        try:
            return self.db.annotations.tags()
        except StorageError as exc:
            self._on_storage_error(exc)
            return []

    # -- notes on pairs and links ---------------------------------------------------

    def _selected_pair(self) -> tuple[int, Link, Document, Document] | None:
        pair = self.compare.active_pair
        link = self.compare.selected_link(pair)
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        if link is None or left is None or right is None:
            return None
        return pair, link, left, right

    def annotate_pair(self) -> AnnotationEditor | None:
        """Open the editor for the note on the selected link's pair of passages."""
        chosen = self._selected_pair()
        if self.db is None or chosen is None:
            self._status("Select a link first (click a ribbon or a row of the link list).")
            return None
        _pair, link, left, right = chosen
        db = self.db
        existing = self._pair_note(link, left.sha256, right.sha256)
        if existing is not None:
            return self.edit_entry(Entry(Section.PAIRS, existing, ""))
        left_target = self._target(left, link.left)
        right_target = self._target(right, link.right)
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
            return self._perform(AddCommand(db.pairs, note, "Add pair note"))

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
        chosen = self._selected_pair()
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
                left_quote=make_target(left.text, link.left).quote,
                right_quote=make_target(right.text, link.right).quote,
            )
            reject = RejectLinkCommand(store, comparison.id, rejected)
            reject.text = "Reject link"
            command = reject
        return self._perform(command) is None

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
            self._target(left, left_span),
            right.sha256,
            self._target(right, right_span),
        )
        command = AddManualLinkCommand(self.db.comparisons, comparison.id, link)
        command.text = "Add link"
        return link if self._perform(command) is None else None

    # -- the dock -------------------------------------------------------------------

    def refresh_notes(self) -> None:
        """Reload the notes of the documents shown (after any committed change)."""
        if self.db is None:
            return
        documents = [pane.document for pane in self.compare.panes]
        shown = {d.sha256: d for d in documents if d is not None}
        try:
            notes = [n for sha in shown for n in self.db.annotations.list(document=sha)]
            pairs: list[PairAnnotation] = []
            for pair in range(self.compare.pair_count):
                left, right = (pane.document for pane in self.compare.pair_panes(pair))
                if left is not None and right is not None:
                    pairs.extend(self.db.pairs.list((left.sha256, right.sha256)))
            orphans = [(d, o) for d in shown.values() for o in orphans_of(self.db, d)]
            lost_pairs = [p for d in shown.values() for p in pair_orphans_of(self.db, d)]
            earlier = {sha for d in shown.values() for sha in earlier_versions(self.db, d)}
            known = {sha for p in lost_pairs for sha in p.documents if sha not in shown}
            titles = {sha: self._title(sha, sha in earlier) for sha in known}
            tags = self.db.annotations.tags()
        except StorageError as exc:
            self._on_storage_error(exc)
            return
        names = {sha: d.display_name for sha, d in shown.items()}
        entries = [Entry(Section.NOTES, n, names.get(n.document, "")) for n in notes]
        entries += [
            Entry(
                Section.PAIRS,
                p,
                f"{names.get(p.left_document, '?')} ↔ {names.get(p.right_document, '?')}",
            )
            for p in pairs
        ]
        entries += [
            Entry(Section.ORPHANS, o, f"{d.display_name} (earlier version)") for d, o in orphans
        ]
        entries += [
            Entry(
                Section.ORPHANS,
                p,
                f"{names.get(p.left_document) or titles.get(p.left_document, '?')} ↔ "
                f"{names.get(p.right_document) or titles.get(p.right_document, '?')}",
            )
            for p in {p.id: p for p in lost_pairs}.values()  # one entry per pair
        ]
        self.dock.set_entries(entries)
        self.dock.set_tags(tags)
        self.dock.set_documents(list(names.items()))
        self.layer.set_notes(notes, pairs)

    def _title(self, sha256: str, earlier: bool) -> str:
        """A document not shown, by its registered name (a side of an orphan pair)."""
        record = self.db.documents.get(sha256) if self.db is not None else None
        title = record.title if record is not None and record.title else "?"
        return f"{title} (earlier version)" if earlier else title

    def show_entry(self, entry: Entry) -> None:
        """Scroll the panes to ``entry``'s passage(s)."""
        item = entry.item
        targets: list[tuple[str, Span]]
        if isinstance(item, PairAnnotation):
            targets = [(item.left_document, item.left.span), (item.right_document, item.right.span)]
        else:
            targets = [(item.document, item.target.span)]
        panes: list[tuple[DocumentPane, Span]] = [
            (pane, span)
            for sha, span in targets
            for pane in self.compare.panes
            if pane.document is not None and pane.document.sha256 == sha
        ]
        if not panes:
            self._status(
                f"This note's passage is not in the documents shown: “{entry.quote[:120]}”"
            )
            return
        locked = self.compare.scroll_lock
        self.compare.set_scroll_lock(locked and len(panes) == 1)
        try:
            for pane, span in panes:
                pane.center_on(span)
        finally:
            self.compare.set_scroll_lock(locked)

    def edit_entry(self, entry: Entry) -> AnnotationEditor | None:
        if self.db is None:
            return None
        item = entry.item
        db = self.db
        if isinstance(item, PairAnnotation):
            pair_before = item

            def save_pair(values: NoteValues) -> str | None:
                after = pair_before.edited(
                    relation=values.relation,
                    note=values.note,
                    tags=values.tags,
                    colour=values.colour,
                )
                return self._perform(EditCommand(db.pairs, pair_before, after, "Edit pair note"))

            values = NoteValues(item.colour, item.note, item.tags, item.relation)
            quotes = [item.left.exact, item.right.exact]
            return self._open_editor("Edit pair note", quotes, values, save_pair, pair=True)
        before = item

        def save(values: NoteValues) -> str | None:
            after = before.edited(note=values.note, tags=values.tags, colour=values.colour)
            return self._perform(EditCommand(db.annotations, before, after, "Edit note"))

        values = NoteValues(item.colour, item.note, item.tags)
        return self._open_editor("Edit note", [item.target.exact], values, save)

    def delete_entry(self, entry: Entry) -> bool:
        if self.db is None:
            return False
        if isinstance(entry.item, PairAnnotation):
            return self._perform(DeleteCommand(self.db.pairs, entry.id, "Delete pair note")) is None
        return self._perform(DeleteCommand(self.db.annotations, entry.id, "Delete note")) is None

    # -- context menus --------------------------------------------------------------

    def _on_pane_menu(self, slot: int, pos: QPoint) -> None:
        pane = self.compare.panes[slot]
        view = pane.text_view
        menu = view.createStandardContextMenu(pos)
        menu.setParent(view, menu.windowFlags())
        if pane.document is not None:
            offset = pane.offsets.to_doc(view.cursorForPosition(pos).position())
            self._select_link_at(slot, offset)
        menu.addSeparator()
        if self.selection(slot) is not None:
            highlight = menu.addMenu("Highlight")
            for colour, action in self.colour_actions.items():
                action.setIcon(_swatch_icon(colour))
                highlight.addAction(action)
            menu.addAction(self.note_action)
            others = [p + 1 if slot == 0 else 0 for p, _right in self.compare.shown_pairs(slot)]
            if any(self.selection(s) is not None for s in others):
                link_menu = menu.addMenu("Link to Selection in Other Pane")
                link_menu.addActions(list(self.link_actions.values()))
        if self._selected_pair() is not None:
            menu.addAction(self.pair_action)
            menu.addAction(self.reject_action)
        self._popup(menu, view.viewport().mapToGlobal(pos))

    def _select_link_at(self, slot: int, offset: int) -> None:
        for pair, right_side in self.compare.shown_pairs(slot):
            hits = self.compare.link_index(pair).at(offset, right=right_side)
            if hits:
                self.compare.select_link(hits[0], pair=pair, center=False)
                return

    def _on_ribbon_menu(self, pair: int, pos: QPoint) -> None:
        link_map = self.compare.maps[pair]
        for ribbon in link_map.ribbons():
            if ribbon.path.contains(pos.toPointF()):
                self.compare.select_link(ribbon.index, pair=pair, center=False)
                break
        else:
            return
        self._link_menu(link_map.mapToGlobal(pos))

    def _on_link_list_menu(self, pos: QPoint) -> None:
        if self._selected_pair() is not None:
            self._link_menu(self.link_list.table.viewport().mapToGlobal(pos))

    def _link_menu(self, at: QPoint) -> None:
        menu = QMenu(self.window)
        menu.addAction(self.pair_action)
        menu.addAction(self.reject_action)
        self._popup(menu, at)

    def _popup(self, menu: QMenu, at: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(at)

    # -- files changed on disk ------------------------------------------------------

    def _on_file_changed(self, slot: int, exists: bool) -> None:
        pane = self.compare.panes[slot]
        name = pane.document.display_name if pane.document is not None else "The document"
        if exists:
            self._stale.add(slot)
            pane.message_bar.show_message(
                f"{name} changed on disk. Reload it to read the new text; notes re-anchor, "
                "and any whose passage is gone are kept as orphans.",
                error=False,
                action=RELOAD,
            )
        else:
            self._stale.discard(slot)
            pane.show_info(
                f"{name} was deleted or moved on disk. Verso keeps the text it has; "
                "your notes are safe."
            )
        self.reload_action.setEnabled(bool(self._stale))
        self.file_changed.emit(slot, exists)

    def _on_reload_triggered(self) -> None:
        for slot in sorted(self._stale):
            self.reload_requested.emit(slot)

    def _on_message_action(self, slot: int, action: str) -> None:
        if action == RELOAD and slot in self._stale:
            self.reload_requested.emit(slot)


def _swatch_icon(colour: Colour) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(swatch(colour))
    return QIcon(pixmap)
