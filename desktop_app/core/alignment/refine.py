"""``refine``: the window's second step, the whole pipeline with the meaning-level step.

The window shows ``align``'s word-level links at once and then, in the background, the
links ``align(..., meaning=...)`` settles on: exactly what ``verso align`` prints. This
module keeps that call's old shape (alignment in, alignment out) for the window's
refinement task, and the candidate features the calibration is fitted on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.core.alignment.meaning import (
    DEFAULT_MEANING,
    Meaning,
    MeaningParams,
    dense_neighbours,
    pair_features,
)
from desktop_app.core.alignment.pipeline import _body_sentences, align
from desktop_app.core.alignment.related import RelatedParams, Units, candidates, units_of
from desktop_app.core.alignment.tokens import IntArray, encode, tokenize
from desktop_app.core.alignment.vectors import passage_vectors
from desktop_app.core.cache import Cache
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Alignment, Document
from desktop_app.core.semantic.passages import Embed, passage_embeddings

FloatArray = npt.NDArray[np.float64]


def refine(
    alignment: Alignment,
    left: Document,
    right: Document,
    *,
    cache: Cache | None = None,
    progress: Progress | None = None,
    embed: Embed | None = None,
) -> Alignment:
    """What ``verso align`` prints for the pair ``alignment`` was made for (same options)."""
    return align(left, right, alignment.options, progress, meaning=Meaning(embed, cache))


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate sentence pairs of two documents with their features (see ``pair_features``)."""

    left_units: Units
    right_units: Units
    rows: IntArray  # left passage index of each pair
    cols: IntArray  # right passage index of each pair
    features: FloatArray


def scored_candidates(
    left: Document,
    right: Document,
    *,
    cache: Cache | None = None,
    params: MeaningParams = DEFAULT_MEANING,
    embed: Embed | None = None,
) -> Candidates:
    """Every sentence pair worth scoring (lexical or embedding neighbours) with its features:
    the calibration's training data (``benchmarks/calibrate.py``)."""
    left_tokens, right_tokens = tokenize(left), tokenize(right)
    vocabulary, left_ids, right_ids = encode(left_tokens, right_tokens)
    units = (
        units_of(_body_sentences(left), left_tokens),
        units_of(_body_sentences(right), right_tokens),
    )
    vectors = passage_vectors(
        vocabulary,
        left_ids,
        units[0].of_token,
        len(units[0].passages),
        right_ids,
        units[1].of_token,
        len(units[1].passages),
    )
    left_vectors = passage_embeddings(left, [p.span for p in units[0].passages], cache, None, embed)
    right_vectors = passage_embeddings(
        right, [p.span for p in units[1].passages], cache, None, embed
    )
    empty = np.zeros(0, dtype=np.int64)
    if not units[0].passages or not units[1].passages:
        return Candidates(units[0], units[1], empty, empty, np.zeros((0, 4)))
    rows, cols = candidates(vectors.left_words, vectors.right_words, RelatedParams(), None)
    e_rows, e_cols = dense_neighbours(left_vectors, right_vectors, params.neighbours, params.chunk)
    b_cols, b_rows = dense_neighbours(right_vectors, left_vectors, params.neighbours, params.chunk)
    width = max(1, len(right_vectors))
    keys = np.unique(
        np.concatenate([rows * width + cols, e_rows * width + e_cols, b_rows * width + b_cols])
    )
    rows, cols = keys // width, keys % width
    ok = (units[0].sizes[rows] >= params.min_words) & (units[1].sizes[cols] >= params.min_words)
    rows, cols = rows[ok], cols[ok]
    features = pair_features(
        (vectors.left, vectors.right),
        (left_vectors[rows], right_vectors[cols]),
        rows,
        cols,
        (left, right),
        units,
    )
    return Candidates(units[0], units[1], rows, cols, features)
