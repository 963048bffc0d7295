"""Alignment speed and memory on book-length input (the whole New Testament, KJV vs ASV).

Each measurement runs in a fresh process so peak memory (ru_maxrss) is its own.
Times are printed as ratios against a baseline measured in the same run: one
plain regex pass over both texts (what merely reading every word costs here),
and against the Gospel of Mark (1/12 of the words) to show how time grows.
Run: ``python -m benchmarks.speed``; ``main()`` returns the figures.

``measure_alignment`` and ``cdist_baseline`` are the book-length figures that
``benchmarks.run`` runs, each in a fresh process, on re-paragraphed books
(``benchmarks.inputs.book_pair``) described by a JSON-able spec.

``python -m benchmarks.speed --stages`` splits quote alignment of that book pair
into its steps (best CPU time of each over a few runs) and prints each step's
share of the whole, measured in the same run: where the next millisecond is.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import resource
import time
from pathlib import Path
from statistics import fmean
from typing import Any

from benchmarks.inputs import PARALLEL, BookPair, book_pair, verse_quality

_KINDS = ("quote", "related", "related-ordered")


def _measure(args: tuple[str, str, str]) -> dict[str, float]:
    """Time and extra peak memory of one alignment, run inside a fresh process."""
    from desktop_app.core.alignment import align
    from desktop_app.core.documents.plaintext import document_from_text
    from desktop_app.core.model import AlignOptions, LinkKind

    left_name, right_name, kind = args
    left = document_from_text(Path(PARALLEL / f"{left_name}.txt").read_text(encoding="utf-8"))
    right = document_from_text(Path(PARALLEL / f"{right_name}.txt").read_text(encoding="utf-8"))
    link_kind = LinkKind.QUOTE if kind == "quote" else LinkKind.RELATED
    options = AlignOptions(kinds=frozenset({link_kind}), ordered=kind == "related-ordered")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    links = align(left, right, options).links
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "extra_mb": (after - before) / 1024, "links": len(links)}


def _baseline(left_name: str, right_name: str) -> float:
    start = time.perf_counter()
    for name in (left_name, right_name):
        text = Path(PARALLEL / f"{name}.txt").read_text(encoding="utf-8")
        sum(1 for _ in re.finditer(r"\w+", text))
    return time.perf_counter() - start


def main() -> dict[str, dict[str, float]]:
    context = multiprocessing.get_context("spawn")
    figures: dict[str, dict[str, float]] = {}
    for scope in ("mark", "nt"):
        left, right = f"{scope}.kjv", f"{scope}.asv"
        baseline = _baseline(left, right)
        for kind in _KINDS:
            with context.Pool(1) as pool:
                result = pool.map(_measure, [(left, right, kind)])[0]
            result["vs_regex_pass"] = result["seconds"] / baseline
            figures[f"{scope} {kind}"] = result
            print(
                f"{scope:<5}{kind:<17}{result['seconds']:7.2f} s"
                f"  {result['vs_regex_pass']:6.1f}x regex pass"
                f"  +{result['extra_mb']:6.0f} MB peak  {result['links']:6.0f} links"
            )
    for kind in _KINDS:
        growth = figures[f"nt {kind}"]["seconds"] / figures[f"mark {kind}"]["seconds"]
        print(f"{kind}: NT/Mark time ratio {growth:.1f} for ~11.9x the words")
    return figures


def pair_of(spec: dict[str, Any]) -> BookPair:
    """The book pair a spec names: ``left``, ``right``, ``verses_per_paragraph``, ``fraction``."""
    return book_pair(
        spec["left"],
        spec["right"],
        verses_per_paragraph=int(spec.get("verses_per_paragraph", 3)),
        fraction=float(spec.get("fraction", 1.0)),
    )


def measure_alignment(spec: dict[str, Any]) -> dict[str, float]:
    """Best wall and CPU time of ``align`` for one link kind (``spec["kind"]``, or "default"
    for every kind as the command line gives them), RSS, quality."""
    from desktop_app.core.alignment import align
    from desktop_app.core.documents.plaintext import document_from_text
    from desktop_app.core.model import AlignOptions, LinkKind

    pair = pair_of(spec)
    left, right = document_from_text(pair.left.text), document_from_text(pair.right.text)
    # "default": what `verso align` gives with no flag (every kind, order decided).
    kinds = (
        frozenset(LinkKind) if spec["kind"] == "default" else frozenset({LinkKind(spec["kind"])})
    )
    options = AlignOptions(kinds=kinds)
    seconds = cpu = float("inf")
    runs = int(spec.get("runs", 3))
    for _ in range(runs):  # best of a few: the machine is shared
        start, start_cpu = time.perf_counter(), time.process_time()
        links = align(left, right, options).links
        seconds = min(seconds, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = verse_quality(pair, [(link.left, link.right) for link in links])
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "runs": float(runs),
        "max_rss_mb": rss,
        "links": float(len(links)),
        "precision": precision,
        "recall": recall,
        "words": float(min(pair.left.words, pair.right.words)),
        "paragraphs": float(min(pair.left.paragraphs, pair.right.paragraphs)),
    }


def cdist_baseline(spec: dict[str, Any]) -> dict[str, float]:
    """All-pairs ``rapidfuzz.process.cdist`` on paragraph samples, extrapolated to the books.

    Paragraphs are sampled at random (seeded) from the whole of each book, so the
    sample's lengths are representative. ``ratio`` costs about len(a) x len(b)
    (bit-parallel Indel), so the full cost is extrapolated as
    sample time x (full pairs / sample pairs) x (full mean-length product / sample's).
    A second sample of half the size checks the extrapolation (ratio near 1).

    The judged figure uses ``workers=1``: ``align`` runs on one thread, so both
    sides get one core. ``workers=-1`` (all cores) and ``partial_ratio`` (the
    scorer an all-pairs search needs to *locate* a quote inside a paragraph; far
    slower, so timed once on a ``partial_sample`` x ``partial_sample`` slice and
    extrapolated the same way) are reported alongside. Each ``ratio`` time is the
    best of five runs (as align's times are best-of: a shared machine only adds time).
    """
    from rapidfuzz import fuzz, process

    from desktop_app.core.documents.plaintext import document_from_text
    from desktop_app.core.segmentation import paragraphs

    pair = pair_of(spec)
    texts = []
    for book in (pair.left, pair.right):
        document = document_from_text(book.text)
        texts.append([p.span.of(document.text) for p in paragraphs(document)])
    size = int(spec["sample"])

    cpu_per_wall: list[float] = []  # CPU / wall of each best run (workers=1 only)

    def extrapolated(n: int, scorer: Any, workers: int, runs: int) -> tuple[float, float]:
        rng = random.Random(int(spec.get("seed", 0)) + n)
        a = rng.sample(texts[0], min(n, len(texts[0])))
        b = rng.sample(texts[1], min(n, len(texts[1])))
        seconds = cpu = float("inf")
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            process.cdist(a, b, scorer=scorer, workers=workers)
            seconds = min(seconds, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        if workers == 1:
            cpu_per_wall.append(cpu / seconds)
        pairs = len(texts[0]) * len(texts[1]) / (len(a) * len(b))
        lengths = (fmean(map(len, texts[0])) * fmean(map(len, texts[1]))) / (
            fmean(map(len, a)) * fmean(map(len, b))
        )
        return seconds, seconds * pairs * lengths

    _, check = extrapolated(max(2, size // 2), fuzz.ratio, 1, 5)
    seconds, full = extrapolated(size, fuzz.ratio, 1, 5)
    full_cpu = full * cpu_per_wall[-1]  # the judged sample's best CPU time, extrapolated
    all_cores_seconds, all_cores = extrapolated(size, fuzz.ratio, -1, 5)
    partial_size = int(spec.get("partial_sample", 16))
    partial_seconds, partial = extrapolated(partial_size, fuzz.partial_ratio, 1, 1)
    return {
        "sample": float(size),
        "sample_seconds": seconds,
        "extrapolated_seconds": full,
        "extrapolated_cpu_seconds": full_cpu,
        "check_ratio": check / full,
        "all_cores_sample_seconds": all_cores_seconds,
        "all_cores_extrapolated_seconds": all_cores,
        "cores": float(os.cpu_count() or 1),
        "partial_sample": float(partial_size),
        "partial_sample_seconds": partial_seconds,
        "partial_extrapolated_seconds": partial,
        "left_paragraphs": float(len(texts[0])),
        "right_paragraphs": float(len(texts[1])),
        "mean_chars": fmean(map(len, texts[0])),
    }


def quote_stages(spec: dict[str, Any]) -> dict[str, float]:
    """Best CPU seconds of each step of quote alignment, and of ``align`` as a whole.

    Steps, in the order ``align`` runs them on the pair's canonical order: reading
    the words of each side, the shared vocabulary, seed groups, then verifying the
    groups' windows and building the links (``find_quotes`` minus the seed groups).
    """
    from desktop_app.core.alignment import align
    from desktop_app.core.alignment.pipeline import _canonical_key
    from desktop_app.core.alignment.quotes import QuoteParams, _seed_groups, find_quotes
    from desktop_app.core.alignment.tokens import encode, tokenize
    from desktop_app.core.documents.plaintext import document_from_text
    from desktop_app.core.model import AlignOptions, LinkKind

    pair = pair_of(spec)
    left, right = document_from_text(pair.left.text), document_from_text(pair.right.text)
    if _canonical_key(right) < _canonical_key(left):
        left, right = right, left  # the order align computes the pair in
    runs = int(spec.get("runs", 7))

    def best(step: Any) -> tuple[float, Any]:
        # CPU time, not benchmarks.timing's wall clock: steps of tens of milliseconds
        # on a shared machine; and the step's result feeds the next step.
        seconds, result = float("inf"), None
        for _ in range(runs):
            start = time.process_time()
            result = step()
            seconds = min(seconds, time.process_time() - start)
        return seconds, result

    options = AlignOptions(kinds=frozenset({LinkKind.QUOTE}))
    whole, _ = best(lambda: align(left, right, options))
    left_seconds, left_tokens = best(lambda: tokenize(left))
    right_seconds, right_tokens = best(lambda: tokenize(right))
    encode_seconds, (_, left_ids, right_ids) = best(lambda: encode(left_tokens, right_tokens))
    params = QuoteParams()
    seeds_seconds, _ = best(
        lambda: _seed_groups(left_tokens, right_tokens, left_ids, right_ids, params)
    )
    quotes_seconds, _ = best(
        lambda: find_quotes(left_tokens, right_tokens, left_ids, right_ids, params)
    )
    return {
        "align": whole,
        "tokenize left": left_seconds,
        "tokenize right": right_seconds,
        "shared vocabulary": encode_seconds,
        "seed groups": seeds_seconds,
        "verify + links": quotes_seconds - seeds_seconds,
    }


def print_stages() -> dict[str, float]:
    stages = quote_stages({"left": "nt.kjv", "right": "nt.asv", "verses_per_paragraph": 3})
    whole = stages["align"]
    print(
        f"quote alignment of NT KJV/ASV, best CPU time of each step (align: {whole * 1000:.1f} ms)"
    )
    for name, seconds in stages.items():
        print(f"  {name:<20}{seconds * 1000:8.1f} ms  {seconds / whole:6.1%} of align")
    return stages


if __name__ == "__main__":
    import sys

    if "--stages" in sys.argv[1:]:
        print_stages()
    else:
        main()
