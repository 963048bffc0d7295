"""Workspaces: the comparison on screen, saved as it changes and reopened from the DB.

The window tells the workspace which document each pane shows; the workspace
registers it (identity = hash of the bytes), adopts notes from earlier versions
of the file (re-anchoring, orphans kept), finds or creates the saved comparison
for that set of documents and keeps it current: documents, alignment settings,
hand-made and rejected links (written by undo commands), scroll positions
(saved shortly after the reader stops scrolling, and on close). Committed
database changes come back through the core's ``ChangeHub`` as Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.annotations import Comparison, ComparisonDocument, utc_now
from desktop_app.core.errors import StorageError
from desktop_app.core.model import AlignOptions, Document
from desktop_app.core.storage.changes import Change, Entity
from desktop_app.core.storage.conflicts import EditConflict
from desktop_app.core.storage.local_paths import LocalPaths
from desktop_app.core.workspaces import workspace_name

if TYPE_CHECKING:  # SQLAlchemy loads when the database opens, after the window shows
    from desktop_app.core.storage import Database
    from desktop_app.core.storage.versions import Adoption

SCROLL_SAVE_DELAY_MS = 600

LIVE_POLL_MS = 400  # a colleague's change shows within about half a second


class Workspace(QObject):
    """The saved comparison behind the window, and the database's change signals."""

    #: annotations or pair notes were added, edited, deleted or restored (the ``Change``)
    annotations_changed = Signal(object)
    #: the current comparison's saved state changed (links rejected or drawn by hand)
    comparison_changed = Signal()
    #: another saved comparison became current (restored, or other documents opened)
    comparison_switched = Signal()
    #: a write failed; the message says what to do
    error_occurred = Signal(str)

    def __init__(self, db: Database | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # Where this machine keeps each document (a server's paths may be a colleague's).
        self.local = LocalPaths.beside(db.path) if db is not None else None
        self.comparison: Comparison | None = None
        self.documents: list[Document | None] = []
        self._expected: dict[int, str] = {}  # slot -> hash the restored comparison had there
        self._scrolls: dict[int, float] = {}
        self._pending_scroll: dict[int, float] = {}
        self._adopting = False
        self._loose_options = AlignOptions()  # chosen before the first comparison exists
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(SCROLL_SAVE_DELAY_MS)
        self._scroll_timer.timeout.connect(self.flush)
        self._unsubscribe: Callable[[], None] | None = None
        # Others' changes (another window, a colleague): polled, they refresh like ours.
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_POLL_MS)
        self._live_timer.timeout.connect(self.poll_others)
        self.attach(db)

    def attach(self, db: Database | None) -> None:
        """Work with ``db`` from now on (the window opens it after it shows; None: none)."""
        self.db = db
        if db is not None and self._unsubscribe is None:
            self._unsubscribe = db.changes.subscribe(self._on_change)
            db.live.start()
            self._live_timer.start()

    @property
    def available(self) -> bool:
        return self.db is not None

    def poll_others(self) -> None:
        """Show what other windows or colleagues committed since the last poll."""
        if self.db is None:
            return
        for change in self.db.live.poll():
            self._on_change(change)

    def close(self) -> None:
        """Save pending scroll positions and stop listening to the database."""
        self._live_timer.stop()
        self.flush()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # -- database changes -----------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        # Called right after a commit (writes happen on the GUI thread).
        if change.entity in (Entity.ANNOTATION, Entity.PAIR_ANNOTATION):
            self.annotations_changed.emit(change)
        elif (
            change.entity is Entity.COMPARISON
            and self.comparison is not None
            # no ids: any comparison (another window's change log was trimmed past
            # what this one read), which may be this comparison's links
            and (self.comparison.id in change.ids or not change.ids)
            and self.db is not None
        ):
            before = self.comparison
            try:
                self.comparison = self.db.comparisons.load_comparison(
                    self.comparison.id, touch=False
                )
            except StorageError as exc:
                if change.ids:  # a guess that found nothing to reload is not an error
                    self.error_occurred.emit(str(exc))
                return
            if change.ids or _judged(self.comparison) != _judged(before):
                self.comparison_changed.emit()

    # -- comparisons ----------------------------------------------------------------

    @property
    def options(self) -> AlignOptions:
        """The current comparison's settings (before there is one: those chosen meanwhile)."""
        return self.comparison.options if self.comparison is not None else self._loose_options

    def set_options(self, options: AlignOptions) -> None:
        """Keep alignment and view settings with the current comparison, saved at once."""
        current = self.comparison
        if current is None:
            self._loose_options = options
            return
        if current.options == options:
            return
        changed = replace(current, options=options, modified=utc_now())
        if self.db is None:
            self.comparison = changed
            return
        try:
            self._switch(self.db.comparisons.save_comparison(changed, base=current))
        except StorageError as exc:
            self._refused(exc)

    def recent(self, limit: int = 10) -> list[Comparison]:
        if self.db is None:
            return []
        try:
            return self.db.comparisons.recent_comparisons(limit)
        except StorageError as exc:
            self.error_occurred.emit(str(exc))
            return []

    def restore(self, comparison_id: str) -> Comparison | None:
        """Make a saved comparison current; the window then opens its documents."""
        if self.db is None:
            return None
        try:
            comparison = self.db.comparisons.load_comparison(comparison_id)
        except StorageError as exc:
            self.error_occurred.emit(str(exc))
            return None
        self.flush()
        self._switch(comparison)
        self.documents = [None] * len(comparison.documents)
        self._expected = {i: d.sha256 for i, d in enumerate(comparison.documents)}
        self._pending_scroll = {i: d.scroll for i, d in enumerate(comparison.documents)}
        self._scrolls = dict(self._pending_scroll)
        self._adopting = True  # keep this comparison even if a file changed meanwhile
        return comparison

    def begin(self, count: int) -> None:
        """The window is opening ``count`` documents: save the comparison once all are shown.

        Without this, the first two of four documents to load would be saved as a
        comparison of their own before the others arrive.
        """
        while len(self.documents) < count:
            self.documents.append(None)
        self.documents[:count] = [None] * count
        self.set_document_count(count)

    def set_document_count(self, count: int) -> None:
        """The comparison shows only its first ``count`` documents now."""
        del self.documents[count:]
        for slots in (self._expected, self._scrolls, self._pending_scroll):
            for slot in [s for s in slots if s >= count]:
                del slots[slot]

    def take_scroll(self, slot: int) -> float | None:
        """The saved scroll fraction for pane ``slot`` of a restored comparison, once."""
        return self._pending_scroll.pop(slot, None)

    def document_shown(self, slot: int, document: Document) -> Adoption | None:
        """Pane ``slot`` shows ``document``: register it, adopt old notes, save the workspace."""
        while len(self.documents) <= slot:
            self.documents.append(None)
        self.documents[slot] = document
        if self.db is None:
            return None
        if self.local is not None and document.path is not None:
            self.local.remember(document.sha256, document.path)
        expected = self._expected.pop(slot, None)
        previous = [expected] if expected and expected != document.sha256 else []
        from desktop_app.core.storage.versions import adopt_document

        try:
            adoption = adopt_document(self.db, document, previous)
        except StorageError as exc:
            self.error_occurred.emit(str(exc))
            return None
        self._save_documents()
        return adoption

    def _save_documents(self) -> None:
        docs = self.documents
        if self._expected or self.db is None or len(docs) < 2 or None in docs:
            return  # a restore is still loading, or there is no pair yet
        shown = [d for d in docs if d is not None]
        hashes = tuple(d.sha256 for d in shown)
        current = self.comparison
        try:
            if current is None or (current.document_hashes != hashes and not self._adopting):
                found = self.db.comparisons.comparison_of(hashes)
                names = workspace_name([d.display_name for d in shown])
                current = found or Comparison.new(names, (), self._loose_options)
                self._loose_options = AlignOptions()
                self._scrolls = {i: d.scroll for i, d in enumerate(current.documents)}
                self._pending_scroll = dict(self._scrolls) if found else {}
            entries = tuple(
                ComparisonDocument(d.sha256, d.path, d.display_name, self._scrolls.get(i, 0.0))
                for i, d in enumerate(shown)
            )
            self._adopting = False
            self._switch(
                self.db.comparisons.save_comparison(
                    replace(current, documents=entries, modified=utc_now()),
                    links=False,  # links drawn or rejected meanwhile elsewhere are kept
                    base=current,
                )
            )
        except StorageError as exc:
            self._refused(exc)

    def _refused(self, exc: StorageError) -> None:
        """A save refused: say why; if the comparison changed meanwhile, its stored
        version becomes the window's (the next change is made on it)."""
        if isinstance(exc, EditConflict) and isinstance(exc.current, Comparison):
            self._switch(exc.current)
            self.comparison_changed.emit()
        self.error_occurred.emit(str(exc))

    def _switch(self, comparison: Comparison) -> None:
        """Make ``comparison`` current; ``comparison_switched`` if it is another one (or the
        first)."""
        previous = self.comparison
        self.comparison = comparison
        if previous is None or previous.id != comparison.id:
            self.comparison_switched.emit()

    # -- scroll positions -----------------------------------------------------------

    def note_scroll(self, slot: int, fraction: float) -> None:
        """Remember where pane ``slot`` is; saved once the reader pauses."""
        if self.comparison is None or self._pending_scroll:
            return  # a restore is still placing the panes
        if abs(self._scrolls.get(slot, -1.0) - fraction) > 1e-4:
            self._scrolls[slot] = fraction
            self._scroll_timer.start()

    def flush(self) -> None:
        """Write the scroll positions not saved yet."""
        self._scroll_timer.stop()
        comparison = self.comparison
        if comparison is None or self.db is None:
            return
        try:
            for slot, document in enumerate(comparison.documents):
                fraction = self._scrolls.get(slot)
                if fraction is not None and abs(fraction - document.scroll) > 1e-4:
                    self.db.comparisons.set_scroll(comparison.id, slot, fraction)
            self.comparison = replace(
                comparison,
                documents=tuple(
                    replace(d, scroll=self._scrolls.get(i, d.scroll))
                    for i, d in enumerate(comparison.documents)
                ),
            )
        except StorageError as exc:
            self.error_occurred.emit(str(exc))


def _judged(comparison: Comparison) -> tuple[object, ...]:
    """What the reading room shows of a comparison's saved links."""
    return (
        comparison.manual_links,
        comparison.rejected_links,
        comparison.confirmed_links,
        comparison.options,
    )
