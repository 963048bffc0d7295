"""Where many quotes occur in one long text, found together: a sampled k-gram hash index.

Re-anchoring 10,000 notes asks, for each quote, where it (or pieces of it) occur.
One ``str.find`` scan per quote costs the whole text each time: on a 7 MB book
that repeats its passages, 10,000 scans take minutes. Instead the text is hashed
once (a polynomial hash of every ``K``-character window, vectorised with numpy)
and a content-defined quarter of the windows is kept, sorted by hash. Because the
sample depends only on a window's content, every occurrence of a quote holds the
same sampled windows as the quote itself: looking up the quote's rarest sampled
window (a binary search) gives every place the quote can start, to be verified
with ``startswith``. The same lookups, for all sampled windows of an edited quote,
vote for where its remains lie (the fuzzy search's candidates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

K = 12  # _window_hashes builds 12 = 8 + 4
"""Window length: long enough to be rare in prose, short enough that an edited quote
keeps some intact between its edits."""

_SLICE = 1 << 20  # characters hashed at a time
_BASE = np.uint64(1_000_003)
_BASE_2 = np.uint64(pow(1_000_003, 2, 1 << 64))
_BASE_4 = np.uint64(pow(1_000_003, 4, 1 << 64))
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits end up well mixed
_SAMPLE_BELOW = np.uint64(1 << 62)

Ints = npt.NDArray[np.int64]


def _codes(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def _window_hashes(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """The hash of each ``K``-character window (``len(codes) - K + 1`` of them).

    ``sum(codes[i + j] * BASE**(K - 1 - j))`` modulo 2**64 (unsigned arithmetic wraps),
    built by doubling: hashes of 2, 4 and 8 characters, then 8 + 4 = 12, four passes
    over the text instead of twelve.
    """
    count = codes.size - K + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    wide = codes.astype(np.uint64)
    two = wide[:-1] * _BASE + wide[1:]
    four = two[:-2] * _BASE_2 + two[2:]
    eight = four[:-4] * _BASE_4 + four[4:]
    hashes = eight[:count] * _BASE_4 + four[8 : 8 + count]
    hashes *= _MIX
    return hashes


def _sampled(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """One window in four, chosen by content (the hash's top two bits are zero)."""
    return hashes < _SAMPLE_BELOW


@dataclass(frozen=True, slots=True)
class QueryWindows:
    """The sampled windows of many quotes: which quote, where in it, and the index hits."""

    quote: Ints  # index of the quote in the batch
    offset: Ints  # where the window starts in its quote
    first: Ints  # its hits are ``KgramIndex.positions[first:last]``
    last: Ints

    @property
    def hits(self) -> Ints:
        return self.last - self.first


class KgramIndex:
    """The sampled windows of one text, sorted by hash, with their positions."""

    def __init__(self, text: str) -> None:
        # In slices: a book's worth of 64-bit temporaries at once costs more in fresh
        # memory (page faults) than the arithmetic; slices reuse the same few megabytes.
        keys: list[npt.NDArray[np.uint64]] = []
        places: list[Ints] = []
        for start in range(0, max(1, len(text) - K + 1), _SLICE):
            hashes = _window_hashes(_codes(text[start : start + _SLICE + K - 1]))
            sampled = np.flatnonzero(_sampled(hashes))
            keys.append(hashes[sampled])
            places.append(sampled + start)
        all_keys = np.concatenate(keys)
        order = np.argsort(all_keys)  # users sort hits by position themselves
        self._keys = all_keys[order]
        self.positions: Ints = np.concatenate(places)[order].astype(np.int64)

    def windows(self, quotes: Sequence[str]) -> QueryWindows:
        """Every sampled window of every quote, looked up in one vectorised pass."""
        lengths = np.fromiter((len(q) for q in quotes), dtype=np.int64, count=len(quotes))
        starts = np.cumsum(lengths) - lengths
        hashes = _window_hashes(_codes("".join(quotes)))
        owner = np.repeat(np.arange(len(quotes), dtype=np.int64), lengths)[: hashes.size]
        at = np.arange(hashes.size, dtype=np.int64)
        # A window must lie inside one quote, and be one of the sampled kind.
        inside = at + K <= starts[owner] + lengths[owner] if hashes.size else at.astype(bool)
        keep = np.flatnonzero(inside & _sampled(hashes))
        keys = hashes[keep]
        # Binary searches for sorted keys walk the index in one direction (cache-friendly).
        order = np.argsort(keys)
        first = np.empty(keys.size, dtype=np.int64)
        last = np.empty(keys.size, dtype=np.int64)
        first[order] = np.searchsorted(self._keys, keys[order], side="left")
        last[order] = np.searchsorted(self._keys, keys[order], side="right")
        return QueryWindows(
            quote=owner[keep], offset=keep - starts[owner[keep]], first=first, last=last
        )

    def rarest(self, quotes: Sequence[str]) -> tuple[Ints, Ints, Ints, Ints]:
        """Per quote, its sampled window with the fewest hits: (quote, offset, first, last).

        Quotes with no sampled window (short ones, or unlucky) are absent: the caller
        scans for those.
        """
        found = self.windows(quotes)
        order = np.lexsort((found.hits, found.quote))
        quote = found.quote[order]
        chosen = order[np.flatnonzero(np.diff(quote, prepend=-1) != 0)]
        return found.quote[chosen], found.offset[chosen], found.first[chosen], found.last[chosen]


def expand(first: Ints, last: Ints) -> tuple[Ints, Ints]:
    """For ranges ``[first, last)``: each element's range number and the element itself."""
    counts = last - first
    total = int(counts.sum())
    which = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    ends = np.cumsum(counts)
    inner = np.arange(total, dtype=np.int64) - np.repeat(ends - counts, counts)
    return which, first[which] + inner
