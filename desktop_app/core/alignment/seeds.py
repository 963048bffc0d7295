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


def ngram_keys(
    left: IntArray, right: IntArray, n: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """A key per n-gram of each side, equal exactly when the n-grams are equal.

    The n word ids written as one number (bit fields) when they fit in 64 bits:
    no collisions, and the fewer bits a key has, the fewer passes its sort takes.
    Otherwise (huge vocabularies or n) 64-bit hashes.
    """
    most = max((int(ids.max()) for ids in (left, right) if len(ids)), default=0)
    width = most.bit_length()
    if n * width > 64:
        return ngram_hashes(left, n), ngram_hashes(right, n)
    return _ngram_codes(left, n, width), _ngram_codes(right, n, width)


def _ngram_codes(ids: IntArray, n: int, width: int) -> npt.NDArray[np.uint64]:
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    values = ids.astype(np.uint64)
    codes = values[:count].copy()
    for k in range(1, n):
        codes <<= np.uint64(width)
        codes |= values[k : k + count]
    return codes


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
    sorted arrays. Pairs come sorted by (i, j): text order, which later sorts
    find nearly sorted.
    """
    left_pos, _, left_count, left_keys = _sorted_groups(left, left_ok)
    right_pos, right_first, right_count, right_keys = _sorted_groups(right, right_ok)
    empty = np.zeros(0, dtype=np.int64)
    if len(left_keys) == 0 or len(right_keys) == 0:
        return empty, empty
    b = np.searchsorted(right_keys, left_keys)
    found = b < len(right_keys)
    found[found] &= right_keys[b[found]] == left_keys[found]
    a = np.flatnonzero(found)
    b = b[found]
    keep = left_count[a] * right_count[b] <= max_pairs
    a, b = a[keep], b[keep]
    # Per left group: how many right positions each of its positions pairs with, from where.
    width = np.zeros(len(left_keys), dtype=np.int64)
    width[a] = right_count[b]
    first_r = np.zeros(len(left_keys), dtype=np.int64)
    first_r[a] = right_first[b]
    # The same per left position, scattered to its place in the text: pairs then come
    # out in text order with no sort, and later reads are sequential.
    count_at = np.zeros(len(left), dtype=np.int64)
    count_at[left_pos] = np.repeat(width, left_count)
    first_at = np.empty(len(left), dtype=np.int64)  # read only where count_at > 0
    first_at[left_pos] = np.repeat(first_r, left_count)
    i = np.flatnonzero(count_at)
    if len(i) == 0:
        return empty, empty
    counts, from_r = count_at[i], first_at[i]
    # Index into right_pos of each pair: a run of consecutive indices per i, made by
    # one cumulative sum of steps (1 inside a run, a jump where the next run starts).
    step = np.ones(int(counts.sum()), dtype=np.int64)
    step[np.cumsum(counts) - counts] = from_r - np.append(0, from_r[:-1] + counts[:-1] - 1)
    return np.repeat(i, counts), right_pos[np.cumsum(step)]


def _sorted_groups(
    keys: npt.NDArray[np.uint64], ok: BoolArray
) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.uint64]]:
    """Allowed positions sorted by (key, position); start, size and key of each run of equal keys.

    A least-significant-digit radix sort: numpy sorts 16-bit digits stably in
    linear time, so the few passes a key needs (three for the codes of a book's
    3-grams) beat one comparison sort, and positions stay ascending within a key.
    """
    positions = np.flatnonzero(ok)
    values = keys[positions]
    top = int(values.max()).bit_length() if len(values) else 0
    for shift in range(0, top, 16):
        order = np.argsort((values >> np.uint64(shift)).astype(np.uint16), kind="stable")
        positions, values = positions[order], values[order]
    change = np.ones(len(values), dtype=bool)
    change[1:] = values[1:] != values[:-1]
    first = np.flatnonzero(change)
    count = np.diff(np.append(first, len(values)))
    return positions, first, count, values[first]
