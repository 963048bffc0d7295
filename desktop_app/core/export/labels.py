"""Plain-text labels shared by the report formats, so they all say the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from desktop_app.core.export.excerpts import AnyExcerpt, PairExcerpt, Quote


def source_label(quote: Quote) -> str:
    """ "Title, p. 3", "Title, pp. 3–4", "Title, para. 12" (or just the title)."""
    name = quote.source.display_name
    return f"{name}, {quote.place_label}" if quote.place_label else name


def file_label(quote: Quote) -> str:
    """The source's file name when the title does not already say it, else ""."""
    if not quote.source.path:
        return ""
    name = PurePath(quote.source.path).name
    return "" if name == quote.source.display_name else name


def pair_label(pair: PairExcerpt) -> str:
    """What kind of link a pair is: "Quote link, score 92.5 · rebuts" or "Linked passages"."""
    if pair.link_kind is None:
        label = "Linked passages"
    else:
        label = f"{pair.link_kind.value.capitalize()} link"
    if pair.score is not None:
        label += f", score {pair.score:.1f}"
    if pair.relation:
        label += f" · {pair.relation}"
    return label


def count_label(excerpts: Sequence[AnyExcerpt]) -> str:
    """ "5 excerpts (2 linked pairs)"."""
    total = len(excerpts)
    pairs = sum(isinstance(e, PairExcerpt) for e in excerpts)
    text = f"{total} excerpt{'' if total == 1 else 's'}"
    if pairs:
        text += f" ({pairs} linked pair{'' if pairs == 1 else 's'})"
    return text
