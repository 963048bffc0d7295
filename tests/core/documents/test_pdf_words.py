"""Glyph boxes from MuPDF's words (``_word_page``) and the exact fallback (``rawdict``)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pymupdf

from desktop_app.core.documents.pdf_extract import FLAGS, _word_page, extract_page, open_pdf
from desktop_app.core.documents.pdf_hidden import Backdrop, SpanJudge
from tests.helpers.factories import PdfText, make_pdf


def _open(path: Path) -> Any:
    return open_pdf(path.read_bytes(), path.name, None)


def _judge(number: int) -> SpanJudge:
    return SpanJudge(number, lambda: Backdrop((), ()))


def test_each_word_keeps_mupdfs_box_and_its_letters_run_left_to_right(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "words.pdf", [[PdfText(72, 100, "Wimbledon  is  in May, iiii mmmm.")]]
    )
    pdf = _open(path)
    raw = _word_page(pdf.load_page(0), 0, _judge(0))
    assert raw is not None
    (line,) = [line for block in raw.blocks for line in block.lines]
    words = pdf.load_page(0).get_text("words", flags=FLAGS)
    for x0, y0, x1, y1, word, *_ in words:
        start = line.text.index(word)
        end = start + len(word) - 1
        assert line.boxes[4 * start] == x0 and line.boxes[4 * end + 2] == x1
        assert line.boxes[4 * start + 1] == y0 and line.boxes[4 * end + 3] == y1
    lefts = line.boxes[0::4]
    assert all(a <= b for a, b in pairwise(lefts))  # spaces fill the gaps
    assert extract_page(pdf, 0).blocks[0].lines[0].text == line.text


def test_a_vertical_line_takes_the_exact_path(tmp_path: Path) -> None:
    doc: Any = pymupdf.open()
    page = doc.new_page()
    page.insert_text((300, 400), "Sideways text", fontsize=12, rotate=90)
    path = tmp_path / "vertical.pdf"
    doc.save(path)
    pdf = _open(path)
    assert _word_page(pdf.load_page(0), 0, _judge(0)) is None
    exact = [
        c["bbox"]
        for block in pdf.load_page(0).get_text("rawdict", flags=FLAGS)["blocks"]
        for line in block["lines"]
        for span in line["spans"]
        for c in span["chars"]
    ]
    (line,) = [line for block in extract_page(pdf, 0).blocks for line in block.lines]
    assert line.text == "Sideways text"
    assert [tuple(line.boxes[4 * i : 4 * i + 4]) for i in range(len(line.text))] == [
        tuple(pymupdf.Rect(b))  # type: ignore[arg-type]
        for b in exact
    ]
