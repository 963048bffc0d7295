"""The one mapping between document offsets and pane positions.

Verso's spans count Python code points in ``Document.text``; a Qt text document
counts UTF-16 code units (an emoji is two), turns line ends into block
separators and shows extra text of its own (page markers). The pane records,
while it builds its display, which runs of document text it inserted where;
this module turns that record into both directions of the mapping. No Qt here,
so it is tested on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from desktop_app.core.model import Span

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as Qt counts it."""
    if text.isascii():
        return len(text)
    return len(text) + len(_ASTRAL.findall(text))


class OffsetMap:
    """Runs of document text placed verbatim at pane positions, searchable both ways.

    Document offsets between runs (line ends, blank lines) map to the end of the
    run before them; pane positions outside runs (page markers, separators) map
    to the start of the run after them.
    """

    def __init__(self) -> None:
        self._doc_starts: list[int] = []
        self._doc_ends: list[int] = []
        self._pane_starts: list[int] = []
        self._pane_lengths: list[int] = []
        self._astral: dict[int, list[int]] = {}  # run -> code point indices of astral chars

    def add(self, doc_start: int, text: str, pane_start: int) -> None:
        """Record that ``text`` (``doc_text[doc_start:...]``) sits at ``pane_start``.

        Runs must be added in document order.
        """
        if self._doc_ends and doc_start < self._doc_ends[-1]:
            raise ValueError("runs must be added in document order")
        run = len(self._doc_starts)
        self._doc_starts.append(doc_start)
        self._doc_ends.append(doc_start + len(text))
        self._pane_starts.append(pane_start)
        if text.isascii():
            self._pane_lengths.append(len(text))
            return
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._pane_lengths.append(len(text) + len(astral))
        if astral:
            self._astral[run] = astral

    def __len__(self) -> int:
        return len(self._doc_starts)

    def to_pane(self, offset: int) -> int:
        """The pane position of document ``offset``."""
        if not self._doc_starts:
            return 0
        run = bisect_right(self._doc_starts, offset) - 1
        if run < 0:
            return self._pane_starts[0]
        rel = offset - self._doc_starts[run]
        if offset >= self._doc_ends[run]:
            return self._pane_starts[run] + self._pane_lengths[run]
        astral = self._astral.get(run)
        extra = bisect_right(astral, rel - 1) if astral else 0
        return self._pane_starts[run] + rel + extra

    def to_doc(self, position: int) -> int:
        """The document offset shown at pane ``position`` (the low surrogate maps to its char)."""
        if not self._pane_starts:
            return 0
        run = bisect_right(self._pane_starts, position) - 1
        if run < 0:
            return self._doc_starts[0]
        rel = position - self._pane_starts[run]
        if rel >= self._pane_lengths[run]:
            # Past the run's end: a separator or marker; belongs to the next run.
            if run + 1 < len(self._doc_starts) and rel > self._pane_lengths[run]:
                return self._doc_starts[run + 1]
            return self._doc_ends[run]
        skipped = 0
        for index in self._astral.get(run, ()):
            unit = index + skipped
            if rel >= unit + 2:
                skipped += 1
            elif rel == unit + 1:
                return self._doc_starts[run] + index
            else:
                break
        return self._doc_starts[run] + rel - skipped

    def pane_range(self, span: Span) -> tuple[int, int]:
        """Pane positions [start, end) showing ``span``."""
        return self.to_pane(span.start), self.to_pane(span.end)

    def doc_span(self, start: int, end: int) -> Span:
        """The document span shown between pane positions ``start`` and ``end``."""
        a, b = self.to_doc(start), self.to_doc(end)
        return Span(min(a, b), max(a, b))
