"""TF-IDF vectors of passages over word and character n-grams (scipy.sparse).

Paraphrases and translations share few exact phrases but many content words
and word stems, so passages are compared as weighted bags of words, word
pairs and in-word character 3-5-grams. Character n-grams are computed once per
distinct word and spread to passages by a sparse product, which keeps the cost
linear in the documents' length. IDF is computed over both documents together
so that neither side is privileged (swapping them gives the same vectors).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from desktop_app.core.alignment.seeds import ngram_hashes
from desktop_app.core.alignment.tokens import IntArray

_BUCKETS = 1 << 20  # hashed columns for word pairs and for character n-grams
_CHAR_SIZES = (3, 4, 5)


@dataclass(frozen=True, slots=True)
class PassageVectors:
    """L2-normalised TF-IDF rows (one per passage) for both documents."""

    left: sp.csr_matrix
    right: sp.csr_matrix
    left_words: sp.csr_matrix  # word and word-pair part only, for candidate search
    right_words: sp.csr_matrix


def passage_vectors(
    vocabulary: list[str],
    left_ids: IntArray,
    left_units: IntArray,
    left_count: int,
    right_ids: IntArray,
    right_units: IntArray,
    right_count: int,
    char_weight: float = 0.5,
) -> PassageVectors:
    """Vectors of passages given each token's word id and passage (-1: in no passage)."""
    chars = _char_matrix(vocabulary)
    words_l = _counts(left_ids, left_units, left_count, len(vocabulary))
    words_r = _counts(right_ids, right_units, right_count, len(vocabulary))
    pairs_l = _pair_counts(left_ids, left_units, left_count)
    pairs_r = _pair_counts(right_ids, right_units, right_count)
    chars_l, chars_r = _tfidf(words_l @ chars, words_r @ chars, float(np.sqrt(char_weight)))
    words_l, words_r = _tfidf(sp.hstack([words_l, pairs_l]), sp.hstack([words_r, pairs_r]))
    # Every part has sorted indices, so the stacked rows do too: row subsets taken for
    # scoring are then multiplied without being re-sorted (4x the scoring time).
    word_weight = float(np.sqrt(1.0 - char_weight))  # a Python float keeps float32
    left = sp.hstack([words_l * word_weight, chars_l], format="csr")
    right = sp.hstack([words_r * word_weight, chars_r], format="csr")
    return PassageVectors(left, right, words_l, words_r)


def _counts(ids: IntArray, units: IntArray, count: int, width: int) -> sp.csr_matrix:
    inside = units >= 0
    ones = np.ones(int(inside.sum()), dtype=np.float32)
    matrix = sp.csr_matrix((ones, (units[inside], ids[inside])), shape=(count, width))
    matrix.sum_duplicates()
    return matrix


def _pair_counts(ids: IntArray, units: IntArray, count: int) -> sp.csr_matrix:
    """Counts of consecutive word pairs inside one passage, hashed into buckets."""
    if len(ids) < 2:
        return sp.csr_matrix((count, _BUCKETS))
    hashes = (ngram_hashes(ids, 2) % np.uint64(_BUCKETS)).astype(np.int64)
    same = (units[:-1] == units[1:]) & (units[:-1] >= 0)
    return _counts(hashes[same], units[:-1][same], count, _BUCKETS)


def _char_matrix(vocabulary: list[str]) -> sp.csr_matrix:
    """Word id x hashed character n-gram (of the word padded with spaces) counts."""
    rows: list[int] = []
    cols: list[int] = []
    for word_id, word in enumerate(vocabulary):
        padded = f" {word} "
        for size in _CHAR_SIZES:
            for start in range(len(padded) - size + 1):
                rows.append(word_id)
                cols.append(zlib.crc32(padded[start : start + size].encode()) % _BUCKETS)
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(vocabulary), _BUCKETS))
    matrix.sum_duplicates()
    return matrix


def _tfidf(
    left: sp.spmatrix, right: sp.spmatrix, scale: float = 1.0
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Sublinear tf times smoothed idf (over both sides), rows scaled to length ``scale``."""
    left = sp.csr_matrix(left)
    right = sp.csr_matrix(right)
    units = left.shape[0] + right.shape[0]
    df = np.bincount(left.indices, minlength=left.shape[1]) + np.bincount(
        right.indices, minlength=right.shape[1]
    )
    idf = np.log((1.0 + units) / (1.0 + df)) + 1.0
    return _weighted(left, idf, scale), _weighted(right, idf, scale)


def _weighted(matrix: sp.csr_matrix, idf: np.ndarray, scale: float) -> sp.csr_matrix:
    """Weights and row lengths set on the data array (no sparse products), indices sorted.

    Single precision, computed in place: a book pair's character n-gram matrix has
    tens of millions of entries, and each float64 temporary of that length cost a
    hundred megabytes or more at eight books a side.
    """
    matrix.sum_duplicates()  # also sorts the indices
    data = matrix.data.astype(np.float32)
    np.log(data, out=data)
    data += 1.0
    data *= idf.astype(np.float32)[matrix.indices]
    counts = np.diff(matrix.indptr)
    filled = counts > 0
    # Row sums of squares at the rows that have entries (reduceat spans the empty ones).
    sums = np.add.reduceat(data * data, matrix.indptr[:-1][filled]) if len(data) else data
    factors = np.ones(matrix.shape[0], dtype=np.float32)
    factors[filled] = scale / np.sqrt(sums)
    data *= np.repeat(factors, counts)
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)
