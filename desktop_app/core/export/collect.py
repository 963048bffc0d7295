"""Excerpts read from the annotation store, and the page geometry a PDF export wants.

``build.py`` works on values; this module is the one place that asks a
``Database`` for them, so the CLI and the export dialog select the same
excerpts for the same scope.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from desktop_app.core.annotations import Comparison
from desktop_app.core.errors import VersoError
from desktop_app.core.export.build import Order, Scope, Sources, build_excerpts
from desktop_app.core.export.excerpts import AnyExcerpt, Quote, quotes_of, with_quotes
from desktop_app.core.export.pdf import is_pdf_quote
from desktop_app.core.model import Alignment, Document, PageGeometry
from desktop_app.core.storage import Database
from desktop_app.core.workspaces import find_workspace

log = logging.getLogger(__name__)

"""(sha256, file path) → the page geometry of that PDF, or None if it cannot be had."""
DocumentLookup = Callable[[str, Path], Document | None]
"""(sha256, file path) → that document loaded, or None if it cannot be had."""

ALL_COMPARISONS = 1_000_000  # "every saved comparison" for recent_comparisons(limit)


def all_comparisons(db: Database) -> list[Comparison]:
    """Every saved comparison, most recently opened first."""
    return db.comparisons.recent_comparisons(limit=ALL_COMPARISONS)


def collect_excerpts(
    db: Database,
    scope: Scope | None = None,
    order: Order = Order.POSITION,
    *,
    alignments: Mapping[tuple[str, str], Alignment] | None = None,
) -> list[AnyExcerpt]:
    """The live annotations and pair notes in ``scope``, as excerpts in ``order``.

    ``alignments`` (the window has them, the command line does not) give a
    pair made on an alignment link its link kind and score.
    """
    scope = scope or Scope()
    comparison_id = scope.comparison.id if scope.comparison is not None else None
    # The store narrows by comparison in SQL; tags/colours are "any of" sets, which
    # build_excerpts applies.
    annotations = db.annotations.list(comparison=comparison_id)
    pairs = db.pairs.list()
    sources = Sources(
        documents={record.sha256: record for record in db.documents.all()},
        comparisons=all_comparisons(db),
        alignments=dict(alignments or {}),
    )
    return build_excerpts(annotations, pairs, sources, scope, order)


def find_comparison(db: Database, key: str) -> Comparison:
    """The saved comparison ``key`` names: id, list number, name without the "↔", or the
    start of it (``core.workspaces.find_workspace``).

    Raises ``VersoError`` naming the known comparisons when none or several match,
    so the command line can print one line the user can act on.
    """
    return find_workspace(all_comparisons(db), key)


def load_document(sha256: str, path: Path) -> Document | None:
    """The document at ``path`` if it is still the annotated file, else None.

    A missing, changed or unreadable file gives None: exports then fall back on
    what the notes stored (the PDF exporter searches the page text for quotes and
    says so; reports show the stored context).
    """
    from desktop_app.core.documents import load  # pymupdf only when a PDF is exported

    if not path.is_file():
        return None
    try:
        document: Document = load(path)
    except VersoError as error:
        log.info("cannot read %s for the export: %s", path, error)
        return None
    return document if document.sha256 == sha256 else None


def source_documents(
    excerpts: Sequence[AnyExcerpt],
    documents: Sequence[str],
    *,
    document_for: DocumentLookup = load_document,
) -> dict[str, Document]:
    """The quoted documents named by ``documents`` (sha256s) that can still be read."""
    wanted = set(documents)
    paths: dict[str, Path] = {}
    for excerpt in excerpts:
        for quote in quotes_of(excerpt):
            sha = quote.source.sha256
            if sha in wanted and quote.source.path and sha not in paths:
                paths[sha] = Path(quote.source.path)
    found: dict[str, Document] = {}
    for sha, path in paths.items():
        document = document_for(sha, path)
        if document is not None:
            found[sha] = document
    return found


def pdf_geometries(
    excerpts: Sequence[AnyExcerpt],
    documents: Sequence[str] | None = None,
    *,
    document_for: DocumentLookup = load_document,
) -> dict[str, PageGeometry]:
    """Geometry of the PDF sources the excerpts quote (only ``documents`` if given): exact
    highlight rectangles instead of a text search, read once per document."""
    pdfs = {q.source.sha256 for e in excerpts for q in quotes_of(e) if is_pdf_quote(q)}
    wanted = [sha for sha in pdfs if documents is None or sha in documents]
    found = source_documents(excerpts, wanted, document_for=document_for)
    return {sha: d.geometry for sha, d in found.items() if d.geometry is not None}


def with_page_ranges(
    excerpts: Sequence[AnyExcerpt], geometries: Mapping[str, PageGeometry]
) -> list[AnyExcerpt]:
    """The excerpts with each PDF quote's last page set from its document's geometry.

    A note is stored with the page it starts on; one that runs over a page break
    is labelled "pp. 1–2" by every format once its end page is known.
    """

    def paged(quote: Quote) -> Quote:
        geometry = geometries.get(quote.source.sha256)
        if geometry is None or quote.span is None or quote.page is None or not quote.span:
            return quote
        last = geometry.page_of(quote.span.end - 1)
        if last is None or last <= quote.page:
            return quote
        return dataclasses.replace(quote, last_page=last)

    return [with_quotes(excerpt, paged) for excerpt in excerpts]
