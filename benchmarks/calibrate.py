"""Fit the calibrated related-link score (``semantic.calibration``) and print the coefficients.

Training data: candidate sentence pairs of Mark, KJV against the paraphrase BBE
(labelled by verse truth: plenty of positives and negatives), plus the
candidates of the demo documents that fall on the gold set's "fit" pairs.
The gold "test" pairs are never used here. Run ``python -m benchmarks.calibrate``
and paste the printed tuples into ``desktop_app/core/semantic/calibration.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

from benchmarks.inputs import VerseIndex, read_book
from desktop_app.core.alignment.refine import Candidates, scored_candidates
from desktop_app.core.cache import Cache
from desktop_app.core.documents.loader import load
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Document
from desktop_app.core.semantic.calibration import FEATURES, fit_logistic
from desktop_app.core.semantic.gold import GoldPair, load_gold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "core" / "semantic" / "gold" / "related.json"
BENCH_CACHE = Path(tempfile.gettempdir()) / "verso-benchmark-cache.sqlite3"

GOLD_WEIGHT = 0.3

Labelled = tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]


def bible(left: str, right: str, cache: Cache) -> Labelled:
    """Features and verse-truth labels of the candidates of two Mark translations."""
    books = [read_book(name) for name in (left, right)]
    docs = [document_from_text(book.text) for book in books]
    verses = [VerseIndex(book.verses) for book in books]
    found = scored_candidates(docs[0], docs[1], cache=cache)
    left_ids = [verses[0].overlapping(p.span) for p in found.left_units.passages]
    right_ids = [verses[1].overlapping(p.span) for p in found.right_units.passages]
    labels = np.asarray(
        [bool(left_ids[r] & right_ids[c]) for r, c in zip(found.rows, found.cols, strict=True)]
    )
    return found.features, labels


def demo_documents() -> dict[str, Document]:
    return {path.name: load(path) for path in sorted((ROOT / "data").iterdir())}


def gold_candidates(split: str, cache: Cache) -> Labelled:
    """Candidates of the demo pairs that overlap a gold pair of ``split``, labelled by it."""
    documents = demo_documents()
    pairs = [p for p in load_gold(GOLD, documents) if p.split == split]
    features: list[npt.NDArray[np.float64]] = []
    labels: list[bool] = []
    for (left, right), group in _by_documents(pairs).items():
        found = scored_candidates(documents[left], documents[right], cache=cache)
        for index, label in _labelled(found, group):
            features.append(found.features[index])
            labels.append(label)
    return np.asarray(features).reshape(-1, len(FEATURES)), np.asarray(labels, dtype=bool)


def _by_documents(pairs: list[GoldPair]) -> dict[tuple[str, str], list[GoldPair]]:
    groups: dict[tuple[str, str], list[GoldPair]] = {}
    for pair in pairs:
        groups.setdefault((pair.left, pair.right), []).append(pair)
    return groups


def _labelled(found: Candidates, pairs: list[GoldPair]) -> list[tuple[int, bool]]:
    result = []
    for index, (r, c) in enumerate(zip(found.rows, found.cols, strict=True)):
        a, b = found.left_units.passages[r].span, found.right_units.passages[c].span
        for pair in pairs:
            if pair.left_span.overlaps(a) and pair.right_span.overlaps(b):
                result.append((index, pair.link))
                break
    return result


def main() -> dict[str, tuple[float, ...]]:
    with Cache(BENCH_CACHE) as cache:
        bible_x, bible_y = bible("mark.kjv", "mark.bbe", cache)
        gold_x, gold_y = gold_candidates("fit", cache)
    print(f"Mark KJV/BBE candidates {len(bible_y)} (positive {int(bible_y.sum())}); "
          f"gold fit candidates {len(gold_y)} (positive {int(gold_y.sum())})")  # fmt: skip
    # Gold rows are few but come from the documents Verso is for: repeated to weigh
    # GOLD_WEIGHT of the Bible rows (more overfits 20 rows, less ignores essays, whose
    # linked sentences share far fewer words than translations). Unordered documents
    # get no position term.
    repeat = max(1, round(GOLD_WEIGHT * len(bible_y) / max(1, len(gold_y))))
    x = np.vstack([bible_x] + [gold_x] * repeat)
    y = np.concatenate([bible_y] + [gold_y] * repeat)
    unordered = fit_logistic(x[:, :3], y)
    ordered = fit_logistic(bible_x, bible_y)
    result = {"UNORDERED": (*unordered, 0.0), "ORDERED": ordered}
    for name, coefficients in result.items():
        print(f"{name} = {coefficients}")
    return result


if __name__ == "__main__":
    main()
