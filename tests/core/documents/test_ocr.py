"""Scanned PDF pages read by OCR: real pictures of real text, real Tesseract, real cache files.

A "scan" is made for real: a page with known text is drawn to a pixmap and the
picture alone goes into a new PDF, so the page has no text layer. Tesseract must
be installed (``scripts/setup.sh`` installs it); in CI these tests fail without it,
elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import shutil
import sqlite3
from array import array
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from desktop_app.core.cancel import CancelToken, Progress
from desktop_app.core.documents import ocr
from desktop_app.core.documents.ocr import OcrSettings, find_engine, find_tessdata
from desktop_app.core.documents.ocr_cache import OcrCache
from desktop_app.core.documents.pdf import load_pdf
from desktop_app.core.documents.pdf_extract import RawBlock, RawLine, RawPage
from desktop_app.core.documents.pdf_worker import PdfLimits
from desktop_app.core.documents.source import MAX_BINARY_BYTES, read_source
from desktop_app.core.errors import Cancelled, DocumentError
from desktop_app.core.model import Document, Span
from tests.helpers.factories import PdfText, make_pdf
from tests.helpers.scans import ENGLISH, Scan, english_page, make_scanned_pdf, needs_tesseract

RUSSIAN = "Совет спорил всю долгую зиму,\nа фонарь в гавани горел до утра."


def russian_page() -> list[PdfText]:
    return [PdfText(30, 60, RUSSIAN, size=14, unicode_font=True)]


def _load(path: Path, settings: OcrSettings, **kwargs: object) -> Document:
    source = read_source(path, max_bytes=MAX_BINARY_BYTES)
    return load_pdf(source, ocr=settings, **kwargs)  # type: ignore[arg-type]


def _page_text(doc: Document, page: int) -> str:
    return " ".join(b.span.of(doc.text) for b in doc.blocks if b.page == page)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scan, Document]:
    """An English and a Russian scanned page, loaded once through the worker processes."""
    needs_tesseract()
    folder = tmp_path_factory.mktemp("scan")
    scan = make_scanned_pdf(
        folder / "scan.pdf", [english_page(), russian_page()], words=["lantern", "council"]
    )
    doc = _load(scan.path, OcrSettings(cache_path=folder / "ocr.sqlite3"))
    return scan, doc


def test_scanned_english_and_russian_pages_are_read(scanned: tuple[Scan, Document]) -> None:
    _scan, doc = scanned
    assert fuzz.partial_ratio(_flat(ENGLISH), _page_text(doc, 0)) >= 85
    assert fuzz.partial_ratio(_flat(RUSSIAN), _page_text(doc, 1)) >= 85
    assert doc.ocr_pages == frozenset({0, 1})
    assert "Pages 1–2 were read by OCR; check quotes against the page image." in doc.warnings
    assert not any("no text layer" in w for w in doc.warnings)


def test_ocr_word_geometry_lies_where_the_word_was_drawn(
    scanned: tuple[Scan, Document],
) -> None:
    scan, doc = scanned
    assert doc.geometry is not None
    for word in ("lantern", "council"):
        start = doc.text.find(word)
        assert start >= 0, f"{word!r} not recognised in {doc.text!r}"
        rects = doc.geometry.rects(Span(start, start + len(word)))
        assert len(rects) == 1
        got, want = rects[0], scan.drawn[(0, word)]
        assert got.page == 0
        centre = ((got.x0 + got.x1) / 2, (got.y0 + got.y1) / 2)
        assert abs(centre[0] - (want.x0 + want.x1) / 2) < 6
        assert abs(centre[1] - (want.y0 + want.y1) / 2) < 6
        assert 0.6 < (got.x1 - got.x0) / want.width < 1.6
        assert doc.geometry.page_of(start) == 0


def test_text_pages_stay_text_and_only_the_scan_is_marked(tmp_path: Path) -> None:
    needs_tesseract()
    born_digital = [PdfText(30, 60, "A page typeset with a real text layer.", size=14)]
    scan = make_scanned_pdf(tmp_path / "mixed.pdf", [born_digital, english_page()], text_pages=[0])
    doc = _load(scan.path, OcrSettings(cache_path=tmp_path / "ocr.sqlite3"))
    assert doc.ocr_pages == frozenset({1})
    assert _page_text(doc, 0) == "A page typeset with a real text layer."
    assert fuzz.partial_ratio(_flat(ENGLISH), _page_text(doc, 1)) >= 85
    assert doc.warnings == ("Page 2 was read by OCR; check quotes against the page image.",)


def test_cache_spares_a_second_ocr_of_the_same_pages(tmp_path: Path) -> None:
    needs_tesseract()
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page(), english_page()])
    settings = OcrSettings(cache_path=tmp_path / "ocr.sqlite3")
    before = ocr.stats.pages
    first = _load(scan.path, settings)
    assert ocr.stats.pages - before == 2
    second = _load(scan.path, settings)
    assert ocr.stats.pages - before == 2  # nothing sent to Tesseract again
    assert second.text == first.text and second.ocr_pages == first.ocr_pages == {0, 1}
    assert second.geometry is not None and first.geometry is not None
    span = Span(0, 10)
    assert second.geometry.rects(span) == first.geometry.rects(span)
    # Other languages are another result: the cache key holds them.
    _load(scan.path, OcrSettings(languages=("eng",), cache_path=settings.cache_path))
    assert ocr.stats.pages - before == 4
    # Without the cache every load runs OCR.
    _load(scan.path, OcrSettings(use_cache=False))
    assert ocr.stats.pages - before == 6


def test_a_damaged_cache_file_is_made_again(tmp_path: Path) -> None:
    needs_tesseract()
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page()])
    cache = tmp_path / "ocr.sqlite3"
    cache.write_bytes(b"this is not a database" * 100)
    doc = _load(scan.path, OcrSettings(cache_path=cache))
    assert doc.ocr_pages == {0}
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM ocr_pages").fetchone() == (1,)


def test_cache_round_trips_pages_and_refuses_bad_rows(tmp_path: Path) -> None:
    boxes = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    page = RawPage(
        3,
        420.0,
        260.0,
        [RawBlock((1.0, 2.0, 7.0, 8.0), [RawLine("ab", array("f", boxes), 12.0)])],
        {"well-known"},
    )
    with OcrCache(tmp_path / "c.sqlite3") as cache:
        cache.store("sha", "engine", page)
        got = cache.pages("sha", "engine", [3, 4])
        assert list(got) == [3]
        assert got[3].blocks[0].lines[0].text == "ab"
        assert list(got[3].blocks[0].lines[0].boxes) == boxes
        assert got[3].hyphenated == {"well-known"}
        assert cache.pages("sha", "other engine", [3]) == {}
    with sqlite3.connect(tmp_path / "c.sqlite3") as db:
        db.execute("UPDATE ocr_pages SET payload = '{\"blocks\": 1}'")
    with OcrCache(tmp_path / "c.sqlite3") as cache:
        assert cache.pages("sha", "engine", [3]) == {}  # a bad row is a miss


def test_without_tesseract_a_scanned_pdf_says_how_to_install_it(tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    settings = OcrSettings(search_path=(empty,), cache_path=tmp_path / "ocr.sqlite3")
    assert find_engine(settings) is None
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page()])
    before = ocr.stats.pages
    with pytest.raises(DocumentError) as raised:
        _load(scan.path, settings)
    message = str(raised.value)
    assert "scan.pdf: it has no text layer (it looks scanned)" in message
    assert "Tesseract OCR is not installed" in message
    assert "sudo apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus" in message
    assert "brew install tesseract tesseract-lang" in message
    assert "UB-Mannheim" in message
    assert ocr.stats.pages == before


def test_without_tesseract_a_partly_scanned_pdf_keeps_its_text_and_warns(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    text = [PdfText(30, 60, "Typeset text.", size=14)]
    scan = make_scanned_pdf(tmp_path / "mixed.pdf", [text, english_page()], text_pages=[0])
    doc = _load(scan.path, OcrSettings(search_path=(empty,)))
    assert doc.text == "Typeset text." and doc.ocr_pages == frozenset()
    assert doc.warnings[0] == "1 page has no text layer (scanned?): 2."
    assert "sudo apt install tesseract-ocr" in doc.warnings[1]


def test_tessdata_is_found_in_a_search_path_and_missing_languages_reported(
    tmp_path: Path,
) -> None:
    real = needs_tesseract()
    data = tmp_path / "share" / "tessdata"
    data.mkdir(parents=True)
    (data / "eng.traineddata").symlink_to(real / "eng.traineddata")
    settings = OcrSettings(search_path=(tmp_path,), cache_path=tmp_path / "ocr.sqlite3")
    engine = find_engine(settings)
    assert engine is not None
    assert engine.tessdata == data and engine.languages == ("eng",)
    assert engine.missing == ("rus",) and engine.language == "eng"
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page()])
    doc = _load(scan.path, settings)
    assert fuzz.partial_ratio(_flat(ENGLISH), doc.text) >= 85
    assert any("Russian" in w and "tesseract-ocr-rus" in w for w in doc.warnings)


def test_tessdata_prefix_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = needs_tesseract()
    data = tmp_path / "custom"
    data.mkdir()
    shutil.copy(real / "rus.traineddata", data / "rus.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(data))
    assert find_tessdata() == data
    engine = find_engine(OcrSettings())
    assert engine is not None and engine.languages == ("rus",)


def test_a_page_over_the_ocr_time_limit_is_reported(tmp_path: Path) -> None:
    needs_tesseract()
    text = [PdfText(30, 60, "Typeset text.", size=14)]
    scan = make_scanned_pdf(tmp_path / "slow.pdf", [text, english_page()], text_pages=[0])
    settings = OcrSettings(page_seconds=0.001, use_cache=False)
    doc = _load(scan.path, settings)
    assert doc.text == "Typeset text." and doc.ocr_pages == frozenset()
    assert doc.warnings == ("Page 2 could not be read by OCR (time limit).",)


def test_ocr_in_process_and_progress_reports_the_ocr_step(tmp_path: Path) -> None:
    needs_tesseract()
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [russian_page()])
    messages: list[str] = []
    progress = Progress(lambda _f, message: messages.append(message))
    settings = OcrSettings(use_cache=False)
    doc = _load(scan.path, settings, isolate=False, progress=progress)
    assert fuzz.partial_ratio(_flat(RUSSIAN), doc.text) >= 85
    assert doc.ocr_pages == {0}
    assert "Recognising text (OCR): page 1 of 1" in messages


def test_preview_waits_for_the_ocr_of_the_first_pages(tmp_path: Path) -> None:
    needs_tesseract()
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page(), russian_page(), english_page()])
    previews: list[Document] = []
    settings = OcrSettings(cache_path=tmp_path / "ocr.sqlite3")
    doc = _load(scan.path, settings, preview=previews.append)
    assert len(previews) == 1
    first = previews[0]
    assert first.ocr_pages == {0, 1} and first.page_count == 3
    assert fuzz.partial_ratio(_flat(RUSSIAN), _page_text(first, 1)) >= 85
    assert doc.ocr_pages == {0, 1, 2}


def test_a_blank_picture_page_stays_without_text(tmp_path: Path) -> None:
    needs_tesseract()
    path = make_pdf(tmp_path / "blank.pdf", [[PdfText(72, 300, "Some text.")], []], image_pages=[1])
    doc = _load(path, OcrSettings(cache_path=tmp_path / "ocr.sqlite3"))
    assert doc.ocr_pages == frozenset()
    assert doc.warnings == ("1 page has no text layer (scanned?): 2.",)
    scan = make_pdf(tmp_path / "all-blank.pdf", [[]], image_pages=[0])
    with pytest.raises(DocumentError, match="OCR found no text on its pages"):
        _load(scan, OcrSettings(cache_path=tmp_path / "ocr.sqlite3"))


def test_page_ranges_and_notice() -> None:
    assert ocr.page_ranges([8, 2, 3, 4, 5, 10, 11]) == "2–5, 8, 10–11"
    assert ocr.ocr_notice([]) == ""
    assert ocr.ocr_notice([0]) == "Page 1 was read by OCR; check quotes against the page image."
    assert ocr.ocr_notice([1, 2, 3, 4]).startswith("Pages 2–5 were read by OCR")


def test_cancelling_during_ocr_stops_and_keeps_the_pages_already_read(tmp_path: Path) -> None:
    needs_tesseract()
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [english_page(), russian_page()])
    settings = OcrSettings(cache_path=tmp_path / "ocr.sqlite3")
    token = CancelToken()

    def on_progress(_fraction: float, message: str) -> None:
        if message == "Recognising text (OCR): page 1 of 2":
            token.cancel()  # page 1 is read; page 2's report is the first to see the flag

    source = read_source(scan.path, max_bytes=MAX_BINARY_BYTES)
    with pytest.raises(Cancelled):
        load_pdf(
            source,
            ocr=settings,
            progress=Progress(on_progress, token),
            limits=PdfLimits(workers=1),
        )
    before = ocr.stats.pages
    doc = _load(scan.path, settings)
    assert ocr.stats.pages - before == 1  # only the page not read before the cancel
    assert doc.ocr_pages == {0, 1}
