"""The gold set loads against the bundled documents; evaluation counts a toy case right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.inputs import CORPUS
from desktop_app.core.documents.loader import load
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Link, LinkKind, RelationKind, Span
from desktop_app.core.semantic.gold import KINDS, GoldPair, evaluate, load_gold, locate

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "tests" / "core" / "semantic" / "gold" / "related.json"
ESSAYS = ROOT / "tests" / "core" / "semantic" / "gold" / "essays.json"


def test_bundled_gold_set_locates_every_quote() -> None:
    documents = {p.name: load(p) for p in (ROOT / "data").iterdir()}
    pairs = load_gold(GOLD, documents)
    assert 40 <= len(pairs) <= 80
    links = [p for p in pairs if p.link]
    assert 0 < len(links) < len(pairs)
    assert {p.relation for p in links} == set(RelationKind)
    assert all(p.relation is None for p in pairs if not p.link)
    assert {p.split for p in pairs} == {"fit", "test"}
    assert all(p.kind == (p.relation.value if p.relation else "no-link") for p in pairs)


def test_essay_gold_set_locates_every_quote() -> None:
    assert CORPUS.is_dir(), f"the essay corpus is missing: {CORPUS}"
    documents = {p.name: load(p) for p in sorted(CORPUS.iterdir())}
    assert len(documents) == 5
    pairs = load_gold(ESSAYS, documents)  # raises unless every quote occurs exactly once
    assert len(pairs) >= 160
    assert {p.kind for p in pairs} == set(KINDS)
    for kind in KINDS:
        assert {p.split for p in pairs if p.kind == kind} == {"fit", "test"}, kind
    assert all(p.link == (p.kind != "no-link") for p in pairs)
    assert all(p.relation is None for p in pairs if p.kind in ("topic", "no-link"))
    assert all(p.relation is not None for p in pairs if p.kind not in ("topic", "no-link"))
    assert len({frozenset((p.left, p.right)) for p in pairs}) == 10  # every document pair
    judged = {(p.left, p.right, p.left_span, p.right_span) for p in pairs}
    assert len(judged) == len(pairs)  # no pair judged twice


def test_load_gold_tells_kinds_and_rejects_inconsistent_items(tmp_path: Path) -> None:
    document = document_from_text("One sentence here. Another one there.")
    item = {"left": "a", "right": "b", "left_quote": "One", "right_quote": "Another"}
    gold = tmp_path / "gold.json"
    for label, relation, kind in (("link", "topic", "topic"), ("no-link", None, "no-link")):
        gold.write_text(json.dumps({"pairs": [item | {"label": label, "relation": relation}]}))
        (pair,) = load_gold(gold, {"a": document, "b": document})
        assert (pair.kind, pair.link, pair.relation) == (kind, label == "link", None)
    for label, relation in (("link", None), ("link", "rebuts"), ("no-link", "quotes")):
        gold.write_text(json.dumps({"pairs": [item | {"label": label, "relation": relation}]}))
        with pytest.raises(ValueError, match="gold pair with label"):
            load_gold(gold, {"a": document, "b": document})


def test_locate_grows_a_quote_to_its_sentences() -> None:
    document = document_from_text("First one here. The second sentence is longer. Third.")
    assert locate(document, "second sentence") == Span(16, 46)
    assert locate(document, "here. The") == Span(0, 46)
    with pytest.raises(ValueError, match="not found"):
        locate(document, "absent")
    with pytest.raises(ValueError, match="more than once"):
        locate(document, "e")


def _pair(left: Span, right: Span, link: bool, relation: RelationKind | None = None) -> GoldPair:
    kind = relation.value if relation else "topic" if link else "no-link"
    return GoldPair("a", "b", left, right, link, relation, "test", kind)


def test_evaluate_toy_case() -> None:
    pairs = [
        _pair(Span(0, 10), Span(0, 10), True, RelationKind.RESTATES),  # found, right relation
        _pair(Span(20, 30), Span(20, 30), True, RelationKind.ANSWERS),  # found, wrong relation
        _pair(Span(40, 50), Span(40, 50), True, RelationKind.QUOTES),  # missed
        _pair(Span(60, 70), Span(60, 70), False),  # wrongly linked
        _pair(Span(80, 90), Span(80, 90), False),  # rightly not linked
    ]
    links = [
        Link(LinkKind.RELATED, Span(5, 12), Span(2, 4), 60.0, RelationKind.RESTATES),
        Link(LinkKind.RELATED, Span(25, 26), Span(29, 35), 40.0, RelationKind.ANSWERS),
        Link(LinkKind.RELATED, Span(25, 26), Span(21, 22), 70.0, RelationKind.RESTATES),
        Link(LinkKind.RELATED, Span(40, 50), Span(0, 10), 90.0, RelationKind.QUOTES),
        Link(LinkKind.QUOTE, Span(61, 62), Span(69, 75), 99.0, RelationKind.QUOTES),
        Link(LinkKind.RELATED, Span(80, 90), Span(90, 95), 99.0),  # touches no gold span
    ]
    counts = evaluate(pairs, links)
    assert (counts.true_positive, counts.false_positive) == (2, 1)
    assert (counts.false_negative, counts.true_negative) == (1, 1)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(2 / 3)
    assert (counts.relation_right, counts.relation_told) == (1, 2)  # strongest link decides
    total = counts + counts
    assert total.true_positive == 4 and total.precision == counts.precision


def test_evaluate_with_no_links_or_pairs() -> None:
    counts = evaluate([_pair(Span(0, 1), Span(0, 1), True)], [])
    assert counts.recall == 0.0 and counts.precision == 0.0
    assert evaluate([], []).relation_accuracy == 0.0


@pytest.mark.parametrize("path", [GOLD, ESSAYS], ids=["related", "essays"])
def test_gold_file_is_well_formed(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["description"]
    for item in raw["pairs"]:
        assert item["label"] in {"link", "no-link"}
        assert (item["relation"] is None) == (item["label"] == "no-link")
        assert item["left"] != item["right"]
        assert item["split"] in {"fit", "test"} and item["note"]
