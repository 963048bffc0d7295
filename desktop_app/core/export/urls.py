"""Which URLs from user data may become clickable links: http(s) only.

A ``javascript:`` or ``data:`` URL in a source record must never turn into a
link in an exported report, where one click would run it.
"""

from __future__ import annotations

from urllib.parse import urlsplit


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
