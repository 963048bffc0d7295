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
    repeated on both sides) is skipped: it says nothing about where reuse is.
    """
    left_pos = np.flatnonzero(left_ok)
    right_pos = np.flatnonzero(right_ok)
    left_pos = left_pos[np.argsort(left[left_pos], kind="stable")]
    right_pos = right_pos[np.argsort(right[right_pos], kind="stable")]
    left_unique, left_first, left_count = np.unique(
        left[left_pos], return_index=True, return_counts=True
    )
    right_unique, right_first, right_count = np.unique(
        right[right_pos], return_index=True, return_counts=True
    )
    _, a, b = np.intersect1d(left_unique, right_unique, assume_unique=True, return_indices=True)
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
