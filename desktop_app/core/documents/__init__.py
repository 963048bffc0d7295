"""Loading documents: ``load(path)`` turns a file into a ``Document``.

One loader module per format; this package only dispatches. Other engineers
code against ``load`` and ``SUPPORTED_SUFFIXES``; keep those names stable.

The names are imported on first use (PEP 562): a PDF worker process imports
``pdf_worker`` and ``pdf_extract`` from this package, and importing the loader
(every format's detection, charset_normalizer) with them only delayed its start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.lazy import exports

if TYPE_CHECKING:
    from desktop_app.core.documents.loader import SUPPORTED_SUFFIXES, load
    from desktop_app.core.documents.plaintext import blocks_from_plain_text, document_from_text

__all__ = ["SUPPORTED_SUFFIXES", "blocks_from_plain_text", "document_from_text", "load"]

_HOMES = {
    "SUPPORTED_SUFFIXES": "loader",
    "load": "loader",
    "blocks_from_plain_text": "plaintext",
    "document_from_text": "plaintext",
}

__getattr__ = exports(__name__, _HOMES)
