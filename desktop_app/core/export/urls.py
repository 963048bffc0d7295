"""Which URLs from user data may become clickable links: http(s), and local source files.

A ``javascript:`` or ``data:`` URL in a source record must never turn into a
link in an exported report, where one click would run it. A source file's own
absolute path becomes a ``file:`` URL (percent-encoded by ``pathlib``).
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit


def file_url(path: str | None) -> str | None:
    """A ``file:`` URL for an absolute path (POSIX or Windows), else None."""
    if not path or any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):
        return None
    for flavour in (PurePosixPath, PureWindowsPath):
        candidate = flavour(path)
        if candidate.is_absolute():
            return candidate.as_uri()
    return None


def safe_http_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None."""
    if not url:
        return None
    candidate = url.strip()
    # Control characters and spaces let browsers read a different scheme than we do.
    if any(ord(ch) < 0x21 or ch == "\x7f" for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate
