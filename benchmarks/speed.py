"""Alignment speed and memory on book-length input (the whole New Testament, KJV vs ASV).

Each measurement runs in a fresh process so peak memory (ru_maxrss) is its own.
Times are printed as ratios against a baseline measured in the same run: one
plain regex pass over both texts (what merely reading every word costs here),
and against the Gospel of Mark (1/12 of the words) to show how time grows.
Run: ``python -m benchmarks.speed``; ``main()`` returns the figures.
"""

from __future__ import annotations

import multiprocessing
import re
import resource
import time
from pathlib import Path

from benchmarks.obfuscation import PARALLEL

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


if __name__ == "__main__":
    main()
