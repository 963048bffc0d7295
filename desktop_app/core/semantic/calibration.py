"""One calibrated score from several signals: a tiny logistic model.

Each candidate pair has four features: TF-IDF cosine (0..1), rapidfuzz
``token_set_ratio`` / 100, embedding cosine (-1..1) and, for documents that
follow each other, the distance between the two passages' relative
positions (0..1). The score is 100 x the fitted probability that an expert
would link the pair, so "50" means even odds whatever the documents.
Coefficients are fitted by ``benchmarks/calibrate.py`` and pasted here: the
unordered model has no position term, because a rebuttal answers a claim
wherever it stands, while translations (ordered) keep the order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

FEATURES = ("tfidf", "fuzzy", "embedding", "position")

# intercept, tfidf, fuzzy, embedding, position (fitted by benchmarks/calibrate.py)
UNORDERED = (-2.001, 1.778, -2.376, 5.803, 0.0)
ORDERED = (-6.253, 4.917, 4.357, 4.913, -6.365)


def probability(features: FloatArray, coefficients: tuple[float, ...]) -> FloatArray:
    """P(link) for each row of ``features`` (columns in ``FEATURES`` order)."""
    weights = np.asarray(coefficients[1:], dtype=np.float64)
    logits = coefficients[0] + features @ weights
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -40.0, 40.0))), dtype=np.float64)


def fit_logistic(
    features: FloatArray, labels: npt.NDArray[np.bool_], l2: float = 1e-3, steps: int = 50
) -> tuple[float, ...]:
    """(intercept, weights...) maximising the L2-penalised likelihood (Newton's method).

    Classes are weighted to equal total weight, so the probability is
    calibrated for a balanced prior rather than for however many negatives
    the candidate generator happened to produce.
    """
    rows = features.shape[0]
    x = np.hstack([np.ones((rows, 1)), features])
    y = labels.astype(np.float64)
    positives = max(1.0, float(y.sum()))
    negatives = max(1.0, rows - float(y.sum()))
    sample = np.where(y > 0, rows / (2.0 * positives), rows / (2.0 * negatives))
    beta = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -40.0, 40.0)))
        gradient = x.T @ (sample * (p - y)) + penalty @ beta * rows
        hessian = (x * (sample * p * (1.0 - p))[:, None]).T @ x + penalty * rows
        step = np.linalg.solve(hessian + 1e-9 * np.eye(x.shape[1]), gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return tuple(round(float(b), 3) for b in beta)
