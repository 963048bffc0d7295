"""Calibrated link scores: the fitted map is monotone and bounded, the shipped table loads,
and what the window's score control says follows the number."""

from __future__ import annotations

import random

import pytest

from desktop_app.core import score_table
from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.scores import (
    GROUPS,
    calibrate_links,
    calibrated,
    fit_monotone,
    group_of,
    score_meaning,
    share_at_least,
)


def _noisy(count: int, seed: int) -> tuple[list[float], list[bool]]:
    """Links whose chance of being right rises with the raw score (p = raw / 100)."""
    rng = random.Random(seed)
    scores = [round(rng.uniform(0, 100), 1) for _ in range(count)]
    return scores, [rng.random() < s / 100 for s in scores]


def test_fitted_map_is_monotone_bounded_and_close_to_the_truth() -> None:
    scores, rights = _noisy(4000, 1)
    knots = fit_monotone(scores, rights)
    xs = [x for x, _ in knots]
    ps = [p for _, p in knots]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert ps == sorted(ps) and all(0.0 <= p <= 1.0 for p in ps)
    assert len(knots) >= 5  # not one flat block
    mapped = [calibrated(raw, knots) for raw in range(0, 101)]
    assert mapped == sorted(mapped) and all(0.0 <= m <= 100.0 for m in mapped)
    # the truth is p = raw / 100: the map follows it within a few points mid-range
    assert abs(calibrated(50, knots) - 50) < 10 and abs(calibrated(80, knots) - 80) < 10


def test_fit_is_deterministic_and_pools_small_blocks() -> None:
    scores, rights = _noisy(300, 2)
    assert fit_monotone(scores, rights) == fit_monotone(list(scores), list(rights))
    assert fit_monotone(scores, rights, min_block=300) == fit_monotone(scores, rights, 10**6)
    assert len(fit_monotone(scores, rights, min_block=300)) == 1
    assert fit_monotone([], []) == ()
    with pytest.raises(ValueError):
        fit_monotone([1.0], [])


def test_a_score_falling_as_links_get_better_is_not_learnt_backwards() -> None:
    # higher raw, fewer right: the best monotone fit is flat, never decreasing
    scores = [float(s) for s in range(100)]
    rights = [s < 50 for s in range(100)]
    ps = [p for _, p in fit_monotone(scores, rights, min_block=5)]
    assert ps == sorted(ps) and max(ps) - min(ps) < 1e-9


def test_shipped_table_loads_with_every_group_monotone() -> None:
    assert set(score_table.KNOTS) == set(GROUPS)
    for knots in score_table.KNOTS.values():
        assert knots
        xs = [x for x, _ in knots]
        ps = [p for _, p in knots]
        assert xs == sorted(xs) and ps == sorted(ps)
        assert all(0.0 <= p <= 1.0 for p in ps)
    thresholds = [t for t, _, _ in score_table.SHARE_AT_LEAST]
    assert thresholds == sorted(thresholds) and thresholds[0] == 0
    counts = [n for _, _, n in score_table.SHARE_AT_LEAST]
    assert counts == sorted(counts, reverse=True)  # a higher minimum keeps fewer links


def test_calibration_maps_each_link_and_the_quotes_inside() -> None:
    table = {"quote": ((0.0, 0.1), (100.0, 0.9)), "related-ordered": ((0.0, 0.5), (100.0, 0.5))}
    inner = Link(LinkKind.QUOTE, Span(0, 5), Span(0, 5), 50.0)
    outer = Link(LinkKind.RELATED, Span(0, 20), Span(0, 20), 80.0, quoted=(inner,))
    (done,) = calibrate_links([outer], True, table)
    assert done.score == 50.0 and done.quoted[0].score == 50.0  # 0.1 + 0.8 * 0.5
    (unordered,) = calibrate_links([outer], False, table)
    assert unordered.score == 80.0  # no table for the group: the raw score, bounded
    assert group_of(LinkKind.RELATED, None) == "related-unordered"


def test_a_minimum_above_every_tuning_link_says_so() -> None:
    top = max(t for t, _, n in score_table.SHARE_AT_LEAST if n)
    above = [t for t, _, n in score_table.SHARE_AT_LEAST if t > top]
    if not above:
        pytest.skip("some tuning link scored at the highest tabulated minimum")
    assert share_at_least(above[0]) is None
    assert "no test link" in score_meaning(above[0]).label


def test_score_meaning_follows_the_number() -> None:
    low, high = score_meaning(0), score_meaning(80)
    assert low.label != high.label and "80" in high.label
    assert "about 80 times in 100" in high.tooltip
    found = share_at_least(80)
    assert found is not None
    assert f"{round(100 * found[0])} %" in high.tooltip
