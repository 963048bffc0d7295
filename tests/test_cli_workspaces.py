"""`verso workspaces` lists saved comparisons; `verso export` takes one by number or name."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.export import parse_w3c_json
from desktop_app.core.storage import open_database
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

DEMO_NOTES = {PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("cli-workspaces"))


def run(world: World, *args: str | Path) -> int:
    return main(["--db", str(world.db_path), *map(str, args)])


def listing(world: World, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert run(world, "workspaces", "--json") == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_workspaces_lists_number_name_documents_and_date(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(world, "workspaces") == 0
    out = capsys.readouterr().out.splitlines()
    rows = listing(world, capsys)
    assert [r["number"] for r in rows] == [1, 2]
    assert {r["name"] for r in rows} == {DEMO_WORKSPACE, PDF_WORKSPACE}
    demo = next(r for r in rows if r["name"] == DEMO_WORKSPACE)
    docs = demo["documents"]
    assert isinstance(docs, list)
    assert [d["name"] for d in docs] == ["Congress victory plan", "Spectator rebuttal"]
    assert str(demo["modified"]).endswith("Z")
    # The text: "N  name", then the date and the documents indented under it.
    line = out.index(f"{demo['number']}  {DEMO_WORKSPACE}")
    assert "Congress victory plan | Spectator rebuttal" in out[line + 1]
    assert out[line + 1].startswith("   20") and "UTC" in out[line + 1]


def test_no_workspaces_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "empty.db"), "workspaces"]) == 0
    assert "No saved workspaces yet" in capsys.readouterr().out


def _notes(path: Path) -> set[str]:
    return {e.note for e in parse_w3c_json(path.read_text(encoding="utf-8"))}


def test_export_takes_a_workspace_by_number_prefix_or_words(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = {r["name"]: r["number"] for r in listing(world, capsys)}
    out = tmp_path / "x.json"
    for key in (str(numbers[DEMO_WORKSPACE]), "victory", "plan vs", "VICTORY PLAN VS REBUTTAL"):
        assert run(world, "export", key, "-o", out) == 0, key
        assert _notes(out) == DEMO_NOTES, key
    assert run(world, "export", str(numbers[PDF_WORKSPACE]), "-o", out) == 0
    assert _notes(out) == {MEMO_NOTE, ANNEX_NOTE}
    capsys.readouterr()


def test_export_takes_a_window_made_name_without_its_arrow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = build_world(tmp_path)
    with open_database(world.db_path) as db:
        demo = db.comparisons.load_comparison(world.demo.id)

        db.comparisons.save_comparison(
            replace(demo, name="Congress victory plan  ↔  Spectator rebuttal")
        )
    out = tmp_path / "x.json"
    assert run(world, "export", "congress victory plan spectator rebuttal", "-o", out) == 0
    assert _notes(out) == DEMO_NOTES
    assert run(world, "export", "spectator", "-o", out) == 0
    assert _notes(out) == DEMO_NOTES
    capsys.readouterr()


def test_an_ambiguous_key_is_refused_with_the_choices(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.json"
    assert run(world, "export", "s", "-o", out) == 1  # "Victory plan vs rebuttal", "Memo PDFs"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Several workspaces match 's'" in err
    assert DEMO_WORKSPACE in err and PDF_WORKSPACE in err
    assert not out.exists()


def test_import_places_another_tools_annotations_in_the_documents_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`verso import notes.json --document FILE`: a Hypothesis-style annotation on a web
    page is placed in the local copy by its quote."""
    page = tmp_path / "article.txt"
    page.write_text("Intro.\n\nThe treaty was signed in Minsk in 2015.\n", encoding="utf-8")
    notes = tmp_path / "notes.json"
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hypothes.is/a/abc",
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "Which treaty?"}],
        "target": {
            "source": "https://news.example.org/2015/article.html",
            "selector": [{"type": "TextQuoteSelector", "exact": "signed in Minsk"}],
        },
    }
    notes.write_text(json.dumps(annotation), encoding="utf-8")
    db_path = tmp_path / "verso.db"
    assert main(["--db", str(db_path), "import", str(notes), "--document", str(page)]) == 0
    assert "1 added, 0 updated, 0 skipped" in capsys.readouterr().out
    assert main(["--db", str(db_path), "import", str(notes)]) == 0  # again: nothing new
    assert "0 added" in capsys.readouterr().out
    with open_database(db_path) as db:
        [stored] = db.annotations.list()
    text = page.read_text(encoding="utf-8")
    assert stored.note == "Which treaty?"
    assert stored.target.span.of(text) == "signed in Minsk"


def test_workspaces_says_which_documents_are_missing_or_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    from desktop_app.core.annotations import Comparison, ComparisonDocument

    files = []
    for name in ("plan.txt", "reply.txt", "annex.txt"):
        path = tmp_path / name
        path.write_text(f"The {name} document.\n", encoding="utf-8")
        files.append(ComparisonDocument(hashlib.sha256(path.read_bytes()).hexdigest(), path, name))
    db_path = tmp_path / "verso.sqlite3"
    with open_database(db_path) as db:
        db.comparisons.save_comparison(Comparison.new("plan ↔ reply ↔ annex", tuple(files)))
    (tmp_path / "reply.txt").unlink()
    (tmp_path / "annex.txt").write_text("Edited in place.\n", encoding="utf-8")

    assert main(["--db", str(db_path), "workspaces"]) == 0
    out = capsys.readouterr().out
    assert f"reply.txt: missing (last known at {tmp_path / 'reply.txt'})" in out
    assert "annex.txt: changed since" in out
    assert "plan.txt:" not in out  # found: nothing to say
    assert main(["--db", str(db_path), "workspaces", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert [d["status"] for d in row["documents"]] == ["found", "missing", "changed"]
    assert row["documents"][0]["found_at"] == str(tmp_path / "plan.txt")
