"""Giving freed heap back to the operating system between the stages of long work.

glibc's malloc keeps memory that Python and numpy free in its arenas for reuse;
after a stage that built and dropped hundreds of megabytes (a book pair's k-gram
tables, TF-IDF temporaries) the process's resident size stays at that stage's
peak, and the next stage's own peak stacks on top of what is merely cached.
``release_freed`` asks glibc to return those pages (``malloc_trim``), so each
stage's peak is its own. Elsewhere (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:  # the C library the interpreter is linked with: no search, no subprocess
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


def release_freed() -> bool:
    """Return the heap freed so far to the system; whether that could be asked (glibc)."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
