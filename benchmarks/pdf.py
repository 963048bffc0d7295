"""Opening a long PDF in the core: full extraction time, progress and peak memory.

``measure_load`` is meant to run in a fresh process (``benchmarks.run`` does
that) so ``ru_maxrss`` is the peak of this load alone. The first page's text
straight from pymupdf is the baseline: it is what a loader that shows page 1
before reading the rest could put on screen, so "full load / first page"
says how far the app is from that.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

import pymupdf

from desktop_app.core.cancel import Progress
from desktop_app.core.documents import load

# pymupdf ships no type hints: its entry point is handled as Any.
_open_pdf: Any = pymupdf.open


def max_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def first_page_seconds(path: Path) -> float:
    """Open the PDF and extract page 1's text with pymupdf alone."""
    start = time.perf_counter()
    pdf: Any = _open_pdf(path)
    try:
        pdf.load_page(0).get_text("text")
    finally:
        pdf.close()
    return time.perf_counter() - start


def measure_load(path: Path) -> dict[str, float]:
    """``load(path)`` timed, with when progress first arrived and how often it came."""
    reports: list[float] = []
    start = time.perf_counter()

    def on_progress(fraction: float, message: str) -> None:
        reports.append(time.perf_counter() - start)

    document = load(path, progress=Progress(on_progress))
    seconds = time.perf_counter() - start
    baseline = first_page_seconds(path)
    page_reports = max(0, len(reports) - 2)  # less the "Reading" and "Read" bookends
    return {
        "seconds": seconds,
        "first_page_seconds": baseline,
        "first_progress_seconds": reports[1] if len(reports) > 1 else seconds,
        "progress_reports": float(page_reports),
        "pages": float(document.page_count or 0),
        "chars": float(len(document.text)),
        "max_rss_mb": max_rss_mb(),
    }
