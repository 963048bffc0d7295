"""The command line, run as a user runs it: a real interpreter, real files, real output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import verso

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "data" / "congress-victory-plan-2024.txt"
REBUTTAL = REPO / "data" / "spectator-plot-to-kill-putin-rebuttal-2024.txt"
ESSAY_MD = REPO / "data" / "khodorkovsky-economist-2023.md"


def test_text_prints_the_file_exactly() -> None:
    result = verso("text", PLAN)
    assert result.returncode == 0, result.stderr
    assert result.stdout == PLAN.read_bytes()


def test_text_of_a_cp1251_file_prints_utf8(tmp_path: Path) -> None:
    source = "Съезд народных депутатов\n\nПлан победы: это уже не выбор, а долг.\n"
    path = tmp_path / "план.txt"
    path.write_bytes(source.encode("cp1251"))
    result = verso("text", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == source


def test_text_of_markdown_drops_markup() -> None:
    result = verso("text", ESSAY_MD)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "Mikhail Khodorkovsky on the stark lessons" in text
    assert "![image]" not in text and "######" not in text


def test_align_json_has_the_documented_shape_and_finds_the_quote() -> None:
    result = verso("align", PLAN, REBUTTAL, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"left", "right", "ordered", "links"}
    assert payload["ordered"] is False  # decided from the texts: a rebuttal does not follow
    plan_text = PLAN.read_text(encoding="utf-8")
    rebuttal_text = REBUTTAL.read_text(encoding="utf-8")
    assert payload["left"] == {"path": str(PLAN), "chars": len(plan_text), "encoding": "utf-8"}
    assert payload["right"]["chars"] == len(rebuttal_text)
    for link in payload["links"]:
        assert set(link) == {"kind", "score", "relation", "level", "quoted", "left", "right"}
        assert link["kind"] in {"quote", "related"}
        assert link["relation"] in {"quotes", "restates", "answers"}
        assert 0 <= link["score"] <= 100
        assert 0 <= link["left"][0] < link["left"][1] <= len(plan_text)
        assert 0 <= link["right"][0] < link["right"][1] <= len(rebuttal_text)
    quotes = [  # quote links, and quotes inside the related passages that answer them
        (plan_text[slice(*quote["left"])], rebuttal_text[slice(*quote["right"])])
        for link in payload["links"]
        for quote in ([link] if link["kind"] == "quote" else link["quoted"])
    ]
    assert any(
        "no longer an option, but simply a duty" in left
        and "no longer an option but simply a duty" in right
        for left, right in quotes
    ), quotes


def test_align_kinds_and_min_score_filter_the_links() -> None:
    result = verso("align", PLAN, REBUTTAL, "--json", "--kinds", "quote", "--min-score", "90")
    assert result.returncode == 0, result.stderr
    links = json.loads(result.stdout)["links"]
    assert links, "the verbatim quote scores above 90"
    assert all(link["kind"] == "quote" and link["score"] >= 90 for link in links)


def test_align_table_is_readable() -> None:
    result = verso("align", PLAN, REBUTTAL, "--kinds", "quote")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert out.splitlines()[1].split()[:4] == ["kind", "score", "left", "right"]
    assert "no longer an option" in out


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.txt", "missing.txt"),
        (lambda d: d, None),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "notes.xyz", b"hello"), "xyz"),
        (lambda d: _write(d / "broken.pdf", b"%PDF-1.7\n garbage"), "broken.pdf"),
    ],
    ids=["missing", "directory", "empty", "unsupported", "corrupt-pdf"],
)
def test_bad_input_gives_one_clear_line(
    tmp_path: Path, make: Callable[[Path], Path], expected: str | None
) -> None:
    path = make(tmp_path)
    expected = expected or path.name
    result = verso("text", path)
    assert result.returncode == 1
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("verso: ")
    assert expected.lower() in lines[0].lower()
    assert "Traceback" not in result.stderr.decode("utf-8")


def test_usage_errors_exit_2() -> None:
    result = verso("align", PLAN, REBUTTAL, "--kinds", "bogus")
    assert result.returncode == 2
    assert b"unknown link kind" in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_align_without_the_embedding_model_says_so_and_prints_word_level_links(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The model's tokenizer gone (a broken install): one line on stderr, the quote still
    printed, exit 0, as with --fast."""
    from desktop_app import cli
    from desktop_app.core.semantic import model

    monkeypatch.setattr(model, "_TOKENIZER", tmp_path / "missing" / "tokenizer.json")
    monkeypatch.setattr(model, "_shared", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no cached embeddings
    assert cli.main(["align", str(PLAN), str(REBUTTAL), "--json"]) == 0
    captured = capsys.readouterr()
    assert "verso: word-level links only:" in captured.err
    assert "tokenizer" in captured.err
    printed = json.loads(captured.out)["links"]
    assert cli.main(["align", str(PLAN), str(REBUTTAL), "--json", "--fast"]) == 0
    assert json.loads(capsys.readouterr().out)["links"] == printed
    assert any(link["kind"] == "quote" or link["quoted"] for link in printed)


def test_a_database_in_a_place_nobody_may_write_is_one_clear_line(tmp_path: Path) -> None:
    """/proc takes no new files, not even from root (CI runs as root: chmod would not do)."""
    notes = tmp_path / "empty.json"
    notes.write_text('{"type": "AnnotationCollection", "items": []}', encoding="utf-8")
    result = verso("--db", "/proc/verso-notes.db", "import", notes)
    assert result.returncode == 1
    (line,) = result.stderr.decode("utf-8").strip().splitlines()
    assert line.startswith("verso: Could not write the annotation database /proc/verso-notes.db")
    assert "--db" in line


def test_the_window_starts_without_notes_when_the_database_cannot_be_made() -> None:
    from desktop_app.app import open_annotation_database
    from desktop_app.core.storage.recovery import Choice, Refused

    asked: list[Refused] = []

    def ask(refused: Refused) -> Choice:
        asked.append(refused)
        return Choice.NONE

    database = open_annotation_database(Path("/proc/verso-notes.db"), ask)
    assert database is None
    assert asked and "Could not write the annotation database" in asked[0].message


def test_an_empty_database_file_is_kept_aside_and_said(tmp_path: Path) -> None:
    database = tmp_path / "notes.sqlite3"
    database.write_bytes(b"")
    notes = tmp_path / "empty.json"
    notes.write_text('{"type": "AnnotationCollection", "items": []}', encoding="utf-8")
    result = verso("--db", database, "import", notes)
    assert result.returncode == 0, result.stderr
    message = result.stderr.decode("utf-8")
    assert "was an empty file" in message and "a new database was started" in message
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("notes.empty-")]
    assert len(kept) == 1 and kept[0].stat().st_size == 0
    assert database.stat().st_size > 0  # the new database
    again = verso("--db", database, "import", notes)  # a real database now: nothing to say
    assert again.returncode == 0 and b"empty file" not in again.stderr
