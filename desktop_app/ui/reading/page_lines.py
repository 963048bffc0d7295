"""Where a PDF's text lines sit on their pages, with the text offset each starts at.

The page view must answer the questions the text view answers with its cursor
("which offset is at this height?", "which character is under the mouse?").
``PdfGeometry`` only maps spans to rectangles, so this index finds each line
fragment's first offset by search over ``rects`` (the number of fragments a
span from a line's start covers only grows with its end), once per page, when
the page is first asked about. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.documents.pdf_geometry import PdfGeometry
from desktop_app.core.model import PageRect, Span


@dataclass(frozen=True, slots=True)
class Fragment:
    """One line fragment on a page: its rectangle (points) and the text it covers."""

    rect: PageRect
    span: Span


class PageLines:
    """Line fragments per page for one document, built lazily and kept."""

    def __init__(self, geometry: PdfGeometry, text_length: int, page_count: int) -> None:
        self._geometry = geometry
        self._length = text_length
        self._page_count = page_count
        self._pages: dict[int, list[Fragment]] = {}

    def page_span(self, page: int) -> Span:
        """The text offsets of ``page`` (empty past the text or for a page without text)."""
        start = self._page_start(page)
        end = self._page_start(page + 1) if page + 1 < self._page_count else self._length
        return Span(start, max(start, end))

    def _page_start(self, page: int) -> int:
        found = self._geometry.offset_of_page(page)
        return self._length if found is None else found

    def fragments(self, page: int) -> list[Fragment]:
        """The page's line fragments in text order."""
        cached = self._pages.get(page)
        if cached is not None:
            return cached
        span = self.page_span(page)
        rects = self._geometry.rects(span)
        starts = [span.start]
        for _fragment in rects[1:]:
            starts.append(self._next_start(starts[-1], span.end))
        ends = [*starts[1:], span.end]
        fragments = [
            Fragment(rect, Span(start, max(start, end)))
            for rect, start, end in zip(rects, starts, ends, strict=True)
        ]
        self._pages[page] = fragments
        return fragments

    def _next_start(self, start: int, end: int) -> int:
        """The first offset after ``start`` that begins another fragment (``end`` if none).

        Gallops from ``start`` (a line is short) then bisects, over spans that begin at
        ``start``: each ``rects`` call stays the size of a line or two, not of the page.
        """

        def split(upto: int) -> bool:  # does [start, upto] cover two fragments?
            return len(self._geometry.rects(Span(start, upto + 1))) >= 2

        low, high, step = start + 1, start + 1, 32
        while high < end and not split(high):
            low, high, step = high + 1, min(end, high + step), step * 2
        if high >= end:
            high = end
        while low < high:
            middle = (low + high) // 2
            if split(middle):
                high = middle
            else:
                low = middle + 1
        return low

    def fragment_at(self, page: int, x: float, y: float, slack: float = 1.0) -> Fragment | None:
        """The fragment whose rectangle holds the point (points), if any."""
        for fragment in self.fragments(page):
            r = fragment.rect
            if r.x0 - slack <= x <= r.x1 + slack and r.y0 - slack <= y <= r.y1 + slack:
                return fragment
        return None

    def line_at(self, page: int, y: float) -> Fragment | None:
        """The first fragment (text order) on ``page`` at height ``y``, else the next below."""
        fragments = self.fragments(page)
        across = next((f for f in fragments if f.rect.y0 <= y <= f.rect.y1), None)
        if across is not None:
            return across
        below = [f for f in fragments if f.rect.y0 > y]
        return min(below, key=lambda f: (f.rect.y0, f.span.start)) if below else None

    def offset_in(self, fragment: Fragment, x: float) -> int:
        """The offset of the character of ``fragment`` under horizontal position ``x``."""
        low, high = fragment.span.start, max(fragment.span.start, fragment.span.end - 1)
        while low < high:  # the first character whose right edge reaches ``x``
            middle = (low + high) // 2
            rects = self._geometry.rects(Span(fragment.span.start, middle + 1))
            if rects and rects[-1].x1 >= x:
                high = middle
            else:
                low = middle + 1
        return low
