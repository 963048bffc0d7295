"""load(): dispatch by suffix and content, one clear DocumentError per kind of bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_app.core.cancel import CancelToken, Progress
from desktop_app.core.documents import SUPPORTED_SUFFIXES, load
from desktop_app.core.errors import Cancelled, DocumentError
from desktop_app.core.model import DocumentFormat
from tests.helpers.factories import PdfText, make_docx, make_pdf, make_text

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.mark.parametrize("path", sorted(DATA.iterdir()), ids=lambda p: p.name)
def test_every_demo_document_loads(path: Path) -> None:
    doc = load(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.path == path
    assert len(doc.content_blocks) >= 5
    for block in doc.blocks:
        piece = block.span.of(doc.text)
        assert piece and piece == piece.strip()
    if doc.format is DocumentFormat.TEXT:
        assert path.read_bytes().decode(doc.encoding or "") == doc.text


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx", ".epub"} <= (
        SUPPORTED_SUFFIXES
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nothing\.txt: the file does not exist"):
        load(tmp_path / "nothing.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match=r"folder\.txt: it is a folder"):
        load(folder)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(DocumentError, match=r"empty\.pdf: the file is empty"):
        load(tmp_path / "empty.pdf")


def test_unsupported_suffix_lists_formats(tmp_path: Path) -> None:
    path = make_text(tmp_path / "sheet.xlsx", "a,b\n")
    with pytest.raises(
        DocumentError, match=r"sheet\.xlsx: '\.xlsx' files are not supported.*\.pdf"
    ):
        load(path)


def test_pdf_suffix_on_plain_text_is_read_as_text(tmp_path: Path) -> None:
    path = make_text(tmp_path / "notes.pdf", "Just some notes.\n\nA second paragraph here.\n")
    doc = load(path)
    assert doc.format is DocumentFormat.TEXT
    assert doc.text == path.read_text(encoding="utf-8")
    assert "named like a PDF file but is a text file" in doc.warnings[0]


def test_pdf_suffix_on_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DocumentError, match=r"fake\.pdf: it is not a valid PDF file"):
        load(path)


def test_text_suffix_on_a_real_pdf_is_read_as_pdf(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "x.pdf", [[PdfText(72, 300, "Hidden behind a text suffix.")]])
    renamed = pdf.rename(tmp_path / "report.txt")
    doc = load(renamed)
    assert doc.format is DocumentFormat.PDF
    assert doc.text == "Hidden behind a text suffix."
    assert doc.warnings


def test_docx_suffix_on_a_pdf(tmp_path: Path) -> None:
    make_docx(tmp_path / "real.docx", [("", "Word text here.")])
    renamed = (tmp_path / "real.docx").rename(tmp_path / "real.pdf")
    assert load(renamed).format is DocumentFormat.DOCX


def test_text_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no disk is actually used
        handle.truncate(201 * 1024 * 1024)
    with pytest.raises(DocumentError, match=r"huge\.txt: it is 201 MB, more than the 200 MB"):
        load(path)


def test_progress_is_reported_per_pdf_page(tmp_path: Path) -> None:
    pages = [[PdfText(72, 300, f"Page {i} has its own sentence.")] for i in range(4)]
    path = make_pdf(tmp_path / "four.pdf", pages)
    seen: list[tuple[float, str]] = []
    load(path, progress=Progress(lambda f, m: seen.append((f, m))))
    messages = [m for _, m in seen]
    assert [f"Reading page {i} of 4" for i in (1, 2, 3, 4)] == [
        m for m in messages if m.startswith("Reading page")
    ]
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_cancel_stops_loading(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "c.pdf", [[PdfText(72, 300, "Text.")]] * 3)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        load(path, progress=Progress(token=token))
