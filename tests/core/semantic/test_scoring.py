"""Calibrated probability and relation kinds."""

from __future__ import annotations

import numpy as np

from desktop_app.core.model import RelationKind
from desktop_app.core.semantic.calibration import (
    FEATURES,
    ORDERED,
    UNORDERED,
    fit_logistic,
    probability,
)
from desktop_app.core.semantic.relation import relation_of


def test_fit_recovers_the_separating_direction() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 2))
    y = (2.0 * x[:, 0] - 1.0 * x[:, 1] + rng.normal(scale=0.5, size=2000)) > 0.5
    intercept, a, b = fit_logistic(x, y)
    assert a > 0 > b
    assert 1.5 < a / -b < 2.5
    assert np.mean((probability(x, (intercept, a, b)) > 0.5) == y) > 0.85


def test_probability_rises_with_embedding_similarity() -> None:
    assert len(UNORDERED) == len(ORDERED) == len(FEATURES) + 1
    rows = np.asarray([[0.1, 0.4, e, 0.2] for e in (0.1, 0.4, 0.7, 0.9)])
    for coefficients in (UNORDERED, ORDERED):
        p = probability(rows, coefficients)
        assert np.all(np.diff(p) > 0) and np.all((p > 0) & (p < 1))


def test_position_matters_only_for_ordered_documents() -> None:
    near, far = np.asarray([[0.3, 0.6, 0.6, 0.0]]), np.asarray([[0.3, 0.6, 0.6, 0.9]])
    assert probability(near, UNORDERED)[0] == probability(far, UNORDERED)[0]
    assert probability(near, ORDERED)[0] > probability(far, ORDERED)[0]


def test_relation_kinds() -> None:
    claim = "The war must end with regime change in Moscow."
    assert relation_of(claim, claim, fuzzy=100.0) is RelationKind.QUOTES
    assert relation_of(claim, "Anything", fuzzy=10.0, quoted=True) is RelationKind.QUOTES
    answer = "But killing the leader would be a mistake, not a shortcut to peace."
    assert relation_of(claim, answer, fuzzy=30.0) is RelationKind.ANSWERS
    restated = "Peace will come only when the regime in the Kremlin is replaced."
    assert relation_of(claim, restated, fuzzy=30.0) is RelationKind.RESTATES
