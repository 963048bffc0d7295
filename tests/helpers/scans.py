"""Scanned PDFs for OCR tests: pages of known text drawn to pictures, so a page has no text layer,
and the Tesseract check (skip with the reason, or fail in CI where Tesseract is installed)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from desktop_app.core.documents.ocr import find_tessdata
from tests.helpers.factories import PdfText, make_pdf

ENGLISH = "The harbour lantern burned through\nthe winter night while the council argued."
SMALL = (420.0, 260.0)  # small pages: OCR time grows with the page area


def needs_tesseract() -> Path:
    """Tesseract's data folder. In CI (``CI`` set) its absence fails the test: CI installs
    it and must run these. Elsewhere the test is skipped with the reason."""
    tessdata = find_tessdata()
    if tessdata is None:
        reason = (
            "Tesseract OCR is not installed: run scripts/setup.sh as root, or "
            "sudo apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return tessdata


@dataclass(frozen=True)
class Scan:
    path: Path
    drawn: dict[tuple[int, str], pymupdf.Rect]  # (page, word) -> where it was drawn


def make_scanned_pdf(
    path: Path,
    pages: Sequence[Sequence[PdfText]],
    *,
    text_pages: Iterable[int] = (),
    words: Iterable[str] = (),
    dpi: int = 200,
) -> Scan:
    """A PDF whose pages are pictures of ``pages`` (except ``text_pages``, kept as text)."""
    source = make_pdf(path.with_name(path.stem + "-source.pdf"), pages, page_size=SMALL)
    keep = set(text_pages)
    drawn: dict[tuple[int, str], pymupdf.Rect] = {}
    with _new_pdf(source) as original, _new_pdf() as scan:
        for number, page in enumerate(original):
            for word in words:
                found = page.search_for(word)
                if found:
                    drawn[(number, word)] = found[0]
            if number in keep:
                scan.insert_pdf(original, from_page=number, to_page=number)
                continue
            picture = page.get_pixmap(dpi=dpi)
            blank = scan.new_page(width=page.rect.width, height=page.rect.height)
            blank.insert_image(blank.rect, pixmap=picture)
        scan.save(path)
    return Scan(path, drawn)


_new_pdf: Any = pymupdf.open  # untyped in pymupdf


def english_page() -> list[PdfText]:
    return [PdfText(30, 60, ENGLISH, size=14)]
