"""Pairs made on alignment links: export → import into a fresh database → export is identical."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.core.annotations import (
    Annotation,
    Colour,
    Comparison,
    ComparisonDocument,
    PairAnnotation,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.export import ExportOptions
from desktop_app.core.export import importer as importer_module
from desktop_app.core.export.collect import collect_excerpts
from desktop_app.core.export.importer import import_w3c
from desktop_app.core.export.w3c_json import render_w3c_json
from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.storage import Database, open_database

LEFT, RIGHT = "c" * 64, "d" * 64
T0 = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)


def _target(exact: str, start: int, page: int | None = None) -> TextTarget:
    return TextTarget(
        TextQuoteSelector(exact, "before ", " after"),
        TextPositionSelector(start, start + len(exact)),
        page,
    )


def _pairs() -> list[PairAnnotation]:
    made: list[PairAnnotation] = []
    links = [
        Link(LinkKind.QUOTE, Span(10, 30), Span(40, 60), 88.5),
        Link(LinkKind.RELATED, Span(100, 180), Span(200, 290), 42.25),
        None,  # drawn from two hand selections: no link kind, no score
    ]
    for i, link in enumerate(links):
        pair = PairAnnotation.new(
            LEFT,
            _target(f"left passage {i}", 10 + 100 * i, page=i),
            RIGHT,
            _target(f"right passage {i}", 40 + 100 * i),
            relation=("quotes", "restates", "answers")[i],
            note=f"pair note {i}",
            tags=("pair", f"t{i}"),
            colour=(Colour.BLUE, Colour.PINK, Colour.GREEN)[i],
            link=link,
        )
        moment = T0 + timedelta(minutes=i)
        made.append(replace(pair, created=moment, modified=moment))
    return made


def _fill(db: Database) -> list[PairAnnotation]:
    db.documents.register(LEFT, Path("/docs/left.txt"), "Left text")
    db.documents.register(RIGHT, Path("/docs/right.txt"), "Right text")
    db.comparisons.save_comparison(
        Comparison.new(
            "Left against right",
            (
                ComparisonDocument(LEFT, Path("/docs/left.txt"), "Left text"),
                ComparisonDocument(RIGHT),
            ),
        )
    )
    db.annotations.add(
        Annotation(
            "n-1", LEFT, _target("a single note", 500), note="plain", created=T0, modified=T0
        )
    )
    pairs = _pairs()
    for pair in pairs:
        db.pairs.add(pair)
    return pairs


def _json(db: Database) -> str:
    return render_w3c_json(collect_excerpts(db), ExportOptions(title="Round trip"))


def test_pairs_keep_kind_and_score_through_json_and_a_fresh_database(tmp_path: Path) -> None:
    with open_database(tmp_path / "first.db") as db:
        pairs = _fill(db)
        first = _json(db)
    assert '"verso:linkKind": "quote"' in first and '"verso:score": 42.25' in first
    exported = tmp_path / "notes.json"
    exported.write_text(first, encoding="utf-8")
    with open_database(tmp_path / "fresh.db") as fresh:
        summary = import_w3c(fresh, exported)
        again = _json(fresh)
        stored = {p.id: p for p in fresh.pairs.list()}
    assert (summary.added, summary.updated, summary.skipped, summary.workspaces) == (4, 0, 0, 1)
    assert again == first
    for pair in pairs:
        assert (stored[pair.id].link_kind, stored[pair.id].score) == (pair.link_kind, pair.score)
    assert stored[pairs[2].id].link_kind is None and stored[pairs[2].id].score is None


def test_import_without_announcing_hands_the_changes_to_the_caller(tmp_path: Path) -> None:
    with open_database(tmp_path / "first.db") as db:
        pairs = _fill(db)
        exported = tmp_path / "notes.json"
        exported.write_text(_json(db), encoding="utf-8")
    with open_database(tmp_path / "fresh.db") as fresh:
        heard: list[object] = []
        fresh.changes.subscribe(heard.append)
        summary = import_w3c(fresh, exported, announce=False)
        assert heard == []  # nothing announced from the importing thread
        ids = {i for change in summary.changes for i in change.ids}
        assert {p.id for p in pairs} | {"n-1"} <= ids
        for change in summary.changes:
            fresh.changes.emit(change)
        assert len(heard) == len(summary.changes) >= 3  # notes, pairs, the workspace


def test_the_importer_goes_through_the_storage_api_only() -> None:
    source = Path(importer_module.__file__).read_text(encoding="utf-8")
    modules = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    storage = {m for m in modules if m.startswith("desktop_app.core.storage")}
    assert storage == {"desktop_app.core.storage"}
