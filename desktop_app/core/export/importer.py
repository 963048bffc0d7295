"""Import a W3C JSON export back into the annotation store, in one transaction.

Importing is idempotent by id: an annotation already stored unchanged is
skipped, a changed one is updated only when the file's copy is the newer
edit (its ``modified`` is later than the stored edit or deletion), so
importing the same file twice, or an older file, never loses work.
Workspace names the file records (``verso:comparison``) become saved
comparisons if the database has none of that name, so re-exporting the
imported notes gives the same file.

Annotations other tools wrote name their document by URL or path, not by hash:
they are placed by their quote in the documents open in the window (passed in)
or, failing those, the documents the database knows and finds on disk
(``source_match``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from desktop_app.core.annotations import Comparison, ComparisonDocument, DocumentRecord, utc_now
from desktop_app.core.cancel import Progress
from desktop_app.core.errors import VersoError
from desktop_app.core.export.build import records_from_excerpts
from desktop_app.core.export.errors import ImportFormatError
from desktop_app.core.export.excerpts import AnyExcerpt, quotes_of
from desktop_app.core.export.source_match import match_sources
from desktop_app.core.export.w3c_json import parse_w3c_json
from desktop_app.core.model import Document
from desktop_app.core.storage import Change, Database, ImportBatch

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did, for the status bar or the terminal."""

    added: int = 0
    updated: int = 0
    skipped: int = 0  # unchanged, older than the stored edit, or not anchorable
    workspaces: int = 0  # saved comparisons created for names the file records
    messages: tuple[str, ...] = ()  # one sentence per excerpt left out
    # The database changes, for a caller that imported with ``announce=False``.
    changes: tuple[Change, ...] = ()

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


def import_w3c(
    db: Database,
    path: Path,
    *,
    announce: bool = True,
    progress: Progress | None = None,
    documents: Sequence[Document] = (),
) -> ImportSummary:
    """Import the W3C JSON file at ``path`` into ``db`` (see the module notes).

    ``documents`` (those open in the window) are where annotations naming their
    source by URL or path are looked for first; the database's known files next.
    """
    progress = progress or Progress()
    progress.report(0.0, "Reading")
    excerpts = read_w3c_file(path)
    progress.report(0.05, "Finding the quoted documents")
    matched = match_sources(excerpts, documents, lambda: _known_documents(db, documents))
    summary = import_excerpts(
        db, matched.excerpts, announce=announce, progress=progress.sub(0.1, 1.0)
    )
    if not matched.unmatched:
        return summary
    return replace(
        summary,
        skipped=summary.skipped + len(matched.unmatched),
        messages=matched.unmatched + summary.messages,
    )


def _known_documents(db: Database, open_documents: Sequence[Document]) -> list[Document]:
    """Every document the database knows, not open, whose file is still there unchanged.

    A known file that fails to load (moved, changed, damaged) is passed over: the
    quotes it might hold are reported as unmatched, the import goes on.
    """
    from desktop_app.core.documents import load  # the loaders are heavy; only when needed

    found: list[Document] = []
    seen = {document.sha256 for document in open_documents}
    for record in db.documents.all():
        if record.sha256 in seen or record.path is None or not record.path.is_file():
            continue
        try:
            document = load(record.path, encoding=record.encoding)
        except (VersoError, OSError) as exc:
            log.info("not searched for imported quotes: %s: %s", record.path, exc)
            continue
        if document.sha256 == record.sha256 and document.sha256 not in seen:
            seen.add(document.sha256)
            found.append(document)
    return found


def import_excerpts(
    db: Database,
    excerpts: Sequence[AnyExcerpt],
    *,
    announce: bool = True,
    progress: Progress | None = None,
) -> ImportSummary:
    """Store ``excerpts`` (read from a file) in ``db`` in one write transaction.

    ``announce=False`` leaves the change notifications to the caller
    (``summary.changes``), for imports run on a worker thread.
    """
    records = records_from_excerpts(excerpts)
    batch = ImportBatch(
        annotations=records.annotations,
        pairs=records.pairs,
        documents=records.documents,
        comparisons=_workspaces(excerpts, records.documents),
    )
    result = db.import_records(batch, announce=announce, progress=progress)
    return ImportSummary(
        added=result.added,
        updated=result.updated,
        skipped=result.skipped + len(records.skipped),
        workspaces=len(result.comparisons),
        messages=records.skipped,
        changes=result.changes,
    )


def _workspaces(
    excerpts: Sequence[AnyExcerpt], documents: Sequence[DocumentRecord]
) -> list[Comparison]:
    """A saved comparison per workspace name the file uses (the store skips names it has).

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
    known = {record.sha256: record for record in documents}
    now = utc_now()
    comparisons: list[Comparison] = []
    for index, (name, hashes) in enumerate(by_name.items()):
        comparison = Comparison.new(
            name,
            tuple(
                ComparisonDocument(sha, known[sha].path, known[sha].title)
                if sha in known
                else ComparisonDocument(sha)
                for sha in hashes
            ),
        )
        comparisons.append(replace(comparison, opened=now - timedelta(microseconds=index)))
    return comparisons
