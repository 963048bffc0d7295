"""Import a W3C JSON export back into the annotation store, in one transaction.

Importing is idempotent by id: an annotation already stored unchanged is
skipped, a changed one is updated only when the file's copy is the newer
edit (its ``modified`` is later than the stored edit or deletion), so
importing the same file twice, or an older file, never loses work.
Workspace names the file records (``verso:comparison``) become saved
comparisons if the database has none of that name, so re-exporting the
imported notes gives the same file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.annotations import (
    Annotation,
    Comparison,
    ComparisonDocument,
    DocumentRecord,
    PairAnnotation,
    utc_now,
)
from desktop_app.core.export.build import records_from_excerpts
from desktop_app.core.export.errors import ImportFormatError
from desktop_app.core.export.excerpts import AnyExcerpt, quotes_of
from desktop_app.core.export.w3c_json import parse_w3c_json
from desktop_app.core.storage import Change, ChangeKind, Database, Entity
from desktop_app.core.storage.convert import (
    annotation_from_row,
    fill_annotation_row,
    fill_pair_row,
    options_text,
    pair_from_row,
)
from desktop_app.core.storage.documents import ensure_documents
from desktop_app.core.storage.tables import (
    AnnotationRow,
    ComparisonDocumentRow,
    ComparisonRow,
    DocumentRow,
    PairAnnotationRow,
)

_Item = TypeVar("_Item", Annotation, PairAnnotation)
_Row = TypeVar("_Row", AnnotationRow, PairAnnotationRow)
Outcome = Literal["added", "updated", "skipped"]
_BATCH = 500  # ids per IN (...) query, well under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did, for the status bar or the terminal."""

    added: int = 0
    updated: int = 0
    skipped: int = 0  # unchanged, older than the stored edit, or not anchorable
    workspaces: int = 0  # saved comparisons created for names the file records
    messages: tuple[str, ...] = ()  # one sentence per excerpt left out

    @property
    def text(self) -> str:
        line = f"{self.added} added, {self.updated} updated, {self.skipped} skipped"
        if self.workspaces:
            line += f", {self.workspaces} workspace{'s' if self.workspaces > 1 else ''} created"
        return line


def read_w3c_file(path: Path) -> list[AnyExcerpt]:
    """The excerpts of a W3C JSON file; ``ImportFormatError`` if unreadable or malformed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFormatError(f"There is no file {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise ImportFormatError(f"Cannot read {path}: {reason}.") from exc
    try:
        return parse_w3c_json(text)
    except ImportFormatError as exc:
        raise ImportFormatError(f"{path.name}: {exc}") from exc


def import_w3c(db: Database, path: Path) -> ImportSummary:
    """Import the W3C JSON file at ``path`` into ``db`` (see the module notes)."""
    return import_excerpts(db, read_w3c_file(path))


def import_excerpts(db: Database, excerpts: Sequence[AnyExcerpt]) -> ImportSummary:
    """Store ``excerpts`` (read from a file) in ``db`` in one write transaction."""
    records = records_from_excerpts(excerpts)
    annotations = [_aware(a) for a in records.annotations]
    pairs = [_aware(p) for p in records.pairs]
    counts: dict[Outcome, int] = {"added": 0, "updated": 0, "skipped": len(records.skipped)}
    changed: dict[tuple[Entity, ChangeKind], list[str]] = {}
    with db.sessions.write("import annotations into") as session:
        _register(session, records.documents)
        rows = _existing(session, AnnotationRow, [a.id for a in annotations])
        for annotation in annotations:
            row = rows.get(annotation.id)
            outcome = _decide(annotation_from_row(row) if row else None, annotation)
            if outcome == "added":
                row = AnnotationRow(id=annotation.id)
                session.add(row)
            if outcome != "skipped" and row is not None:
                fill_annotation_row(row, annotation)
                changed.setdefault((Entity.ANNOTATION, _kind(outcome)), []).append(annotation.id)
            counts[outcome] += 1
        pair_rows = _existing(session, PairAnnotationRow, [p.id for p in pairs])
        for pair in pairs:
            pair_row = pair_rows.get(pair.id)
            outcome = _decide(pair_from_row(pair_row) if pair_row else None, pair)
            if outcome == "added":
                pair_row = PairAnnotationRow(id=pair.id)
                session.add(pair_row)
            if outcome != "skipped" and pair_row is not None:
                fill_pair_row(pair_row, pair)
                changed.setdefault((Entity.PAIR_ANNOTATION, _kind(outcome)), []).append(pair.id)
            counts[outcome] += 1
        workspaces = _create_workspaces(session, excerpts, records.documents)
    for (entity, kind), ids in changed.items():
        db.changes.emit(Change(entity, kind, tuple(ids)))
    if workspaces:
        db.changes.emit(Change(Entity.COMPARISON, ChangeKind.ADDED, tuple(workspaces)))
    return ImportSummary(
        added=counts["added"],
        updated=counts["updated"],
        skipped=counts["skipped"],
        workspaces=len(workspaces),
        messages=records.skipped,
    )


def _existing(session: Session, table: type[_Row], ids: Sequence[str]) -> dict[str, _Row]:
    """The stored rows with these ids, fetched in batches (one query per batch, not per id)."""
    found: dict[str, _Row] = {}
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        for row in session.scalars(select(table).where(table.id.in_(batch))):
            found[row.id] = row
    return found


def _aware(item: _Item) -> _Item:
    """Dates without a time zone (from other tools) are taken as UTC, as the store needs."""

    def fix(value: datetime) -> datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

    return dataclasses.replace(item, created=fix(item.created), modified=fix(item.modified))


def _decide(stored: _Item | None, imported: _Item) -> Outcome:
    """ "added", "updated" or "skipped": the file's copy wins only if it is the later edit."""
    if stored is None:
        return "added"
    if stored == imported:
        return "skipped"
    latest = stored.modified if stored.deleted is None else max(stored.modified, stored.deleted)
    return "updated" if imported.modified > latest else "skipped"


def _kind(outcome: Outcome) -> ChangeKind:
    return ChangeKind.ADDED if outcome == "added" else ChangeKind.UPDATED


def _register(session: Session, documents: Iterable[DocumentRecord]) -> None:
    """Registry rows for the file's documents; a path or title known here is kept."""
    records = list(documents)
    ensure_documents(session, *(r.sha256 for r in records))
    for record in records:
        row = session.get_one(DocumentRow, record.sha256)
        if row.path is None and record.path is not None:
            row.path = str(record.path)
        if not row.title and record.title:
            row.title = record.title


def _create_workspaces(
    session: Session, excerpts: Sequence[AnyExcerpt], documents: Sequence[DocumentRecord]
) -> list[str]:
    """A saved comparison per workspace name the file uses and the database lacks.

    Its documents are those the name's excerpts quote, in order of first use
    (the left pane first); it is marked opened in file order, so the first
    workspace of the file lists first, as it did where it was exported.
    """
    imported = {e.id for e in excerpts if all(q.span is not None for q in quotes_of(e))}
    by_name: dict[str, dict[str, None]] = {}
    for excerpt in excerpts:
        if excerpt.comparison and excerpt.id in imported:
            hashes = by_name.setdefault(excerpt.comparison, {})
            for quote in quotes_of(excerpt):
                hashes.setdefault(quote.source.sha256, None)
    if not by_name:
        return []
    existing = set(session.scalars(select(ComparisonRow.name)))
    known = {record.sha256: record for record in documents}
    created: list[str] = []
    now = utc_now()
    for index, (name, hashes) in enumerate(by_name.items()):
        if name in existing:
            continue
        comparison = Comparison.new(
            name,
            tuple(
                ComparisonDocument(sha, known[sha].path, known[sha].title)
                if sha in known
                else ComparisonDocument(sha)
                for sha in hashes
            ),
        )
        opened = now - timedelta(microseconds=index)
        _add_comparison_row(session, comparison, opened)
        created.append(comparison.id)
    return created


def _add_comparison_row(session: Session, comparison: Comparison, opened: datetime) -> None:
    row = ComparisonRow(
        id=comparison.id,
        name=comparison.name,
        kinds=options_text(comparison.options),
        min_score=comparison.options.min_score,
        ordered=comparison.options.ordered,
        max_partners=comparison.options.max_partners,
        created=comparison.created,
        modified=comparison.modified,
        opened=opened,
    )
    row.documents = [
        ComparisonDocumentRow(
            comparison_id=comparison.id,
            position=position,
            document_sha256=document.sha256,
            path=str(document.path) if document.path else None,
            display_name=document.display_name,
        )
        for position, document in enumerate(comparison.documents)
    ]
    session.add(row)
