"""Opening a document against the database: register it, adopt notes from its old versions.

A file edited in place gets a new hash, i.e. is a new document; the registry
remembers which hashes were seen at the same path. Their live annotations are
re-anchored onto the version being opened, and so are the pair notes holding a
passage of it (``pair_reanchor``); whatever cannot be found stays on the old
version as an **orphan** (an orphan pair when a side of a pair note is lost),
which the UI lists with its quote. The saved
comparisons showing an old version follow it too (``relink``): their document
list, hand-made links and rejected links move to the new hash. Running this
again is harmless: found notes have moved already, orphans are retried.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.annotations import Annotation, PairAnnotation
from desktop_app.core.model import Document
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.pair_reanchor import reanchor_pairs
from desktop_app.core.storage.reanchor import Reanchored, reanchor_document
from desktop_app.core.storage.relink import Relinked, relink_comparison


@dataclass(frozen=True, slots=True)
class Adoption:
    """What opening a document did to the notes of its earlier versions."""

    sha256: str
    reanchored: tuple[Reanchored, ...] = ()
    orphans: tuple[Annotation, ...] = field(default=())
    comparisons: tuple[Relinked, ...] = ()  # saved comparisons moved onto this version
    moved_pairs: tuple[PairAnnotation, ...] = ()  # pair notes now on this version
    pair_orphans: tuple[PairAnnotation, ...] = ()  # pair notes kept on an old version

    @property
    def moved(self) -> tuple[Annotation, ...]:
        return tuple(r.annotation for r in self.reanchored if r.resolution.found)

    def summary(self, name: str) -> str:
        """One sentence for the user ("" when nothing moved or was lost), ``name`` the file's."""
        moved, pairs = len(self.moved), len(self.moved_pairs)
        lost = len(self.orphans) + len(self.pair_orphans)
        if not (moved or pairs or lost):
            return ""
        done = f"{moved} notes" + (f" and {pairs} pair notes" if pairs else "")
        message = f"{done} re-anchored from an earlier version of {name}"
        if lost:
            message += f"; {lost} could not be placed and are kept under Orphans"
        return message + "."


def earlier_versions(db: Database, document: Document) -> list[str]:
    """Hashes last seen at ``document``'s path other than its own, newest first."""
    if document.path is None:
        return []
    return [
        record.sha256
        for record in db.documents.find_by_path(document.path)
        if record.sha256 != document.sha256
    ]


def encodings_at(db: Database, path: Path) -> dict[str, str]:
    """The encodings documents last seen at ``path`` were read with, by hash."""
    return {
        record.sha256: record.encoding
        for record in db.documents.find_by_path(path)
        if record.encoding is not None
    }


def adopt_document(db: Database, document: Document, previous: Iterable[str] = ()) -> Adoption:
    """Register ``document`` and move the notes of its earlier versions onto it.

    ``previous`` adds versions known otherwise (the hash a comparison expected
    for a file the user located elsewhere). Call before registering the new path
    (``earlier_versions`` reads the registry) — this function does both in order.
    """
    versions = list(dict.fromkeys([*previous, *earlier_versions(db, document)]))
    versions = [sha for sha in versions if sha != document.sha256]
    size = None
    if document.path is not None and document.path.is_file():
        size = document.path.stat().st_size
    db.documents.register(
        document.sha256, document.path, document.display_name, size, document.encoding
    )
    results: list[Reanchored] = []
    orphans: list[Annotation] = []
    relinked: list[Relinked] = []
    moved_pairs: list[PairAnnotation] = []
    pair_orphans: list[PairAnnotation] = []
    for sha in versions:
        results.extend(reanchor_document(db.annotations, sha, document))
        orphans.extend(db.annotations.list(document=sha))
        pairs = reanchor_pairs(db, sha, document)
        moved_pairs.extend(pairs.moved)
        pair_orphans.extend(pairs.orphans)
        for comparison in db.comparisons.comparisons_with(sha):
            if document.sha256 not in comparison.document_hashes:  # both versions side by side
                relinked.append(relink_comparison(db.comparisons, comparison, sha, document))
    return Adoption(
        document.sha256,
        tuple(results),
        tuple(orphans),
        tuple(relinked),
        tuple(moved_pairs),
        tuple(pair_orphans),
    )
