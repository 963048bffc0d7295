"""Scanned pages of a PDF read by OCR: from the cache if read before, else by Tesseract.

``pdf.load_pdf`` calls ``recognise`` with the pages that came back from
extraction with no text but a picture. Tesseract runs in the PDF worker
processes (``pdf_worker.ocr_pages``) under the same memory cap and a longer
per-page time limit; each result is cached at once, so a load cancelled half
way keeps the pages already read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_app.core.cancel import Progress
from desktop_app.core.documents.ocr import (
    OcrEngine,
    OcrSettings,
    find_engine,
    missing_languages_message,
    stats,
    unavailable_message,
)
from desktop_app.core.documents.ocr_cache import OcrCache
from desktop_app.core.documents.pdf_raw import RawPage
from desktop_app.core.documents.pdf_worker import OcrJob, PdfLimits, PdfSource, ocr_pages
from desktop_app.core.documents.source import SourceFile


@dataclass(slots=True)
class OcrOutcome:
    """What OCR did for one document."""

    pages: set[int] = field(default_factory=set)  # pages whose text came from OCR
    recognised: set[int] = field(default_factory=set)  # pages OCR read, text found or not
    failed: dict[int, str] = field(default_factory=dict)  # pages OCR could not read, and why
    problem: str = ""  # OCR was needed but cannot run: why, and how to fix it
    notes: list[str] = field(default_factory=list)  # e.g. a language without data


def recognise(
    numbers: list[int],
    source: SourceFile,
    pdf_source: PdfSource,
    settings: OcrSettings,
    on_page: Callable[[RawPage], None],
    *,
    limits: PdfLimits | None = None,
    progress: Progress | None = None,
    isolate: bool = True,
    outcome: OcrOutcome | None = None,
) -> OcrOutcome:
    """OCR pages ``numbers`` (0-based), handing each page read to ``on_page``.

    ``outcome`` (returned) is filled in as pages arrive, so ``on_page`` can
    tell which pages are OCR'd already. ``isolate`` False runs Tesseract in
    this thread (tests of the arrangement).
    """
    outcome = outcome if outcome is not None else OcrOutcome()
    if not numbers or not settings.enabled:
        return outcome
    engine = find_engine(settings)
    if engine is None:
        outcome.problem = unavailable_message(settings)
        return outcome
    if engine.missing:
        outcome.notes.append(missing_languages_message(engine))
    cache = OcrCache(settings.cache_path) if settings.use_cache else None
    try:
        found = cache.pages(source.sha256, engine.cache_key, numbers) if cache else {}

        def done(page: RawPage) -> None:
            if cache is not None and page.number not in found:
                cache.store(source.sha256, engine.cache_key, page)
            outcome.recognised.add(page.number)
            if page.blocks:
                outcome.pages.add(page.number)
            on_page(page)

        for number in sorted(found):
            done(found[number])
        missing = [n for n in numbers if n not in found]
        stats.add(len(missing))
        if isolate:
            job = OcrJob(str(engine.tessdata), engine.language, engine.dpi, settings.page_seconds)
            failed = ocr_pages(pdf_source, missing, done, job=job, limits=limits, progress=progress)
        else:
            failed = _recognise_here(missing, source, pdf_source, engine, done, progress)
        outcome.failed.update(failed)
    finally:
        if cache is not None:
            cache.close()
    return outcome


def _recognise_here(
    numbers: list[int],
    source: SourceFile,
    pdf_source: PdfSource,
    engine: OcrEngine,
    done: Callable[[RawPage], None],
    progress: Progress | None,
) -> dict[int, str]:
    """The same OCR without a worker process (no limits apply)."""
    from desktop_app.core.documents.pdf_extract import ocr_page, open_pdf

    if not numbers:
        return {}
    progress = progress or Progress()
    failed: dict[int, str] = {}
    pdf = open_pdf(source.data, source.name, pdf_source.password)
    try:
        for index, number in enumerate(numbers):
            progress.report(
                index / len(numbers), f"Recognising text (OCR): page {index + 1} of {len(numbers)}"
            )
            try:
                page = ocr_page(
                    pdf,
                    number,
                    tessdata=str(engine.tessdata),
                    language=engine.language,
                    dpi=engine.dpi,
                )
            except Exception:
                failed[number] = "OCR failed"
                continue
            done(page)
    finally:
        pdf.close()
    return failed
