"""The error every export failure becomes, so callers catch one VersoError type."""

from __future__ import annotations

from desktop_app.core.errors import VersoError


class ExportError(VersoError):
    """An export could not be written; the message says what to change."""


class ImportFormatError(VersoError):
    """An annotation file could not be read back; the message says where it is wrong."""
