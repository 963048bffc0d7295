"""W3C JSON as other tools read and write it: ids, creator, generator, UTC dates,
standard annotations naming their document by URL or path, and Hypothesis' shape."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from desktop_app import __version__
from desktop_app.core.documents import load
from desktop_app.core.export import Excerpt, ExportOptions, PairExcerpt, export, parse_w3c_json
from desktop_app.core.export.collect import collect_excerpts
from desktop_app.core.export.hypothesis import to_hypothesis
from desktop_app.core.export.importer import import_w3c
from desktop_app.core.export.output import write_export
from desktop_app.core.export.w3c_json import render_w3c_json
from desktop_app.core.storage import open_database
from tests.helpers.excerpts import sample_excerpts
from tests.helpers.export_world import PAIR_NOTE, PLAN_NOTE, World, build_world

REPO = Path(__file__).resolve().parents[3]


def test_collection_page_creator_generator_and_utc_dates() -> None:
    excerpts = sample_excerpts()
    moscow = timezone(timedelta(hours=3))
    excerpts[0] = replace(
        excerpts[0],
        created=datetime(2024, 3, 1, 12, 30, tzinfo=moscow),  # 09:30 UTC
        modified=datetime(2024, 3, 2, 10, 0),  # naive: stored times are UTC
    )
    options = ExportOptions(author="Анна Аналитик", generated=datetime(2024, 5, 1, tzinfo=UTC))
    data = json.loads(render_w3c_json(excerpts, options))
    assert data["id"].startswith("urn:verso:collection:")
    page = data["first"]
    assert page["type"] == "AnnotationPage"
    assert page["id"] == data["id"] + ":page:0" and page["partOf"] == data["id"]
    assert data["generated"] == "2024-05-01T00:00:00Z"
    first = page["items"][0]
    assert first["created"] == "2024-03-01T09:30:00Z"
    assert first["modified"] == "2024-03-02T10:00:00Z"
    assert data["creator"] == {"type": "Person", "name": "Анна Аналитик"}  # who exports
    authors = [excerpt.author for excerpt in excerpts]
    for item, author in zip(page["items"], authors, strict=True):
        # each note by its own author; unknown (an old note): no creator of its own
        assert item.get("creator") == ({"type": "Person", "name": author} if author else None)
    for item in [data, *page["items"]]:
        assert item["generator"]["type"] == "Software"
        assert item["generator"]["name"] == f"Verso {__version__}"
    # The same notes give the same ids; other notes other ids.
    again = json.loads(render_w3c_json(sample_excerpts(), ExportOptions()))
    assert again["id"] == data["id"]
    other = json.loads(render_w3c_json(sample_excerpts()[:2], ExportOptions()))
    assert other["id"] != data["id"]


def test_analyst_signs_when_no_author_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERSO_ANALYST", "R. Analyst")
    data = json.loads(render_w3c_json(sample_excerpts(), ExportOptions()))
    assert data["creator"]["name"] == "R. Analyst"


def test_a_quote_over_a_page_break_keeps_its_last_page(tmp_path: Path) -> None:
    excerpt = sample_excerpts()[0]
    assert isinstance(excerpt, Excerpt)
    spread = replace(excerpt, quote=replace(excerpt.quote, page=2, last_page=3))
    out = tmp_path / "a.json"
    export([spread], "json", out, ExportOptions())
    target = json.loads(out.read_text(encoding="utf-8"))["first"]["items"][0]["target"]
    assert (target["verso:pageIndex"], target["verso:lastPageIndex"]) == (2, 3)
    [back] = parse_w3c_json(out.read_text(encoding="utf-8"))
    assert back == spread
    assert isinstance(back, Excerpt) and back.quote.page_label == "pp. 3–4"


def _standard(source: str, exact: str, ident: str = "urn:example:1", **more: str) -> dict[str, Any]:
    selector = {"type": "TextQuoteSelector", "exact": exact, **more}
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": ident,
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": f"on {exact}", "purpose": "commenting"},
        "target": {"source": source, "selector": selector},
    }


@pytest.mark.parametrize(
    ("source", "path", "url"),
    [
        ("https://example.org/a%20b/report.pdf", None, "https://example.org/a%20b/report.pdf"),
        ("file:///home/ann/My%20notes/plan.txt", "/home/ann/My notes/plan.txt", None),
        ("/home/ann/plan.txt", "/home/ann/plan.txt", None),
        ("C:\\Users\\ann\\plan.txt", "C:\\Users\\ann\\plan.txt", None),
        ("urn:x-pdf:0123abcd", None, "urn:x-pdf:0123abcd"),
    ],
)
def test_a_standard_source_is_read_as_a_url_or_a_path(
    source: str, path: str | None, url: str | None
) -> None:
    [excerpt] = parse_w3c_json(json.dumps(_standard(source, "hello")))
    assert isinstance(excerpt, Excerpt)
    assert excerpt.quote.source.sha256 == ""
    assert (excerpt.quote.source.path, excerpt.quote.source.url) == (path, url)


def _write(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps({"type": "AnnotationPage", "items": items}), encoding="utf-8")
    return path


def test_standard_annotations_are_placed_in_the_open_documents_by_their_quote(
    tmp_path: Path,
) -> None:
    first = tmp_path / "first.txt"
    second = tmp_path / "second.txt"
    # "the bridge" is in both files, twice in the second: prefix and suffix decide.
    first.write_text("Council minutes. They voted for the bridge in May.\n", encoding="utf-8")
    second.write_text(
        "Letters. The mayor opposed the bridge at first.\n\n"
        "Later the mayor praised the bridge at the opening.\n",
        encoding="utf-8",
    )
    documents = [load(first), load(second)]
    items = [
        _standard(
            "https://example.org/x/second.txt",
            "the bridge",
            "urn:e:1",
            prefix="Later the mayor praised ",
            suffix=" at the opening",
        ),
        _standard("file:///elsewhere/first.txt", "They voted for the bridge", "urn:e:2"),
        _standard("https://example.org/unrelated.html", "never written anywhere", "urn:e:3"),
    ]
    with open_database(tmp_path / "db.sqlite") as db:
        summary = import_w3c(db, _write(tmp_path, items), documents=documents)
        stored = {a.id: a for a in db.annotations.list()}
    assert (summary.added, summary.skipped) == (2, 1)
    assert "urn:e:3" in summary.messages[0] and "unrelated.html" in summary.messages[0]
    placed = stored["urn:e:1"]
    text = documents[1].text
    assert placed.document == documents[1].sha256
    assert placed.target.span.of(text) == "the bridge"
    assert text[: placed.target.span.start].endswith("Later the mayor praised ")
    assert stored["urn:e:2"].document == documents[0].sha256
    assert stored["urn:e:1"].note == "on the bridge"


def test_standard_annotations_find_documents_the_database_knows(tmp_path: Path) -> None:
    world = build_world(tmp_path)
    sentence = "no longer an option, but simply a duty"
    items = [_standard("https://example.org/congress-victory-plan-2024.txt", sentence)]
    with open_database(world.db_path) as db:
        summary = import_w3c(db, _write(tmp_path, items))  # nothing open: the known files
        stored = [a for a in db.annotations.list() if a.id == "urn:example:1"]
    assert summary.added == 1, summary.messages
    assert stored[0].document == world.plan.sha256
    assert stored[0].target.span.of(world.plan.text) == sentence


def _real_export(world: World, tmp_path: Path) -> Path:
    with open_database(world.db_path) as db:
        excerpts = collect_excerpts(db)
    [written] = write_export(excerpts, "json", tmp_path / "notes.json", ExportOptions())
    return written.path


def test_hypothesis_payloads_from_a_real_export(tmp_path: Path) -> None:
    world = build_world(tmp_path)
    exported = _real_export(world, tmp_path)
    text = exported.read_text(encoding="utf-8")
    excerpts = parse_w3c_json(text)
    payloads = to_hypothesis(text, group="abc123")
    pairs = sum(isinstance(e, PairExcerpt) for e in excerpts)
    assert pairs and len(payloads) == len(excerpts) + pairs  # a pair: one per side
    for payload in payloads:
        assert set(payload) >= {"uri", "group", "text", "tags", "target"}
        assert payload["group"] == "abc123"
        [target] = payload["target"]
        assert target["source"] == payload["uri"]
        assert payload["uri"].startswith("file://")  # the world's files have no web address
        quote = target["selector"][0]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"]
    plan = next(p for p in payloads if p["text"] == PLAN_NOTE)
    assert plan["uri"] == world.plan.path.as_uri()  # type: ignore[union-attr]
    assert plan["tags"] == ["claim", "violence"]
    [start, end] = (plan["target"][0]["selector"][1][k] for k in ("start", "end"))
    assert world.plan.text[start:end] == plan["target"][0]["selector"][0]["exact"]
    linked = [p for p in payloads if p["text"].startswith(PAIR_NOTE)]
    assert len(linked) == 2 and all("Linked passage" in p["text"] for p in linked)
    assert linked[0]["uri"] != linked[1]["uri"]


def test_the_conversion_script_writes_the_payloads(tmp_path: Path) -> None:
    world = build_world(tmp_path)
    exported = _real_export(world, tmp_path)
    out = tmp_path / "hypothesis.json"
    script = REPO / "scripts" / "w3c_to_hypothesis.py"
    done = subprocess.run(
        [sys.executable, str(script), str(exported), "-o", str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    payloads = json.loads(out.read_text(encoding="utf-8"))
    assert payloads == to_hypothesis(exported.read_text(encoding="utf-8"))
    assert all(p["group"] == "__world__" for p in payloads)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, str(script), str(bad)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        check=False,
    )
    assert refused.returncode == 1 and "w3c_to_hypothesis:" in refused.stderr
