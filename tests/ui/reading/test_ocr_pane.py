"""OCR'd pages in the pane: badge, tinted pages and a notice; without Tesseract, how to get it.

Scans are real pictures of text in real PDFs, read by the real loader with
Tesseract (installed by ``scripts/setup.sh``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QTextFormat
from PySide6.QtWidgets import QApplication

from desktop_app.core.cancel import Progress
from desktop_app.core.documents.ocr import OcrSettings
from desktop_app.core.documents.pdf import load_pdf
from desktop_app.core.documents.source import MAX_BINARY_BYTES, read_source
from desktop_app.core.model import Document
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.reading.document_pane import DocumentPane, ocr_spans
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.factories import PdfText, make_pdf
from tests.helpers.scans import ENGLISH, english_page, make_scanned_pdf, needs_tesseract

NOTICE = "Page 2 was read by OCR; check quotes against the page image."


def ocr_loader(settings: OcrSettings) -> Callable[..., Document]:
    """The real PDF loader with these OCR settings, in the window's ``Loader`` shape."""

    def load(
        path: Path,
        *,
        password: str | None = None,
        progress: Progress | None = None,
        preview: Callable[[Document], None] | None = None,
    ) -> Document:
        source = read_source(path, max_bytes=MAX_BINARY_BYTES)
        return load_pdf(source, password=password, progress=progress, preview=preview, ocr=settings)

    return load


def _settle() -> None:
    """Run the page view's pending zero-delay call before the pane is deleted.

    ``PageView`` schedules ``QTimer.singleShot(0, self._request_visible)`` without
    a context object, so the call outlives a pane deleted at once (reported).
    """
    QApplication.processEvents()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """Page 1 typeset, page 2 a scan: loaded once."""
    needs_tesseract()
    folder = tmp_path_factory.mktemp("mixed")
    typeset = [PdfText(30, 60, "A typeset first page.", size=14)]
    scan = make_scanned_pdf(folder / "mixed.pdf", [typeset, english_page()], text_pages=[0])
    loader = ocr_loader(OcrSettings(cache_path=folder / "ocr.sqlite3"))
    return loader(scan.path)


def test_pane_marks_ocr_pages_with_badge_tint_and_notice(qtbot: QtBot, mixed: Document) -> None:
    pane = DocumentPane(Theme(QApplication.palette()), "Left")
    qtbot.addWidget(pane)
    pane.show()
    pane.set_document(mixed)

    assert mixed.ocr_pages == {1}
    assert not pane.ocr_badge.isHidden() and pane.ocr_badge.toolTip() == NOTICE
    assert pane.message_bar.text == NOTICE
    [span] = ocr_spans(mixed)
    assert "lantern" in span.of(mixed.text) and "typeset" not in span.of(mixed.text)
    assert [h.span for h in pane.highlights("ocr")] == [span]
    tinted = [
        s
        for s in pane.text_view.extraSelections()
        if s.format.property(QTextFormat.Property.FullWidthSelection) is True
    ]
    assert len(tinted) == 1
    start, end = pane.offsets.pane_range(span)
    assert (tinted[0].cursor.selectionStart(), tinted[0].cursor.selectionEnd()) == (start, end)

    # Other highlights keep the tint under them.
    pane.set_highlights("links", [])
    assert len(pane.text_view.extraSelections()) == 1
    _settle()


def test_pane_hides_the_marks_for_a_document_without_ocr(
    qtbot: QtBot, mixed: Document, tmp_path: Path
) -> None:
    pane = DocumentPane(Theme(QApplication.palette()), "Left")
    qtbot.addWidget(pane)
    pane.show()
    pane.set_document(mixed)
    typeset = make_pdf(tmp_path / "typeset.pdf", [[PdfText(72, 100, "Only typeset text.")]])
    pane.set_document(ocr_loader(OcrSettings(use_cache=False))(typeset))
    assert pane.ocr_badge.isHidden()
    assert pane.message_bar.text == ""
    assert pane.highlights("ocr") == [] and pane.text_view.extraSelections() == []
    _settle()


def test_window_opens_a_scan_with_its_ocr_text_and_notice(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    needs_tesseract()
    services.load = ocr_loader(OcrSettings(cache_path=tmp_path / "ocr.sqlite3"))
    typeset = [PdfText(30, 60, "A typeset first page.", size=14)]
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [typeset, english_page()], text_pages=[0])
    task = window.open_document(0, scan.path)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.outcome == "finished"
    pane = window.compare.panes[0]
    assert pane.document is not None and pane.document.ocr_pages == {1}
    assert "lantern" in pane.text_view.toPlainText()
    assert NOTICE in pane.message_bar.text
    assert not pane.ocr_badge.isHidden()
    assert ENGLISH.split()[1] in pane.document.text  # "harbour"


def test_window_without_tesseract_says_how_to_install_it(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    empty = tmp_path / "no-tesseract"
    empty.mkdir()
    services.load = ocr_loader(OcrSettings(search_path=(empty,)))
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page()])
    task = window.open_document(0, scan.path)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.outcome == "failed"
    pane = window.compare.panes[0]
    qtbot.waitUntil(lambda: pane.message_bar.text != "")
    message = pane.message_bar.text
    assert "no text layer (it looks scanned)" in message
    assert "sudo apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus" in message
    assert "brew install tesseract tesseract-lang" in message and "UB-Mannheim" in message
    assert pane.document is None  # no empty page shown in its place
    assert pane.ocr_badge.isHidden()
