"""A passage or note shown on one line: in the notes list, a tooltip, the command line."""

from __future__ import annotations


def one_line(text: str, length: int = 80) -> str:
    """``text`` with its runs of white space made single spaces, cut to ``length`` with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: max(0, length - 1)].rstrip() + "…"
