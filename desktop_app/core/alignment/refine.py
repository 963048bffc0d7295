"""``refine``: related links rescored with sentence embeddings, each with a relation.

``align`` is fast and lexical: it finds passages that share words. ``refine``
runs afterwards (in the background: embedding a book takes minutes) and adds
what only meaning finds, passages that answer each other in other words. It
takes candidates from both the TF-IDF product and the embedding space, scores
every candidate with one calibrated probability (``semantic.calibration``),
selects with the same readable rules as ``align`` and says whether the right
passage quotes, restates or answers the left. Quote links pass through as
they are, marked "quotes".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from rapidfuzz import fuzz

from desktop_app.core.alignment.pipeline import _body_sentences
from desktop_app.core.alignment.related import (
    RelatedParams,
    Units,
    candidates,
    merge_leftovers,
    monotone_chain,
    readable_selection,
    units_of,
)
from desktop_app.core.alignment.tokens import IntArray, encode, tokenize
from desktop_app.core.alignment.vectors import passage_vectors
from desktop_app.core.cache import Cache
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Alignment, Document, Link, LinkKind, RelationKind
from desktop_app.core.semantic.calibration import ORDERED, UNORDERED, probability
from desktop_app.core.semantic.model import FloatMatrix
from desktop_app.core.semantic.passages import Embed, passage_embeddings
from desktop_app.core.semantic.relation import relation_of

FloatArray = npt.NDArray[np.float64]

VERSION = 1  # bump when the output of refine changes (cached alignments)


@dataclass(frozen=True, slots=True)
class RefineParams:
    """Selection on the calibrated 0..100 scale (tuned in ``benchmarks/calibrate.py``)."""

    neighbours: int = 3  # embedding neighbours per passage and direction added as candidates
    # The calibration is fitted on translations, where most sentence pairs have a partner;
    # between essays far fewer do, so even odds there over-links (84 links on the three
    # demo pairs at 50/30/1500, 43 at 65/50/800 with the same held-out gold recall 0.32).
    threshold: float = 65.0  # kept whatever the density
    floor: float = 50.0  # weaker mutual-best links kept up to the density budget
    chars_per_weak_link: int = 800
    ordered_threshold: float = 20.0
    merge_threshold: float = 20.0
    min_words: int = 7
    chunk: int = 1024  # rows per dense similarity block


def refine(
    alignment: Alignment,
    left: Document,
    right: Document,
    *,
    cache: Cache | None = None,
    progress: Progress | None = None,
    params: RefineParams = RefineParams(),
    embed: Embed | None = None,
) -> Alignment:
    """``alignment`` (from ``align(left, right)``) with related links rescored and typed."""
    options = alignment.options
    quotes = [
        Link(link.kind, link.left, link.right, link.score, RelationKind.QUOTES)
        for link in alignment.of_kind(LinkKind.QUOTE)
    ]
    if LinkKind.RELATED not in options.kinds:
        return Alignment(tuple(quotes), options)
    found = scored_candidates(
        left, right, cache=cache, progress=progress, params=params, embed=embed
    )
    rows, cols, features = found.rows, found.cols, found.features
    left_units, right_units = found.left_units, found.right_units
    related_params = RelatedParams(
        threshold=params.threshold,
        floor=params.floor,
        chars_per_weak_link=params.chars_per_weak_link,
        ordered_threshold=params.ordered_threshold,
        merge_threshold=params.merge_threshold,
        min_words=params.min_words,
    )
    scores = 100.0 * probability(features, ORDERED if options.ordered else UNORDERED)
    if options.ordered:
        chain = monotone_chain(rows, cols, scores, params.ordered_threshold)
        pairs = merge_leftovers(rows, cols, scores, chain, left_units, right_units, related_params)
        fuzzy_of = {(int(rows[p]), int(cols[p])): float(features[p, 1]) for p in chain}
        chosen = [(a, b, s, 100.0 * fuzzy_of[(int(rows[p]), int(cols[p]))])
                  for (a, b, s), p in zip(pairs, chain, strict=True)]  # fmt: skip
    else:
        keep = readable_selection(
            rows, cols, scores, options.max_partners, left_units, right_units, related_params
        )
        chosen = [
            (left_units.passages[r].span, right_units.passages[c].span, float(s), 100.0 * f)
            for r, c, s, f in zip(
                rows[keep], cols[keep], scores[keep], features[keep, 1], strict=True
            )
        ]
    related = [
        Link(
            LinkKind.RELATED,
            a,
            b,
            round(s, 1),
            relation_of(a.of(left.text), b.of(right.text), fuzzy),
        )
        for a, b, s, fuzzy in chosen
        if not any(q.left.overlaps(a) and q.right.overlaps(b) for q in quotes)
    ]
    links = [link for link in quotes + related if link.score >= options.min_score]
    links.sort(key=lambda link: (link.left.start, link.right.start, link.kind.value))
    if progress is not None:
        progress.report(1.0, "Refined")
    return Alignment(tuple(links), options)


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
    progress: Progress | None = None,
    params: RefineParams = RefineParams(),
    embed: Embed | None = None,
) -> Candidates:
    """Sentence pairs worth scoring (lexical or embedding neighbours) and their features."""
    if progress is not None:
        progress.report(0.0, "Reading words")
    left_tokens, right_tokens = tokenize(left), tokenize(right)
    vocabulary, left_ids, right_ids = encode(left_tokens, right_tokens)
    left_units = units_of(_body_sentences(left), left_tokens)
    right_units = units_of(_body_sentences(right), right_tokens)
    vectors = passage_vectors(
        vocabulary,
        left_ids,
        left_units.of_token,
        len(left_units.passages),
        right_ids,
        right_units.of_token,
        len(right_units.passages),
    )
    left_vectors = passage_embeddings(
        left,
        [p.span for p in left_units.passages],
        cache,
        progress.sub(0.05, 0.5) if progress else None,
        embed,
    )
    right_vectors = passage_embeddings(
        right,
        [p.span for p in right_units.passages],
        cache,
        progress.sub(0.5, 0.95) if progress else None,
        embed,
    )
    if progress is not None:
        progress.report(0.95, "Weighing meaning")
    if not left_units.passages or not right_units.passages:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(left_units, right_units, empty, empty, np.zeros((0, 4)))
    rows, cols = candidate_pairs(
        vectors.left_words, vectors.right_words, left_vectors, right_vectors, params
    )
    ok = (left_units.sizes[rows] >= params.min_words) & (
        right_units.sizes[cols] >= params.min_words
    )
    rows, cols = rows[ok], cols[ok]
    features = pair_features(
        vectors.left, vectors.right, left_vectors, right_vectors, rows, cols, left, right,
        left_units, right_units,
    )  # fmt: skip
    return Candidates(left_units, right_units, rows, cols, features)


def candidate_pairs(
    left_words: sp.csr_matrix,
    right_words: sp.csr_matrix,
    left_vectors: FloatMatrix,
    right_vectors: FloatMatrix,
    params: RefineParams,
) -> tuple[IntArray, IntArray]:
    """Sorted unique (left, right) passage pairs: TF-IDF candidates plus embedding neighbours."""
    rows, cols = candidates(left_words, right_words, RelatedParams(), None)
    e_rows, e_cols = _dense_neighbours(left_vectors, right_vectors, params.neighbours, params.chunk)
    b_cols, b_rows = _dense_neighbours(right_vectors, left_vectors, params.neighbours, params.chunk)
    width = max(1, len(right_vectors))
    keys = np.unique(
        np.concatenate([rows * width + cols, e_rows * width + e_cols, b_rows * width + b_cols])
    )
    return keys // width, keys % width


def _dense_neighbours(
    a: FloatMatrix, b: FloatMatrix, k: int, chunk: int
) -> tuple[IntArray, IntArray]:
    """For each row of ``a``, the ``k`` rows of ``b`` with the highest dot product."""
    if len(a) == 0 or len(b) == 0 or k <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    k = min(k, len(b))
    all_rows: list[IntArray] = []
    all_cols: list[IntArray] = []
    for start in range(0, len(a), chunk):
        block = a[start : start + chunk] @ b.T
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        all_rows.append(np.repeat(np.arange(start, start + len(block), dtype=np.int64), k))
        all_cols.append(top.ravel().astype(np.int64))
    return np.concatenate(all_rows), np.concatenate(all_cols)


def pair_features(
    left_tfidf: sp.csr_matrix,
    right_tfidf: sp.csr_matrix,
    left_vectors: FloatMatrix,
    right_vectors: FloatMatrix,
    rows: IntArray,
    cols: IntArray,
    left: Document,
    right: Document,
    left_units: Units,
    right_units: Units,
) -> FloatArray:
    """Columns: TF-IDF cosine, token_set_ratio / 100, embedding cosine, position gap."""
    features = np.zeros((len(rows), 4), dtype=np.float64)
    if not len(rows):
        return features
    product = left_tfidf[rows].multiply(right_tfidf[cols])
    features[:, 0] = np.asarray(product.sum(axis=1)).ravel()
    texts_l, texts_r = left_units.texts, right_units.texts
    features[:, 1] = [
        fuzz.token_set_ratio(texts_l[r], texts_r[c]) / 100.0
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    features[:, 2] = np.einsum("ij,ij->i", left_vectors[rows], right_vectors[cols])
    starts_l = np.asarray([p.span.start for p in left_units.passages], dtype=np.float64)
    starts_r = np.asarray([p.span.start for p in right_units.passages], dtype=np.float64)
    features[:, 3] = np.abs(
        starts_l[rows] / max(1, len(left.text)) - starts_r[cols] / max(1, len(right.text))
    )
    return features
