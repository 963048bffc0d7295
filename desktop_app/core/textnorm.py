"""Text rewriting that remembers where every output character came from.

Loaders turn raw material (PDF glyphs, Markdown source, HTML) into clean reading
text; annotations, highlights and exports must still point back into that
material. ``TextBuilder`` records, while the clean text is appended, the source
offset of each output character, so the map is exact by construction instead of
being reconstructed afterwards by fuzzy matching.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from desktop_app.core.model import Span

LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",  # long s + t
    "\ufb06": "st",
}
SOFT_HYPHEN = "\u00ad"
_SPECIAL_GLYPHS = re.compile(f"[{''.join(LIGATURES)}{SOFT_HYPHEN}]")


class OffsetMap(Sequence[int]):
    """Output offset -> source offset, for every offset 0..len(text) inclusive.

    The map is non-decreasing, so source positions can be mapped back with a
    binary search. Stored as one int64 numpy array: a book has a million entries.
    """

    __slots__ = ("_offsets",)

    def __init__(self, offsets: npt.ArrayLike) -> None:
        arr = np.asarray(offsets, dtype=np.int64)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError("an offset map needs at least the end offset")
        self._offsets = arr

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(np.arange(length + 1, dtype=np.int64))

    @property
    def array(self) -> npt.NDArray[np.int64]:
        """The raw offsets (read them, don't write them)."""
        return self._offsets

    def __len__(self) -> int:
        return int(self._offsets.size)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [int(v) for v in self._offsets[index]]
        return int(self._offsets[index])

    def __iter__(self) -> Iterator[int]:
        return (int(v) for v in self._offsets)

    def to_source(self, offset: int) -> int:
        """Source offset of output ``offset`` (0..len(text))."""
        return int(self._offsets[offset])

    def to_source_span(self, span: Span) -> Span:
        """The source range the output ``span`` was made from."""
        start = int(self._offsets[span.start])
        if span.end == span.start:
            return Span(start, start)
        end = int(self._offsets[span.end - 1]) + 1
        return Span(start, max(start, end))

    def from_source(self, source_offset: int) -> int:
        """First output offset whose source is at or after ``source_offset``."""
        return int(np.searchsorted(self._offsets, source_offset, side="left"))

    def from_source_span(self, span: Span) -> Span:
        """The output range made from source ``span`` (empty if it was all dropped)."""
        start = self.from_source(span.start)
        end = self.from_source(span.end)
        return Span(start, max(start, end))


@dataclass(frozen=True, slots=True)
class MappedText:
    """Clean text plus its map into the source; ``synthetic[i]`` marks inserted chars."""

    text: str
    offsets: OffsetMap
    synthetic: npt.NDArray[np.bool_]

    def source_span(self, span: Span) -> Span:
        return self.offsets.to_source_span(span)


class TextBuilder:
    """Appends clean text piece by piece, recording each character's source offset.

    Appends must move forward through the source (offsets never decrease), which
    keeps the map monotone and searchable. Dropping source text is simply not
    appending it.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets: array[int] = array("q")
        self._synthetic = bytearray()
        self._length = 0

    def __len__(self) -> int:
        return self._length

    @property
    def last_source(self) -> int:
        return self._offsets[-1] if self._offsets else 0

    def copy(self, text: str, source_start: int) -> None:
        """Append ``text``, which is verbatim source starting at ``source_start``."""
        n = len(text)
        if n == 0:
            return
        self._check(source_start)
        self._parts.append(text)
        self._offsets.extend(range(source_start, source_start + n))
        self._synthetic.extend(bytes(n))
        self._length += n

    def replace(self, text: str, source_offset: int) -> None:
        """Append ``text`` standing for the source char(s) at ``source_offset``.

        Every output char maps to that offset (e.g. a ligature expanded to "fi").
        """
        self._append_at(text, source_offset, synthetic=False)

    def insert(self, text: str, source_offset: int) -> None:
        """Append ``text`` that has no source of its own (separators, joining spaces)."""
        self._append_at(text, source_offset, synthetic=True)

    def extend(self, text: str, offsets: Iterable[int]) -> None:
        """Append ``text`` with an explicit, non-decreasing source offset per char."""
        before = len(self._offsets)
        self._offsets.extend(offsets)
        added = len(self._offsets) - before
        if added != len(text):
            del self._offsets[before:]
            raise ValueError("one offset per character is needed")
        if added:
            first = self._offsets[before]
            if (before and first < self._offsets[before - 1]) or any(
                self._offsets[i] > self._offsets[i + 1] for i in range(before, before + added - 1)
            ):
                del self._offsets[before:]
                raise ValueError("source offsets must not decrease")
        self._parts.append(text)
        self._synthetic.extend(bytes(added))
        self._length += added

    def build(self, source_end: int) -> MappedText:
        """Finish: ``source_end`` is where the end of the text maps (source length)."""
        self._check(source_end)
        offsets = np.frombuffer(self._offsets, dtype=np.int64).copy()
        offsets = np.append(offsets, np.int64(source_end))
        synthetic = np.frombuffer(bytes(self._synthetic), dtype=np.bool_).copy()
        return MappedText("".join(self._parts), OffsetMap(offsets), synthetic)

    def _append_at(self, text: str, source_offset: int, *, synthetic: bool) -> None:
        n = len(text)
        if n == 0:
            return
        self._check(source_offset)
        self._parts.append(text)
        self._offsets.extend([source_offset] * n)
        self._synthetic.extend(b"\x01" * n if synthetic else bytes(n))
        self._length += n

    def _check(self, source_offset: int) -> None:
        if source_offset < 0 or (self._offsets and source_offset < self._offsets[-1]):
            raise ValueError(f"source offset {source_offset} goes backwards")


def normalize_glyphs(builder: TextBuilder, text: str, source_start: int) -> None:
    """Append ``text`` with ligatures expanded and soft hyphens dropped.

    The common case (nothing to fix) is one verbatim copy, so clean text costs no
    per-character Python work.
    """
    if not _SPECIAL_GLYPHS.search(text):
        builder.copy(text, source_start)
        return
    run_start = 0
    for i, ch in enumerate(text):
        if ch == SOFT_HYPHEN or ch in LIGATURES:
            builder.copy(text[run_start:i], source_start + run_start)
            if ch != SOFT_HYPHEN:
                builder.replace(LIGATURES[ch], source_start + i)
            run_start = i + 1
    builder.copy(text[run_start:], source_start + run_start)


def append_located(
    builder: TextBuilder, piece: str, source: str, cursor: int, limit: int | None = None
) -> int:
    """Append ``piece`` (rendered from ``source`` at or after ``cursor``); return the new cursor.

    Renderers (Markdown, HTML) decode entities and escapes, so a piece is not
    always verbatim source. It is located whole if possible, else character by
    character; a character not found maps to the cursor. Offsets only move forward.
    """
    end = len(source) if limit is None else limit
    if not piece:
        return cursor
    found = source.find(piece, cursor, end)
    if found >= 0:
        builder.copy(piece, found)
        return found + len(piece)
    floor = builder.last_source if len(builder) else 0
    fixed: list[int] = []
    for ch in piece:
        at = source.find(ch, cursor, end)
        if at >= 0 and source.startswith("&", cursor) and at > cursor:
            at = -1  # an entity (&eacute;) stands for this char: don't search past it
        if at >= 0:
            cursor = at + 1
            floor = max(floor, at)
        else:
            floor = max(floor, min(cursor, end))
            semicolon = source.find(";", cursor, min(end, cursor + 40))
            if source.startswith("&", cursor) and semicolon > 0:
                cursor = semicolon + 1
        fixed.append(floor)
    builder.extend(piece, fixed)
    return cursor


def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (after \\n; \\r\\n counts once)."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def offset_of(starts: Sequence[int], line: int, column: int = 0) -> int:
    """Offset of (0-based ``line``, ``column``) given ``line_starts``."""
    if line >= len(starts):
        return starts[-1]
    return starts[line] + column


def line_of(starts: Sequence[int], offset: int) -> int:
    """0-based line containing ``offset``."""
    return bisect.bisect_right(starts, offset) - 1
