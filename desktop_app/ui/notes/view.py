"""What the notes dock and the panes' note highlights show, read from the database.

Refreshed after every committed change (``Workspace`` relays the database's
change hook) and whenever the documents shown change: the notes and pair notes
of the documents shown, and the orphans (notes and pair notes left on an
earlier version of a shown document because their passage was not found).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop_app.core.annotation_filter import authors_of, tags_of
from desktop_app.core.annotations import Annotation, PairAnnotation
from desktop_app.core.collector import collector_paused
from desktop_app.core.errors import StorageError
from desktop_app.core.model import Document, Span
from desktop_app.core.storage.changes import Change
from desktop_app.core.storage.shown_notes import Shelf, ShownNote, placed, shown_notes
from desktop_app.ui.base.reading_room import Pane, ReadingRoom
from desktop_app.ui.notes.dock import NotesDock
from desktop_app.ui.notes.layer import NoteLayer
from desktop_app.ui.notes.tree_model import Entry

if TYPE_CHECKING:  # SQLAlchemy loads when the database opens, after the window shows
    from desktop_app.core.storage import Database

ROW_BY_ROW = 50  # a change naming more notes (an import, re-anchoring) reloads the list


class NotesView(QObject):
    """Fills the dock and the note layer; scrolls the panes to a dock entry."""

    def __init__(
        self,
        compare: ReadingRoom,
        db: Database | None,
        dock: NotesDock,
        show_error: Callable[[str], None],
        status: Callable[[str], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.compare = compare
        self.db = db
        self.dock = dock
        self.show_error = show_error
        self.status = status
        self.layer = NoteLayer(self)

    def attach_panes(self) -> None:
        """Draw the notes on every pane (attaching twice is harmless)."""
        for pane in self.compare.panes:
            self.layer.attach(pane)

    def reset_layer(self) -> None:
        """Panes were removed: a new layer takes the panes left (the old one held them all)."""
        self.layer.deleteLater()
        self.layer = NoteLayer(self)
        self.attach_panes()

    def shown(self) -> tuple[list[Document | None], list[tuple[Document, Document]]]:
        """The documents in the panes, and the pairs shown side by side."""
        documents = [pane.document for pane in self.compare.panes]
        pairs: list[tuple[Document, Document]] = []
        for pair in range(self.compare.pair_count):
            left, right = (pane.document for pane in self.compare.pair_panes(pair))
            if left is not None and right is not None:
                pairs.append((left, right))
        return documents, pairs

    def refresh(self) -> None:
        """Reload the notes of the documents shown (other documents shown, many notes
        changed, or a change that does not say which)."""
        if self.db is None:
            return
        documents, pairs = self.shown()
        # Thousands of notes read, listed and highlighted in one go: the collector held
        # off until the list's values are all made (``core.collector``).
        with collector_paused():
            try:
                shown = shown_notes(self.db, documents, pairs)
            except StorageError as exc:
                self.show_error(str(exc))
                return
            # A row as it was (the same note, where it was) keeps its entry.
            listed = {entry.id: entry for entry in self.dock.model.entries()}
            self.dock.set_entries([_entry(e, listed.get(e.item.id)) for e in shown.entries])
            self.dock.set_tags(list(shown.tags))
            self.dock.set_documents(
                [(d.sha256, d.display_name) for d in dict.fromkeys(documents) if d]
            )
            self.dock.set_authors(list(shown.authors))
            self.layer.set_notes(list(shown.notes), list(shown.pairs))

    def apply(self, change: Change) -> None:
        """A committed change (ours, another window's, a colleague's): the rows of the notes
        it names alone, placed by the core's rule (``shown_notes.placed``); a change naming
        none, or many, reloads the list."""
        if self.db is None:
            return
        if not change.ids or len(change.ids) > ROW_BY_ROW:
            self.refresh()
            return
        documents, pairs = self.shown()
        try:
            changed = placed(self.db, documents, pairs, change.ids)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.dock.apply(
            {
                item_id: None if shown is None else _entry(shown)
                for item_id, shown in changed.items()
            }
        )
        entries = self.dock.model.entries()
        items = [entry.item for entry in entries]
        self.dock.set_tags(tags_of(items))
        self.dock.set_authors(authors_of(items))
        notes = [e.item for e in entries if e.section is Shelf.NOTES]
        pair_notes = [e.item for e in entries if e.section is Shelf.PAIRS]
        self.layer.set_notes(
            [n for n in notes if isinstance(n, Annotation)],
            [p for p in pair_notes if isinstance(p, PairAnnotation)],
        )

    def show_entry(self, entry: Entry) -> None:
        """Scroll the panes to ``entry``'s passage(s)."""
        item = entry.item
        targets: list[tuple[str, Span]]
        if isinstance(item, PairAnnotation):
            targets = [(item.left_document, item.left.span), (item.right_document, item.right.span)]
        else:
            targets = [(item.document, item.target.span)]
        panes: list[tuple[Pane, Span]] = [
            (pane, span)
            for sha, span in targets
            for pane in self.compare.panes
            if pane.document is not None and pane.document.sha256 == sha
        ]
        if not panes:
            self.status(f"This note's passage is not in the documents shown: “{entry.quote[:120]}”")
            return
        locked = self.compare.scroll_lock
        self.compare.set_scroll_lock(locked and len(panes) == 1)
        try:
            for pane, span in panes:
                pane.center_on(span)
        finally:
            self.compare.set_scroll_lock(locked)


def _entry(shown: ShownNote, listed: Entry | None = None) -> Entry:
    """The dock's entry for ``shown``: ``listed``, the one the dock holds for its id, when
    it says the same."""
    if (
        listed is not None
        and listed.item is shown.item
        and listed.section is shown.shelf
        and listed.documents == shown.label
        and listed.order == shown.order
    ):
        return listed
    return Entry(shown.shelf, shown.item, shown.label, shown.order)
