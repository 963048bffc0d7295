"""W3C JSON: the structure other tools expect, and a lossless round trip for Verso."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.export import (
    ExportOptions,
    ImportFormatError,
    PairExcerpt,
    export,
    parse_w3c_json,
)
from desktop_app.core.export.w3c_json import annotation_json, render_w3c_json
from tests.helpers.excerpts import SHA_KASPAROV, sample_excerpts


def test_round_trip_loses_nothing(tmp_path: Path) -> None:
    excerpts = sample_excerpts()
    first = tmp_path / "a.json"
    export(excerpts, "json", first, ExportOptions(title="T"))
    imported = parse_w3c_json(first.read_text(encoding="utf-8"))
    assert imported == excerpts  # every field of every excerpt
    second = tmp_path / "b.json"
    export(imported, "json", second, ExportOptions(title="T"))
    assert second.read_bytes() == first.read_bytes()


def test_structure_follows_the_web_annotation_model() -> None:
    data = json.loads(render_w3c_json(sample_excerpts(), ExportOptions()))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 5
    single = items[0]
    assert single["type"] == "Annotation"
    assert single["target"]["source"] == f"urn:sha256:{SHA_KASPAROV}"
    kinds = [s["type"] for s in single["target"]["selector"]]
    assert kinds == ["TextQuoteSelector", "TextPositionSelector"]
    purposes = [b["purpose"] for b in single["body"]]
    assert purposes == ["commenting", "tagging", "tagging"]
    assert single["verso:colour"] == "yellow"
    pair = items[2]
    assert pair["motivation"] == "linking"
    assert len(pair["target"]) == 2
    assert pair["verso:linkKind"] == "quote" and pair["verso:score"] == 92.5


def test_single_annotation_and_plain_list_are_accepted() -> None:
    excerpt = sample_excerpts()[2]
    anno = annotation_json(excerpt)
    assert parse_w3c_json(json.dumps(anno)) == [excerpt]
    assert parse_w3c_json(json.dumps([anno, anno])) == [excerpt, excerpt]
    assert isinstance(parse_w3c_json(json.dumps(anno))[0], PairExcerpt)


def test_foreign_annotation_with_single_selector_object() -> None:
    text = json.dumps(
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "http://example.org/anno1",
            "type": "Annotation",
            "body": {"type": "TextualBody", "value": "nice"},
            "target": {
                "source": "urn:sha256:" + "e" * 64,
                "selector": {"type": "TextQuoteSelector", "exact": "hello"},
            },
        }
    )
    [excerpt] = parse_w3c_json(text)
    assert excerpt.id == "http://example.org/anno1"
    assert excerpt.note == "nice"
    assert excerpt.quote.exact == "hello"  # type: ignore[union-attr]
    assert excerpt.quote.span is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "Not valid JSON"),
        ('{"type": "Annotation", "id": "x", "target": "http://example.org/page"}', "selectors"),
        (
            '{"type": "Annotation", "id": "x", "target": {"source": " ",'
            ' "selector": {"type": "TextQuoteSelector", "exact": "a"}}}',
            "does not name its source",
        ),
        ('{"type": "Annotation", "id": "x", "target": {"source": "urn:sha256:ab"}}', "Quote"),
        ('[{"type": "Person"}]', "not a W3C Annotation"),
        ('{"type": "AnnotationCollection", "first": "http://e.org/page1"}', "not embedded"),
    ],
)
def test_malformed_input_raises_a_readable_error(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse_w3c_json(text)


def test_the_author_is_the_w3c_creator_and_comes_back() -> None:
    excerpts = sample_excerpts()
    data = json.loads(render_w3c_json(excerpts, ExportOptions()))
    first = data["first"]["items"][0]
    assert first["creator"] == {"type": "Person", "name": "Anna <a&b>"}
    imported = parse_w3c_json(json.dumps(data))
    assert [e.author for e in imported] == [e.author for e in excerpts]
    # Another tool's creator: a list, a nickname, or an IRI.
    for creator, name in (
        ([{"type": "Person", "nickname": "ann"}], "ann"),
        ("https://example.org/people/ann", "https://example.org/people/ann"),
    ):
        first["creator"] = creator
        assert parse_w3c_json(json.dumps(data))[0].author == name
