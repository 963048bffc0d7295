"""Book-length benchmark inputs with known truth: parallel New Testaments and long PDFs.

The shared parallel texts (KJV, ASV... with verse offsets) are real books with a
known verse-level alignment, but they have one paragraph per chapter (260), far
fewer than a report or novel of the same length. ``book_pair`` rebuilds them
with a paragraph break every few verses (same verse numbers on both sides, so
paragraphs correspond too) and carries every verse's span into the new text, so
the truth stays exact. ``fraction`` keeps the first part of the book (for the
"4x the length" growth figure and for quick runs).

``make_book_pdf`` writes an N-page PDF of real prose (the book text, repeated
as needed) with a running header and page numbers, as a long report has.
``make_two_column_pdf`` lays prose out in two columns whose lines share
baselines and are drawn left, right, left... (as many real PDFs interleave
them), to measure reading order.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from desktop_app.core.model import Span

# pymupdf ships no type hints: its entry point is handled as Any.
_open_pdf: Any = pymupdf.open
_font: Any = pymupdf.Font


def _shared() -> Path:
    """The project's ``shared/`` folder: beside this checkout (as CI lays it out), else the
    workplace's."""
    beside = Path(__file__).resolve().parents[2] / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


SHARED = _shared()
PARALLEL = SHARED / "parallel"
CORPUS = SHARED / "corpus"  # the five essays the user reads against each other
_WORD = re.compile(r"\S+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?]['\")]*$")

#: plain words for generated documents and notes (GUI test pairs, export benchmark)
WORDS = [
    "river",
    "stone",
    "harbour",
    "lantern",
    "meadow",
    "signal",
    "archive",
    "letter",
    "winter",
    "orchard",
    "bridge",
    "council",
    "market",
    "promise",
    "answer",
    "garden",
    "silver",
    "theory",
    "voyage",
    "candle",
]


@dataclass(frozen=True, slots=True)
class Book:
    """A text and the span of each verse in it (verse id -> span), in text order."""

    name: str
    text: str
    verses: dict[str, Span]

    @property
    def words(self) -> int:
        return sum(1 for _ in _WORD.finditer(self.text))

    @property
    def paragraphs(self) -> int:
        """Blank-line separated chunks (headings included), as the plain-text loader sees them."""
        return sum(1 for chunk in _BLANK_LINE.split(self.text) if chunk.strip())


@dataclass(frozen=True, slots=True)
class BookPair:
    """Two books and their verse-level truth (verse X on the left ~ verse X on the right)."""

    left: Book
    right: Book

    def truth(self) -> list[tuple[str, Span, Span]]:
        return [
            (v, s, self.right.verses[v])
            for v, s in self.left.verses.items()
            if v in self.right.verses
        ]


def read_book(name: str, folder: Path = PARALLEL) -> Book:
    """``<folder>/<name>.txt`` and its verse sidecar."""
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    raw: dict[str, list[int]] = json.loads((folder / f"{name}.verses.json").read_text("utf-8"))
    return Book(name, text, {verse: Span(start, end) for verse, (start, end) in raw.items()})


def split_paragraphs(book: Book, verses_per_paragraph: int) -> Book:
    """The book with a paragraph break before every ``verses_per_paragraph``-th verse of a chapter.

    Breaks are decided by verse number, so two translations get matching paragraphs.
    Only the single space between two verses of one chapter is replaced.
    """
    ordered = sorted(book.verses.items(), key=lambda item: item[1].start)
    pieces: list[str] = []
    verses: dict[str, Span] = {}
    cursor = length = 0
    for verse, span in ordered:
        gap = book.text[cursor : span.start]
        number = int(verse.rsplit(":", 1)[1])
        if gap == " " and (number - 1) % verses_per_paragraph == 0:
            gap = "\n\n"
        pieces.append(gap)
        length += len(gap)
        verses[verse] = Span(length, length + len(span))
        pieces.append(span.of(book.text))
        length += len(span)
        cursor = span.end
    pieces.append(book.text[cursor:])
    return Book(book.name, "".join(pieces), verses)


def truncated(book: Book, keep: set[str]) -> Book:
    """The book cut after the last kept verse (later verses and text dropped)."""
    kept = {v: s for v, s in book.verses.items() if v in keep}
    if not kept:
        return Book(book.name, "", {})
    end = max(span.end for span in kept.values())
    return Book(book.name, book.text[:end] + "\n", {v: s for v, s in kept.items() if s.end <= end})


def book_pair(
    left: str = "nt.kjv",
    right: str = "nt.asv",
    *,
    verses_per_paragraph: int = 3,
    fraction: float = 1.0,
    folder: Path = PARALLEL,
) -> BookPair:
    """Two translations re-paragraphed, optionally cut to the first ``fraction`` of the verses."""
    a = split_paragraphs(read_book(left, folder), verses_per_paragraph)
    b = split_paragraphs(read_book(right, folder), verses_per_paragraph)
    if fraction < 1.0:
        order = sorted(a.verses, key=lambda v: a.verses[v].start)
        keep = set(order[: max(1, round(len(order) * fraction))])
        a, b = truncated(a, keep), truncated(b, keep)
    return BookPair(a, b)


def write_pair(pair: BookPair, folder: Path) -> tuple[Path, Path]:
    """The two texts as UTF-8 files in ``folder`` (what the app would open)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for side, book in (("left", pair.left), ("right", pair.right)):
        path = folder / f"{side}-{book.name}.txt"
        path.write_text(book.text, encoding="utf-8", newline="")
        paths.append(path)
    return paths[0], paths[1]


def make_book_pdf(path: Path, pages: int, text: str, *, lines_per_page: int = 46) -> Path:
    """A ``pages``-page A4 PDF of ``text`` (repeated as needed), 10 pt, header and page number."""
    lines = [line for para in text.split("\n") if para.strip() for line in textwrap.wrap(para, 92)]
    if not lines:
        raise ValueError("no text to lay out")
    pdf: Any = _open_pdf()
    cursor = 0
    for number in range(pages):
        page = pdf.new_page(width=595, height=842)
        page.insert_text((72, 40), "The Collected Report of the Commission", fontsize=9)
        body = [lines[(cursor + k) % len(lines)] for k in range(lines_per_page)]
        cursor += lines_per_page
        page.insert_text((60, 80), "\n".join(body), fontsize=10, lineheight=1.45)
        page.insert_text((290, 815), str(number + 1), fontsize=9)
    pdf.save(path, garbage=3, deflate=True)
    pdf.close()
    return path


#: running header of ``make_two_column_pdf`` pages
TWO_COLUMN_HEADER = "Congress of People's Deputies — Victory plan"
# A built-in MuPDF font with the curly quotes and dashes of real prose (base-14 lacks them).
_UNICODE_FONT = "cjk"


def make_two_column_pdf(path: Path, text: str, pages: int = 9) -> str:
    """A ``pages``-page A4 PDF of ``text`` in two columns; returns the text laid out.

    Each row writes the left column's line, then the right column's line at the
    same baseline, one ``insert_text`` call each, so the content stream
    interleaves the columns line by line. A blank row separates paragraphs; each
    page has a running header and a page number. The returned text is what was
    laid out in reading order (left column, then right, page after page), with
    paragraphs separated by blank lines and no header or page number: the truth
    to compare an extraction with.
    """
    size, leading, top, bottom = 10.0, 13.0, 80.0, 790.0
    columns = ((50.0, 287.0), (308.0, 545.0))
    rows_per_column = int((bottom - top) // leading) + 1
    font: Any = _font(_UNICODE_FONT)
    width = columns[0][1] - columns[0][0]
    rows: list[str] = []  # "" separates paragraphs
    for para in _BLANK_LINE.split(text.replace("\r\n", "\n")):
        words = para.split()
        if not words:
            continue
        if rows:
            rows.append("")
        line: list[str] = []
        for word in words:
            if line and font.text_length(" ".join([*line, word]), size) > width:
                rows.append(" ".join(line))
                line = []
            line.append(word)
        rows.append(" ".join(line))
    pdf: Any = _open_pdf()
    laid_out: list[str] = []
    cursor = 0
    for number in range(pages):
        page = pdf.new_page(width=595, height=842)
        page.insert_font(fontname="uni", fontbuffer=font.buffer)
        page.insert_text((50, 45), TWO_COLUMN_HEADER, fontsize=9, fontname="uni")
        cells: list[list[str]] = []
        for _ in columns:
            while cursor < len(rows) and not rows[cursor]:
                cursor += 1  # a column never starts with a paragraph gap
            cells.append(rows[cursor : cursor + rows_per_column])
            cursor += rows_per_column
            laid_out.extend(cells[-1])
            laid_out.append("")
        for row in range(rows_per_column):
            for (x, _), cell in zip(columns, cells, strict=True):
                if row < len(cell) and cell[row]:
                    y = top + row * leading
                    page.insert_text((x, y), cell[row], fontsize=size, fontname="uni")
        page.insert_text((290, 815), str(number + 1), fontsize=9, fontname="uni")
    pdf.subset_fonts()
    pdf.save(path, garbage=3, deflate=True)
    pdf.close()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(laid_out)).strip() + "\n"


class VerseIndex:
    """Which verses a span overlaps, by binary search over the verses sorted by start."""

    def __init__(self, verses: dict[str, Span]) -> None:
        ordered = sorted(verses.items(), key=lambda item: item[1].start)
        self._ids = [verse for verse, _ in ordered]
        self._starts = [span.start for _, span in ordered]
        self._ends = [span.end for _, span in ordered]

    def overlapping(self, span: Span) -> set[str]:
        first = bisect.bisect_right(self._ends, span.start)
        last = bisect.bisect_left(self._starts, span.end)
        return set(self._ids[first:last])


def verse_quality(pair: BookPair, links: list[tuple[Span, Span]]) -> tuple[float, float]:
    """(precision, recall) of span pairs against the verse truth.

    A link is correct if one verse overlaps its left span and its right span; a
    verse is found if some link overlaps it on both sides (as ``benchmarks.quality``).
    """
    left, right = VerseIndex(pair.left.verses), VerseIndex(pair.right.verses)
    gold = {verse for verse, _, _ in pair.truth()}
    correct = 0
    found: set[str] = set()
    for a, b in links:
        shared = left.overlapping(a) & right.overlapping(b)
        correct += bool(shared)
        found |= shared
    precision = correct / len(links) if links else 0.0
    return precision, len(found & gold) / len(gold) if gold else 0.0


_LETTERS = re.compile(r"[A-Za-z]+")


def enciphered(text: str, key: int) -> str:
    """``text`` with every word replaced by a pseudo-word of the same length and case,
    the same word always by the same one for one ``key`` (key 0: unchanged).

    Two translations enciphered with the same key still run in parallel word for word
    where they share words; with different keys they share nothing. So N keys turn one
    book pair into a pair N times as long with N distinct parts, where the truth stays
    known and no passage recurs (repeating the book itself would make every verse
    occur N times on each side, a case no real pair of books is).
    """
    if key == 0:
        return text
    table: dict[str, str] = {}
    lower = "abcdefghijklmnopqrstuvwxyz"

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        folded = word.lower()
        cipher = table.get(folded)
        if cipher is None:
            digest = hashlib.blake2b(f"{key}:{folded}".encode(), digest_size=32).digest()
            cipher = "".join(lower[digest[i % 32] % 26] for i in range(len(folded)))
            table[folded] = cipher
        return "".join(c.upper() if w.isupper() else c for c, w in zip(cipher, word, strict=True))

    return _LETTERS.sub(replace, text)


#: running header of every ``make_typeset_book`` page
TYPESET_HEADER = "The New Testament"


@dataclass(frozen=True, slots=True)
class TypesetBook:
    """What ``make_typeset_book`` laid out: the truth to compare an extraction with.

    ``text`` is the body in reading order, paragraphs separated by blank lines,
    without header or page numbers. ``carried`` counts the paragraphs a page break
    cut mid-sentence (a reader sees one paragraph go on), ``restarted`` those a
    page break cut after a sentence end with the next line starting a capital (a
    reader cannot tell that from a new paragraph either, so an extraction may
    split them).
    """

    text: str
    pages: int
    carried: int
    restarted: int


def make_typeset_book(path: Path, text: str, pages: int) -> TypesetBook:
    """A ``pages``-page A5-ish book of ``text``'s paragraphs, as a typesetter would lay it out.

    Every page has a running header (``TYPESET_HEADER``, left on even pages, right
    on odd ones, capitals on every third page: near-same text) and its number at
    the foot. Paragraphs are separated by half a blank line and run on from one
    page to the next, mostly mid-sentence, as in a printed book. ``text`` is used
    from the start until the pages are full (repeated if too short); a paragraph
    of it that does not end a sentence is run on into the next, as an author's would.
    """
    size, leading, top, bottom, left, width = 10.0, 13.0, 70.0, 540.0, 50.0, 320.0
    font: Any = _font("helv")
    paragraphs: list[str] = []
    ended = True
    for part in _BLANK_LINE.split(text):
        if not part.strip():
            continue
        flat = " ".join(part.split())
        if ended:
            paragraphs.append(flat)
        else:
            paragraphs[-1] += " " + flat
        ended = bool(_SENTENCE_END.search(flat))
    if not paragraphs:
        raise ValueError("no text to lay out")
    pdf: Any = _open_pdf()
    laid_out: list[list[str]] = []  # paragraphs as their lines
    carried = restarted = 0
    index = 0
    y = top
    page: Any = None
    number = 0

    def new_page() -> Any:
        sheet = pdf.new_page(width=420, height=595)
        header = TYPESET_HEADER.upper() if number % 3 == 2 else TYPESET_HEADER
        x = left if number % 2 == 0 else left + width - font.text_length(header, 9)
        sheet.insert_text((x, 40), header, fontsize=9, fontname="helv")
        sheet.insert_text((205, 570), str(number + 1), fontsize=9, fontname="helv")
        return sheet

    page = new_page()
    while number < pages:
        lines = _wrap(paragraphs[index % len(paragraphs)], font, size, width)
        index += 1
        laid_out.append([])
        while lines:
            room = int((bottom - y) // leading) + 1
            if room <= 0:
                number += 1
                if number >= pages:
                    break
                page, y = new_page(), top
                continue
            chunk, lines = lines[:room], lines[room:]
            page.insert_text((left, y), "\n".join(chunk), fontsize=size, fontname="helv",
                             lineheight=leading / size)  # fmt: skip
            laid_out[-1].extend(chunk)
            y += leading * len(chunk)
            if lines:  # the paragraph goes on over the page
                if _SENTENCE_END.search(chunk[-1]) and not lines[0][:1].islower():
                    restarted += 1
                else:
                    carried += 1
                number += 1
                if number >= pages:
                    break
                page, y = new_page(), top
        y += leading * 1.5
    pdf.save(path, garbage=3, deflate=True)
    pdf.close()
    body = "\n\n".join(" ".join(lines) for lines in laid_out if lines)
    return TypesetBook(body + "\n", pages, carried, restarted)


def _wrap(paragraph: str, font: Any, size: float, width: float) -> list[str]:
    """The paragraph's lines, each as many words as fit ``width`` points."""
    space = font.text_length(" ", size)
    widths = _WORD_WIDTHS.setdefault((str(font.name), size), {})
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in paragraph.split():
        if word not in widths:
            widths[word] = font.text_length(word, size)
        extra = widths[word] + (space if line else 0.0)
        if line and used + extra > width:
            lines.append(" ".join(line))
            line, used, extra = [], 0.0, widths[word]
        line.append(word)
        used += extra
    if line:
        lines.append(" ".join(line))
    return lines


_WORD_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
