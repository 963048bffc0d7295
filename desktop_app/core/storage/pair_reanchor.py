"""Carry the pair notes of a changed file over to its new version.

A pair note holds a passage of two documents. When one of them changes (a new
hash), each side on the old version is found again in the new text by the same
rule and minimum score as single notes and hand-made links (``span_finder``).
Only a pair whose every such side is found moves (same id, fresh selectors);
otherwise the whole pair stays on the old hash, untouched, and is reported as an
orphan pair for the UI to list: a note is never deleted because its passage went.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop_app.core.anchoring import DEFAULT_MIN_SCORE
from desktop_app.core.annotations import PairAnnotation, utc_now
from desktop_app.core.model import Document
from desktop_app.core.storage.changes import Change, ChangeKind, Entity
from desktop_app.core.storage.convert import fill_pair_row
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.documents import ensure_documents
from desktop_app.core.storage.span_finder import SpanFinder, follow_sides, sides_on
from desktop_app.core.storage.tables import PairAnnotationRow


@dataclass(frozen=True, slots=True)
class PairsReanchored:
    """What following a new version did to the pair notes of an old one."""

    moved: tuple[PairAnnotation, ...] = ()  # as stored now, on the new version
    orphans: tuple[PairAnnotation, ...] = ()  # kept on the old version: a side not found


def follows_version(pair: PairAnnotation, old_sha256: str, new_sha256: str) -> bool:
    """Whether ``pair`` should follow ``old_sha256`` to ``new_sha256``.

    A pair holding both versions is the analyst comparing them: it stays as it is.
    """
    return old_sha256 in pair.documents and new_sha256 not in pair.documents


def _store(db: Database, pairs: list[PairAnnotation]) -> None:
    """Save the moved pairs in one transaction (a whole document's worth at once)."""
    change = Change(Entity.PAIR_ANNOTATION, ChangeKind.UPDATED, tuple(p.id for p in pairs))
    with db.sessions.write("save pair annotations in", change) as session:
        ensure_documents(session, *{sha for p in pairs for sha in p.documents})
        for pair in pairs:
            row = session.get(PairAnnotationRow, pair.id)
            if row is not None:  # listed a moment ago; a concurrent purge is not ours to undo
                fill_pair_row(row, pair)


def reanchor_pairs(
    db: Database,
    old_sha256: str,
    document: Document,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
) -> PairsReanchored:
    """Move the live pair notes on ``old_sha256`` to ``document`` where every side is found."""
    pairs = [
        p
        for p in db.pairs.list(document=old_sha256)
        if follows_version(p, old_sha256, document.sha256)
    ]
    if not pairs:
        return PairsReanchored()
    finder = SpanFinder(document, min_score)
    finder.prepare(sides_on(pairs, old_sha256))
    moved: list[PairAnnotation] = []
    orphans: list[PairAnnotation] = []
    for pair in pairs:
        placed = follow_sides(pair, old_sha256, finder)
        if placed is None:
            orphans.append(pair)
        else:
            moved.append(replace(placed, modified=utc_now()))
    if moved:
        _store(db, moved)
    return PairsReanchored(tuple(moved), tuple(orphans))
