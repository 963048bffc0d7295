"""CSV rows read back by the csv module; formulas neutralised; BOM and CRLF for spreadsheets."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.core.export import ExportOptions, export
from desktop_app.core.export.collect import collect_excerpts
from desktop_app.core.export.csv_export import HEADER, neutralise
from desktop_app.core.export.output import write_export
from tests.helpers.excerpts import sample_excerpts
from tests.helpers.export_world import MEMO_NOTE, PLAN_NOTE, build_world


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


def test_dates_are_written_as_spreadsheets_read_dates(tmp_path: Path) -> None:
    """Calc and Excel take "2024-03-01 09:30:00" for a date and time, not ISO 8601 with an
    offset or microseconds (left as text: no sorting or filtering by date); UTC, as stored."""
    moscow = timezone(timedelta(hours=3))
    excerpt = dataclasses.replace(
        sample_excerpts()[0],
        created=datetime(2024, 3, 1, 12, 30, 15, 123456, tzinfo=moscow),
        modified=datetime(2024, 3, 2, 10, 0),  # naive: UTC
    )
    out = tmp_path / "x.csv"
    export([excerpt], "csv", out)
    (row,) = _rows(out)
    assert row["created"] == "2024-03-01 09:30:15"
    assert row["modified"] == "2024-03-02 10:00:00"


def test_context_cells_are_whole_words_on_one_line(tmp_path: Path) -> None:
    """The prefix and suffix cells hold what a reader needs around the quote (a sentence
    either side, whole words, one line: no row made five lines tall by the selector's
    "ne⏎⏎Second page…"), read from the document like the reports' context."""
    world = build_world(tmp_path)
    with world.open() as db:
        excerpts = collect_excerpts(db)
    out = tmp_path / "notes.csv"
    write_export(excerpts, "csv", out, ExportOptions(context_sentences=1))
    rows = {row["note"]: row for row in _rows(out)}
    for row in rows.values():
        for side in ("left", "right"):
            for name in ("prefix", "suffix"):
                cell = row[f"{side}_{name}"]
                assert "\n" not in cell and "  " not in cell, cell
    plan = rows[PLAN_NOTE]
    assert plan["left_prefix"].startswith("Therefore, the use of force")
    assert plan["left_prefix"].endswith("revolutionary action is now")
    assert plan["left_suffix"] == "of the countries that are part of the Rammstein coalition."
    memo = rows[MEMO_NOTE]
    assert memo["left_prefix"] == memo["left_suffix"] == ""  # a paragraph of its own
