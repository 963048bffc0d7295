"""What a PDF worker hands back: glyph lines, blocks, pages, page pictures, as plain data.

Apart from ``pdf_extract`` (which makes them with pymupdf) so the process receiving
them, which unpickles these classes, never imports pymupdf.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from desktop_app.core.model import HiddenText


@dataclass(slots=True)
class RawLine:
    """One text line as MuPDF grouped it: its characters and one box per character."""

    text: str
    boxes: array[float]  # x0, y0, x1, y1 per character, flat
    size: float  # font size of its longest span
    # Filled for a whole document at once by ``pdf_columns.measure_lines`` (numpy), so
    # the arrangement does not walk every glyph in Python; None: not measured yet.
    ink: tuple[float, float, float, float] | None = None  # box of the visible glyphs
    cuts: tuple[int, ...] | None = None  # where a wide gap splits the line (``GAP`` ems)


@dataclass(slots=True)
class RawBlock:
    """One MuPDF text block (a paragraph, usually): its bounding box and lines."""

    bbox: tuple[float, float, float, float]
    lines: list[RawLine]


@dataclass(slots=True)
class RawPage:
    """Everything the assembly needs from one page, and nothing from pymupdf."""

    number: int
    width: float
    height: float
    blocks: list[RawBlock]
    hyphenated: set[str] = field(default_factory=set)  # "well-known" forms seen inside lines
    # No text but a picture: a scan, worth OCR (a blank page is not).
    scanned: bool = False
    # Text a reader cannot see, left out of ``blocks`` (``pdf_hidden``)
    hidden: list[HiddenText] = field(default_factory=list)
    # ``blocks`` were cut into columns already (``pdf_columns.split_columns``, in the worker)
    split: bool = False


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """What is known once the file is open."""

    page_count: int
    title: str
    page_sizes: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page picture as raw RGB bytes (no alpha), ready for a QImage."""

    number: int
    zoom: float
    width: int
    height: int
    stride: int
    samples: bytes
