"""Shared word n-grams between two token sequences, found with numpy.

Seeds are where near-verbatim reuse starts: positions (i, j) where the same
n words occur in both documents. Hashing the n-grams and intersecting sorted
hash arrays costs O(n log n) whatever the documents' length, instead of a
comparison of every pair of passages.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from desktop_app.core.alignment.tokens import IntArray

BoolArray = npt.NDArray[np.bool_]
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def ngram_hashes(ids: IntArray, n: int) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of the n-gram starting at each position (len(ids) - n + 1 of them)."""
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    values = ids.astype(np.uint64) + np.uint64(1)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashes = hashes * _MULTIPLIER + values[k : k + count]
            hashes ^= hashes >> np.uint64(29)
    return hashes


def shared_seeds(
    left: npt.NDArray[np.uint64],
    left_ok: BoolArray,
    right: npt.NDArray[np.uint64],
    right_ok: BoolArray,
    max_pairs: int,
) -> tuple[IntArray, IntArray]:
    """Position pairs (i, j) where ``left[i] == right[j]``, both allowed by the masks.

    An n-gram that would pair up more than ``max_pairs`` times (a stock phrase
    repeated on both sides) is skipped: it says nothing about where reuse is, and
    its cross product would make the work grow with the square of the repeats.
    Each side is sorted once; equal runs and their matches are found on the
    sorted arrays (no second sort). Pairs come grouped by n-gram, in no set order.
    """
    left_pos, left_first, left_count, left_keys = _sorted_groups(left, left_ok)
    right_pos, right_first, right_count, right_keys = _sorted_groups(right, right_ok)
    if len(left_keys) == 0 or len(right_keys) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    b = np.searchsorted(right_keys, left_keys)
    found = b < len(right_keys)
    found[found] &= right_keys[b[found]] == left_keys[found]
    a = np.flatnonzero(found)
    b = b[found]
    count_l = left_count[a]
    count_r = right_count[b]
    pairs = count_l * count_r
    keep = pairs <= max_pairs
    first_l, first_r = left_first[a][keep], right_first[b][keep]
    count_r, pairs = count_r[keep], pairs[keep]
    total = int(pairs.sum())
    group = np.repeat(np.arange(len(pairs)), pairs)
    offset = np.arange(total) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    width = count_r[group]
    i = left_pos[first_l[group] + offset // width]
    j = right_pos[first_r[group] + offset % width]
    return i.astype(np.int64), j.astype(np.int64)


def _sorted_groups(
    hashes: npt.NDArray[np.uint64], ok: BoolArray
) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.uint64]]:
    """Allowed positions sorted by hash; start, size and hash of each run of equal hashes."""
    positions = np.flatnonzero(ok)
    values = hashes[positions]
    order = np.argsort(values)
    positions, values = positions[order], values[order]
    change = np.ones(len(values), dtype=bool)
    change[1:] = values[1:] != values[:-1]
    first = np.flatnonzero(change)
    count = np.diff(np.append(first, len(values)))
    return positions, first, count, values[first]
