"""Which notes a comparison on screen shows, and how each is labelled.

The notes dock and the panes' highlights show the notes of the documents shown,
the pair notes of the pairs shown, and the orphans: notes and pair notes left on
an earlier version of a shown document because their passage was not found
there. One query for both views, without Qt, so the rule is tested on a real
database and the window only paints what this returns.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from desktop_app.core.annotation_filter import authors_of, tags_of
from desktop_app.core.annotations import Annotation, PairAnnotation
from desktop_app.core.model import Document

if TYPE_CHECKING:  # the dock's sections (Shelf) are read before SQLAlchemy is loaded
    from desktop_app.core.storage.database import Database

EARLIER = "(earlier version)"


class Shelf(enum.IntEnum):
    """Where a shown note belongs in the dock (its sections, in this order)."""

    NOTES = 0
    PAIRS = 1
    ORPHANS = 2


Order = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class ShownNote:
    shelf: Shelf
    item: Annotation | PairAnnotation
    label: str  # the document(s) it is on, as the reader knows them
    order: Order = ()  # its place within its shelf (the list's order, for a row added alone)


@dataclass(frozen=True, slots=True)
class ShownNotes:
    entries: tuple[ShownNote, ...]
    notes: tuple[Annotation, ...]  # on the documents shown: highlighted in the panes
    pairs: tuple[PairAnnotation, ...]  # on the pairs shown: highlighted on both sides
    tags: tuple[str, ...]  # the tags of the notes listed, for the dock's tag filter
    authors: tuple[str, ...]  # who made the notes listed, for the dock's author filter


class ShownScope:
    """The rule, for one note at a time: whether a comparison of ``documents`` (its
    ``pairs`` linked) lists it, on which shelf, labelled how. The whole list and a
    colleague's single edit (``placed``) are decided by it alike."""

    def __init__(
        self,
        db: Database,
        documents: Sequence[Document | None],
        pairs: Sequence[tuple[Document, Document]],
    ) -> None:
        from desktop_app.core.storage.versions import earlier_versions

        self.db = db
        self.shown = {d.sha256: d for d in documents if d is not None}
        self.position = {sha: i for i, sha in enumerate(self.shown)}
        self.pairs = [(left.sha256, right.sha256) for left, right in pairs]
        # An earlier version of a shown document (not itself shown) -> that document.
        self.earlier: dict[str, Document] = {}
        for document in self.shown.values():
            for sha in earlier_versions(db, document):
                if sha not in self.shown:
                    self.earlier.setdefault(sha, document)
        self._names = {sha: d.display_name for sha, d in self.shown.items()}

    def place(self, item: Annotation | PairAnnotation) -> ShownNote | None:
        """Where ``item`` is listed (None: not listed, e.g. deleted or on another document)."""
        if item.is_deleted:
            return None
        if isinstance(item, PairAnnotation):
            return self._place_pair(item)
        start = item.target.position.start  # not ``.span``: a Span made per note of thousands
        if item.document in self.shown:
            order: Order = (self.position[item.document], start, item.id)
            return ShownNote(Shelf.NOTES, item, self._names[item.document], order)
        newer = self.earlier.get(item.document)
        if newer is None:
            return None
        order = (0, self.position[newer.sha256], item.document, start, item.id)
        return ShownNote(Shelf.ORPHANS, item, f"{newer.display_name} {EARLIER}", order)

    def _place_pair(self, pair: PairAnnotation) -> ShownNote | None:
        from desktop_app.core.storage.pair_reanchor import follows_version

        key = (pair.left_document, pair.right_document)
        for index, (left, right) in enumerate(self.pairs):
            if key in ((left, right), (right, left)):
                order: Order = (index, pair.left_document, pair.left.span.start, pair.id)
                return ShownNote(Shelf.PAIRS, pair, self._both(pair), order)
        for sha in pair.documents:
            newer = self.earlier.get(sha)
            if newer is not None and follows_version(pair, sha, newer.sha256):
                order = (1, pair.left_document, pair.left.span.start, pair.id)
                return ShownNote(Shelf.ORPHANS, pair, self._both(pair), order)
        return None

    def _both(self, pair: PairAnnotation) -> str:
        return f"{self._name(pair.left_document)} ↔ {self._name(pair.right_document)}"

    def _name(self, sha256: str) -> str:
        if sha256 not in self._names:  # a side of an orphan pair, not shown
            self._names[sha256] = _title(self.db, sha256, sha256 in self.earlier)
        return self._names[sha256]

    def candidates(self) -> list[Annotation | PairAnnotation]:
        """Every note the list may hold: on the documents shown or their earlier versions,
        and the pair notes of the pairs shown or touching an earlier version (in no
        particular order: ``shown_notes`` sorts them)."""
        db = self.db
        found: dict[str, Annotation | PairAnnotation] = {
            note.id: note for note in db.annotations.on_documents([*self.shown, *self.earlier])
        }
        for left, right in self.pairs:
            for pair in db.pairs.list((left, right)):
                found.setdefault(pair.id, pair)
        for sha in self.earlier:
            for pair in db.pairs.list(document=sha):
                found.setdefault(pair.id, pair)
        return list(found.values())


def shown_notes(
    db: Database,
    documents: Sequence[Document | None],
    pairs: Sequence[tuple[Document, Document]],
) -> ShownNotes:
    """What a comparison of ``documents`` (its ``pairs`` linked) shows; raises StorageError."""
    scope = ShownScope(db, documents, pairs)
    # Shelf by shelf, notes before pair notes, each group in its own order: one pass to
    # group and a sort on the stored order tuple alone, not a key tuple made per note.
    groups: dict[tuple[Shelf, bool], list[ShownNote]] = {}
    for shown in map(scope.place, scope.candidates()):
        if shown is not None:
            key = (shown.shelf, isinstance(shown.item, PairAnnotation))
            groups.setdefault(key, []).append(shown)
    entries = [
        entry for key in sorted(groups) for entry in sorted(groups[key], key=attrgetter("order"))
    ]
    items = [e.item for e in entries]
    notes = [e.item for e in entries if e.shelf is Shelf.NOTES]
    pair_notes = [e.item for e in entries if e.shelf is Shelf.PAIRS]
    return ShownNotes(
        tuple(entries),
        tuple(n for n in notes if isinstance(n, Annotation)),
        tuple(p for p in pair_notes if isinstance(p, PairAnnotation)),
        tuple(tags_of(items)),
        tuple(authors_of(items)),
    )


def placed(
    db: Database,
    documents: Sequence[Document | None],
    pairs: Sequence[tuple[Document, Document]],
    ids: Sequence[str],
) -> dict[str, ShownNote | None]:
    """Where each of the notes or pair notes ``ids`` is listed now (None: not listed):
    a change another window or a colleague made, applied to the open list row by row."""
    scope = ShownScope(db, documents, pairs)
    result: dict[str, ShownNote | None] = {}
    for item_id in ids:
        item: Annotation | PairAnnotation | None = db.annotations.get(item_id)
        if item is None:
            item = db.pairs.get(item_id)
        result[item_id] = None if item is None else scope.place(item)
    return result


def _title(db: Database, sha256: str, earlier: bool) -> str:
    """A document not shown, by its registered name (a side of an orphan pair)."""
    record = db.documents.get(sha256)
    title = record.title if record is not None and record.title else "?"
    return f"{title} {EARLIER}" if earlier else title
