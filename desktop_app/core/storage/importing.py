"""Bulk import of annotation values (read from a file) in one write transaction.

Idempotent by id: a record already stored unchanged is skipped, a changed one
replaces the stored one only when it is the later edit (its ``modified`` after
the stored edit or deletion), so importing a file twice, or an older file,
never loses work. Saved comparisons are created only for names the database
does not hold yet. This is the storage side of ``core.export.importer``; it
knows rows, the importer knows files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Literal, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.annotations import Annotation, Comparison, DocumentRecord, PairAnnotation
from desktop_app.core.cancel import Progress
from desktop_app.core.storage.changes import Change, ChangeKind, Entity
from desktop_app.core.storage.convert import (
    annotation_from_row,
    fill_annotation_row,
    fill_comparison_row,
    fill_pair_row,
    pair_from_row,
)
from desktop_app.core.storage.documents import ensure_documents
from desktop_app.core.storage.engine import Sessions
from desktop_app.core.storage.tables import (
    AnnotationRow,
    ComparisonRow,
    DocumentRow,
    PairAnnotationRow,
)

_Item = TypeVar("_Item", Annotation, PairAnnotation)
_Row = TypeVar("_Row", AnnotationRow, PairAnnotationRow)
Outcome = Literal["added", "updated", "skipped"]
_BATCH = 500  # ids per IN (...) query, well under SQLite's variable limit
_REPORT_EVERY = 200  # records between progress reports (each may cancel)


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """What to store: annotation values, the documents they name, workspaces to create."""

    annotations: Sequence[Annotation] = ()
    pairs: Sequence[PairAnnotation] = ()
    documents: Sequence[DocumentRecord] = ()  # a path or title already known here is kept
    comparisons: Sequence[Comparison] = ()  # created only if no saved one has the name


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What the import did, and the changes to announce (see ``import_records``)."""

    added: int = 0
    updated: int = 0
    skipped: int = 0  # unchanged, or older than the stored edit
    comparisons: tuple[str, ...] = ()  # ids of the saved comparisons created
    changes: tuple[Change, ...] = ()


def import_records(
    sessions: Sessions,
    batch: ImportBatch,
    *,
    announce: bool = True,
    progress: Progress | None = None,
) -> ImportResult:
    """Store ``batch`` in one write transaction (all of it or, on error, none).

    With ``announce`` the changes go to ``sessions.changes`` after the commit.
    A caller on a worker thread passes False and emits ``result.changes`` on the
    thread its listeners live on (the GUI's views refresh from them). Cancelling
    through ``progress`` rolls the whole transaction back: nothing is imported.
    """
    progress = progress or Progress()
    total = max(1, len(batch.annotations) + len(batch.pairs))
    done = 0
    counts: dict[Outcome, int] = {"added": 0, "updated": 0, "skipped": 0}
    changed: dict[tuple[Entity, ChangeKind], list[str]] = {}
    with sessions.write("import annotations into") as session:
        _register(session, batch.documents)
        annotations = _Merge(AnnotationRow, annotation_from_row, fill_annotation_row)
        for item, outcome in annotations.run(session, batch.annotations):
            done += 1
            if done % _REPORT_EVERY == 0:
                progress.report(done / total, "Importing notes")
            counts[outcome] += 1
            if outcome != "skipped":
                changed.setdefault((Entity.ANNOTATION, _kind(outcome)), []).append(item.id)
        pairs = _Merge(PairAnnotationRow, pair_from_row, fill_pair_row)
        for pair, outcome in pairs.run(session, batch.pairs):
            done += 1
            if done % _REPORT_EVERY == 0:
                progress.report(done / total, "Importing notes")
            counts[outcome] += 1
            if outcome != "skipped":
                changed.setdefault((Entity.PAIR_ANNOTATION, _kind(outcome)), []).append(pair.id)
        created = _create_comparisons(session, batch.comparisons)
        changes = [Change(entity, kind, tuple(ids)) for (entity, kind), ids in changed.items()]
        if created:
            changes.append(Change(Entity.COMPARISON, ChangeKind.ADDED, tuple(created)))
        sessions.found(session, *changes)  # the other windows learn of them with the commit
        progress.report(1.0, "Saving")  # the last chance to cancel: commit follows
    if announce:
        for change in changes:
            sessions.changes.emit(change)
    return ImportResult(
        counts["added"], counts["updated"], counts["skipped"], tuple(created), tuple(changes)
    )


def _kind(outcome: Outcome) -> ChangeKind:
    return ChangeKind.ADDED if outcome == "added" else ChangeKind.UPDATED


class _Merge(Generic[_Item, _Row]):
    """Adds or updates one kind of record, deciding each against its stored row."""

    def __init__(
        self,
        table: type[_Row],
        to_value: Callable[[_Row], _Item],
        fill: Callable[[_Row, _Item], None],
    ) -> None:
        self.table: type[_Row] = table
        self.to_value: Callable[[_Row], _Item] = to_value
        self.fill: Callable[[_Row, _Item], None] = fill

    def run(self, session: Session, items: Sequence[_Item]) -> Iterator[tuple[_Item, Outcome]]:
        rows = _existing(session, self.table, [item.id for item in items])
        for item in map(_aware, items):
            row = rows.get(item.id)
            outcome = _decide(self.to_value(row) if row is not None else None, item)
            if outcome != "skipped":
                if row is None:
                    row = self.table(id=item.id)
                    session.add(row)
                self.fill(row, item)
            yield item, outcome


def _existing(session: Session, table: type[_Row], ids: Sequence[str]) -> dict[str, _Row]:
    """The stored rows with these ids, fetched in batches (one query per batch, not per id)."""
    found: dict[str, _Row] = {}
    for start in range(0, len(ids), _BATCH):
        # Locked on a server (FOR UPDATE) so an edit made meanwhile is decided against,
        # not overwritten with a version computed from before it.
        batch = ids[start : start + _BATCH]
        for row in session.scalars(select(table).where(table.id.in_(batch)).with_for_update()):
            found[row.id] = row
    return found


def _aware(item: _Item) -> _Item:
    """Dates without a time zone (from other tools) are taken as UTC, as the store needs."""

    def fix(value: datetime) -> datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

    if item.created.tzinfo is not None and item.modified.tzinfo is not None:
        return item
    return dataclasses.replace(item, created=fix(item.created), modified=fix(item.modified))


def _decide(stored: _Item | None, imported: _Item) -> Outcome:
    """ "added", "updated" or "skipped": the imported copy wins only if it is the later edit."""
    if stored is None:
        return "added"
    if stored == imported:
        return "skipped"
    latest = stored.modified if stored.deleted is None else max(stored.modified, stored.deleted)
    return "updated" if imported.modified > latest else "skipped"


def _register(session: Session, documents: Sequence[DocumentRecord]) -> None:
    """Registry rows for the batch's documents; a path or title known here is kept."""
    ensure_documents(session, *(r.sha256 for r in documents))
    for record in documents:
        row = session.get_one(DocumentRow, record.sha256)
        if row.path is None and record.path is not None:
            row.path = str(record.path)
        if not row.title and record.title:
            row.title = record.title


def _create_comparisons(session: Session, comparisons: Sequence[Comparison]) -> list[str]:
    if not comparisons:
        return []
    existing = set(session.scalars(select(ComparisonRow.name)))
    created: list[str] = []
    for comparison in comparisons:
        if comparison.name in existing:
            continue
        ensure_documents(session, *comparison.document_hashes)
        row = ComparisonRow(id=comparison.id, created=comparison.created)
        fill_comparison_row(row, comparison)
        session.add(row)
        existing.add(comparison.name)
        created.append(comparison.id)
    return created
