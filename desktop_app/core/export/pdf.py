"""Annotated PDF: a copy of a source PDF with real highlight annotations.

Highlights sit at the quote's rectangles, taken from the loaded document's
geometry when the caller has it, else found by searching the page for the quote.
The original file is only read: the copy is built in memory from its bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

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

ANNOT_TITLE = "Verso"


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


def _rects_from_geometry(
    quote: Quote, geometry: PageGeometry | None
) -> dict[int, list[pymupdf.Rect]]:
    if geometry is None or quote.span is None:
        return {}
    by_page: dict[int, list[pymupdf.Rect]] = {}
    for rect in geometry.rects(quote.span):
        by_page.setdefault(rect.page, []).append(pymupdf.Rect(rect.x0, rect.y0, rect.x1, rect.y1))  # type: ignore[no-untyped-call]
    return by_page


def _rects_from_search(
    quote: Quote, doc: pymupdf.Document, warnings: list[str]
) -> dict[int, list[pymupdf.Rect]]:
    needle = " ".join(quote.exact.split())
    if not needle:
        return {}
    pages = [quote.page] if quote.page is not None and quote.page < doc.page_count else []
    pages += [n for n in range(doc.page_count) if n not in pages]
    for number in pages:  # the recorded page first, then the rest in order
        page = doc[number]
        hits = page.search_for(needle)
        if hits:
            text = " ".join(page.get_text().split()).casefold()  # type: ignore[no-untyped-call]
            repeats = text.count(needle.casefold())  # search_for ignores case too
            if repeats > 1:
                warnings.append(
                    f"“{needle[:60]}” occurs {repeats} times on page {number + 1};"
                    " every occurrence was highlighted."
                )
            return {number: list(hits)}
    return {}


def annotate_pdf(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> AnnotatedPdf:
    """Highlight every quote of the chosen PDF source in an in-memory copy of it."""
    sha, path = _choose_source(excerpts, options)
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"Cannot read the PDF {path}: {exc.strerror or exc}.") from exc
    warnings: list[str] = []
    geometry = options.geometries.get(sha)
    if hashlib.sha256(original).hexdigest() != sha:
        warnings.append(f"{path.name} changed since it was annotated; quotes were searched for.")
        geometry = None
    try:
        doc = pymupdf.open(stream=original, filetype="pdf")  # type: ignore[no-untyped-call]
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise ExportError(f"{path.name} cannot be opened as a PDF: {exc}.") from exc
    try:
        if doc.needs_pass:
            raise ExportError(f"{path.name} is password protected; it cannot be annotated.")
        count = 0
        for excerpt in excerpts:
            for quote in quotes_of(excerpt):
                if quote.source.sha256 != sha:
                    continue
                by_page = _rects_from_geometry(quote, geometry) or _rects_from_search(
                    quote, doc, warnings
                )
                if not by_page:
                    short = " ".join(quote.exact.split())[:60]
                    warnings.append(f"Quote not found in {path.name}: “{short}”")
                    continue
                for number, rects in sorted(by_page.items()):
                    _highlight(doc[number], rects, excerpt, _note_for(excerpt, quote))
                    count += 1
        data = doc.tobytes(garbage=1, deflate=True)  # type: ignore[no-untyped-call]
    finally:
        doc.close()  # type: ignore[no-untyped-call]
    return AnnotatedPdf(data=data, highlights=count, warnings=tuple(warnings))


def _highlight(
    page: pymupdf.Page, rects: list[pymupdf.Rect], excerpt: AnyExcerpt, note: str
) -> None:
    annot = page.add_highlight_annot(quads=rects)
    annot.set_colors(stroke=rgb_floats(excerpt.colour))  # type: ignore[no-untyped-call]
    subject = "Verso excerpt" if isinstance(excerpt, Excerpt) else "Verso linked passage"
    annot.set_info(content=note, title=ANNOT_TITLE, subject=subject)  # type: ignore[no-untyped-call]
    annot.update()
