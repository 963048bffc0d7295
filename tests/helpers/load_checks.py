"""What "a sane Document" and "a clear error" mean, checked the same way everywhere."""

from __future__ import annotations

import hashlib
from itertools import pairwise
from pathlib import Path

from desktop_app.core.errors import DocumentError
from desktop_app.core.model import Document
from tests.helpers.hostile import SECRET_ATTACHMENT, SECRET_JS, SECRET_SCRIPT

SECRETS = (SECRET_JS, SECRET_ATTACHMENT, SECRET_SCRIPT)


def assert_sane(document: Document, path: Path) -> None:
    """Spans in bounds and in order, offset maps monotone, no active content in the text."""
    text = document.text
    assert document.path == path
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    previous_end = 0
    for block in document.blocks:
        assert previous_end <= block.span.start < block.span.end <= len(text), block
        chunk = block.span.of(text)
        assert chunk.strip() == chunk, f"block {block} is not trimmed: {chunk!r}"
        previous_end = block.span.end
    if document.source_offsets is not None:
        offsets = list(document.source_offsets)
        assert len(offsets) == len(text) + 1
        assert offsets[0] >= 0
        assert all(a <= b for a, b in pairwise(offsets))
    if document.geometry is not None and text:
        page = document.geometry.page_of(0)
        assert page is not None and 0 <= page < (document.page_count or 0)
    everything = " ".join((text, document.title, *document.warnings))
    for secret in SECRETS:
        assert secret not in everything


def assert_clear_error(error: DocumentError, path: Path, words: tuple[str, ...]) -> None:
    """One line a person can act on: it names the file and says what is wrong."""
    message = str(error)
    assert path.name in message
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message.lower(), f"{word!r} not in {message!r}"
