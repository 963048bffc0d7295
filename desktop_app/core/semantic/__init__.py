"""Meaning-level similarity: a small sentence-embedding model run offline on the CPU.

``embed`` turns texts into unit vectors; ``passage_embeddings`` does it for a
document's passages through the cache. The model and its tokenizer load
lazily on first use, so importing this package costs nothing.
"""

from desktop_app.core.errors import ModelUnavailable
from desktop_app.core.semantic.model import MODEL_ID, embed
from desktop_app.core.semantic.passages import passage_embeddings

__all__ = ["MODEL_ID", "ModelUnavailable", "embed", "passage_embeddings"]
