"""Guessing a file's real format from its first bytes, for files whose suffix lies."""

from __future__ import annotations

import io
import zipfile

from desktop_app.core.model import DocumentFormat

_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")


def sniff_format(data: bytes) -> DocumentFormat | None:
    """The format the bytes are in, if their magic says so; None for "some text"."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or b"%PDF-" in head:
        return DocumentFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(_HTML_STARTS) and b"<html" in data[:4096].lower():
        return DocumentFormat.HTML
    return None


def is_binary_container(data: bytes) -> bool:
    """True for zip/PDF bytes, which must never be decoded as text."""
    return data[:4] == b"PK\x03\x04" or b"%PDF-" in data[:1024]


def _sniff_zip(data: bytes) -> DocumentFormat | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DocumentFormat.DOCX
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:64].strip()
                if mimetype == b"application/epub+zip":
                    return DocumentFormat.EPUB
            if "META-INF/container.xml" in names:
                return DocumentFormat.EPUB
    except Exception:  # any zip damage (NotImplementedError, EOFError, zlib.error...):
        return None  # a guess that fails is "unknown"; the format's loader says why
    return None
