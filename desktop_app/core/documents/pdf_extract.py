"""Raw glyphs and page pictures out of pymupdf: the only module that touches pymupdf to read PDFs.

Glyphs come from the text layer (``extract_page``) or, for scanned pages, from
MuPDF's built-in Tesseract OCR (``ocr_page``), in the same structure.

Kept pure and small so it runs the same in-process (tests) and in the worker
process (``pdf_worker``), where a page that hangs or explodes can be killed.
What it returns is plain picklable data (strings, ``array('f')`` of boxes), so
a page crosses the process boundary as a few compact buffers, and no pymupdf
object ever outlives the ``pymupdf.Document`` it came from.
"""

from __future__ import annotations

import logging
import re
from array import array
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
import pymupdf

from desktop_app.core.documents.pdf_columns import measure_lines, split_columns
from desktop_app.core.documents.pdf_hidden import Backdrop, SpanJudge, is_white_fill, span_text
from desktop_app.core.documents.pdf_raw import PdfInfo as PdfInfo
from desktop_app.core.documents.pdf_raw import RawBlock as RawBlock
from desktop_app.core.documents.pdf_raw import RawLine as RawLine
from desktop_app.core.documents.pdf_raw import RawPage as RawPage
from desktop_app.core.documents.pdf_raw import RenderedPage as RenderedPage
from desktop_app.core.errors import DocumentError, PasswordRequired

# MuPDF prints its complaints about damaged files ("MuPDF error: format error...") to
# stdout by default, which corrupted `verso text damaged.pdf > out`. Route them to
# logging at INFO: Verso reports what matters to the user as a DocumentError or a
# document warning.
_set_messages: Any = pymupdf.set_messages  # untyped in pymupdf
_set_messages(pylogging=True, pylogging_name="pymupdf", pylogging_level=logging.INFO)

FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
)
_HYPHENATED = re.compile(r"[^\W\d_]+-[^\W\d_]+")
# pymupdf's own annotations are partial; everything it returns is handled as Any.
_open: Any = pymupdf.open
_matrix: Any = pymupdf.Matrix


def open_pdf(data: bytes, name: str, password: str | None) -> Any:
    """Open and unlock a PDF held in memory; ``DocumentError``/``PasswordRequired`` if not."""
    try:
        pdf = _open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises FileDataError / RuntimeError variants
        raise DocumentError(f"Cannot open {name}: it is damaged or not a PDF file.") from exc
    try:
        _unlock(pdf, name, password)
        if pdf.page_count == 0:
            raise DocumentError(f"Cannot open {name}: it is damaged or has no pages.")
    except BaseException:
        pdf.close()
        raise
    return pdf


def _unlock(pdf: Any, name: str, password: str | None) -> None:
    if not pdf.needs_pass:
        return  # unencrypted, or an owner password only: readable as is
    if password is None:
        raise PasswordRequired(f"{name} is encrypted: a password is needed to open it.")
    if not pdf.authenticate(password):
        raise PasswordRequired(f"Cannot open {name}: the password is wrong.")


def pdf_info(pdf: Any) -> PdfInfo:
    """Page count, title and page sizes (cheap: no page content is parsed)."""
    sizes = []
    for number in range(pdf.page_count):
        rect = pdf.load_page(number).rect
        sizes.append((float(rect.width), float(rect.height)))
    title = str((pdf.metadata or {}).get("title") or "").strip()
    return PdfInfo(pdf.page_count, title, tuple(sizes))


def is_repaired(pdf: Any) -> bool:
    """True if MuPDF had to rebuild a damaged file (known only after pages were read)."""
    return bool(getattr(pdf, "is_repaired", False))


def extract_page(pdf: Any, number: int) -> RawPage:
    """The text blocks of page ``number`` with a box per character.

    Words first (``_word_page``: MuPDF's words and spans, characters placed
    evenly inside their word's box), three times as fast as a dict per character;
    a page whose words do not fit that (vertical or right-to-left lines, a word
    MuPDF splits otherwise) falls back to the exact ``rawdict`` boxes. Each line's
    ink box and cuts are measured and blocks holding two columns cut apart here too
    (``pdf_columns``): in a worker, beside the other workers, rather than in the
    process waiting for every page.
    """
    page = pdf.load_page(number)
    judge = SpanJudge(number, lambda: _backdrop(page))
    raw = _word_page(page, number, judge)
    if raw is None:
        judge = SpanJudge(number, lambda: _backdrop(page))
        raw = _raw_page(page, number, page.get_text("rawdict", flags=FLAGS), judge)
    raw.hidden = judge.runs
    raw.scanned = not raw.blocks and bool(page.get_images(full=True))
    measure_lines([line for block in raw.blocks for line in block.lines])
    raw.blocks = [
        RawBlock(bbox, lines)
        for block in raw.blocks
        for bbox, lines in split_columns(block.bbox, block.lines)
    ]
    raw.split = True
    measure_lines([line for block in raw.blocks for line in block.lines])  # cut lines
    return raw


def ocr_page(pdf: Any, number: int, *, tessdata: str, language: str, dpi: int) -> RawPage:
    """Page ``number`` read by Tesseract (MuPDF's built-in OCR) into the same glyph structure.

    ``full=True`` recognises the whole rendered page, so the characters come
    back in page coordinates with a box each: geometry and highlights work on
    OCR'd text as on a text layer. Tesseract estimates a slightly different
    font size for every line; each block's lines get its median size, rounded
    to a point, so heading detection does not mistake that noise for headings.
    """
    page = pdf.load_page(number)
    textpage = page.get_textpage_ocr(
        flags=FLAGS, language=language, dpi=dpi, full=True, tessdata=tessdata
    )
    raw = _raw_page(page, number, page.get_text("rawdict", textpage=textpage, flags=FLAGS))
    for block in raw.blocks:
        sizes = sorted(line.size for line in block.lines)
        size = float(round(sizes[len(sizes) // 2]))
        for line in block.lines:
            line.size = size
            line.ink = line.cuts = None  # the cuts depend on the size
    return raw


def _backdrop(page: Any) -> Backdrop:
    """The non-white filled shapes and the pictures of a page (what text may lie on)."""
    fills = tuple(
        tuple(float(v) for v in drawing["rect"])
        for drawing in page.get_drawings()
        if drawing.get("fill") is not None
        and (drawing.get("fill_opacity") is None or drawing["fill_opacity"] > 0)
        and not is_white_fill(drawing["fill"])
    )
    pictures = tuple(tuple(float(v) for v in info["bbox"]) for info in page.get_image_info())
    return Backdrop(fills, pictures)  # type: ignore[arg-type]


# Where MuPDF ends a word (``extractWORDS``): control characters, the space, no-break space.
_DELIMITER = re.compile(r"[\x00-\x20\xa0]+")
# Right-to-left scripts: their glyphs do not run left to right inside a word's box.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _word_page(page: Any, number: int, judge: SpanJudge) -> RawPage | None:
    """The page from MuPDF's spans (``dict``) and words, or None if they do not fit together.

    A character's box is its share of its word's box (split evenly); the
    spaces between two words share the gap between them. Lines and word
    boxes are MuPDF's own, so the layout analysis sees the same lines, gaps and
    margins; a highlight ends at most a fraction of a glyph off inside a word.
    """
    textpage = page.get_textpage(flags=FLAGS)
    raw = textpage.extractDICT()
    words: dict[tuple[int, int], list[tuple[Any, ...]]] = {}
    for word in textpage.extractWORDS():
        words.setdefault((word[5], word[6]), []).append(word)
    lines: list[_Line] = []
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        for index, line in enumerate(block["lines"]):
            direction = line["dir"]
            text = "".join([span["text"] for span in line["spans"]])
            if abs(direction[0] - 1) > 1e-3 or abs(direction[1]) > 1e-3:
                return None
            if _RIGHT_TO_LEFT.search(text):
                return None
            lines.append((text, words.pop((block["number"], index), []), line["bbox"]))
    if words:
        return None  # words in no line we know: the two extractions disagree
    runs = _page_runs(lines)
    if runs is None:
        return None
    boxes = _spread(runs)
    at = 0
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        for line in block["lines"]:
            for span in line["spans"]:
                size = len(span["text"])
                span["boxes"] = boxes[4 * at : 4 * (at + size)]
                at += size
    return _raw_page(page, number, raw, judge)


_Line = tuple[str, list[tuple[Any, ...]], tuple[float, float, float, float]]


def _page_runs(lines: list[_Line]) -> npt.NDArray[np.float64] | None:
    """Every line's runs (x0, step, y0, y1, characters: a word or the gap before one),
    in order; None if a line's words do not spell it.

    Most lines are their words joined by single spaces: then each word is a run and
    each space between two words a run of one, placed in numpy for the whole page
    as ``_place`` would place them one by one.
    """
    if all(
        text.count(" ") == len(words) - 1 and text == " ".join([w[4] for w in words])
        for text, words, _ in lines
        if text or words
    ):
        runs = _joined_runs(lines)
        if runs is not None:
            return runs
    flat = array("d")
    for text, words, bbox in lines:
        if not _place(text, words, bbox, flat):
            return None
    return np.frombuffer(flat, dtype=np.float64).reshape(-1, 5)


def _joined_runs(lines: list[_Line]) -> npt.NDArray[np.float64] | None:
    """``_place``'s runs for lines that are their words joined by single spaces (None if
    a word is empty: no even share of nothing)."""
    words = [w for _, line_words, _ in lines for w in line_words]
    if not words:
        return np.empty((0, 5), dtype=np.float64)
    sizes = np.fromiter((len(w[4]) for w in words), dtype=np.float64, count=len(words))
    if not sizes.all():
        return None
    box = np.array([w[:4] for w in words], dtype=np.float64).reshape(-1, 4)
    per_line = np.fromiter((len(ws) for _, ws, _ in lines), dtype=np.int64, count=len(lines))
    owner = np.repeat(np.arange(len(lines)), per_line)
    edges = np.array([(b[1], b[3]) for _, _, b in lines], dtype=np.float64).reshape(-1, 2)
    gap = np.ones(len(words), dtype=np.bool_)  # a space before the word: not a line's first
    gap[np.cumsum(per_line)[per_line > 0] - per_line[per_line > 0]] = False
    rows = np.arange(len(words)) + np.cumsum(gap)  # each word's row, after its gap's
    runs = np.empty((len(words) + int(gap.sum()), 5), dtype=np.float64)
    runs[rows] = np.column_stack(
        (box[:, 0], (box[:, 2] - box[:, 0]) / sizes, box[:, 1], box[:, 3], sizes)
    )
    after = np.flatnonzero(gap)
    left = box[after - 1, 2]  # the word before's right edge
    runs[rows[after] - 1] = np.column_stack(
        (left, (box[after, 0] - left) / 1.0, edges[owner[after]], np.ones(after.size))
    )
    return runs


def _place(
    text: str,
    words: list[tuple[Any, ...]],
    bbox: tuple[float, float, float, float],
    runs: array[float],
) -> bool:
    """Add the line's runs (each word, each gap between) to ``runs`` (x0, step, y0, y1,
    characters, flat); False if they do not spell ``text``."""
    position = 0
    left = float(bbox[0])
    y0, y1 = float(bbox[1]), float(bbox[3])
    extend = runs.extend
    for x0, wy0, x1, wy1, word, *_ in words:
        # Where ``text.find(word, position)`` is, checked first where it usually is: right
        # here, or after one space (a word holds no delimiter, so it cannot start at one).
        if text.startswith(word, position):
            start = position
        elif text.startswith(" ", position) and text.startswith(word, position + 1):
            start = position + 1
        else:
            start = text.find(word, position)
            if start < 0 or not _is_gap(text, position, start):
                return False
        size = len(word)
        if start > position:
            extend((left, (x0 - left) / (start - position), y0, y1, start - position))
        extend((x0, (x1 - x0) / size, wy0, wy1, size))
        position = start + size
        left = x1
    if position < len(text):
        if not _is_gap(text, position, len(text)):
            return False
        right = max(float(bbox[2]), left)
        extend((left, (right - left) / (len(text) - position), y0, y1, len(text) - position))
    return True


def _is_gap(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is nothing but word delimiters (or empty)."""
    return start == end or _DELIMITER.fullmatch(text, start, end) is not None


def _spread(table: npt.NDArray[np.float64]) -> array[float]:
    """One box per character: each run's width split evenly among its characters.

    numpy, in double as Python floats would be (``x0 + k * step``), then float32:
    a dict of four floats per character made this a third of a worker's time on a
    book. The worker imports numpy before its memory cap is set.
    """
    boxes = array("f")
    if not table.size:
        return boxes
    counts = table[:, 4].astype(np.int64)
    starts = np.cumsum(counts) - counts
    k = np.arange(int(counts.sum()), dtype=np.float64) - np.repeat(starts, counts)
    x0 = np.repeat(table[:, 0], counts)
    step = np.repeat(table[:, 1], counts)
    out = np.empty((k.size, 4), dtype=np.float32)
    out[:, 0] = x0 + k * step
    out[:, 1] = np.repeat(table[:, 2], counts)
    out[:, 2] = x0 + (k + 1) * step
    out[:, 3] = np.repeat(table[:, 3], counts)
    boxes.frombytes(out.tobytes())
    return boxes


def _visible_spans(block: dict[str, Any], judge: SpanJudge | None) -> list[list[dict[str, Any]]]:
    """Each line's spans a reader can see; the hidden ones go to ``judge``'s runs."""
    if judge is None:  # OCR output: invisible by design, and the page's text
        return [line["spans"] for line in block["lines"]]
    judge.new_block()
    lines = []
    for line in block["lines"]:
        judge.new_line()
        kept = []
        for span in line["spans"]:
            reason = judge.reason(span)
            if reason is None:
                judge.visible()
                kept.append(span)
            else:
                judge.hidden(span_text(span), reason, span["bbox"])
        lines.append(kept)
    return lines


def _raw_page(
    page: Any, number: int, raw: dict[str, Any], judge: SpanJudge | None = None
) -> RawPage:
    """Lines and per-character boxes of a ``rawdict`` extraction (or a ``dict`` one whose
    spans carry "boxes", from ``_word_page``), text blocks only.

    With a ``judge``, spans a reader cannot see are left out (and listed by it).
    """
    blocks: list[RawBlock] = []
    hyphenated: set[str] = set()
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        lines: list[RawLine] = []
        hidden_before = len(judge.runs) if judge is not None else 0
        for spans in _visible_spans(block, judge):
            if not spans:
                continue
            if "boxes" in spans[0]:  # ``_word_page``: boxes placed already
                text = "".join([span["text"] for span in spans])
                if not text.strip():
                    continue
                boxes = array("f")
                for span in spans:
                    boxes.extend(span["boxes"])
                size = float(max(spans, key=lambda s: len(s["text"]))["size"])
            else:
                chars = [c for span in spans for c in span["chars"]]
                text = "".join([c["c"] for c in chars])
                if not text.strip():
                    continue
                boxes = array("f", chain.from_iterable([c["bbox"] for c in chars]))
                size = float(max(spans, key=lambda s: len(s["chars"]))["size"])
            lines.append(RawLine(text, boxes, size))
            if "-" in text:
                hyphenated.update(m.lower() for m in _HYPHENATED.findall(text))
        if lines:
            x0, y0, x1, y1 = (float(v) for v in block["bbox"])
            if judge is not None and len(judge.runs) > hidden_before:
                x0, y0, x1, y1 = _extent(lines)  # the hidden text's room is not the block's
            blocks.append(RawBlock((x0, y0, x1, y1), lines))
    rect = page.rect
    return RawPage(number, float(rect.width), float(rect.height), blocks, hyphenated)


def _extent(lines: list[RawLine]) -> tuple[float, float, float, float]:
    """The box around every character of ``lines``."""
    x0 = min(min(line.boxes[0::4]) for line in lines)
    y0 = min(min(line.boxes[1::4]) for line in lines)
    x1 = max(max(line.boxes[2::4]) for line in lines)
    y1 = max(max(line.boxes[3::4]) for line in lines)
    return x0, y0, x1, y1


def render_page(pdf: Any, number: int, zoom: float) -> RenderedPage:
    """Page ``number`` drawn at ``zoom`` (1.0 = 72 dpi) as RGB bytes."""
    page = pdf.load_page(number)
    pix = page.get_pixmap(matrix=_matrix(zoom, zoom), alpha=False)
    return RenderedPage(number, zoom, pix.width, pix.height, pix.stride, bytes(pix.samples))
