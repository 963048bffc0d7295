"""A PDF that changes on disk between Verso reading it and a worker parsing it is refused.

The loader hashes the bytes it read; every worker process re-reads the file and checks
that hash before parsing, so a worker can never extract pages of a different file than
the one whose offsets and annotations the window holds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_app.core.documents.pdf_worker import PdfSource, extract_pages
from desktop_app.core.errors import DocumentError
from tests.helpers.factories import make_long_pdf


def test_a_pdf_rewritten_before_a_worker_reads_it_is_refused(tmp_path: Path) -> None:
    path = make_long_pdf(tmp_path / "report.pdf", 3)
    read_by_the_loader = hashlib.sha256(path.read_bytes()).hexdigest()
    make_long_pdf(path, 4)  # someone saves a new version meanwhile
    pages: list[object] = []

    with pytest.raises(DocumentError, match=r"report\.pdf: the file changed on disk while it"):
        extract_pages(PdfSource(path, read_by_the_loader), pages.append)
    assert pages == []


def test_the_unchanged_file_is_extracted(tmp_path: Path) -> None:
    path = make_long_pdf(tmp_path / "report.pdf", 3)
    pages: list[object] = []
    extracted = extract_pages(
        PdfSource(path, hashlib.sha256(path.read_bytes()).hexdigest()), pages.append
    )
    assert len(pages) == 3 and not extracted.failed
