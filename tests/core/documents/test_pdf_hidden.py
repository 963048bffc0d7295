"""Text a reader cannot see (render mode 3, white on white, under 1 pt) is flagged and left out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from desktop_app.core.documents import load
from desktop_app.core.documents.pdf import load_pdf
from desktop_app.core.documents.source import read_source
from desktop_app.core.model import Document
from tests.helpers.hidden_text import BESIDE, INVISIBLE, ON_BLACK, TINY, VISIBLE, WHITE, hostile_pdf


def _ocr_layer_pdf(path: Path) -> Path:
    """A scan with an invisible OCR text layer over its picture, as OCR tools write it."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    picture.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 500, 300), pixmap=picture)
    page.insert_text((72, 100), "Recognised words of the scanned page.", render_mode=3)
    pdf.save(path)
    pdf.close()
    return path


@pytest.mark.parametrize("isolate", [True, False])
def test_hidden_text_is_left_out_and_flagged(tmp_path: Path, isolate: bool) -> None:
    path = hostile_pdf(tmp_path / "hidden.pdf")
    document = load_pdf(read_source(path, max_bytes=10**8), isolate=isolate)
    for hidden in (INVISIBLE, WHITE, TINY):
        assert hidden not in document.text
    assert VISIBLE in document.text and BESIDE in document.text
    assert ON_BLACK in document.text  # white on a black fill is visible
    runs = {(run.page, run.text, run.reason) for run in document.hidden_text}
    assert runs == {
        (0, INVISIBLE, "drawn invisible"),
        (0, WHITE, "the colour of the background"),
        (0, TINY, "smaller than 1 pt"),
        (1, INVISIBLE, "drawn invisible"),
    }
    notice = [w for w in document.warnings if "invisible text" in w]
    assert notice == ["4 invisible text runs on pages 1, 2 were left out."]
    box = next(run.bbox for run in document.hidden_text if run.text == WHITE)
    assert 60 < box[0] < 80 and 110 < box[1] < 135


def test_the_invisible_ocr_layer_of_a_scan_is_read(tmp_path: Path) -> None:
    document = load(_ocr_layer_pdf(tmp_path / "scan.pdf"))
    assert "Recognised words of the scanned page." in document.text
    assert document.hidden_text == ()


def _cli(*argv: str) -> tuple[int, str, str]:
    """``verso`` in a real interpreter, as a user runs it."""
    run = subprocess.run(
        [sys.executable, "-m", "desktop_app", *argv], capture_output=True, timeout=120, check=False
    )
    return run.returncode, run.stdout.decode("utf-8"), run.stderr.decode("utf-8")


def test_verso_text_leaves_hidden_text_out_and_shows_it_on_request(tmp_path: Path) -> None:
    path = hostile_pdf(tmp_path / "hidden.pdf")
    code, text, err = _cli("text", str(path))
    assert code == 0
    assert INVISIBLE not in text and WHITE not in text and TINY not in text
    assert VISIBLE in text
    assert "4 invisible text runs on pages 1, 2 were left out" in err
    assert "--include-hidden" in err
    code, text, err = _cli("text", "--include-hidden", str(path))
    assert code == 0
    shown, hidden = text.split("\n\n--- hidden text, not part of the document ---\n")
    assert VISIBLE in shown and INVISIBLE not in shown
    assert f"[page 1, drawn invisible] {INVISIBLE}" in hidden
    assert f"[page 1, the colour of the background] {WHITE}" in hidden
    assert f"[page 2, drawn invisible] {INVISIBLE}" in hidden
    assert "were left out" not in err


def test_a_pdf_without_hidden_text_has_no_notice(tmp_path: Path) -> None:
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), VISIBLE, fontsize=11)
    pdf.save(tmp_path / "plain.pdf")
    document: Document = load(tmp_path / "plain.pdf")
    assert document.hidden_text == () and document.warnings == ()
