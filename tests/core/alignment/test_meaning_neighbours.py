"""dense_neighbours partitions its similarity blocks a few rows at a time: the same
neighbours, in the same order, as partitioning each whole block (what it did before)."""

from __future__ import annotations

import numpy as np

from desktop_app.core.alignment.meaning import dense_neighbours


def test_neighbours_are_those_of_whole_block_partitions() -> None:
    generator = np.random.default_rng(3)
    a = generator.standard_normal((300, 32)).astype(np.float32)
    b = generator.standard_normal((500, 32)).astype(np.float32)
    rows, cols = dense_neighbours(a, b, 5, 128)
    expected = [np.argpartition(-(a[s : s + 128] @ b.T), 4, axis=1)[:, :5] for s in (0, 128, 256)]
    assert np.array_equal(rows, np.repeat(np.arange(300), 5))
    assert np.array_equal(cols, np.concatenate(expected).ravel())
    best = np.argmax(a @ b.T, axis=1)
    assert all(best[r] in cols[5 * r : 5 * r + 5] for r in range(300))
