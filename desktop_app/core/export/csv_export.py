"""CSV for spreadsheets: one row per excerpt, pairs in left and right columns.

RFC 4180 quoting with CRLF row ends, UTF-8 with a BOM (Excel guesses the
encoding otherwise), and any cell that a spreadsheet would read as a formula
(starting with = + - @ tab or CR, after any control characters) is prefixed with ``'`` so
it stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote

_QUOTE_FIELDS = ("title", "path", "page", "prefix", "quote", "suffix", "start", "end")

HEADER: tuple[str, ...] = (
    "id",
    "type",
    "comparison",
    "note",
    "tags",
    "colour",
    "relation",
    "link_kind",
    "score",
    "created",
    "modified",
    "author",
    *(f"left_{name}" for name in _QUOTE_FIELDS),
    *(f"right_{name}" for name in _QUOTE_FIELDS),
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Control characters some spreadsheets drop before reading a cell ("\x00=1+1" ran as a formula).
_CONTROLS = "".join(map(chr, range(0x20)))


def neutralise(cell: str) -> str:
    """``cell`` with a leading ``'`` if a spreadsheet would run it as a formula, also after
    leading control characters it would drop."""
    risky = cell.startswith(_FORMULA_STARTS) or cell.lstrip(_CONTROLS).startswith(_FORMULA_STARTS)
    return "'" + cell if risky else cell


def _quote_cells(quote: Quote | None) -> list[str]:
    if quote is None:
        return [""] * len(_QUOTE_FIELDS)
    return [
        quote.source.display_name,
        quote.source.path or "",
        "" if quote.page is None else str(quote.page + 1),
        quote.prefix,
        quote.exact,
        quote.suffix,
        "" if quote.span is None else str(quote.span.start),
        "" if quote.span is None else str(quote.span.end),
    ]


def _row(excerpt: AnyExcerpt) -> list[str]:
    if isinstance(excerpt, Excerpt):
        kind, left, right, relation, link_kind, score = "excerpt", excerpt.quote, None, "", "", ""
    else:
        kind, left, right, relation = "pair", excerpt.left, excerpt.right, excerpt.relation
        link_kind = excerpt.link_kind.value if excerpt.link_kind else ""
        score = "" if excerpt.score is None else f"{excerpt.score:g}"
    return [
        excerpt.id,
        kind,
        excerpt.comparison,
        excerpt.note,
        "; ".join(excerpt.tags),
        excerpt.colour or "",
        relation,
        link_kind,
        score,
        excerpt.created.isoformat() if excerpt.created else "",
        excerpt.modified.isoformat() if excerpt.modified else "",
        excerpt.author,
        *_quote_cells(left),
        *_quote_cells(right),
    ]


def render_csv(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> str:
    """The table as text; encode with ``utf-8-sig`` for the BOM (``export`` does)."""
    del options  # a table has no title or sections
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for excerpt in excerpts:
        writer.writerow([neutralise(cell) for cell in _row(excerpt)])
    return buffer.getvalue()
