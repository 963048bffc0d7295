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

from desktop_app.core.annotations import PairAnnotation
from desktop_app.core.errors import StorageError
from desktop_app.core.model import Span
from desktop_app.ui.annotation_layer import AnnotationLayer
from desktop_app.ui.annotation_models import Entry, Section
from desktop_app.ui.annotations_dock import AnnotationsDock
from desktop_app.ui.compare_view import CompareView
from desktop_app.ui.document_pane import DocumentPane

if TYPE_CHECKING:  # SQLAlchemy loads when the database opens, after the window shows
    from desktop_app.core.storage import Database


class NotesView(QObject):
    """Fills the dock and the note layer; scrolls the panes to a dock entry."""

    def __init__(
        self,
        compare: CompareView,
        db: Database | None,
        dock: AnnotationsDock,
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
        self.layer = AnnotationLayer(self)

    def attach_panes(self) -> None:
        """Draw the notes on every pane (attaching twice is harmless)."""
        for pane in self.compare.panes:
            self.layer.attach(pane)

    def reset_layer(self) -> None:
        """Panes were removed: a new layer takes the panes left (the old one held them all)."""
        self.layer.deleteLater()
        self.layer = AnnotationLayer(self)
        self.attach_panes()

    def refresh(self) -> None:
        """Reload the notes of the documents shown (after any committed change)."""
        if self.db is None:
            return
        from desktop_app.core.storage.versions import earlier_versions, orphans_of, pair_orphans_of

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
            self.show_error(str(exc))
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
            self.status(f"This note's passage is not in the documents shown: “{entry.quote[:120]}”")
            return
        locked = self.compare.scroll_lock
        self.compare.set_scroll_lock(locked and len(panes) == 1)
        try:
            for pane, span in panes:
                pane.center_on(span)
        finally:
            self.compare.set_scroll_lock(locked)
