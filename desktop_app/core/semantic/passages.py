"""Embeddings of a document's passages, from the cache when it has them."""

from __future__ import annotations

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
    known = cache.embeddings(document.sha256, model_id, spans) if cache is not None else {}
    missing = [i for i, span in enumerate(spans) if span not in known]
    for i, span in enumerate(spans):
        if span in known:
            result[i] = known[span]
    if missing:
        texts = [spans[i].of(document.text) for i in missing]
        vectors = (encode or embed)(texts, progress)
        result[missing] = vectors
        if cache is not None:
            cache.store_embeddings(document.sha256, model_id, [spans[i] for i in missing], vectors)
    if progress is not None:
        progress.report(1.0, "Read for meaning")
    return result
