"""Highlight quotes in a PDF: the pymupdf half of the annotated-PDF export.

Runs inside a PDF worker process (``pdf_worker.annotate_pdf``), on the document the
worker opened after checking its hash, so a hostile file (a page tree that loops
back on itself, a compression bomb) meets the same memory cap and per-page time
limit as loading: ``tick("page")`` is called before each page is touched (``tick("save")``
before the copy is written), and the parent
kills a worker whose page takes too long. Takes and returns plain picklable data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from desktop_app.core.analyst import FALLBACK

_rect: Any = pymupdf.Rect
_pdf_string: Any = pymupdf.get_pdf_str


@dataclass(frozen=True, slots=True)
class Highlight:
    """One quote to highlight: at ``rects`` (page, x0, y0, x1, y1) when the loaded
    document's geometry gave them, else wherever ``needle`` is found (``page`` first)."""

    needle: str
    page: int | None
    rects: tuple[tuple[int, float, float, float, float], ...]
    colour: tuple[float, float, float]
    note: str
    subject: str
    # The Verso annotation id, written as /NM so a later export can be matched to this
    # one ("<id>" on the quote's first page, "<id>-p<n>" on the n-th page it runs onto;
    # those carry no comment of their own, grouped with the first: ``_group_with``).
    name: str = ""
    author: str = ""  # /T: who made the note
    created: str = ""  # /CreationDate and /M, PDF dates ("D:20240102030405Z")
    modified: str = ""


@dataclass(frozen=True, slots=True)
class Highlighted:
    data: bytes  # the annotated copy
    highlights: int
    warnings: tuple[str, ...]


def highlight_quotes(
    pdf: Any, highlights: Sequence[Highlight], name: str, tick: Callable[[str], None]
) -> Highlighted:
    """Add a highlight annotation per quote to ``pdf`` (open) and return its bytes."""
    warnings: list[str] = []
    count = 0
    for item in highlights:
        by_page: dict[int, list[Any]] = {}
        for page, x0, y0, x1, y1 in item.rects:
            by_page.setdefault(page, []).append(_rect(x0, y0, x1, y1))
        if not by_page:
            by_page = _search(pdf, item, warnings, tick)
        if not by_page:
            warnings.append(f"Quote not found in {name}: “{item.needle[:60]}”")
            continue
        first = 0  # xref of the quote's highlight on its first page
        for index, (number, rects) in enumerate(sorted(by_page.items())):
            tick("page")
            page = pdf[number]  # held: an annotation needs its page alive
            annot = page.add_highlight_annot(quads=rects)
            annot.set_colors(stroke=item.colour)
            annot.set_info(
                content=item.note if index == 0 else "",  # one comment, on the first page
                title=item.author or FALLBACK,  # the export always names someone
                subject=item.subject,
                creationDate=item.created,
                modDate=item.modified or item.created,
            )
            annot.update()
            if index == 0:
                first = annot.xref
            else:
                _group_with(pdf, annot.xref, first)
            if item.name:
                name = item.name if index == 0 else f"{item.name}-p{index + 1}"
                pdf.xref_set_key(annot.xref, "NM", _pdf_string(name))
            count += 1
    tick("save")
    data = pdf.tobytes(garbage=1, deflate=True)
    return Highlighted(data=data, highlights=count, warnings=tuple(warnings))


def _group_with(pdf: Any, xref: int, primary: int) -> None:
    """Make annotation ``xref`` part of ``primary``'s group (PDF 1.7, 12.5.6.2: /IRT and
    /RT /Group): viewers show the group as one comment, the primary's, instead of the note
    again on each page a quote runs onto."""
    pdf.xref_set_key(xref, "IRT", f"{primary} 0 R")
    pdf.xref_set_key(xref, "RT", "/Group")


def _search(
    pdf: Any, item: Highlight, warnings: list[str], tick: Callable[[str], None]
) -> dict[int, list[Any]]:
    if not item.needle:
        return {}
    pages = [item.page] if item.page is not None and item.page < pdf.page_count else []
    pages += [n for n in range(pdf.page_count) if n not in pages]
    for number in pages:  # the recorded page first, then the rest in order
        tick("page")
        page = pdf[number]
        hits = page.search_for(item.needle)
        if hits:
            text = " ".join(page.get_text().split()).casefold()
            repeats = text.count(item.needle.casefold())  # search_for ignores case too
            if repeats > 1:
                warnings.append(
                    f"“{item.needle[:60]}” occurs {repeats} times on page {number + 1};"
                    " every occurrence was highlighted."
                )
            return {number: list(hits)}
    return {}
