"""Loading documents: ``load(path)`` turns a file into a ``Document``.

One loader module per format; this package only dispatches. Other engineers
code against ``load`` and ``SUPPORTED_SUFFIXES``; keep those names stable.
"""

from __future__ import annotations

from desktop_app.core.documents.loader import SUPPORTED_SUFFIXES, load
from desktop_app.core.documents.plaintext import blocks_from_plain_text, document_from_text

__all__ = ["SUPPORTED_SUFFIXES", "blocks_from_plain_text", "document_from_text", "load"]
