"""``PdfGeometry``: where each character of a PDF's clean text sits on its page.

Kept apart from ``pdf.py`` (the loader) so the window can hold and query a
PDF's geometry without importing the PDF parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.model import PageRect, Span

if TYPE_CHECKING:  # numpy comes with the arrays; the window imports this before any exist
    import numpy as np
    import numpy.typing as npt

    from desktop_app.core.documents.pdf_worker import PdfSource
    from desktop_app.core.textnorm import OffsetMap


class PdfGeometry:
    """Clean-text spans -> glyph rectangles, from compact per-character arrays.

    Also carries what a page view needs: each page's size in points and where to
    read the file again (``source``, with the password that opened it), and where
    the page furniture left out of the text was drawn (``furniture``).
    """

    def __init__(
        self,
        offsets: OffsetMap,
        synthetic: npt.NDArray[np.bool_],
        boxes: npt.NDArray[np.float32],
        char_line: npt.NDArray[np.int32],
        line_page: npt.NDArray[np.int32],
        *,
        page_sizes: tuple[tuple[float, float], ...] = (),
        source: PdfSource | None = None,
        furniture: tuple[tuple[PageRect, str], ...] = (),
    ) -> None:
        self._offsets = offsets.array
        self._synthetic = synthetic
        self._boxes = boxes
        self._char_line = char_line
        self._line_page = line_page
        self.page_sizes = page_sizes
        self.source = source
        # Running headers, footers and page numbers: drawn on the pages but not in the text.
        self.furniture = furniture

    def rects(self, span: Span) -> list[PageRect]:
        """One rectangle per line fragment the span covers, in text order."""
        import numpy as np

        end = min(span.end, self._synthetic.size)
        if end <= span.start:
            return []
        real = ~self._synthetic[span.start : end]
        raw = self._offsets[span.start : end][real]
        if raw.size == 0:
            return []
        lines = self._char_line[raw]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(lines)) + 1))
        boxes = self._boxes[raw]
        x0 = np.minimum.reduceat(boxes[:, 0], starts)
        y0 = np.minimum.reduceat(boxes[:, 1], starts)
        x1 = np.maximum.reduceat(boxes[:, 2], starts)
        y1 = np.maximum.reduceat(boxes[:, 3], starts)
        pages = self._line_page[lines[starts]]
        return [
            PageRect(int(p), float(a), float(b), float(c), float(d))
            for p, a, b, c, d in zip(pages, x0, y0, x1, y1, strict=True)
        ]

    def page_of(self, offset: int) -> int | None:
        """0-based page of a text offset (a separator belongs to the block after it)."""
        if offset < 0 or offset >= self._offsets.size or self._char_line.size == 0:
            return None
        raw = min(int(self._offsets[offset]), self._char_line.size - 1)
        return int(self._line_page[self._char_line[raw]])

    def offset_of_page(self, page: int) -> int | None:
        """The first text offset on ``page`` (or a later page), None past the end."""
        import numpy as np

        if self._char_line.size == 0:
            return None
        lines = np.flatnonzero(self._line_page >= page)
        if lines.size == 0:
            return None
        raw = int(np.searchsorted(self._char_line, lines[0], side="left"))
        offset = int(np.searchsorted(self._offsets, raw, side="left"))
        return min(offset, max(0, self._offsets.size - 2))
