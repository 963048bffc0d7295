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


@dataclass(frozen=True, slots=True)
class ShownNote:
    shelf: Shelf
    item: Annotation | PairAnnotation
    label: str  # the document(s) it is on, as the reader knows them


@dataclass(frozen=True, slots=True)
class ShownNotes:
    entries: tuple[ShownNote, ...]
    notes: tuple[Annotation, ...]  # on the documents shown: highlighted in the panes
    pairs: tuple[PairAnnotation, ...]  # on the pairs shown: highlighted on both sides
    tags: tuple[str, ...]  # the tags of the notes listed, for the dock's tag filter
    authors: tuple[str, ...]  # who made the notes listed, for the dock's author filter


def shown_notes(
    db: Database,
    documents: Sequence[Document | None],
    pairs: Sequence[tuple[Document, Document]],
) -> ShownNotes:
    """What a comparison of ``documents`` (its ``pairs`` linked) shows; raises StorageError."""
    from desktop_app.core.storage.versions import earlier_versions, orphans_of, pair_orphans_of

    shown = {d.sha256: d for d in documents if d is not None}
    notes = [n for sha in shown for n in db.annotations.list(document=sha)]
    pair_notes = [p for left, right in pairs for p in db.pairs.list((left.sha256, right.sha256))]
    orphans = [(d, o) for d in shown.values() for o in orphans_of(db, d)]
    lost_pairs = {p.id: p for d in shown.values() for p in pair_orphans_of(db, d)}
    earlier = {sha for d in shown.values() for sha in earlier_versions(db, d)}
    names = {sha: d.display_name for sha, d in shown.items()}
    for pair in lost_pairs.values():
        for sha in pair.documents:
            if sha not in names:
                names[sha] = _title(db, sha, sha in earlier)

    def both(pair: PairAnnotation) -> str:
        return f"{names.get(pair.left_document, '?')} ↔ {names.get(pair.right_document, '?')}"

    entries = [ShownNote(Shelf.NOTES, n, names.get(n.document, "")) for n in notes]
    entries += [ShownNote(Shelf.PAIRS, p, both(p)) for p in pair_notes]
    entries += [ShownNote(Shelf.ORPHANS, o, f"{d.display_name} {EARLIER}") for d, o in orphans]
    entries += [ShownNote(Shelf.ORPHANS, p, both(p)) for p in lost_pairs.values()]
    items = [e.item for e in entries]
    return ShownNotes(
        tuple(entries),
        tuple(notes),
        tuple(pair_notes),
        tuple(tags_of(items)),
        tuple(authors_of(items)),
    )


def _title(db: Database, sha256: str, earlier: bool) -> str:
    """A document not shown, by its registered name (a side of an orphan pair)."""
    record = db.documents.get(sha256)
    title = record.title if record is not None and record.title else "?"
    return f"{title} {EARLIER}" if earlier else title
