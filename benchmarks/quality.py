"""Alignment quality: PAN measures per obfuscation, related links against verse truth.

Run: ``python -m benchmarks.quality`` (prints tables; ``main()`` returns the figures).
"""

from __future__ import annotations

import json

from benchmarks.obfuscation import OBFUSCATIONS, PARALLEL, CasePair, generate
from benchmarks.pan import Measures, Pair, measure
from desktop_app.core.alignment import align
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import AlignOptions, LinkKind, Span

QUOTES = AlignOptions(kinds=frozenset({LinkKind.QUOTE}))


def quote_measures(pairs: list[CasePair]) -> Measures:
    """PAN measures of quote links (left = source, right = suspicious) on generated pairs."""
    cases: list[Pair] = []
    detections: list[Pair] = []
    for pair in pairs:
        cases.extend(Pair(pair.key, s, t) for s, t in pair.cases)
        links = align(document_from_text(pair.source), document_from_text(pair.suspicious), QUOTES)
        detections.extend(Pair(pair.key, link.left, link.right) for link in links.links)
    return measure(cases, detections)


def pan_table(count: int = 40, seed: int = 0) -> dict[str, Measures]:
    return {kind: quote_measures(generate(kind, count, seed=seed)) for kind in OBFUSCATIONS}


def _verses(name: str) -> tuple[str, dict[str, Span]]:
    text = (PARALLEL / f"{name}.txt").read_text(encoding="utf-8")
    raw = json.loads((PARALLEL / f"{name}.verses.json").read_text(encoding="utf-8"))
    return text, {verse: Span(start, end) for verse, (start, end) in raw.items()}


def _overlapping(span: Span, verses: list[tuple[Span, str]]) -> set[str]:
    return {verse for verse_span, verse in verses if verse_span.overlaps(span)}


def related_quality(left_name: str, right_name: str, ordered: bool) -> dict[str, float]:
    """Precision and recall of related links against verse-level truth.

    A link is correct if some verse overlaps its left span and the same verse
    overlaps its right span. A verse is found if a link overlaps it on both sides.
    """
    left_text, left_verses = _verses(left_name)
    right_text, right_verses = _verses(right_name)
    options = AlignOptions(kinds=frozenset({LinkKind.RELATED}), ordered=ordered)
    links = align(document_from_text(left_text), document_from_text(right_text), options).links
    left_list = sorted((s, v) for v, s in left_verses.items())
    right_list = sorted((s, v) for v, s in right_verses.items())
    correct = 0
    found: set[str] = set()
    for link in links:
        shared = _overlapping(link.left, _near(left_list, link.left)) & _overlapping(
            link.right, _near(right_list, link.right)
        )
        correct += bool(shared)
        found |= shared
    gold = set(left_verses) & set(right_verses)
    return {
        "links": len(links),
        "precision": correct / len(links) if links else 0.0,
        "recall": len(found & gold) / len(gold),
    }


def _near(verses: list[tuple[Span, str]], span: Span) -> list[tuple[Span, str]]:
    """Verses that may overlap ``span`` (they are sorted and do not overlap)."""
    import bisect

    index = bisect.bisect_left(verses, (Span(span.start, span.start), ""))
    return verses[max(0, index - 1) : index + 60]


def main() -> dict[str, object]:
    table = pan_table()
    print(
        f"{'obfuscation':<12}{'cases':>7}{'dets':>7}{'prec':>7}{'rec':>7}{'gran':>7}{'plagdet':>9}"
    )
    for kind, m in table.items():
        print(f"{kind:<12}{m.cases:>7}{m.detections:>7}{m.precision:>7.3f}{m.recall:>7.3f}"
              f"{m.granularity:>7.3f}{m.plagdet:>9.3f}")  # fmt: skip
    related: dict[str, dict[str, float]] = {}
    for left, right in (
        ("mark.kjv", "mark.asv"),
        ("mark.kjv", "mark.bbe"),
        ("mark.kjv", "mark.web"),
    ):
        for ordered in (False, True):
            name = f"{left}~{right}{' ordered' if ordered else ''}"
            related[name] = related_quality(left, right, ordered)
            r = related[name]
            print(f"{name:<28} links {r['links']:>5.0f}  precision {r['precision']:.3f}"
                  f"  recall {r['recall']:.3f}")  # fmt: skip
    return {"pan": table, "related": related}


if __name__ == "__main__":
    main()
