"""Reopening a text file the way its notes were made on it.

A text file's encoding is detected, and the guess can change: the user reopens
it with another ("Reopen with Encoding…", ``--encoding``) or a later detector
reads it differently. Notes anchor in the decoded text, so the registry keeps
the encoding each document (by hash) was read with, and a file whose bytes are
unchanged is read with it again. A file that changed is detected afresh: its
bytes may now be in another encoding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DocumentError
from desktop_app.core.model import Document


def load_as_before(
    load: Callable[..., Document],
    path: Path,
    encodings: Mapping[str, str],
    **options: Any,
) -> Document:
    """``load(path, **options)``, read again with the encoding ``encodings`` remembers
    for its hash when that differs from the one detected."""
    document = load(path, **options)
    before = encodings.get(document.sha256)
    if before is None or document.encoding is None or before == document.encoding:
        return document
    try:
        again = load(path, **{**options, "encoding": before})
    except DocumentError:  # a stored name this Python does not know: the detected text
        return document
    return again if again.sha256 == document.sha256 else document
