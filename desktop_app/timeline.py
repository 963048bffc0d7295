"""Milestones of a run as a user waits for them, for the end-to-end benchmarks.

When ``VERSO_TIMELINE`` names a file, each milestone appends ``name wall-clock-time``
to it (``window_shown``, ``documents_shown``, ``first_links``, ``links_settled``), so a
benchmark that launched the process can say how long the user waited for each,
from process start. ``VERSO_QUIT_AFTER`` names the milestone after which the
window closes itself. Unset, ``mark`` costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

TIMELINE_ENV = "VERSO_TIMELINE"
QUIT_AFTER_ENV = "VERSO_QUIT_AFTER"

_seen: set[str] = set()
_on_quit: list[Callable[[], None]] = []


def mark(milestone: str) -> None:
    """Record ``milestone`` (the first time only) if a timeline was asked for."""
    path = os.environ.get(TIMELINE_ENV)
    if not path or milestone in _seen:
        return
    _seen.add(milestone)
    with Path(path).open("a", encoding="utf-8") as timeline:
        timeline.write(f"{milestone} {time.time():.6f}\n")
    if os.environ.get(QUIT_AFTER_ENV) == milestone:
        for quit_now in _on_quit:
            quit_now()


def quit_with(callback: Callable[[], None]) -> None:
    """Call ``callback`` when the milestone ``VERSO_QUIT_AFTER`` names is reached."""
    _on_quit.append(callback)


def read(path: str | os.PathLike[str]) -> dict[str, float]:
    """The milestones written to ``path``: name -> wall-clock time."""
    found: dict[str, float] = {}
    with Path(path).open(encoding="utf-8") as timeline:
        for line in timeline:
            name, _, when = line.partition(" ")
            found.setdefault(name, float(when))
    return found
