"""PDF loading: clean reading text plus exact glyph boxes for every character.

Parsing happens in worker processes (``pdf_worker``) that a per-page time limit
and a memory cap can stop; ``pdf_extract`` is the only module that touches
pymupdf. This module only arranges the raw glyphs it gets back, so the result
holds numpy arrays and no pymupdf object.

How raw glyphs become text:
- Blocks (MuPDF's text blocks) are paragraphs; a block holding the lines of two
  columns (drawn row by row at shared baselines) is first cut into one block per
  column and paragraph (``pdf_columns``). Blocks are put in reading order per
  page: blocks crossing the page's middle are full width, the runs of narrower
  blocks between them are read left column first, then right column.
- Lines of a block are joined with one space. A line ending in a hyphen after a
  letter, followed by a line starting with a lowercase letter, is a hyphenated
  word: the hyphen is dropped ("recog-" + "nised" -> "recognised") unless the
  hyphenated form occurs inside a line elsewhere in the document ("well-known"),
  in which case the hyphen is kept and the line break removed. Soft hyphens are
  always dropped, ligatures (ﬁ, ﬂ...) expanded, whitespace runs collapsed.
- Running headers/footers and page numbers are page furniture, left out of the
  text (``PdfGeometry.furniture`` keeps where they were drawn): lines in the top
  or bottom margin that repeat (case, digits and numerals ignored) on 3+ pages,
  or that are a bare page number, even when MuPDF put them in one block with
  the body text beside them.
- A paragraph that runs on over a page break is one block (``_passages``).

Text a reader cannot see (render mode 3, white on white, under 1 pt) is left
out of the text and listed in ``Document.hidden_text`` (``pdf_hidden``).

Scanned pages (no text, a picture) are read by OCR afterwards (``pdf_ocr``):
their glyphs take the same path, and ``Document.ocr_pages`` lists them.

Progressive opening: ``preview`` is called once with a Document of the first
pages as soon as they are read (the full Document is returned at the end).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from desktop_app.core.cancel import Progress
from desktop_app.core.documents.blockwriter import BLOCK_SEPARATOR
from desktop_app.core.documents.ocr import OcrSettings, ocr_notice
from desktop_app.core.documents.pdf_columns import (
    is_space,
    line_box,
    measure_lines,
    split_columns,
)
from desktop_app.core.documents.pdf_geometry import PdfGeometry
from desktop_app.core.documents.pdf_hidden import hidden_notice
from desktop_app.core.documents.pdf_ocr import OcrOutcome, recognise
from desktop_app.core.documents.pdf_raw import PdfInfo, RawLine, RawPage
from desktop_app.core.documents.pdf_worker import (
    PREVIEW_PAGES,
    PdfLimits,
    PdfSource,
    extract_pages,
)
from desktop_app.core.documents.source import SourceFile
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import Block, BlockKind, Document, DocumentFormat, PageRect, Span
from desktop_app.core.textnorm import LIGATURES, SOFT_HYPHEN, OffsetMap

PreviewCallback = Callable[[Document], None]

_MARGIN = 0.12  # top/bottom fraction of the page where headers and footers live
_REPEATS = 3  # pages a margin text must appear on to count as a running header
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?",
    re.I,
)
_HYPHENS = "-\u2010"
_SPECIAL_GLYPHS = re.compile(f"[{''.join(LIGATURES)}{SOFT_HYPHEN}]")  # as ``normalize_glyphs``


@dataclass(slots=True)
class _RawBlock:
    page: int
    bbox: tuple[float, float, float, float]
    lines: list[RawLine]
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    text: str = field(default="")  # lines joined by spaces, for furniture keys


class _Extraction:
    """Raw glyphs of all pages: lines with per-char boxes, grouped in blocks per page."""

    def __init__(self, info: PdfInfo, pages: dict[int, RawPage], count: int) -> None:
        self.pages: list[list[_RawBlock]] = []
        self.page_heights: list[float] = []
        self.page_widths: list[float] = []
        self.hyphenated: set[str] = set()
        self.body_size = 0.0  # the font size most text is set in (``_mark_headings``)
        measure_lines(
            [ln for n in range(count) if n in pages for b in pages[n].blocks for ln in b.lines]
        )
        for number in range(count):
            width, height = info.page_sizes[number]
            raw = pages.get(number)
            blocks: list[_RawBlock] = []
            if raw is not None:
                width, height = raw.width, raw.height
                self.hyphenated |= raw.hyphenated
                for block in raw.blocks:
                    parts = [(block.bbox, block.lines)]  # cut in the worker already?
                    if not raw.split:
                        parts = split_columns(block.bbox, block.lines)
                    for bbox, lines in parts:
                        text = " ".join(" ".join(ln.text.split()) for ln in lines)
                        blocks.append(_RawBlock(number, bbox, lines, text=text))
            self.pages.append(blocks)
            self.page_widths.append(width)
            self.page_heights.append(height)


def load_pdf(
    source: SourceFile,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    preview: PreviewCallback | None = None,
    limits: PdfLimits | None = None,
    isolate: bool = True,
    ocr: OcrSettings | None = None,
) -> Document:
    """A PDF's text in reading order, with page blocks, furniture flagged and glyph geometry.

    ``isolate`` parses in worker processes under ``limits`` (the default); False
    parses in this thread, for tests of the arrangement alone. ``preview`` gets
    the first pages' Document once, before the rest is read (or OCR'd).
    ``ocr`` says whether and how scanned pages are OCR'd (default: they are).
    """
    progress = progress or Progress()
    pdf_source = PdfSource(source.path, source.sha256, password)
    pages: dict[int, RawPage] = {}
    info_box: list[PdfInfo] = []
    previewed = [preview is None]
    read = OcrOutcome()

    def on_page(page: RawPage) -> None:
        # Each line's ink box and cuts while the workers read the next pages: the main
        # process otherwise waits for the last page, then measures every line.
        measure_lines([line for block in page.blocks for line in block.lines])
        pages[page.number] = page
        if previewed[0] or not info_box:
            return
        wanted = min(PREVIEW_PAGES, info_box[0].page_count)
        if all(n in pages for n in range(wanted)) and preview is not None:
            if any(pages[n].scanned for n in range(wanted)):
                return  # a first page waits for OCR (an OCR'd page is no longer "scanned")
            first = {n: pages[n] for n in range(wanted)}
            try:
                document = build_document(
                    info_box[0], first, {}, False, source, pdf_source, ocr=read
                )
            except DocumentError:
                return  # no text on the first pages: nothing worth showing early
            previewed[0] = True
            preview(document)

    if isolate:
        extracted = extract_pages(
            pdf_source, on_page, limits=limits, progress=progress, on_info=info_box.append
        )
        info, failed, repaired = extracted.info, extracted.failed, extracted.repaired
    else:
        info, failed, repaired = _extract_here(source, password, progress, on_page, info_box)
    scans = [n for n in sorted(pages) if pages[n].scanned]
    if scans and not repaired:  # a repaired file's empty pages are damage, not scans
        settings = ocr or OcrSettings()
        recognise(scans, source, pdf_source, settings, on_page, limits=limits,
                  progress=progress, isolate=isolate, outcome=read)  # fmt: skip
    progress.report(1.0, "Arranging text")
    return build_document(info, pages, failed, repaired, source, pdf_source, ocr=read)


def _extract_here(
    source: SourceFile,
    password: str | None,
    progress: Progress,
    on_page: Callable[[RawPage], None],
    info_box: list[PdfInfo],
) -> tuple[PdfInfo, dict[int, str], bool]:
    """The same extraction without a worker process (no limits apply)."""
    from desktop_app.core.documents.pdf_extract import (
        extract_page,
        is_repaired,
        open_pdf,
        pdf_info,
    )

    pdf = open_pdf(source.data, source.name, password)
    try:
        info = pdf_info(pdf)
        info_box.append(info)
        failed: dict[int, str] = {}
        for number in range(info.page_count):
            progress.report(number / info.page_count, f"Reading page {number + 1}")
            try:
                page = extract_page(pdf, number)
            except Exception:
                failed[number] = "damaged"
                continue
            on_page(page)
        return info, failed, is_repaired(pdf)
    finally:
        pdf.close()


def build_document(
    info: PdfInfo,
    pages: dict[int, RawPage],
    failed: dict[int, str],
    repaired: bool,
    source: SourceFile,
    pdf_source: PdfSource | None = None,
    *,
    ocr: OcrOutcome | None = None,
) -> Document:
    """Arrange extracted pages into a Document (pages absent from ``pages`` have no text).

    ``ocr`` tells which pages came from OCR (and what went wrong with it).
    """
    ocr = ocr or OcrOutcome()
    count = info.page_count if len(pages) + len(failed) >= info.page_count else max(pages) + 1
    extraction = _Extraction(info, pages, count)
    warnings = _warnings(extraction, source.name, repaired, failed, ocr)
    _mark_furniture(extraction)
    _mark_headings(extraction)
    hidden = tuple(run for n in sorted(pages) if n < count for run in pages[n].hidden)
    if hidden:  # never aligned or quoted: they are not in the text at all
        warnings = (*warnings, hidden_notice(hidden))
    document = _assemble(extraction, source, info, warnings, pdf_source)
    read = frozenset(n for n in ocr.pages if n < count and extraction.pages[n])
    if read:
        document = dataclasses.replace(document, ocr_pages=read)
    return dataclasses.replace(document, hidden_text=hidden) if hidden else document


def _warnings(
    extraction: _Extraction,
    name: str,
    repaired: bool,
    failed: dict[int, str],
    ocr: OcrOutcome,
) -> tuple[str, ...]:
    empty = [
        i + 1
        for i, blocks in enumerate(extraction.pages)
        if not blocks and i not in failed and i not in ocr.failed
    ]
    if repaired and empty:
        raise DocumentError(
            f"Cannot open {name}: it is damaged (truncated?) and "
            f"{_page_list(empty).lower()} could not be read."
        )
    if not any(extraction.pages):
        if failed:
            reasons = ", ".join(sorted(set(failed.values())))
            raise DocumentError(f"Cannot open {name}: no page could be extracted ({reasons}).")
        raise DocumentError(
            f"Cannot open {name}: it has no text layer (it looks scanned){_no_ocr(ocr)}"
        )
    notes: list[str] = []
    if repaired:
        notes.append(f"{name} was damaged and has been repaired; check that no text is missing.")
    by_reason: dict[str, list[int]] = defaultdict(list)
    for number in sorted(failed):
        by_reason[failed[number]].append(number + 1)
    for reason, numbers in by_reason.items():
        notes.append(f"{_page_list(numbers)} could not be extracted ({reason}).")
    notice = ocr_notice(n for n in ocr.pages if n < len(extraction.pages) and extraction.pages[n])
    if notice:
        notes.append(notice)
    by_reason = defaultdict(list)
    for number in sorted(ocr.failed):
        by_reason[ocr.failed[number]].append(number + 1)
    for reason, numbers in by_reason.items():
        notes.append(f"{_page_list(numbers)} could not be read by OCR ({reason}).")
    if empty:
        shown = ", ".join(str(p) for p in empty[:10]) + ("…" if len(empty) > 10 else "")
        pages = "page has" if len(empty) == 1 else "pages have"
        notes.append(f"{len(empty)} {pages} no text layer (scanned?): {shown}.")
    if ocr.problem:
        notes.append(ocr.problem)
    notes.extend(ocr.notes)
    return tuple(notes)


def _no_ocr(ocr: OcrOutcome) -> str:
    """The end of the message for a PDF without any text: what OCR did or why it could not."""
    if ocr.problem:
        return f" and OCR cannot read it: {ocr.problem}"
    if ocr.failed:
        reasons = ", ".join(sorted(set(ocr.failed.values())))
        return f" and OCR could not read its pages ({reasons})."
    if ocr.recognised:
        return " and OCR found no text on its pages."
    return "; run it through OCR first."


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + ("…" if len(numbers) > 10 else "")
    return f"Page {shown}" if len(numbers) == 1 else f"Pages {shown}"


def _line_box(line: RawLine) -> tuple[float, float, float, float]:
    """The box of a line's visible glyphs (spaces may have odd boxes)."""
    return line_box(line)


def _zone(box: tuple[float, float, float, float], height: float) -> str:
    """ "top" or "bottom" for a box inside a page margin, else ""."""
    if box[3] <= height * _MARGIN:
        return "top"
    if box[1] >= height * (1 - _MARGIN):
        return "bottom"
    return ""


_DIGITS = re.compile(r"\d+")
_NUMERAL = re.compile(r"[ivxlcdm]{1,7}")


def _furniture_key(text: str) -> str:
    """What a running header keeps from page to page: case, digits and numerals aside."""
    words = _DIGITS.sub("#", text.lower()).split()
    return " ".join(["#" if _NUMERAL.fullmatch(w) else w for w in words])


def _mark_furniture(extraction: _Extraction) -> None:
    """Cut running headers/footers and page numbers out of the blocks as FURNITURE blocks.

    A line in the top or bottom margin is furniture when it is a bare page
    number, or when the same text (case, digits and numerals aside) is in that
    margin on ``_REPEATS`` pages or more (on both, when only two pages have text:
    a two-page letter, or the preview of a book). MuPDF may put such a line in one block
    with the body text next to it: the leading lines of a block (top margin) and
    trailing lines (bottom margin) are cut off when a gap sets them apart.
    """
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    repeats = max(2, min(_REPEATS, sum(1 for blocks in extraction.pages if blocks)))
    for page, blocks in enumerate(extraction.pages):
        height = extraction.page_heights[page]
        for block in blocks:
            for line in block.lines:
                zone = _zone(_line_box(line), height)
                if zone and len(line.text) <= 200:
                    seen[(zone, _furniture_key(line.text))].add(page)

    def furniture(line: RawLine, zone: str) -> bool:
        text = line.text.strip()
        if len(text) > 200 or _zone(_line_box(line), height) != zone:
            return False
        return (
            bool(_PAGE_NUMBER.fullmatch(text)) or len(seen[(zone, _furniture_key(text))]) >= repeats
        )

    for page, blocks in enumerate(extraction.pages):
        height = extraction.page_heights[page]
        arranged: list[_RawBlock] = []
        for block in blocks:
            lines = block.lines
            head = 0
            while head < len(lines) and furniture(lines[head], "top"):
                head += 1
            if 0 < head < len(lines) and not _set_apart(lines[head - 1], lines[head]):
                head = 0
            tail = len(lines)
            while tail > head and furniture(lines[tail - 1], "bottom"):
                tail -= 1
            if head < tail < len(lines) and not _set_apart(lines[tail - 1], lines[tail]):
                tail = len(lines)
            arranged.extend(_line_block(page, line, BlockKind.FURNITURE) for line in lines[:head])
            if head < tail:
                if (head, tail) != (0, len(lines)):
                    block = _lines_block(page, lines[head:tail])
                arranged.append(block)
            arranged.extend(_line_block(page, line, BlockKind.FURNITURE) for line in lines[tail:])
        extraction.pages[page] = arranged


def _set_apart(upper: RawLine, lower: RawLine) -> bool:
    """Whether a clear gap (more than line spacing) parts two lines of one block.

    A running header MuPDF put in one block with the body is set apart from it;
    the repeated first line of a form's pages is not, and stays in the text.
    """
    above, below = _line_box(upper), _line_box(lower)
    height = min(above[3] - above[1], below[3] - below[1])
    return below[1] - above[3] > 0.75 * height


def _line_block(page: int, line: RawLine, kind: BlockKind) -> _RawBlock:
    return _RawBlock(page, _line_box(line), [line], kind, text=" ".join(line.text.split()))


def _lines_block(page: int, lines: list[RawLine]) -> _RawBlock:
    boxes = [_line_box(line) for line in lines]
    bbox = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    text = " ".join(" ".join(line.text.split()) for line in lines)
    return _RawBlock(page, bbox, lines, text=text)


def _mark_headings(extraction: _Extraction) -> None:
    """Short blocks set clearly larger than the body text are headings, ranked by size."""
    sizes: Counter[float] = Counter()
    for blocks in extraction.pages:
        for block in blocks:
            if block.kind is not BlockKind.FURNITURE:
                for line in block.lines:
                    sizes[round(line.size, 1)] += len(line.text)
    if not sizes:
        return
    body = sizes.most_common(1)[0][0]
    extraction.body_size = body
    headings: list[tuple[_RawBlock, float]] = []
    for blocks in extraction.pages:
        for block in blocks:
            size = max(line.size for line in block.lines)
            if (
                block.kind is BlockKind.PARAGRAPH
                and size >= body * 1.15
                and len(block.lines) <= 3
                and len(block.text) <= 200
            ):
                headings.append((block, round(size, 1)))
    ranks = {s: i + 1 for i, s in enumerate(sorted({s for _, s in headings}, reverse=True))}
    for block, size in headings:
        block.kind = BlockKind.HEADING
        block.level = min(6, ranks[size])


def _reading_order(blocks: list[_RawBlock], width: float) -> list[_RawBlock]:
    """Content column by column between full-width blocks (furniture is left out)."""
    content = [b for b in blocks if b.kind is not BlockKind.FURNITURE]
    if content:
        left = min(b.bbox[0] for b in content)
        right = max(b.bbox[2] for b in content)
        middle = (left + right) / 2
    else:
        middle = width / 2
    ordered: list[_RawBlock] = []
    run: list[_RawBlock] = []
    for block in sorted(content, key=_position):
        if block.bbox[0] < middle - 2 and block.bbox[2] > middle + 2:
            ordered.extend(sorted(run, key=lambda b: (b.bbox[0] >= middle, b.bbox[1])))
            run = []
            ordered.append(block)
        else:
            run.append(block)
    ordered.extend(sorted(run, key=lambda b: (b.bbox[0] >= middle, b.bbox[1])))
    return ordered


def _passages(extraction: _Extraction) -> list[list[_RawBlock]]:
    """Content blocks in reading order, a paragraph running on over a page break as one group.

    The last paragraph of a page and the first of the next are one when the
    second starts in lowercase, or the first ends in a letter, a comma or a dash
    (not a sentence) on a line that fills its column: a page break cut the
    paragraph, not the author. A colon or
    semicolon may end a paragraph that introduces the next one, so those join
    only a lowercase start. Footnotes (smaller type at the foot of the page) do
    not stop the paragraph above them running on: they follow it, after its end.
    """
    groups: list[list[_RawBlock]] = []
    tail: _RawBlock | None = None  # the last body block of the page before
    full = False  # whether its last line reaches across its column
    pending: list[_RawBlock] = []  # that page's footnotes, placed after the paragraph ends
    edges = _Edges(
        (b.bbox[0], b.bbox[2])
        for blocks in extraction.pages
        for b in blocks
        if b.kind is BlockKind.PARAGRAPH
    )
    for page, page_blocks in enumerate(extraction.pages):
        ordered = _reading_order(page_blocks, extraction.page_widths[page])
        cut = _footnotes_start(ordered, extraction.body_size)
        for position, block in enumerate(ordered[:cut]):
            if position == 0 and tail is not None and _runs_on(tail, block, full):
                groups[-1].append(block)
            else:
                groups.extend([note] for note in pending)
                pending = []
                groups.append([block])
        groups.extend([note] for note in pending)
        pending = ordered[cut:]
        tail = ordered[cut - 1] if cut > 0 else None
        full = tail is not None and _fills_column(tail, edges)
    groups.extend([note] for note in pending)
    return groups


def _footnotes_start(ordered: list[_RawBlock], body: float) -> int:
    """Where a page's trailing footnotes begin: paragraphs in smaller type below the body."""
    cut = len(ordered)
    while cut > 1:
        block = ordered[cut - 1]
        size = max(line.size for line in block.lines)
        above = ordered[cut - 2]
        if (
            block.kind is not BlockKind.PARAGRAPH
            or size >= body * 0.9
            or block.bbox[1] < above.bbox[3]  # beside the text, not below it
        ):
            break
        cut -= 1
    return cut


_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
_RUNS_ON_END = re.compile(r"(?:[^\W\d_]|[,\-\u2010\u2013\u2014\u00ad])$")


def _runs_on(before: _RawBlock, after: _RawBlock, full: bool) -> bool:
    """Whether ``after`` (first on its page) continues ``before`` (last on the page before).

    ``full``: ``before``'s last line reaches across its column, as a line the
    page break cut does; a short last line ends a paragraph (or is a heading
    set in body type), so then only a lowercase start joins.
    """
    if before.kind is not BlockKind.PARAGRAPH or after.kind is not BlockKind.PARAGRAPH:
        return False
    end = before.text.rstrip()
    start = after.text.lstrip()
    if not end or not start:
        return False
    if start[0].islower():
        return True
    return full and not _SENTENCE_END.search(end) and bool(_RUNS_ON_END.search(end))


class _Edges:
    """Every content block's left and right edge, sorted by the left one.

    The blocks starting near a given left edge are one slice of that order
    (found by bisection), and a book asks about the same few slices page after
    page: a scan of every block for every page took seconds at 1,000 pages.
    """

    def __init__(self, edges: Iterable[tuple[float, float]]) -> None:
        ordered = sorted(edges)
        self.lefts = [x0 for x0, _ in ordered]
        self.rights = [x1 for _, x1 in ordered]
        self._extents: dict[tuple[int, int], tuple[float, float]] = {}

    def column(self, left: float, reach: float) -> tuple[float, float] | None:
        """The leftmost and rightmost edge of the blocks whose left edge is within
        ``reach`` of ``left`` (None: no such block)."""
        lo = bisect.bisect_right(self.lefts, left - reach)
        hi = bisect.bisect_left(self.lefts, left + reach)
        while lo > 0 and abs(self.lefts[lo - 1] - left) < reach:  # rounding at the ends
            lo -= 1
        while lo < hi and not abs(self.lefts[lo] - left) < reach:
            lo += 1
        while hi < len(self.lefts) and abs(self.lefts[hi] - left) < reach:
            hi += 1
        while hi > lo and not abs(self.lefts[hi - 1] - left) < reach:
            hi -= 1
        if lo >= hi:
            return None
        extent = self._extents.get((lo, hi))
        if extent is None:
            extent = self._extents[(lo, hi)] = (self.lefts[lo], max(self.rights[lo:hi]))
        return extent


def _fills_column(block: _RawBlock, edges: _Edges) -> bool:
    """Whether the block's last line reaches 3/4 of the way across its column.

    The column is every content block of the document starting where this one
    does (``edges``: each block's left and right edge), so a page of short lines
    does not make its own short lines look full.
    """
    em = max(block.lines[-1].size, 1.0)
    left, right = edges.column(block.bbox[0], 3 * em) or (block.bbox[0], block.bbox[2])
    return _line_box(block.lines[-1])[2] >= left + 0.75 * (right - left)


def _position(block: _RawBlock) -> tuple[float, float]:
    return (block.bbox[1], block.bbox[0])


def _assemble(
    extraction: _Extraction,
    source: SourceFile,
    info: PdfInfo,
    warnings: tuple[str, ...],
    pdf_source: PdfSource | None,
) -> Document:
    """The Document: text, blocks and geometry of the passages in reading order.

    The glyphs of every line, in reading order, are the raw stream the text maps
    into; what the text keeps of it is worked out per line (``_Writer``) and then
    in numpy passes over the whole stream (``_Writer.build``), not a Python call
    per line and character.
    """
    groups = _passages(extraction)
    lines = [line for group in groups for raw in group for line in raw.lines]
    pages = [raw.page for group in groups for raw in group for _ in raw.lines]
    texts = [line.text for line in lines]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(lines))
    boxes = b"".join([line.boxes for line in lines])  # each line's glyph boxes, in reading order
    writer = _Writer("".join(texts), extraction.hyphenated)
    for group in groups:
        writer.block([line for raw in group for line in raw.lines])
    mapped = writer.build()
    geometry = PdfGeometry(
        mapped.offsets,
        mapped.synthetic,
        np.frombuffer(boxes, dtype=np.float32).reshape(-1, 4),
        np.repeat(np.arange(len(lines), dtype=np.int32), lengths),
        np.array(pages, dtype=np.int32),
        page_sizes=info.page_sizes,
        source=pdf_source,
        furniture=_furniture(extraction),
    )
    return Document(
        text=mapped.text,
        blocks=tuple(
            Block(group[0].kind, Span(*span), page=group[0].page, level=group[0].level)
            for group, span in zip(groups, mapped.spans, strict=True)
        ),
        format=DocumentFormat.PDF,
        sha256=source.sha256,
        path=source.path,
        title=info.title,
        page_count=info.page_count,
        geometry=geometry,
        warnings=warnings,
    )


def _furniture(extraction: _Extraction) -> tuple[tuple[PageRect, str], ...]:
    """Where each running header, footer and page number left out of the text was drawn."""
    return tuple(
        (PageRect(block.page, *block.bbox), block.text)
        for blocks in extraction.pages
        for block in blocks
        if block.kind is BlockKind.FURNITURE
    )


@dataclass(frozen=True, slots=True)
class _Written:
    """The clean text, its map into the raw glyph stream, and each block's span."""

    text: str
    offsets: OffsetMap
    synthetic: npt.NDArray[np.bool_]
    spans: list[tuple[int, int]]


class _Writer:
    """What the text keeps of the raw glyph stream, block by block and line by line.

    Lines of a block are joined by spaces, hyphenated words rejoined, blocks parted
    by ``BLOCK_SEPARATOR``; inside a line whitespace runs collapse to one space,
    ligatures are expanded and soft hyphens dropped. ``block`` decides per line
    which raw range is kept (``segments``) and what is inserted, cheaply; ``build``
    then makes the text, the offset map (every character's raw glyph) and the
    synthetic marks in numpy passes over the whole stream.
    """

    def __init__(self, raw: str, hyphenated: set[str]) -> None:
        self.raw = raw  # every line's text, in reading order
        self.hyphenated = hyphenated
        self.written = 0  # raw glyphs passed so far
        self.segments: list[int] = []  # kept raw ranges: start, end, start, end...
        # Inserted characters, in text order: raw position, character, synthetic?
        self.sources: list[int] = []
        self.chars: list[str] = []
        self.synthetic: list[bool] = []
        # Per block: raw start, characters inserted before its text, raw end, inserted after.
        self.blocks: list[tuple[int, int, int, int]] = []
        self.special = [m.start() for m in _SPECIAL_GLYPHS.finditer(raw)]  # rare
        self.dropped: list[int] = []  # soft hyphens inside kept ranges

    def _insert(self, text: str, position: int, *, synthetic: bool = True) -> None:
        for char in text:
            self.sources.append(position)
            self.chars.append(char)
            self.synthetic.append(synthetic)

    def block(self, lines: list[RawLine]) -> None:
        """Add one block's lines (the next raw glyphs)."""
        first = self.written
        if self.blocks:
            text = lines[0].text
            first += len(text) - len(text.lstrip())
            self._insert(BLOCK_SEPARATOR, first)
        before = len(self.chars)
        for index, line in enumerate(lines):
            text = line.text
            begin = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            joiner = True
            following = lines[index + 1].text.lstrip() if index + 1 < len(lines) else ""
            if following and end - begin >= 2 and text[end - 2].isalpha():
                last = text[end - 1]
                if last == SOFT_HYPHEN and following[0].isalpha():
                    end -= 1
                    joiner = False
                elif last in _HYPHENS and following[0].islower():
                    word = re.search(r"[^\W\d_]+$", text[begin : end - 1])
                    rest = re.match(r"[^\W\d_]+", following)
                    whole = f"{word.group(0) if word else ''}-{rest.group(0) if rest else ''}"
                    if whole.lower() not in self.hyphenated:
                        end -= 1  # drop the hyphen: a word broken at the line end
                    joiner = False
            if end > begin:
                self._segment(self.written + begin, self.written + end)
            self.written += len(text)
            if following and joiner:
                self._insert(" ", self.written)
        self.blocks.append((first, before, self.written, len(self.chars)))

    def _segment(self, start: int, end: int) -> None:
        self.segments += (start, end)
        at = bisect.bisect_left(self.special, start)
        while at < len(self.special) and self.special[at] < end:
            position = self.special[at]
            glyph = self.raw[position]
            if glyph == SOFT_HYPHEN:
                self.dropped.append(position)
            else:  # a ligature: its letters, each standing for it
                self.dropped.append(position)
                self._insert(LIGATURES[glyph], position, synthetic=False)
            at += 1

    def build(self) -> _Written:
        """The text of every block added: numpy over the raw stream, no object per glyph."""
        raw, size = self.raw, len(self.raw)
        edges = np.zeros(size + 1, dtype=np.int8)
        bounds = np.array(self.segments, dtype=np.int64)
        edges[bounds[0::2]] += 1  # segments are disjoint and in order: no index repeats
        edges[bounds[1::2]] -= 1
        keep = np.cumsum(edges[:size], dtype=np.int8).view(np.bool_)
        del edges
        codes = np.frombuffer(bytearray(raw.encode("utf-32-le", "surrogatepass")), dtype=np.uint32)
        # Inside kept text a whitespace run (two or more, or one that is not a plain space:
        # what the regex ``\s{2,}|[^\S ]`` finds) becomes one space, every run at once.
        step = np.diff(is_space(codes).view(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts, ends = np.flatnonzero(step == 1), np.flatnonzero(step == -1)
        runs = ((ends - starts >= 2) | (codes[starts] != 32)) & keep[starts]
        starts, ends = starts[runs], ends[runs]
        codes[starts] = 32
        inside = np.zeros(size + 1, dtype=np.int8)  # runs are disjoint: no index repeats
        inside[starts + 1] += 1
        inside[ends] -= 1
        keep &= np.cumsum(inside[:size], dtype=np.int8) == 0
        del step, inside
        keep[self.dropped] = False
        kept = np.flatnonzero(keep)
        del keep
        sources = np.array(self.sources, dtype=np.int64)
        total = kept.size + sources.size
        # An inserted character goes after the kept glyphs before its raw position and
        # the characters inserted before it.
        places = np.searchsorted(kept, sources) + np.arange(sources.size, dtype=np.int64)
        mine = np.ones(total, dtype=np.bool_)
        mine[places] = False
        text = np.empty(total, dtype=np.uint32)
        text[mine] = codes[kept]
        text[places] = np.array([ord(c) for c in self.chars], dtype=np.uint32)
        del codes
        offsets = np.empty(total + 1, dtype=np.int64)
        offsets[:-1][mine] = kept
        offsets[places] = sources
        offsets[-1] = size
        del mine
        synthetic = np.zeros(total, dtype=np.bool_)
        synthetic[places] = np.array(self.synthetic, dtype=np.bool_)
        spans = [
            (int(np.searchsorted(kept, start)) + ahead, int(np.searchsorted(kept, end)) + behind)
            for start, ahead, end, behind in self.blocks
        ]
        return _Written(
            text.tobytes().decode("utf-32-le", "surrogatepass"),
            OffsetMap(offsets),
            synthetic,
            spans,
        )
