"""Alignment quality: PAN measures per obfuscation, related links against verse truth.

Run: ``python -m benchmarks.quality`` (prints tables; ``main()`` returns the figures).
"""

from __future__ import annotations

from benchmarks.inputs import BookPair, read_book, verse_quality
from benchmarks.obfuscation import OBFUSCATIONS, CasePair, generate
from benchmarks.pan import Measures, Pair, measure
from desktop_app.core.alignment import align
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import AlignOptions, LinkKind

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


def related_quality(left_name: str, right_name: str, ordered: bool) -> dict[str, float]:
    """Precision and recall of related links against verse-level truth.

    A link is correct if some verse overlaps its left span and the same verse
    overlaps its right span. A verse is found if a link overlaps it on both sides
    (``benchmarks.inputs.verse_quality``).
    """
    pair = BookPair(read_book(left_name), read_book(right_name))
    options = AlignOptions(kinds=frozenset({LinkKind.RELATED}), ordered=ordered)
    left, right = document_from_text(pair.left.text), document_from_text(pair.right.text)
    links = align(left, right, options).links
    precision, recall = verse_quality(pair, [(link.left, link.right) for link in links])
    return {"links": len(links), "precision": precision, "recall": recall}


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
