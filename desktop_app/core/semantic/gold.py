"""Gold sets of passage pairs and how links measure against them.

A gold file (``tests/core/semantic/gold/related.json``, ``essays.json``) lists pairs of
passages that an expert would link, or would not, between two named documents.
Passages are given by exact quotes, so the file survives changes of offsets: a
quote must occur exactly once and stands for the sentences it touches. A link's
relation is one of :class:`RelationKind` or "topic" (same subject, neither
restated nor answered), which is a link without a relation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.model import Document, Link, RelationKind, Span
from desktop_app.core.segmentation import sentences

TOPIC = "topic"
NO_LINK = "no-link"
KINDS = (*(r.value for r in RelationKind), TOPIC, NO_LINK)


@dataclass(frozen=True, slots=True)
class GoldPair:
    """One judged pair: spans in two documents, linked or not, and how."""

    left: str  # document name (file name in data/)
    right: str
    left_span: Span
    right_span: Span
    link: bool
    relation: RelationKind | None
    split: str  # "fit": may tune or calibrate; "test": evaluation only
    kind: str  # one of KINDS: the relation, "topic" (a link without one) or "no-link"


@dataclass(frozen=True, slots=True)
class GoldCounts:
    """Confusion counts of links against gold pairs; add counts of several documents."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    relation_right: int = 0  # found gold links whose relation was told right
    relation_told: int = 0  # found gold links with a relation in the gold

    def __add__(self, other: GoldCounts) -> GoldCounts:
        return GoldCounts(
            self.true_positive + other.true_positive,
            self.false_positive + other.false_positive,
            self.false_negative + other.false_negative,
            self.true_negative + other.true_negative,
            self.relation_right + other.relation_right,
            self.relation_told + other.relation_told,
        )

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positive + self.false_negative
        return self.true_positive / gold if gold else 0.0

    @property
    def relation_accuracy(self) -> float:
        return self.relation_right / self.relation_told if self.relation_told else 0.0


def load_gold(path: Path, documents: Mapping[str, Document]) -> list[GoldPair]:
    """The pairs of a gold file, quotes located in ``documents`` (by name)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    pairs = []
    for item in raw["pairs"]:
        left, right = documents[item["left"]], documents[item["right"]]
        kind = _kind(item["label"], item.get("relation"))
        pairs.append(
            GoldPair(
                item["left"],
                item["right"],
                locate(left, item["left_quote"]),
                locate(right, item["right_quote"]),
                kind != NO_LINK,
                None if kind in (TOPIC, NO_LINK) else RelationKind(kind),
                item.get("split", "test"),
                kind,
            )
        )
    return pairs


def _kind(label: str, relation: str | None) -> str:
    """The kind of a gold item: its relation if it is a link, else "no-link"."""
    if label == NO_LINK and relation is None:
        return NO_LINK
    if label == "link" and relation in KINDS and relation != NO_LINK:
        return relation
    raise ValueError(f"gold pair with label {label!r} and relation {relation!r}")


def locate(document: Document, quote: str) -> Span:
    """The sentences of ``document`` that the one occurrence of ``quote`` touches."""
    start = document.text.find(quote)
    if start < 0 or document.text.find(quote, start + 1) >= 0:
        where = "not found" if start < 0 else "found more than once"
        raise ValueError(f"gold quote {where} in {document.display_name}: {quote[:60]!r}")
    found = Span(start, start + len(quote))
    touched = [p.span for p in sentences(document) if p.span.overlaps(found)]
    result = found
    for span in touched:
        result = result.union(span)
    return result


def evaluate(pairs: Sequence[GoldPair], links: Sequence[Link]) -> GoldCounts:
    """Counts for gold ``pairs`` of one document pair against that pair's ``links``.

    A gold pair counts as linked if some link overlaps both of its passages;
    its relation is the one of the strongest such link.
    """
    counts = GoldCounts()
    for pair in pairs:
        hits = [
            link
            for link in links
            if link.left.overlaps(pair.left_span) and link.right.overlaps(pair.right_span)
        ]
        best = max(hits, key=lambda link: link.score) if hits else None
        told = pair.link and best is not None and pair.relation is not None
        counts = counts + GoldCounts(
            true_positive=int(pair.link and best is not None),
            false_positive=int(not pair.link and best is not None),
            false_negative=int(pair.link and best is None),
            true_negative=int(not pair.link and best is None),
            relation_right=int(told and best is not None and best.relation is pair.relation),
            relation_told=int(told),
        )
    return counts
