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
        words, chars, weight = side.words, side.chars, side.word_weight  # type: ignore[attr-defined]
        return np.asarray(sp.hstack([words * weight, chars]).todense(), dtype=np.float64)

    dense_l, dense_r = stacked(vectors.left), stacked(vectors.right)
    assert np.allclose(np.linalg.norm(dense_l, axis=1), 1.0, atol=1e-5)  # rows of unit length
    rows, cols = np.divmod(np.arange(len(lu.passages) * len(ru.passages)), len(ru.passages))
    expected = np.einsum("ij,ij->i", dense_l[rows], dense_r[cols])
    measured = pair_cosine(vectors.left, vectors.right, rows, cols)
    assert np.allclose(measured, expected, atol=1e-6)
    assert vectors.left.shape == dense_l.shape
    assert measured.max() > 0.99  # the sentence both sides share word for word
