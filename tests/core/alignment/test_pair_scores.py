"""merge_leftovers reads neighbours' scores from sorted candidate keys: the same
answers as a dict of every candidate pair (what it held before), edges included."""

from __future__ import annotations

import numpy as np

from desktop_app.core.alignment.related import _scores_at


def test_scores_at_answers_as_a_dict_of_the_candidates_would() -> None:
    generator = np.random.default_rng(7)
    keys = np.unique(generator.integers(0, 40 * 30, size=500))
    rows, cols = keys // 30, keys % 30
    scores = generator.uniform(0, 100, size=len(rows))
    by_pair = {(int(r), int(c)): float(s) for r, c, s in zip(rows, cols, scores, strict=True)}
    at_rows = np.concatenate([rows - 1, rows + 1, rows, rows, np.asarray([-1, 0, 41])])
    at_cols = np.concatenate([cols, cols, cols - 1, cols + 1, np.asarray([0, -1, 0])])
    found = _scores_at(rows, cols, scores, at_rows, at_cols)
    pairs = zip(at_rows.tolist(), at_cols.tolist(), strict=True)
    expected = [by_pair.get(pair, 0.0) for pair in pairs]
    assert found == expected
    assert sum(1 for s in found if s > 0) > 100  # many neighbours are candidates
