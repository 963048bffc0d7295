"""Seeds: shared n-grams found by sorting equal a brute-force search, in (i, j) order."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.alignment.quotes import _by_pair_diagonal
from desktop_app.core.alignment.seeds import ngram_hashes, ngram_keys, shared_seeds

IDS = st.lists(st.integers(min_value=0, max_value=5), max_size=60)


def _brute_force(
    left: list[int], right: list[int], n: int, ok_l: list[bool], ok_r: list[bool], max_pairs: int
) -> list[tuple[int, int]]:
    grams_l = [tuple(left[i : i + n]) for i in range(len(left) - n + 1)]
    grams_r = [tuple(right[j : j + n]) for j in range(len(right) - n + 1)]
    count_l = Counter(g for g, ok in zip(grams_l, ok_l, strict=True) if ok)
    count_r = Counter(g for g, ok in zip(grams_r, ok_r, strict=True) if ok)
    return [
        (i, j)
        for i, a in enumerate(grams_l)
        for j, b in enumerate(grams_r)
        if ok_l[i] and ok_r[j] and a == b and count_l[a] * count_r[b] <= max_pairs
    ]


@settings(max_examples=300, deadline=None)
@given(IDS, IDS, st.integers(min_value=1, max_value=3), st.integers(1, 8), st.data())
def test_shared_seeds_are_every_allowed_pair_in_text_order(
    left: list[int], right: list[int], n: int, max_pairs: int, data: st.DataObject
) -> None:
    a, b = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    count_l, count_r = max(0, len(left) - n + 1), max(0, len(right) - n + 1)
    ok_l = data.draw(st.lists(st.booleans(), min_size=count_l, max_size=count_l))
    ok_r = data.draw(st.lists(st.booleans(), min_size=count_r, max_size=count_r))
    expected = _brute_force(left, right, n, ok_l, ok_r, max_pairs)
    codes = ngram_keys(a, b, n)
    hashes = ngram_hashes(a, n), ngram_hashes(b, n)
    for keys_l, keys_r in (codes, hashes):
        i, j = shared_seeds(
            keys_l, np.asarray(ok_l, dtype=bool), keys_r, np.asarray(ok_r, dtype=bool), max_pairs
        )
        assert list(zip(i.tolist(), j.tolist(), strict=True)) == expected


def test_ngram_keys_fall_back_to_hashes_when_codes_do_not_fit() -> None:
    small = np.asarray([1, 2, 3, 1, 2, 3], dtype=np.int64)
    huge = np.asarray([1, 2, 3, 2**40, 1, 2, 3], dtype=np.int64)
    codes_l, _ = ngram_keys(small, small, 3)
    assert codes_l.tolist() == [
        (1 << 4) | (2 << 2) | 3,
        (2 << 4) | (3 << 2) | 1,
        0b11_0110,
        0b01_1011,
    ]
    hashed_l, hashed_r = ngram_keys(huge, small, 3)
    assert np.array_equal(hashed_l, ngram_hashes(huge, 3))
    assert np.array_equal(hashed_r, ngram_hashes(small, 3))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(-40, 40), st.integers(0, 40)),
        min_size=1,
        max_size=40,
        unique_by=lambda seed: (seed[0], seed[1], seed[2]),
    ),
    st.sampled_from([0, 2**40]),
)
def test_seeds_sort_by_pair_diagonal_then_position(
    seeds: list[tuple[int, int, int]], big: int
) -> None:
    pair = np.asarray([s[0] + big for s in seeds], dtype=np.int64)  # big: the lexsort path
    diagonal = np.asarray([s[1] for s in seeds], dtype=np.int64)
    seed_i = np.asarray([s[2] for s in seeds], dtype=np.int64)
    got = _by_pair_diagonal(pair, diagonal, seed_i, 40)
    expected = sorted(zip(pair.tolist(), diagonal.tolist(), seed_i.tolist(), strict=True))
    assert list(zip(got[1].tolist(), got[2].tolist(), got[0].tolist(), strict=True)) == expected
