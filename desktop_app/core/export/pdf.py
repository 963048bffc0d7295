"""Annotated PDF: a copy of a source PDF with real highlight annotations.

Highlights sit at the quote's rectangles, taken from the loaded document's
geometry when the caller has it, else found by searching the page for the quote.
The original file is only read. This module decides what to highlight; the copy is
made by pymupdf in a PDF worker process (``documents.pdf_annotate``), under the same
time and memory limits as loading, since the source is a user's file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.analyst import analyst_name
from desktop_app.core.documents import pdf_worker
from desktop_app.core.documents.pdf_annotate import Highlight
from desktop_app.core.documents.pdf_worker import PdfLimits, PdfSource
from desktop_app.core.errors import DocumentError, PasswordRequired
from desktop_app.core.export.colours import rgb_floats
from desktop_app.core.export.errors import ExportError
from desktop_app.core.export.excerpts import (
    AnyExcerpt,
    Excerpt,
    ExportOptions,
    PairExcerpt,
    Quote,
    quotes_of,
)
from desktop_app.core.export.labels import source_label
from desktop_app.core.model import DocumentFormat, PageGeometry


@dataclass(frozen=True, slots=True)
class AnnotatedPdf:
    """The annotated copy's bytes and what could not be placed."""

    data: bytes
    highlights: int
    warnings: tuple[str, ...]


def is_pdf_quote(quote: Quote) -> bool:
    source = quote.source
    if source.format is not None:
        return source.format is DocumentFormat.PDF
    return bool(source.path) and str(source.path).lower().endswith(".pdf")


def pdf_sources(excerpts: Sequence[AnyExcerpt]) -> list[str]:
    """Hashes of the PDF documents the excerpts quote, in order of first use."""
    hashes = (q.source.sha256 for e in excerpts for q in quotes_of(e) if is_pdf_quote(q))
    return list(dict.fromkeys(hashes))


def _choose_source(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> tuple[str, Path]:
    sha = options.pdf_document
    if sha is None:
        candidates = pdf_sources(excerpts)
        if not candidates:
            raise ExportError("None of the selected excerpts quotes a PDF document.")
        if len(candidates) > 1:
            raise ExportError(
                f"The excerpts quote {len(candidates)} PDF documents; choose the one to annotate."
            )
        sha = candidates[0]
    path = options.pdf_source_path
    if path is None:
        known = (q.source.path for e in excerpts for q in quotes_of(e) if q.source.sha256 == sha)
        found = next((p for p in known if p), None)
        if found is None:
            raise ExportError("The PDF to annotate has no known location; locate the file.")
        path = Path(found)
    return sha, path


def _note_for(excerpt: AnyExcerpt, quote: Quote) -> str:
    parts = [excerpt.note] if excerpt.note else []
    if isinstance(excerpt, PairExcerpt):
        other = excerpt.right if quote is excerpt.left else excerpt.left
        parts.append(f"Linked passage ({source_label(other)}): “{other.exact.strip()}”")
    if excerpt.tags:
        parts.append("Tags: " + ", ".join(excerpt.tags))
    return "\n\n".join(parts)


def pdf_date(moment: datetime | None) -> str:
    """A PDF date string in UTC ("D:20240102030405Z"); "" for no date. Naive means UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


def _highlight_for(
    excerpt: AnyExcerpt, quote: Quote, geometry: PageGeometry | None, author: str
) -> Highlight:
    rects: tuple[tuple[int, float, float, float, float], ...] = ()
    if geometry is not None and quote.span is not None:
        rects = tuple((r.page, r.x0, r.y0, r.x1, r.y1) for r in geometry.rects(quote.span))
    return Highlight(
        needle=" ".join(quote.exact.split()),
        page=quote.page,
        rects=rects,
        colour=rgb_floats(excerpt.colour),
        note=_note_for(excerpt, quote),
        subject="Verso excerpt" if isinstance(excerpt, Excerpt) else "Verso linked passage",
        name=_annotation_name(excerpt, quote),
        author=excerpt.author or author,  # the note's author; else who exports
        created=pdf_date(excerpt.created),
        modified=pdf_date(excerpt.modified),
    )


def _annotation_name(excerpt: AnyExcerpt, quote: Quote) -> str:
    """The Verso id; a pair quoting one PDF twice names its sides apart."""
    if (
        isinstance(excerpt, PairExcerpt)
        and excerpt.left.source.sha256 == excerpt.right.source.sha256
    ):
        return f"{excerpt.id}-{'left' if quote is excerpt.left else 'right'}"
    return excerpt.id


def annotate_pdf(
    excerpts: Sequence[AnyExcerpt], options: ExportOptions, *, limits: PdfLimits | None = None
) -> AnnotatedPdf:
    """Highlight every quote of the chosen PDF source in a copy of it, made in a PDF
    worker process (time and memory limits: the source is a user's file)."""
    sha, path = _choose_source(excerpts, options)
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"Cannot read the PDF {path}: {exc.strerror or exc}.") from exc
    warnings: list[str] = []
    geometry = options.geometries.get(sha)
    actual = hashlib.sha256(original).hexdigest()
    if actual != sha:
        warnings.append(f"{path.name} changed since it was annotated; quotes were searched for.")
        geometry = None
    author = options.author or analyst_name()
    highlights = [
        _highlight_for(excerpt, quote, geometry, author)
        for excerpt in excerpts
        for quote in quotes_of(excerpt)
        if quote.source.sha256 == sha
    ]
    try:
        done = pdf_worker.annotate_pdf(PdfSource(path, actual), highlights, limits=limits)
    except PasswordRequired as exc:
        raise ExportError(f"{path.name} is password protected; it cannot be annotated.") from exc
    except DocumentError as exc:
        raise ExportError(str(exc)) from exc
    return AnnotatedPdf(done.data, done.highlights, tuple(warnings) + done.warnings)
