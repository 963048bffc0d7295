"""PDF parsing in worker processes: time limit, memory cap, cancel, preview, rendering."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf
import pytest

from desktop_app.core.cancel import CancelToken, Progress
from desktop_app.core.documents import load, pdf_worker
from desktop_app.core.documents.pdf import load_pdf
from desktop_app.core.documents.pdf_geometry import PdfGeometry
from desktop_app.core.documents.pdf_worker import PageRenderer, PdfLimits, PdfSource
from desktop_app.core.documents.source import read_source
from desktop_app.core.errors import Cancelled, DocumentError
from desktop_app.core.model import Document
from tests.helpers.factories import PdfText, make_long_pdf, make_pdf

MB = 1024 * 1024


def make_heavy_pdf(path: Path, heavy: int, pages: int = 3, repeat: int = 100) -> Path:
    """Ordinary pages, except page ``heavy``: a tiny file whose text is ``repeat**2 * 100`` glyphs.

    A form XObject holding one 100-character line is drawn ``repeat`` times by a
    second form, drawn ``repeat`` times by the page: a million glyphs (seconds of
    extraction and hundreds of MB) from a few hundred bytes, as a hostile PDF can.
    """
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page(width=595, height=842)
        if number != heavy:
            page.insert_text((72, 100), f"Page {number + 1} has an ordinary sentence.")
    font = doc.get_new_xref()
    doc.update_object(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    inner = doc.get_new_xref()
    doc.update_object(
        inner,
        "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        f"/Resources << /Font << /F9 {font} 0 R >> >> >>",
    )
    doc.update_stream(inner, b"BT /F9 2 Tf 10 10 Td (" + b"abcdefghij" * 10 + b") Tj ET")
    outer = doc.get_new_xref()
    doc.update_object(
        outer,
        "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        f"/Resources << /XObject << /I {inner} 0 R >> >> >>",
    )
    doc.update_stream(outer, b"".join(b"q 1 0 0 1 0 %d cm /I Do Q " % i for i in range(repeat)))
    contents = doc.get_new_xref()
    doc.update_object(contents, "<< >>")
    doc.update_stream(
        contents,
        b"BT /F9 11 Tf 72 742 Td (Heavy page.) Tj ET "
        + b"".join(b"q 1 0 0 1 %d 0 cm /O Do Q " % i for i in range(repeat)),
    )
    page_xref = doc[heavy].xref
    doc.xref_set_key(
        page_xref, "Resources", f"<< /XObject << /O {outer} 0 R >> /Font << /F9 {font} 0 R >> >>"
    )
    doc.xref_set_key(page_xref, "Contents", f"{contents} 0 R")
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def _load(path: Path, limits: PdfLimits, progress: Progress | None = None) -> Document:
    return load_pdf(read_source(path, max_bytes=1 << 30), limits=limits, progress=progress)


@pytest.mark.slow
def test_a_page_over_the_time_limit_is_skipped_and_reported(tmp_path: Path) -> None:
    # Six million glyphs: seconds of work however fast extraction gets, so the limit, not
    # luck, decides.
    path = make_heavy_pdf(tmp_path / "slow.pdf", heavy=1, repeat=250)
    doc = _load(path, PdfLimits(page_seconds=1.0, workers=1))
    assert "Page 1 has an ordinary sentence." in doc.text
    assert "Page 3 has an ordinary sentence." in doc.text
    assert "Heavy page" not in doc.text and "abcdefghij" not in doc.text
    assert "Page 2 could not be extracted (time limit)." in doc.warnings
    assert doc.page_count == 3
    assert sorted({b.page for b in doc.blocks}) == [0, 2]  # type: ignore[type-var]


@pytest.mark.slow
def test_a_page_over_the_memory_cap_is_skipped_and_the_caller_is_fine(tmp_path: Path) -> None:
    # A million glyphs: per-character boxes in one buffer (not a dict each) keep 90,000 under 30 MB.
    path = make_heavy_pdf(tmp_path / "big.pdf", heavy=0)
    # pymupdf can thrash for seconds on a failed allocation before it gives up (or
    # aborts): the time limit bounds that, whichever comes first.
    limits = PdfLimits(memory_bytes=30 * MB, page_seconds=2.0, workers=1)
    doc = _load(path, limits)
    assert doc.text.startswith("Page 2 has an ordinary sentence.")
    assert "Page 3 has an ordinary sentence." in doc.text
    assert "abcdefghij" not in doc.text
    (warning,) = doc.warnings
    assert warning.startswith("Page 1 could not be extracted (")
    # Workers with the same cap still read an ordinary file afterwards.
    ordinary = make_pdf(tmp_path / "ok.pdf", [[PdfText(72, 300, "Still working.")]])
    assert _load(ordinary, limits).text == "Still working."


def test_a_memory_cap_too_small_to_open_is_a_document_error(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 300), "Hello.")
    blob = doc.get_new_xref()  # 4 MB that cannot be compressed: the file is that big
    doc.update_object(blob, "<< >>")
    doc.update_stream(blob, random.Random(7).randbytes(4 * MB), compress=False)
    path = tmp_path / "tiny.pdf"
    doc.save(path)
    doc.close()
    assert _load(path, PdfLimits()).text == "Hello."
    with pytest.raises(DocumentError, match=r"Cannot open tiny\.pdf: .*memory"):
        _load(path, PdfLimits(memory_bytes=64 * 1024))


def test_cancel_kills_the_workers(tmp_path: Path) -> None:
    path = make_long_pdf(tmp_path / "long.pdf", 120)
    pdf_worker.shutdown_idle_workers()
    token = CancelToken()
    seen: list[pdf_worker.Worker] = []

    def on_progress(fraction: float, message: str) -> None:
        if message.startswith("Reading page") and not seen:
            seen.extend(w for w in pdf_worker.workers() if w.is_alive())
            token.cancel()

    with pytest.raises(Cancelled):
        _load(path, PdfLimits(), Progress(on_progress, token))
    assert seen
    for worker in seen:
        assert not worker.is_alive()
        assert worker.process.returncode is not None  # reaped: no zombie
        assert not Path(f"/proc/{worker.process.pid}").exists()
    assert all(w not in seen for w in pdf_worker._pool)


def test_isolated_and_in_process_extraction_agree(tmp_path: Path) -> None:
    path = make_long_pdf(tmp_path / "book.pdf", 12)
    source = read_source(path, max_bytes=1 << 30)
    isolated = load_pdf(source, limits=PdfLimits(workers=2))
    here = load_pdf(source, isolate=False)
    assert isolated.text == here.text
    assert isolated.blocks == here.blocks
    assert isolated.geometry is not None and here.geometry is not None
    assert len(isolated.blocks) == 12  # one body block a page: header and number left out
    span = isolated.blocks[6].span
    assert isolated.geometry.rects(span) == here.geometry.rects(span)


def test_preview_has_the_first_pages_before_the_rest(tmp_path: Path) -> None:
    path = make_long_pdf(tmp_path / "book.pdf", 40)
    previews: list[Document] = []
    reports: list[str] = []

    def on_progress(fraction: float, message: str) -> None:
        reports.append(message)

    doc = load(path, progress=Progress(on_progress), preview=previews.append)
    (preview,) = previews
    assert preview.page_count == 40
    assert {b.page for b in preview.blocks} == {0, 1}
    assert "Annual Report" not in preview.text  # the running header, seen on both pages
    first_page = next(b for b in doc.blocks if b.page == 0 and b.is_content).span.of(doc.text)
    assert first_page in preview.text
    assert len(preview.text) < len(doc.text) / 10
    assert reports.count("Reading page 40 of 40") == 1


def test_renderer_draws_a_page_at_its_zoom(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "secret.pdf", [[PdfText(72, 300, "Drawn.")]] * 2, user_password="pw")
    doc = load(path, password="pw")
    assert isinstance(doc.geometry, PdfGeometry) and doc.geometry.source is not None
    assert doc.geometry.page_sizes == ((595.0, 842.0), (595.0, 842.0))
    renderer = PageRenderer(doc.geometry.source)
    try:
        page = renderer.render(1, 0.5)
    finally:
        renderer.close()
    assert (page.number, page.width, page.height) == (1, 298, 421)
    assert len(page.samples) == page.stride * page.height
    assert set(page.samples[:300]) == {255}  # white paper in the corner
    assert min(page.samples) < 100  # and dark ink somewhere


def test_renderer_without_the_password_reports_it(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "secret.pdf", [[PdfText(72, 300, "Drawn.")]], user_password="pw")
    source = read_source(path, max_bytes=1 << 30)
    renderer = PageRenderer(PdfSource(path, source.sha256, None))
    try:
        with pytest.raises(DocumentError, match="password"):
            renderer.render(0, 1.0)
    finally:
        renderer.close()


def test_a_file_changed_on_disk_is_not_rendered(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [[PdfText(72, 300, "First version.")]])
    doc = load(path)
    assert isinstance(doc.geometry, PdfGeometry) and doc.geometry.source is not None
    make_pdf(path, [[PdfText(72, 300, "Second version.")]])
    renderer = PageRenderer(doc.geometry.source)
    try:
        with pytest.raises(DocumentError, match="changed on disk"):
            renderer.render(0, 1.0)
    finally:
        renderer.close()


def test_workers_leave_no_children_behind(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [[PdfText(72, 300, "Text.")]])
    load(path)
    pdf_worker.shutdown_idle_workers()
    alive = [w for w in pdf_worker.workers() if w.is_alive()]
    assert alive == []
