"""Text blocks that hold two columns' lines, cut back into one block per column.

When a page draws its columns row by row at shared baselines (left line, right
line, left line...), MuPDF builds its blocks in content-stream order, so one
block takes the lines of both columns and reading it top to bottom interleaves
them. Such a block is cut apart here, before the page's reading order is made:

- a line is split where two glyphs are far apart (a gutter inside one MuPDF line);
- the gutters are the empty vertical strips between the pieces (or, when a
  full-width line crosses them, the gaps shared by the rows with several pieces);
- pieces crossing a gutter (a full-width heading) stay blocks of their own, the
  others form one block per column between them, cut again into paragraphs
  where a column leaves a blank row.

Only prose columns are cut (each has a line at least ``COLUMN`` ems wide): the
short cells of a table keep their row order. Every piece keeps its characters'
boxes, so geometry follows the text wherever it moves.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

import numpy as np
import numpy.typing as npt

from desktop_app.core.documents.pdf_raw import RawLine

BBox = tuple[float, float, float, float]

GAP = 1.5  # ems between two glyphs that split one MuPDF line into pieces
GUTTER = 1.0  # ems of empty width that separate two columns
COLUMN = 10.0  # ems: the widest line of a prose column (table cells are narrower)
PARAGRAPH = 1.6  # a row pitch this many times the usual one is a blank row: a paragraph break
# Every code point str.isspace() accepts: what a glyph box of no ink is.
_SPACES = np.array(
    [9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233,
     8239, 8287, 12288],
    dtype=np.uint32,
)  # fmt: skip
_IS_SPACE = np.zeros(int(_SPACES.max()) + 2, dtype=bool)  # code point -> space? (last: no)
_IS_SPACE[_SPACES] = True


def is_space(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """``str.isspace()`` (and regex ``\\s``) of every code point in ``codes``."""
    return _IS_SPACE[np.minimum(codes, _IS_SPACE.size - 1)]


@dataclass(slots=True, eq=False)
class _Piece:
    """A line, or the part of one on one side of a gutter, and its ink box (never changed:
    not frozen, whose ``__init__`` costs a call per field, a fifth of ``split_columns``)."""

    line: RawLine
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def split_columns(bbox: BBox, lines: list[RawLine]) -> list[tuple[BBox, list[RawLine]]]:
    """The block as (bbox, lines) per column and paragraph; unchanged unless it spans columns."""
    pieces = [piece for line in lines for piece in _pieces(line)]
    if len(pieces) < 2:
        return [(bbox, lines)]
    em = max(median(line.size for line in lines), 1.0)
    gutters = _gutters(pieces, em)
    if not gutters:
        return [(bbox, lines)]
    mids = [(g0 + g1) / 2 for g0, g1 in gutters]
    columns: list[list[_Piece]] = [[] for _ in range(len(mids) + 1)]
    wide: list[_Piece] = []
    for piece in pieces:
        if any(piece.x0 < m < piece.x1 for m in mids):
            wide.append(piece)
        else:
            columns[sum(m <= piece.x0 for m in mids)].append(piece)
    if any(not c or max(p.x1 - p.x0 for p in c) < COLUMN * em for c in columns):
        return [(bbox, lines)]  # not prose columns: a table, a form, a label and its value
    if len(wide) > sum(len(c) for c in columns):
        return [(bbox, lines)]
    return [(_bbox(group), [p.line for p in group]) for group in _groups(pieces, mids)]


def measure_lines(lines: list[RawLine]) -> None:
    """Fill each line's ``ink`` box and ``cuts`` (as ``line_box``/``_pieces`` define them).

    numpy passes over every glyph of the document, a batch of lines at a time: walking
    a 1,000-page book's million glyph boxes in Python, line by line, took seconds, and
    one pass over all of them at once held several copies of every box (the load's peak
    memory).
    """
    lines = [ln for ln in lines if ln.ink is None and ln.text and len(ln.boxes) == 4 * len(ln.text)]
    batch: list[RawLine] = []
    glyphs = 0
    for line in lines:
        batch.append(line)
        glyphs += len(line.text)
        if glyphs >= _BATCH:
            _measure_batch(batch)
            batch, glyphs = [], 0
    if batch:
        _measure_batch(batch)


_BATCH = 1 << 17  # glyphs per numpy pass of ``measure_lines``: a few MB of temporaries


def _measure_batch(lines: list[RawLine]) -> None:
    text = "".join([ln.text for ln in lines])
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # float32 as the boxes come: min and max pick one of them, exact in any precision
    boxes = np.frombuffer(b"".join([ln.boxes.tobytes() for ln in lines]), dtype=np.float32)
    boxes = boxes.reshape(-1, 4)
    lengths = np.fromiter((len(ln.text) for ln in lines), dtype=np.int64, count=len(lines))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    visible = ~is_space(codes)
    ink = np.where(visible[:, None], boxes, np.float32(np.nan))
    lows = np.fmin.reduceat(ink[:, :2], starts)
    highs = np.fmax.reduceat(ink[:, 2:], starts)
    blank = np.isnan(lows[:, 0])  # no visible glyph: the first glyph's box stands in
    lows[blank], highs[blank] = boxes[starts[blank], :2], boxes[starts[blank], 2:]
    cuts: dict[int, list[int]] = {}
    seen = np.flatnonzero(visible)
    if seen.size > 1:
        owner = np.repeat(np.arange(len(lines)), lengths)
        a, b = seen[:-1], seen[1:]
        sizes = np.fromiter((ln.size for ln in lines), dtype=np.float64, count=len(lines))
        limit = GAP * np.maximum(sizes, 1.0)
        # the gap in double maths, as on Python floats
        gap = boxes[b, 0].astype(np.float64) - boxes[a, 2].astype(np.float64)
        wide = (owner[a] == owner[b]) & (gap >= limit[owner[b]])
        for index, at in zip(owner[b[wide]].tolist(), b[wide].tolist(), strict=True):
            cuts.setdefault(index, []).append(at - int(starts[index]))
    for index, (line, low, high) in enumerate(
        zip(lines, lows.tolist(), highs.tolist(), strict=True)
    ):
        line.ink = (low[0], low[1], high[0], high[1])
        line.cuts = tuple(cuts.get(index, ()))


def line_box(line: RawLine) -> tuple[float, float, float, float]:
    """The box of a line's visible glyphs (spaces may have odd boxes)."""
    if line.ink is not None:
        return line.ink
    boxes = line.boxes
    visible = [i for i, char in enumerate(line.text) if not char.isspace()] or [0]
    return (
        min(boxes[4 * i] for i in visible),
        min(boxes[4 * i + 1] for i in visible),
        max(boxes[4 * i + 2] for i in visible),
        max(boxes[4 * i + 3] for i in visible),
    )


def _pieces(line: RawLine) -> list[_Piece]:
    """The line cut where the gap between two visible glyphs is ``GAP`` ems or more.

    Spaces between the two sides stay at the end of the left piece (they are
    trimmed when written), so every character keeps exactly one box.
    """
    text, boxes = line.text, line.boxes
    if line.ink is not None and line.cuts is not None:
        if not text.strip():
            return []
        if not line.cuts:  # the usual line, measured already: one piece
            return [_Piece(line, *line.ink)]
    visible = [i for i, char in enumerate(text) if not char.isspace()]
    if not visible:
        return []
    cuts = [0]
    for a, b in pairwise(visible):
        if boxes[4 * b] - boxes[4 * a + 2] >= GAP * max(line.size, 1.0):
            cuts.append(b)
    cuts.append(len(text))
    if len(cuts) == 2:
        return [_piece(line, visible)]
    pieces = []
    for start, end in pairwise(cuts):
        part = RawLine(text[start:end], array("f", boxes[4 * start : 4 * end]), line.size)
        pieces.append(_piece(part, [i - start for i in visible if start <= i < end]))
    return pieces


def _piece(line: RawLine, visible: list[int]) -> _Piece:
    """The piece's box over its visible glyphs (spaces may have odd boxes)."""
    b = line.boxes
    return _Piece(
        line,
        min(b[4 * i] for i in visible),
        min(b[4 * i + 1] for i in visible),
        max(b[4 * i + 2] for i in visible),
        max(b[4 * i + 3] for i in visible),
    )


def _gutters(pieces: list[_Piece], em: float) -> list[tuple[float, float]]:
    """Empty vertical strips at least ``GUTTER`` ems wide between the block's pieces.

    First the strips no piece touches; if a full-width line crosses them, the
    gaps that at least two rows with several pieces share.
    """
    gaps: list[tuple[float, float]] = []
    reach = None
    for piece in sorted(pieces, key=lambda p: p.x0):
        if reach is not None and piece.x0 - reach >= GUTTER * em:
            gaps.append((reach, piece.x0))
        reach = piece.x1 if reach is None else max(reach, piece.x1)
    if gaps:
        return gaps
    shared: list[tuple[float, float, int]] = []  # intersection of overlapping row gaps, rows
    row_gaps = sorted(
        (a.x1, b.x0)
        for row in _rows(pieces)
        for a, b in pairwise(row)
        if b.x0 - a.x1 >= GUTTER * em
    )
    for g0, g1 in row_gaps:
        if shared and g0 < shared[-1][1] and g1 > shared[-1][0]:
            lo, hi, count = shared[-1]
            shared[-1] = (max(lo, g0), min(hi, g1), count + 1)
        else:
            shared.append((g0, g1, 1))
    return [(lo, hi) for lo, hi, count in shared if count >= 2]


def _rows(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped by baseline (middles closer than half a line), each row left to right."""
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.middle, p.x0)):
        row = rows[-1] if rows else None
        if row and abs(piece.middle - row[0].middle) < min(piece.height, row[0].height) / 2:
            row.append(piece)
        else:
            rows.append([piece])
    return [sorted(row, key=lambda p: p.x0) if len(row) > 1 else row for row in rows]


def _groups(pieces: list[_Piece], mids: list[float]) -> list[list[_Piece]]:
    """Top to bottom: runs of full-width pieces, and between them each column's paragraphs."""
    runs: list[tuple[bool, list[list[_Piece]]]] = []  # (full width?, pieces per column)
    for row in _rows(pieces):
        for piece in row:
            wide = any(piece.x0 < m < piece.x1 for m in mids)
            if not runs or runs[-1][0] != wide:
                runs.append((wide, [[] for _ in range(1 if wide else len(mids) + 1)]))
            index = 0 if wide else sum(m <= piece.x0 for m in mids)
            runs[-1][1][index].append(piece)
    pitches = [
        b.middle - a.middle
        for wide, run in runs
        if not wide
        for column in run
        for a, b in pairwise(column)
        if b.middle - a.middle > min(a.height, b.height) / 2
    ]
    usual = median(pitches) if pitches else None
    groups: list[list[_Piece]] = []
    for wide, run in runs:
        for column in run:
            if not column:
                continue
            groups.append([column[0]])
            for a, b in pairwise(column):
                if not wide and usual is not None and b.middle - a.middle > PARAGRAPH * usual:
                    groups.append([])
                groups[-1].append(b)
    return groups


def _bbox(group: list[_Piece]) -> BBox:
    return (
        min(p.x0 for p in group),
        min(p.y0 for p in group),
        max(p.x1 for p in group),
        max(p.y1 for p in group),
    )
