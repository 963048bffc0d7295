"""Embeddings of a document's passages, from the cache when it has them.

Vectors are cached per (document key, span, model). The file's sha256 alone
does not pin the text a span points into: a newer loader may read the same PDF
differently (page furniture left out, paragraphs joined over page breaks), and
the old vector at the same offsets would then be another passage's. So the key
is the sha256 with a digest of the extracted text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from desktop_app.core.cache import Cache
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Document, Span
from desktop_app.core.semantic.model import DIMENSION, MODEL_ID, FloatMatrix, embed

Embed = Callable[[Sequence[str], Progress | None], FloatMatrix]
"""How texts become vectors; ``None`` where accepted means ``model.embed``."""


def passage_embeddings(
    document: Document,
    spans: Sequence[Span],
    cache: Cache | None = None,
    progress: Progress | None = None,
    encode: Embed | None = None,
    model_id: str = MODEL_ID,
) -> FloatMatrix:
    """One unit vector per span of ``document``; only spans the cache lacks are encoded."""
    result = np.zeros((len(spans), DIMENSION), dtype=np.float32)
    key = embedding_key(document)
    known = cache.embeddings(key, model_id, spans) if cache is not None else {}
    missing = [i for i, span in enumerate(spans) if span not in known]
    for i, span in enumerate(spans):
        if span in known:
            result[i] = known[span]
    if missing:
        texts = [spans[i].of(document.text) for i in missing]
        vectors = (encode or embed)(texts, progress)
        result[missing] = vectors
        if cache is not None:
            cache.store_embeddings(key, model_id, [spans[i] for i in missing], vectors)
    if progress is not None:
        progress.report(1.0, "Read for meaning")
    return result


def embedding_key(document: Document) -> str:
    """The cache key of a document's vectors: its file hash and a digest of its text."""
    digest = hashlib.blake2b(document.text.encode("utf-8", "surrogatepass"), digest_size=12)
    return f"{document.sha256}:{digest.hexdigest()}"
