"""The annotated-PDF export on hostile PDFs: parsed in a limited worker, a clear error."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from desktop_app.core.documents.pdf_worker import PdfLimits
from desktop_app.core.export import ExportOptions
from desktop_app.core.export.errors import ExportError
from desktop_app.core.export.excerpts import Excerpt, Quote, SourceRef
from desktop_app.core.export.pdf import annotate_pdf
from desktop_app.core.model import DocumentFormat
from tests.helpers.cli import verso
from tests.helpers.hostile import compression_bomb_pdf, looping_page_tree_pdf


def _excerpt(path: Path) -> Excerpt:
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    source = SourceRef(sha256=sha, title=path.stem, path=str(path), format=DocumentFormat.PDF)
    return Excerpt("1", Quote(source, "harbour council"))


def test_a_page_tree_that_loops_back_is_a_clear_export_error(tmp_path: Path) -> None:
    path = looping_page_tree_pdf(tmp_path)
    with pytest.raises(ExportError) as refused:
        annotate_pdf([_excerpt(path)], ExportOptions())
    expected = "Cannot open looping-pages.pdf: it is damaged (cycle in page tree)."
    assert str(refused.value) == expected


@pytest.mark.slow
def test_a_compression_bomb_is_stopped_at_the_page_time_limit(tmp_path: Path) -> None:
    path = compression_bomb_pdf(tmp_path, megabytes=400)
    started = time.monotonic()
    with pytest.raises(ExportError, match=r"a page took longer than 2 s"):
        annotate_pdf([_excerpt(path)], ExportOptions(), limits=PdfLimits(page_seconds=2.0))
    assert time.monotonic() - started < 20  # the audit measured 87 s in the main process


def test_verso_text_on_a_looping_page_tree_is_one_true_line(tmp_path: Path) -> None:
    result = verso("text", looping_page_tree_pdf(tmp_path))
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").splitlines() == [
        "verso: Cannot open looping-pages.pdf: it is damaged (cycle in page tree)."
    ]
