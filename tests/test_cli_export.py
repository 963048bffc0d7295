"""``verso export`` and ``verso import`` on a real database, parsing every file they write."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import docx
import pymupdf
import pytest

from desktop_app.cli import EXPORT_COLOURS, EXPORT_FORMATS, EXPORT_GROUPS, EXPORT_ORDERS, main
from desktop_app.core.annotations import Colour
from desktop_app.core.export import FORMATS, GroupBy, PairExcerpt, parse_w3c_json
from desktop_app.core.export.build import Order
from tests.helpers.export_world import (
    ANNEX_NOTE,
    DEMO_WORKSPACE,
    MEMO_NOTE,
    PAIR_NOTE,
    PDF_WORKSPACE,
    PLAN_NOTE,
    REBUTTAL_NOTE,
    World,
    build_world,
)

ALL_NOTES = {PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE, MEMO_NOTE, ANNEX_NOTE}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("cli-world"))


def run(world: World, *args: str | Path) -> int:
    return main(["--db", str(world.db_path), *map(str, args)])


def json_notes(path: Path) -> set[str]:
    return {e.note for e in parse_w3c_json(path.read_text(encoding="utf-8"))}


def test_the_parser_names_what_the_core_knows() -> None:
    assert set(EXPORT_FORMATS) == set(FORMATS)
    assert tuple(o.value for o in Order) == EXPORT_ORDERS
    assert tuple(g.value for g in GroupBy) == EXPORT_GROUPS
    assert tuple(c.value for c in Colour) == EXPORT_COLOURS


def test_json_of_a_workspace_and_of_everything(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo, everything = tmp_path / "demo.json", tmp_path / "all.json"
    assert run(world, "export", DEMO_WORKSPACE, "--format", "json", "-o", demo) == 0
    assert capsys.readouterr().out.strip() == str(demo)
    assert run(world, "export", "--all", "--format", "json", "-o", everything) == 0
    assert json_notes(demo) == {PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE}
    assert json_notes(everything) == ALL_NOTES
    pair = next(
        e for e in parse_w3c_json(demo.read_text(encoding="utf-8")) if isinstance(e, PairExcerpt)
    )
    assert pair.relation == "misquotes" and pair.comparison == DEMO_WORKSPACE


def test_tag_and_colour_filters(world: World, tmp_path: Path) -> None:
    out = tmp_path / "f.json"
    assert run(world, "export", "--all", "--tag", "budget", "--tag", "framing", "-o", out) == 0
    assert json_notes(out) == {MEMO_NOTE, ANNEX_NOTE, REBUTTAL_NOTE}
    assert run(world, "export", "--all", "--colour", "green", "-o", out) == 0
    assert json_notes(out) == {PLAN_NOTE}


def test_csv_rows(world: World, tmp_path: Path) -> None:
    out = tmp_path / "notes.csv"
    assert run(world, "export", DEMO_WORKSPACE, "--format", "csv", "-o", out) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {row["note"] for row in rows} == {PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE}
    pair = next(row for row in rows if row["note"] == PAIR_NOTE)
    assert pair["relation"] == "misquotes"
    assert "no longer an option but simply a duty" in pair["right_quote"]
    assert {row["comparison"] for row in rows} == {DEMO_WORKSPACE}


def test_markdown_and_html_reports(world: World, tmp_path: Path) -> None:
    md, html = tmp_path / "notes.md", tmp_path / "notes.html"
    assert run(world, "export", DEMO_WORKSPACE, "-o", md, "--group-by", "tag") == 0
    assert run(world, "export", DEMO_WORKSPACE, "--format", "html", "-o", html) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith(f"# {DEMO_WORKSPACE}")
    assert "## Tag: claim" in text and "émigrés" in text
    page = html.read_text(encoding="utf-8")
    assert "<html" in page and "&lt;b&gt;not&lt;/b&gt;" in page  # the note's markup escaped


def test_docx_paragraphs(world: World, tmp_path: Path) -> None:
    out = tmp_path / "notes.docx"
    assert run(world, "export", "--all", "--format", "docx", "-o", out) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for note in ALL_NOTES:
        assert note in text


def _highlight_notes(path: Path) -> list[str]:
    notes: list[str] = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for annot in page.annots(types=[pymupdf.mupdf.PDF_ANNOT_HIGHLIGHT]):
                notes.append(annot.info["content"].split("\n")[0])
    return notes


def test_pdf_one_copy_per_pdf_into_a_folder(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pdfs"
    assert run(world, "export", PDF_WORKSPACE, "--format", "pdf", "-o", folder) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(
        [str(folder / "memo-annotated.pdf"), str(folder / "annex-annotated.pdf")]
    )
    assert _highlight_notes(folder / "memo-annotated.pdf") == [MEMO_NOTE]
    assert _highlight_notes(folder / "annex-annotated.pdf") == [ANNEX_NOTE]


def test_pdf_chosen_with_document(world: World, tmp_path: Path) -> None:
    out = tmp_path / "memo.pdf"
    args = ("export", PDF_WORKSPACE, "--format", "pdf", "--document", "memo", "-o", out)
    assert run(world, *args) == 0
    assert _highlight_notes(out) == [MEMO_NOTE]


def test_pdf_without_a_pdf_in_scope_fails_in_one_line(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.pdf"
    assert run(world, "export", DEMO_WORKSPACE, "--format", "pdf", "-o", out) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "quotes a PDF" in err
    assert not out.exists()


def test_unknown_workspace_is_one_line_naming_the_known_ones(world: World, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    command = [sys.executable, "-m", "desktop_app", "--db", str(world.db_path), "export"]
    result = subprocess.run(
        [*command, "Nope", "--format", "json", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "'Nope'" in lines[0] and DEMO_WORKSPACE in lines[0] and PDF_WORKSPACE in lines[0]
    assert not out.exists()


def test_round_trip_export_import_export_is_identical(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    fresh = tmp_path / "fresh.db"
    assert run(world, "export", "--all", "-o", first) == 0
    assert main(["--db", str(fresh), "import", str(first)]) == 0
    assert "5 added, 0 updated, 0 skipped" in capsys.readouterr().out
    assert main(["--db", str(fresh), "export", "--all", "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    assert main(["--db", str(fresh), "import", str(first)]) == 0
    assert "0 added, 0 updated, 5 skipped" in capsys.readouterr().out


def test_import_of_a_broken_file_fails_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "AnnotationCollection", "first": 3}', encoding="utf-8")
    assert main(["--db", str(tmp_path / "db.sqlite"), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.json" in err


def test_usage_errors(world: World, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as no_target:
        run(world, "export", "--format", "json", "-o", tmp_path / "x.json")
    assert no_target.value.code == 2
    with pytest.raises(SystemExit) as both:
        run(world, "export", DEMO_WORKSPACE, "--all", "-o", tmp_path / "x.json")
    assert both.value.code == 2
    with pytest.raises(SystemExit) as no_format:
        run(world, "export", "--all", "-o", tmp_path / "x.weird")
    assert no_format.value.code == 2
    with pytest.raises(SystemExit) as document:
        run(world, "export", "--all", "--document", "memo", "-o", tmp_path / "x.md")
    assert document.value.code == 2


def test_reports_show_whole_sentences_around_quotes(world: World, tmp_path: Path) -> None:
    """The demo notes' context: more with --context 2 than the default one sentence."""
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    assert run(world, "export", DEMO_WORKSPACE, "-o", one) == 0
    assert run(world, "export", DEMO_WORKSPACE, "-o", two, "--context", "2") == 0
    shown_one, shown_two = one.read_text(encoding="utf-8"), two.read_text(encoding="utf-8")
    assert len(shown_two) > len(shown_one)
    assert "para. " in shown_one  # where the passage is in a text file


def test_dash_writes_a_text_format_to_standard_output(
    world: World, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """The same bytes as the file would hold; a binary format is refused with a usage error."""
    out = tmp_path / "notes.csv"
    assert run(world, "export", DEMO_WORKSPACE, "--format", "csv", "-o", out) == 0
    capsysbinary.readouterr()
    assert run(world, "export", DEMO_WORKSPACE, "--format", "csv", "-o", "-") == 0
    assert capsysbinary.readouterr().out == out.read_bytes()
    assert run(world, "export", DEMO_WORKSPACE, "-o", "-") == 0  # Markdown by default
    assert capsysbinary.readouterr().out.startswith(f"# {DEMO_WORKSPACE}".encode())
    with pytest.raises(SystemExit) as refused:
        run(world, "export", DEMO_WORKSPACE, "--format", "pdf", "-o", "-")
    assert refused.value.code == 2
    assert b"standard output" in capsysbinary.readouterr().err
    assert not Path("-").exists()
