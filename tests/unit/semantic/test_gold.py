"""The gold set loads against the bundled documents; evaluation counts a toy case right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.documents.loader import load
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Link, LinkKind, RelationKind, Span
from desktop_app.core.semantic.gold import GoldPair, evaluate, load_gold, locate

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "tests" / "data" / "gold" / "related.json"


def test_bundled_gold_set_locates_every_quote() -> None:
    documents = {p.name: load(p) for p in (ROOT / "data").iterdir()}
    pairs = load_gold(GOLD, documents)
    assert 40 <= len(pairs) <= 80
    links = [p for p in pairs if p.link]
    assert 0 < len(links) < len(pairs)
    assert {p.relation for p in links} == set(RelationKind)
    assert all(p.relation is None for p in pairs if not p.link)
    assert {p.split for p in pairs} == {"fit", "test"}


def test_locate_grows_a_quote_to_its_sentences() -> None:
    document = document_from_text("First one here. The second sentence is longer. Third.")
    assert locate(document, "second sentence") == Span(16, 46)
    assert locate(document, "here. The") == Span(0, 46)
    with pytest.raises(ValueError, match="not found"):
        locate(document, "absent")
    with pytest.raises(ValueError, match="more than once"):
        locate(document, "e")


def _pair(left: Span, right: Span, link: bool, relation: RelationKind | None = None) -> GoldPair:
    return GoldPair("a", "b", left, right, link, relation, "test")


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


def test_gold_file_is_well_formed() -> None:
    raw = json.loads(GOLD.read_text(encoding="utf-8"))
    for item in raw["pairs"]:
        assert item["label"] in {"link", "no-link"}
        assert (item["relation"] is None) == (item["label"] == "no-link")
        assert item["left"] != item["right"]
