"""CSV for spreadsheets and data tools: one row per excerpt, pairs in left and right columns.

RFC 4180 quoting with CRLF row ends, UTF-8 with a BOM (Excel guesses the
encoding otherwise), and any cell that a spreadsheet would read as a formula
(starting with = + - @ tab or CR, after any control characters) is prefixed with ``'`` so
it stays text. What the guard changed is kept exactly in a column of its own,
``unguarded``: a JSON object of the prefixed cells' original values by column
(``{"note": "=SUM(A1)"}``, empty when no cell was touched). JSON starts with
``{``, so a spreadsheet never runs it, and a data tool gets every value back
unchanged (``row["note"]`` unless ``unguarded`` names it).

What a reader looks for comes first (the note, the quotes and where they are);
identifiers, offsets and context come last. The context cells (``*_prefix``,
``*_suffix``) hold what the reports show around a quote (``export.context``: whole
words, one line, ``context_sentences`` either side), not the selector's raw 32
characters, which cut words and made rows several lines tall in a spreadsheet; the
exact selectors are in the W3C JSON export. Dates are UTC as "2024-03-01 09:30:00",
the form Calc, Excel and pandas all read as a date and time (ISO 8601 with an offset
stays text in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from desktop_app.core.export.context import selector_context
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote

_QUOTE_FIELDS = ("quote", "title", "page", "last_page")  # read first, per side
_PLACE_FIELDS = ("prefix", "suffix", "path", "start", "end")  # context and offsets, last

HEADER: tuple[str, ...] = (
    "note",
    *(f"left_{name}" for name in _QUOTE_FIELDS),
    *(f"right_{name}" for name in _QUOTE_FIELDS),
    "tags",
    "relation",
    "comparison",
    "type",
    "colour",
    "link_kind",
    "score",
    "created",
    "modified",
    "author",
    *(f"left_{name}" for name in _PLACE_FIELDS),
    *(f"right_{name}" for name in _PLACE_FIELDS),
    "id",
    "unguarded",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Control characters some spreadsheets drop before reading a cell ("\x00=1+1" ran as a formula).
_CONTROLS = "".join(map(chr, range(0x20)))


def neutralise(cell: str) -> str:
    """``cell`` with a leading ``'`` if a spreadsheet would run it as a formula, also after
    leading control characters it would drop."""
    risky = cell.startswith(_FORMULA_STARTS) or cell.lstrip(_CONTROLS).startswith(_FORMULA_STARTS)
    return "'" + cell if risky else cell


def _page(page: int | None) -> str:
    return "" if page is None else str(page + 1)


def spreadsheet_date(moment: datetime | None) -> str:
    """``moment`` in UTC as "YYYY-MM-DD HH:MM:SS" (naive means UTC), "" for none."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _context(quote: Quote) -> tuple[str, str]:
    """The reader's context when the document gave it (none when the quote is its whole
    paragraph, as in the reports), else the selector's, trimmed."""
    if quote.paragraph is not None or quote.before or quote.after:
        before, after = quote.before, quote.after
    else:
        before, after = selector_context(quote.prefix, quote.suffix)
    return before.strip(), after.strip()


def _quote_cells(quote: Quote | None) -> dict[str, str]:
    if quote is None:
        return {}
    last = quote.last_page if quote.last_page is not None and quote.page is not None else None
    before, after = _context(quote)
    return {
        "quote": quote.exact,
        "title": quote.source.display_name,
        "page": _page(quote.page),
        "last_page": _page(last if last is not None else quote.page),
        "prefix": before,
        "suffix": after,
        "path": quote.source.path or "",
        "start": "" if quote.span is None else str(quote.span.start),
        "end": "" if quote.span is None else str(quote.span.end),
    }


def _row(excerpt: AnyExcerpt) -> dict[str, str]:
    if isinstance(excerpt, Excerpt):
        kind, left, right, relation, link_kind, score = "excerpt", excerpt.quote, None, "", "", ""
    else:
        kind, left, right, relation = "pair", excerpt.left, excerpt.right, excerpt.relation
        link_kind = excerpt.link_kind.value if excerpt.link_kind else ""
        score = "" if excerpt.score is None else f"{excerpt.score:g}"
    cells = {
        "id": excerpt.id,
        "type": kind,
        "comparison": excerpt.comparison,
        "note": excerpt.note,
        "tags": "; ".join(excerpt.tags),
        "colour": excerpt.colour or "",
        "relation": relation,
        "link_kind": link_kind,
        "score": score,
        "created": spreadsheet_date(excerpt.created),
        "modified": spreadsheet_date(excerpt.modified),
        "author": excerpt.author,
    }
    for side, quote in (("left", left), ("right", right)):
        cells.update({f"{side}_{name}": value for name, value in _quote_cells(quote).items()})
    return cells


def _guarded(cells: dict[str, str]) -> list[str]:
    """The row in ``HEADER`` order, formulas neutralised, the originals in ``unguarded``."""
    row: list[str] = []
    originals: dict[str, str] = {}
    for name in HEADER[:-1]:
        value = cells.get(name, "")
        safe = neutralise(value)
        if safe != value:
            originals[name] = value
        row.append(safe)
    row.append(json.dumps(originals, ensure_ascii=False) if originals else "")
    return row


def render_csv(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> str:
    """The table as text; encode with ``utf-8-sig`` for the BOM (``export`` does)."""
    del options  # a table has no title or sections
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for excerpt in excerpts:
        writer.writerow(_guarded(_row(excerpt)))
    return buffer.getvalue()
