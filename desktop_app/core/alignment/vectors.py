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
import numpy.typing as npt
import scipy.sparse as sp

from desktop_app.core.alignment.seeds import ngram_hashes
from desktop_app.core.alignment.tokens import IntArray

FloatArray = npt.NDArray[np.float64]

_BUCKETS = 1 << 20  # hashed columns for word pairs and for character n-grams
_CHAR_SIZES = (3, 4, 5)


@dataclass(frozen=True, slots=True)
class CharGrams:
    """One side's character n-gram rows, made when asked from the passages' word counts.

    Stored whole, these rows were most of an alignment's memory (180 MB of 290 MB of
    arrays at eight books a side, each word's grams repeated in every passage that
    has it); the word counts and the word x n-gram table they are made from take a
    tenth of that. A row depends only on its own counts and the shared IDF, so a row
    made here is bit for bit the row the whole matrix had.
    """

    counts: sp.csr_matrix  # passage x word counts
    grams: sp.csr_matrix  # word x hashed n-gram counts (both sides share it)
    idf: npt.NDArray[np.float32]  # per n-gram column, over both sides' passages
    scale: float  # each row's length

    @property
    def shape(self) -> tuple[int, int]:
        return (self.counts.shape[0], self.grams.shape[1])

    def rows(self, which: IntArray) -> sp.csr_matrix:
        """The weighted, length-``scale`` rows of passages ``which`` (in that order; each
        is made as often as it is listed, so callers pass distinct passages)."""
        return _weighted(sp.csr_matrix(self.counts[which] @ self.grams), self.idf, self.scale)


@dataclass(frozen=True, slots=True)
class TfIdf:
    """One side's L2-normalised TF-IDF rows, kept as their two parts.

    A row is ``[words * word_weight, chars]``; the two parts are never stacked
    into one matrix: stacking copied every entry (200 MB at eight books a side)
    while both parts were still held.
    """

    words: sp.csr_matrix  # word and word-pair part, unit length
    chars: CharGrams  # character n-gram part, length sqrt(char_weight), made when asked
    word_weight: float  # squared: the words part's share of a row's squared length

    @property
    def shape(self) -> tuple[int, int]:
        return (self.words.shape[0], self.words.shape[1] + self.chars.shape[1])


@dataclass(frozen=True, slots=True)
class PassageVectors:
    """L2-normalised TF-IDF rows (one per passage) for both documents."""

    left: TfIdf
    right: TfIdf

    @property
    def left_words(self) -> sp.csr_matrix:  # word and word-pair part only, for candidate search
        return self.left.words

    @property
    def right_words(self) -> sp.csr_matrix:
        return self.right.words


def pair_cosine(
    left: TfIdf, right: TfIdf, rows: IntArray, cols: IntArray, block: int = 16384
) -> FloatArray:
    """Cosine of left row ``rows[i]`` and right row ``cols[i]`` for each i, in chunks.

    The character n-gram rows of a block of pairs are made once per distinct passage,
    then gathered pair by pair in smaller chunks, as the word rows are.
    """
    cosine = np.zeros(len(rows), dtype=np.float64)
    step = 4096
    for outer in range(0, len(rows), block):
        rows_b, cols_b = rows[outer : outer + block], cols[outer : outer + block]
        distinct_l, of_l = np.unique(rows_b, return_inverse=True)
        distinct_r, of_r = np.unique(cols_b, return_inverse=True)
        chars_l, chars_r = left.chars.rows(distinct_l), right.chars.rows(distinct_r)
        for start in range(0, len(rows_b), step):
            part = slice(start, start + step)
            a, b = rows_b[part], cols_b[part]
            words = left.words[a].multiply(right.words[b])
            chars = chars_l[of_l[part]].multiply(chars_r[of_r[part]])
            cosine[outer + start : outer + start + len(a)] = (
                left.word_weight
                * right.word_weight
                * np.asarray(words.sum(axis=1), dtype=np.float64).ravel()
                + np.asarray(chars.sum(axis=1), dtype=np.float64).ravel()
            )
    return cosine


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
    grams = _char_matrix(vocabulary)
    words_l = _counts(left_ids, left_units, left_count, len(vocabulary))
    words_r = _counts(right_ids, right_units, right_count, len(vocabulary))
    pairs_l = _pair_counts(left_ids, left_units, left_count)
    pairs_r = _pair_counts(right_ids, right_units, right_count)
    idf = _idf(_gram_df(words_l, grams) + _gram_df(words_r, grams), left_count + right_count)
    scale = float(np.sqrt(char_weight))
    chars_l = CharGrams(words_l, grams, idf.astype(np.float32), scale)
    chars_r = CharGrams(words_r, grams, chars_l.idf, scale)
    words_l, words_r = _tfidf(sp.hstack([words_l, pairs_l]), sp.hstack([words_r, pairs_r]))
    # Every part has sorted indices: row subsets taken for scoring are then multiplied
    # without being re-sorted (4x the scoring time).
    word_weight = float(np.sqrt(1.0 - char_weight))
    return PassageVectors(
        TfIdf(words_l, chars_l, word_weight), TfIdf(words_r, chars_r, word_weight)
    )


def _gram_df(counts: sp.csr_matrix, grams: sp.csr_matrix, step: int = 4096) -> IntArray:
    """Passages having each n-gram column, from the passage x n-gram product made a
    block of rows at a time (the whole product is never held)."""
    df = np.zeros(grams.shape[1], dtype=np.int64)
    for start in range(0, counts.shape[0], step):
        block = sp.csr_matrix(counts[start : start + step] @ grams)
        df += np.bincount(block.indices, minlength=grams.shape[1])
    return df


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
    df = np.bincount(left.indices, minlength=left.shape[1]) + np.bincount(
        right.indices, minlength=right.shape[1]
    )
    idf = _idf(df, left.shape[0] + right.shape[0])
    return _weighted(left, idf, scale), _weighted(right, idf, scale)


def _idf(df: IntArray, units: int) -> FloatArray:
    """Smoothed inverse document frequency over ``units`` passages (both sides)."""
    return np.asarray(np.log((1.0 + units) / (1.0 + df)) + 1.0, dtype=np.float64)


def _weighted(matrix: sp.csr_matrix, idf: np.ndarray, scale: float) -> sp.csr_matrix:
    """Weights and row lengths set on the data array (no sparse products), indices sorted.

    Single precision, computed in place (``matrix``'s own data when it is float32
    already: the callers' matrices are temporaries): a book pair's character n-gram
    matrix has tens of millions of entries, and each float64 temporary of that
    length cost a hundred megabytes or more at eight books a side.
    """
    matrix.sum_duplicates()  # also sorts the indices
    data = matrix.data if matrix.data.dtype == np.float32 else matrix.data.astype(np.float32)
    np.log(data, out=data)
    data += 1.0
    data *= idf.astype(np.float32, copy=False)[matrix.indices]
    counts = np.diff(matrix.indptr)
    filled = counts > 0
    # Row sums of squares at the rows that have entries (reduceat spans the empty ones).
    sums = np.add.reduceat(data * data, matrix.indptr[:-1][filled]) if len(data) else data
    factors = np.ones(matrix.shape[0], dtype=np.float32)
    factors[filled] = scale / np.sqrt(sums)
    data *= np.repeat(factors, counts)
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)
