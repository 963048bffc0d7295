"""The cyclic garbage collector held off while thousands of values are made at once.

Listing a team's 10,000 notes makes some 100,000 small objects, none in a cycle: the
collector would walk them again and again while they are made, and every object alive
when one of its middle passes ran is counted towards the next full pass over the whole
heap (a quarter of a million objects, a quarter of a second). Held off for the whole
listing, the temporaries are freed by reference counting before it runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (nesting is harmless); memory is still
    freed as values go out of use."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_rarely() -> None:
    """For a process that builds one large structure and frees it by reference counts
    (``verso text``, a PDF worker): the cyclic collector runs far less often, as mypy
    tunes it; its frequent passes over a book's lines found nothing to free."""
    gc.set_threshold(100_000, 50, 100)
