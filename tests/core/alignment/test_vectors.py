"""TF-IDF rows kept as two parts (words, characters) score as the stacked rows would."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from desktop_app.core.alignment.related import units_of
from desktop_app.core.alignment.tokens import encode, tokenize
from desktop_app.core.alignment.vectors import pair_cosine, passage_vectors
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.segmentation import sentences

LEFT = (
    "In the beginning was the Word, and the Word was with God. The light shineth in darkness. "
    "There was a man sent from God, whose name was John. He came for a witness of the light."
)
RIGHT = (
    "In the beginning was the Word, and the Word was with God. And the light shines in the "
    "darkness. There came a man, sent from God, whose name was John. He came as a witness."
)


def test_the_cosine_of_the_parts_is_the_cosine_of_the_stacked_rows() -> None:
    left, right = document_from_text(LEFT), document_from_text(RIGHT)
    lt, rt = tokenize(left), tokenize(right)
    vocabulary, li, ri = encode(lt, rt)
    lu, ru = units_of(tuple(sentences(left)), lt), units_of(tuple(sentences(right)), rt)
    vectors = passage_vectors(
        vocabulary, li, lu.of_token, len(lu.passages), ri, ru.of_token, len(ru.passages)
    )

    def stacked(side: object) -> np.ndarray:
        words, weight = side.words, side.word_weight  # type: ignore[attr-defined]
        chars = side.chars.rows(np.arange(words.shape[0]))  # type: ignore[attr-defined]
        return np.asarray(sp.hstack([words * weight, chars]).todense(), dtype=np.float64)

    dense_l, dense_r = stacked(vectors.left), stacked(vectors.right)
    assert np.allclose(np.linalg.norm(dense_l, axis=1), 1.0, atol=1e-5)  # rows of unit length
    rows, cols = np.divmod(np.arange(len(lu.passages) * len(ru.passages)), len(ru.passages))
    expected = np.einsum("ij,ij->i", dense_l[rows], dense_r[cols])
    measured = pair_cosine(vectors.left, vectors.right, rows, cols)
    assert np.allclose(measured, expected, atol=1e-6)
    assert vectors.left.shape == dense_l.shape
    assert measured.max() > 0.99  # the sentence both sides share word for word


def test_character_rows_made_on_demand_are_the_whole_matrix_rows_bit_for_bit() -> None:
    """Rows made from word counts when scoring asks equal the rows of the whole
    passage x n-gram matrix weighted at once (how they were held before), exactly."""
    from desktop_app.core.alignment.vectors import _char_matrix, _counts, _tfidf

    left, right = document_from_text(LEFT * 3), document_from_text(RIGHT * 2)
    lt, rt = tokenize(left), tokenize(right)
    vocabulary, li, ri = encode(lt, rt)
    lu, ru = units_of(tuple(sentences(left)), lt), units_of(tuple(sentences(right)), rt)
    vectors = passage_vectors(
        vocabulary, li, lu.of_token, len(lu.passages), ri, ru.of_token, len(ru.passages)
    )
    grams = _char_matrix(vocabulary)
    counts_l = _counts(li, lu.of_token, len(lu.passages), len(vocabulary))
    counts_r = _counts(ri, ru.of_token, len(ru.passages), len(vocabulary))
    whole_l, whole_r = _tfidf(counts_l @ grams, counts_r @ grams, float(np.sqrt(0.5)))
    for side, whole in ((vectors.left, whole_l), (vectors.right, whole_r)):
        which = np.asarray([2, 0, 1][: whole.shape[0]])
        made, expected = side.chars.rows(which), whole[which]
        assert made.nnz > 0
        assert np.array_equal(made.indptr, expected.indptr)
        assert np.array_equal(made.indices, expected.indices)
        assert np.array_equal(made.data, expected.data)  # bit for bit, not close
