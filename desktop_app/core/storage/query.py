"""``AnnotationQuery``: what the notes dock asks the store for, a plain value.

Apart from ``annotation_store`` so the window's dock can build one before the
database (and SQLAlchemy) is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.annotations import Colour


@dataclass(frozen=True, slots=True)
class AnnotationQuery:
    """What ``AnnotationStore.list`` narrows to; every field left empty means "any"."""

    document: str | None = None  # sha256
    comparison: str | None = None  # comparison id: annotations on any of its documents
    tags: tuple[str, ...] = ()  # all of them
    colour: Colour | None = None
    text: str = ""  # case-insensitive substring of the note, the quote, a tag or the author
    include_deleted: bool = False
    author: str = ""  # who made it (exactly)
