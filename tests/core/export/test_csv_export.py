"""CSV rows read back by the csv module; formulas neutralised; BOM and CRLF for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from desktop_app.core.export import export
from desktop_app.core.export.csv_export import HEADER, neutralise
from tests.helpers.excerpts import sample_excerpts


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_file_has_bom_crlf_and_one_row_per_excerpt(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(sample_excerpts(), "csv", out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert data.split(b"\r\n")[0].decode("utf-8-sig").split(",") == list(HEADER)
    rows = _rows(out)
    assert [r["id"] for r in rows] == [e.id for e in sample_excerpts()]


def test_text_survives_quoting(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(sample_excerpts(), "csv", out)
    rows = _rows(out)
    first = sample_excerpts()[0]
    assert rows[0]["note"] == first.note  # newlines, <, & kept inside one cell
    assert rows[0]["left_title"] == "Kasparov & Khodorkovsky, Foreign Affairs (2023)"
    assert rows[0]["left_page"] == "1"
    assert rows[3]["left_quote"] == "Стороны договорились о сроках поставки 👍"
    assert rows[2]["type"] == "pair" and rows[2]["score"] == "92.5"
    assert rows[2]["link_kind"] == "quote"


def test_formula_cells_are_prefixed(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(sample_excerpts(), "csv", out)
    rows = _rows(out)
    assert rows[1]["note"] == "'=SUM(A1)"
    assert rows[1]["tags"] == "'-formula; @mention"
    assert rows[4]["left_quote"] == "'+7 (495) 123-45-67 — телефон"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\x00=1+1", "\x00\x01@x", "\n-2"]
)
def test_neutralise_prefixes_every_formula_start(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "plain", "a=b", "'quoted", " =x"])
def test_neutralise_leaves_other_cells(cell: str) -> None:
    assert neutralise(cell) == cell


def test_guarded_cells_keep_their_original_value_in_a_column_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    excerpts = sample_excerpts()
    export(excerpts, "csv", out)
    rows = _rows(out)
    assert json.loads(rows[1]["unguarded"]) == {"note": "=SUM(A1)", "tags": "-formula; @mention"}
    assert json.loads(rows[4]["unguarded"]) == {"left_quote": "+7 (495) 123-45-67 — телефон"}
    assert rows[0]["unguarded"] == ""  # nothing guarded, nothing repeated
    for row, excerpt in zip(rows, excerpts, strict=True):
        restored = {**row, **json.loads(row["unguarded"] or "{}")}
        assert restored["note"] == excerpt.note  # exactly what the analyst wrote
        assert restored["tags"] == "; ".join(excerpt.tags)
        assert not row["unguarded"].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_note_and_quotes_come_first_and_the_ids_last() -> None:
    assert HEADER[:3] == ("note", "left_quote", "left_title")
    assert HEADER.index("right_quote") < HEADER.index("tags") < HEADER.index("id")
    assert HEADER[-2:] == ("id", "unguarded")
