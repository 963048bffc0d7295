"""Wall-clock timing for the benchmark scripts: one measure, one best-of rule.

The machine is shared, so a figure is the best of a few runs (the run least
disturbed by others), and ratios are taken against a baseline timed the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(work: Callable[[], object]) -> float:
    """Seconds one call of ``work`` takes."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` calls of ``work``, in seconds."""
    return min(timed(work) for _ in range(runs))
