"""Export of annotated excerpts: one excerpt model, one module per format.

Callers build ``Excerpt``/``PairExcerpt`` values (``build.py`` does it from the
store) and call ``export(excerpts, format, path, options)``.
"""

from desktop_app.core.export.errors import ExportError, ImportFormatError
from desktop_app.core.export.excerpts import (
    AnyExcerpt,
    Excerpt,
    ExportOptions,
    GroupBy,
    PairExcerpt,
    Quote,
    SourceRef,
)
from desktop_app.core.export.registry import FORMATS, Exporter, Rendered, export
from desktop_app.core.export.w3c_json import parse_w3c_json

__all__ = [
    "FORMATS",
    "AnyExcerpt",
    "Excerpt",
    "ExportError",
    "ExportOptions",
    "Exporter",
    "GroupBy",
    "ImportFormatError",
    "PairExcerpt",
    "Quote",
    "Rendered",
    "SourceRef",
    "export",
    "parse_w3c_json",
]
