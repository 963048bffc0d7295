"""Excerpts read from a real database, written to real files, and imported back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pymupdf
import pytest

from desktop_app.core.annotations import Colour
from desktop_app.core.errors import StorageError, VersoError
from desktop_app.core.export import (
    Excerpt,
    ExportError,
    ExportOptions,
    ImportFormatError,
    PairExcerpt,
    parse_w3c_json,
)
from desktop_app.core.export.build import Order, Scope
from desktop_app.core.export.collect import collect_excerpts, find_comparison, pdf_geometries
from desktop_app.core.export.importer import import_w3c
from desktop_app.core.export.output import write_export
from desktop_app.core.export.registry import FORMATS
from desktop_app.core.storage import Change, open_database
from tests.helpers.export_world import (
    ANNEX_NOTE,
    DELETED_NOTE,
    DEMO_WORKSPACE,
    MEMO_NOTE,
    MEMO_SENTENCE,
    PAIR_NOTE,
    PDF_WORKSPACE,
    PLAN_NOTE,
    REBUTTAL_NOTE,
    World,
    build_world,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("world"))


@pytest.fixture
def fresh_world(tmp_path: Path) -> World:
    """A world of the test's own, for tests that write to the database."""
    return build_world(tmp_path)


def _notes(excerpts: list[Excerpt | PairExcerpt]) -> list[str]:
    return [e.note for e in excerpts]


def _json(excerpts: list[Excerpt | PairExcerpt]) -> bytes:
    return FORMATS["json"].render(excerpts, ExportOptions()).data


# ---------------------------------------------------------------- collecting


def test_all_scope_lists_every_live_note_in_comparison_order(world: World) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db)
    notes = _notes(excerpts)
    assert DELETED_NOTE not in notes
    assert sorted(notes) == sorted([PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE, MEMO_NOTE, ANNEX_NOTE])
    # Documents in workspace order: both PDFs were saved last (most recent workspace first).
    assert notes.index(MEMO_NOTE) < notes.index(ANNEX_NOTE)
    assert notes.index(PLAN_NOTE) < notes.index(REBUTTAL_NOTE)
    pair = next(e for e in excerpts if isinstance(e, PairExcerpt))
    assert pair.relation == "misquotes"
    assert pair.left.source.sha256 == world.plan.sha256
    assert pair.comparison == DEMO_WORKSPACE
    assert pair.left.source.title == "Congress victory plan"
    assert pair.left.source.path == str(world.plan.path)


def test_comparison_scope_keeps_only_its_documents(world: World) -> None:
    with world.open() as db:
        demo = collect_excerpts(db, Scope(comparison=world.demo))
        pdfs = collect_excerpts(db, Scope(comparison=world.pdfs))
    assert sorted(_notes(demo)) == sorted([PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE])
    assert _notes(pdfs) == [MEMO_NOTE, ANNEX_NOTE]
    assert {e.comparison for e in pdfs} == {PDF_WORKSPACE}


def test_tag_colour_and_document_scopes(world: World) -> None:
    with world.open() as db:
        budget = collect_excerpts(db, Scope(tags=frozenset({"budget"})))
        claims = collect_excerpts(db, Scope(tags=frozenset({"claim", "framing"})))
        green = collect_excerpts(db, Scope(colours=frozenset({Colour.GREEN})))
        memo = collect_excerpts(db, Scope(documents=frozenset({world.memo.sha256})))
    assert sorted(_notes(budget)) == sorted([MEMO_NOTE, ANNEX_NOTE])
    assert sorted(_notes(claims)) == sorted([PLAN_NOTE, PAIR_NOTE, REBUTTAL_NOTE])
    assert _notes(green) == [PLAN_NOTE]
    assert _notes(memo) == [MEMO_NOTE]


def test_tag_order_sorts_by_first_tag(world: World) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db, order=Order.TAG)
    first_tags = [min(e.tags) for e in excerpts]
    assert first_tags == sorted(first_tags)


def test_find_comparison_by_name_or_id(world: World) -> None:
    with world.open() as db:
        assert find_comparison(db, "victory PLAN vs rebuttal").id == world.demo.id
        assert find_comparison(db, world.pdfs.id).name == PDF_WORKSPACE
        with pytest.raises(VersoError) as caught:
            find_comparison(db, "nothing like it")
    message = str(caught.value)
    assert "\n" not in message
    assert "'nothing like it'" in message
    assert DEMO_WORKSPACE in message and PDF_WORKSPACE in message


# ---------------------------------------------------------------- PDF geometry


def test_geometry_comes_from_the_registered_pdf(world: World) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db, Scope(comparison=world.pdfs))
    geometries = pdf_geometries(excerpts)
    assert set(geometries) == {world.memo.sha256, world.annex.sha256}
    only_memo = pdf_geometries(excerpts, [world.memo.sha256])
    assert set(only_memo) == {world.memo.sha256}


def test_a_changed_pdf_gives_no_geometry(fresh_world: World) -> None:
    assert fresh_world.memo.path is not None
    fresh_world.memo.path.write_bytes(fresh_world.annex.path.read_bytes())  # type: ignore[union-attr]
    with fresh_world.open() as db:
        excerpts = collect_excerpts(db, Scope(comparison=fresh_world.pdfs))
    assert set(pdf_geometries(excerpts)) == {fresh_world.annex.sha256}


# ---------------------------------------------------------------- writing


def _highlights(path: Path) -> list[tuple[int, str]]:
    """(page, note) of each highlight; pages are kept alive while their annots are read."""
    found: list[tuple[int, str]] = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for annot in page.annots(types=[pymupdf.mupdf.PDF_ANNOT_HIGHLIGHT]):
                found.append((page.number, annot.info["content"]))
    return found


def test_one_pdf_in_scope_writes_one_annotated_copy(world: World, tmp_path: Path) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db, Scope(documents=frozenset({world.memo.sha256})))
    out = tmp_path / "memo-notes.pdf"
    written = write_export(excerpts, "pdf", out, ExportOptions())
    assert [w.path for w in written] == [out]
    highlights = _highlights(out)
    assert len(highlights) == 1
    page, content = highlights[0]
    assert page == 1 and MEMO_NOTE in content
    with pymupdf.open(out) as doc:
        page_two = doc[1]
        rect = next(page_two.annots()).rect
        assert MEMO_SENTENCE[:40] in " ".join(page_two.get_textbox(rect).split())


def test_several_pdfs_write_one_copy_each_into_a_folder(world: World, tmp_path: Path) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db, Scope(comparison=world.pdfs))
    folder = tmp_path / "annotated"
    written = write_export(excerpts, "pdf", folder, ExportOptions())
    names = sorted(w.path.name for w in written)
    assert names == ["annex-annotated.pdf", "memo-annotated.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == names
    assert [c.split("\n")[0] for _, c in _highlights(folder / "annex-annotated.pdf")] == [
        ANNEX_NOTE
    ]
    assert [c.split("\n")[0] for _, c in _highlights(folder / "memo-annotated.pdf")] == [MEMO_NOTE]


def test_several_pdfs_and_a_pdf_file_name_is_refused(world: World, tmp_path: Path) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db, Scope(comparison=world.pdfs))
    with pytest.raises(ExportError, match="2 PDF documents"):
        write_export(excerpts, "pdf", tmp_path / "one.pdf", ExportOptions())
    assert list(tmp_path.iterdir()) == []


def test_a_chosen_pdf_by_file_name(world: World, tmp_path: Path) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db)
    out = tmp_path / "annex.pdf"
    written = write_export(excerpts, "pdf", out, pdf_document="annex.pdf")
    assert [w.path for w in written] == [out]
    assert [c.split("\n")[0] for _, c in _highlights(out)] == [ANNEX_NOTE]
    with pytest.raises(ExportError, match="Budget memo"):
        write_export(excerpts, "pdf", out, pdf_document="nowhere.pdf")


def test_a_text_format_is_written_whole(world: World, tmp_path: Path) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db)
    out = tmp_path / "notes.md"
    write_export(excerpts, "md", out)
    text = out.read_text(encoding="utf-8")
    assert "simply a duty" in text and "émigrés" in text
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temporary file left


# ---------------------------------------------------------------- importing


def test_round_trip_through_a_fresh_database_is_identical(world: World, tmp_path: Path) -> None:
    with world.open() as db:
        first = _json(collect_excerpts(db))
    exported = tmp_path / "notes.json"
    exported.write_bytes(first)
    with open_database(tmp_path / "fresh.db") as fresh:
        summary = import_w3c(fresh, exported)
        again = _json(collect_excerpts(fresh))
        names = sorted(c.name for c in fresh.comparisons.recent_comparisons())
    assert (summary.added, summary.updated, summary.skipped) == (5, 0, 0)
    assert summary.workspaces == 2
    assert names == sorted([DEMO_WORKSPACE, PDF_WORKSPACE])
    assert again == first


def test_importing_twice_changes_nothing(fresh_world: World, tmp_path: Path) -> None:
    exported = tmp_path / "notes.json"
    with fresh_world.open() as db:
        exported.write_bytes(_json(collect_excerpts(db)))
        before = _json(collect_excerpts(db))
        summary = import_w3c(db, exported)
        after = _json(collect_excerpts(db))
        workspaces = len(db.comparisons.recent_comparisons())
    assert (summary.added, summary.updated, summary.skipped, summary.workspaces) == (0, 0, 5, 0)
    assert after == before
    assert workspaces == 2


def _edit_note(path: Path, old: str, new: str, modified: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["first"]["items"]:
        for body in item.get("body", []):
            if body.get("value") == old:
                body["value"] = new
                item["modified"] = modified
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_newer_edit_in_the_file_updates_and_an_older_one_is_skipped(
    fresh_world: World, tmp_path: Path
) -> None:
    exported = tmp_path / "notes.json"
    with fresh_world.open() as db:
        exported.write_bytes(_json(collect_excerpts(db)))
        _edit_note(exported, MEMO_NOTE, "Edited elsewhere.", "2999-01-01T00:00:00+00:00")
        _edit_note(exported, ANNEX_NOTE, "A stale copy.", "2000-01-01T00:00:00+00:00")
        changes: list[Change] = []
        db.changes.subscribe(changes.append)
        summary = import_w3c(db, exported)
        notes = _notes(collect_excerpts(db))
    assert (summary.added, summary.updated, summary.skipped) == (0, 1, 4)
    assert "Edited elsewhere." in notes and ANNEX_NOTE in notes and "A stale copy." not in notes
    assert [len(c.ids) for c in changes] == [1]


def test_import_restores_a_deleted_note_only_if_the_file_is_newer(
    fresh_world: World, tmp_path: Path
) -> None:
    exported = tmp_path / "notes.json"
    with fresh_world.open() as db:
        exported.write_bytes(_json(collect_excerpts(db)))
        memo = next(a for a in db.annotations.list() if a.note == MEMO_NOTE)
        db.annotations.delete(memo.id)
        assert import_w3c(db, exported).skipped == 5  # the deletion is the newer edit
        assert MEMO_NOTE not in _notes(collect_excerpts(db))
        _edit_note(exported, MEMO_NOTE, MEMO_NOTE, "2999-01-01T00:00:00+00:00")
        assert import_w3c(db, exported).updated == 1
        assert MEMO_NOTE in _notes(collect_excerpts(db))


def test_a_foreign_file_without_positions_or_zones(tmp_path: Path) -> None:
    sha = "d" * 64
    items = [
        {
            "id": "urn:example:1",
            "type": "Annotation",
            "created": "2024-02-03T10:00:00",
            "body": {"type": "TextualBody", "value": "From another tool"},
            "target": {
                "source": f"urn:sha256:{sha}",
                "selector": [
                    {"type": "TextQuoteSelector", "exact": "words"},
                    {"type": "TextPositionSelector", "start": 4, "end": 9},
                ],
            },
        },
        {
            "id": "urn:example:2",
            "type": "Annotation",
            "target": {
                "source": f"urn:sha256:{sha}",
                "selector": {"type": "TextQuoteSelector", "exact": "no position"},
            },
        },
    ]
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    with open_database(tmp_path / "db.sqlite") as db:
        summary = import_w3c(db, path)
        stored = db.annotations.list()
    assert (summary.added, summary.skipped) == (1, 1)
    assert "urn:example:2" in summary.messages[0]
    assert stored[0].note == "From another tool"
    assert stored[0].created.utcoffset() is not None


def test_an_unreadable_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with open_database(tmp_path / "db.sqlite") as db:
        with pytest.raises(ImportFormatError, match=r"bad\.json: Not valid JSON"):
            import_w3c(db, bad)
        with pytest.raises(ImportFormatError, match="There is no file"):
            import_w3c(db, tmp_path / "missing.json")


def test_import_is_one_transaction(world: World, tmp_path: Path) -> None:
    exported = tmp_path / "notes.json"
    with world.open() as db:
        exported.write_bytes(_json(collect_excerpts(db)))
    db_path = tmp_path / "fresh.db"
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    # The annex note makes SQLite abort its insert, after other rows were written.
    conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON annotations "
        f"WHEN NEW.note = '{ANNEX_NOTE.replace(chr(39), chr(39) * 2)}' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
    )
    conn.commit()
    conn.close()
    with open_database(db_path) as db:
        with pytest.raises(StorageError):
            import_w3c(db, exported)
        assert db.annotations.count() == 0
        assert db.pairs.list() == []
        assert db.comparisons.recent_comparisons() == []


def test_exported_json_parses_back_to_the_same_excerpts(world: World) -> None:
    with world.open() as db:
        excerpts = collect_excerpts(db)
    assert parse_w3c_json(_json(excerpts).decode("utf-8")) == excerpts


def test_a_moved_pdf_is_one_clear_error(fresh_world: World, tmp_path: Path) -> None:
    memo_path = fresh_world.memo.path
    assert memo_path is not None
    moved = tmp_path / "moved.pdf"
    shutil.move(memo_path, moved)
    with fresh_world.open() as db:
        excerpts = collect_excerpts(db, Scope(documents=frozenset({fresh_world.memo.sha256})))
    with pytest.raises(ExportError, match="Cannot read the PDF"):
        write_export(excerpts, "pdf", tmp_path / "out.pdf")
