"""``measure_lines`` (one numpy pass) agrees with walking each line's glyphs in Python."""

from __future__ import annotations

from array import array
from pathlib import Path

from desktop_app.core.documents.pdf_columns import _pieces, line_box, measure_lines
from desktop_app.core.documents.pdf_extract import RawLine
from desktop_app.core.documents.pdf_raw import RawPage


def _line(text: str, xs: list[float], size: float = 10.0, y: float = 100.0) -> RawLine:
    boxes = array("f")
    for x in xs:
        boxes.extend([x, y, x + 5.0, y + size])
    return RawLine(text, boxes, size)


def _lines() -> list[RawLine]:
    return [
        _line("ab cd", [10, 15, 20, 25, 30]),
        _line(
            "left      right", [10, 15, 20, 25, 300, 35, 40, 45, 50, 55, 200, 205, 210, 215, 220]
        ),
        _line(" \u00a0\u2003 ", [1, 2, 3, 4]),  # no ink at all: the first glyph's box stands in
        _line("x\u3000y", [10, 40, 70], size=0.5),  # tiny type: the gap limit is one em at least
        _line("é", [7]),
    ]


def test_measured_lines_match_the_glyph_walk() -> None:
    expected = [(line_box(line), [p.line.text for p in _pieces(line)]) for line in _lines()]
    measured = _lines()
    measure_lines(measured)
    assert all(line.ink is not None and line.cuts is not None for line in measured)
    assert [(line_box(line), [p.line.text for p in _pieces(line)]) for line in measured] == expected
    assert measured[1].cuts == (10,)  # the gap before "right" (x 200 after a glyph ending at 60)
    assert [len(_pieces(line)) for line in measured] == [1, 2, 0, 2, 1]


def test_a_columns_edges_found_by_bisection_are_those_a_scan_finds() -> None:
    import random

    from desktop_app.core.documents.pdf import _Edges

    chance = random.Random(7)
    edges = [
        (chance.choice([50.0, 72.0, 72.4, 300.0, 310.5]), chance.uniform(100, 560))
        for _ in range(300)
    ]
    found = _Edges(edges)
    for left in (20.0, 50.0, 60.0, 72.0, 80.0, 100.0, 290.0, 300.0, 320.0, 600.0):
        for reach in (1.0, 12.0, 30.0, 33.0):
            column = [(x0, x1) for x0, x1 in edges if abs(x0 - left) < reach]
            expected = (
                (min(x0 for x0, _ in column), max(x1 for _, x1 in column)) if column else None
            )
            assert found.column(left, reach) == expected


def test_lines_measured_page_by_page_as_they_arrive_equal_one_measure_of_all(
    tmp_path: Path,
) -> None:
    """``load_pdf`` measures each page's lines when the page arrives (while the workers
    read on): the same ink boxes and cuts as one pass over the whole document."""
    from benchmarks.inputs import make_book_pdf
    from desktop_app.core.documents.pdf_extract import extract_page, open_pdf

    text = " ".join(
        f"Verse {n} of the chapter, then a longer word-hyphenated tail." for n in range(900)
    )
    path = make_book_pdf(tmp_path / "book.pdf", 12, text)
    pdf = open_pdf(path.read_bytes(), path.name, None)
    pages = [extract_page(pdf, number) for number in range(pdf.page_count)]
    again = [extract_page(pdf, number) for number in range(pdf.page_count)]
    pdf.close()

    def lines(of: list[RawPage]) -> list[RawLine]:
        return [line for page in of for block in page.blocks for line in block.lines]

    for page in pages:
        measure_lines([line for block in page.blocks for line in block.lines])
    measure_lines(lines(again))
    one, other = lines(pages), lines(again)
    assert len(one) > 12 * 10
    assert [(line.ink, line.cuts) for line in one] == [(line.ink, line.cuts) for line in other]
    assert all(line.ink is not None for line in one)
