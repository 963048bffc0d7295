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

from desktop_app.core.documents.pdf_columns import measure_glyphs, measure_lines, split_columns
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
    Words are handled as columns (numpy), lines one by one: a Python step per
    word, span dict or character made this as slow as MuPDF's own extraction.
    """
    textpage = page.get_textpage(flags=FLAGS)
    raw = textpage.extractDICT()
    words = textpage.extractWORDS()
    blocks = [block for block in raw["blocks"] if block.get("type", 0) == 0]
    texts: list[str] = []
    keys: list[int] = []  # (block number, line index) as one number: how words name a line
    bboxes: list[tuple[float, float, float, float]] = []
    hidden = False
    for block in blocks:
        key = int(block["number"]) << 32
        for line in block["lines"]:
            direction = line["dir"]
            if abs(direction[0] - 1) > 1e-3 or abs(direction[1]) > 1e-3:
                return None
            spans = line["spans"]
            texts.append("".join([span["text"] for span in spans]))
            keys.append(key)
            key += 1
            bboxes.append(line["bbox"])
            hidden = hidden or any(judge.reason(span) is not None for span in spans)
    if _RIGHT_TO_LEFT.search("".join(texts)):
        return None
    runs = _word_runs(texts, keys, bboxes, words)
    if runs is None:
        return None
    boxes = _spread_boxes(runs)
    if hidden:  # some spans are left out: span by span
        flat = array("f", boxes.tobytes())
        at = 0
        for block in blocks:
            for line in block["lines"]:
                for span in line["spans"]:
                    size = len(span["text"])
                    span["boxes"] = flat[4 * at : 4 * (at + size)]
                    at += size
        return _raw_page(page, number, raw, judge)
    return _visible_page(page, number, blocks, texts, boxes)


def _visible_page(
    page: Any,
    number: int,
    blocks: list[dict[str, Any]],
    texts: list[str],
    boxes: npt.NDArray[np.float32],
) -> RawPage:
    """``_raw_page`` for a page whose spans are all visible: each line's text (``texts``,
    in order) and its slice of the page's character ``boxes``, measured at once
    (``measure_glyphs``: the same ink boxes and cuts ``measure_lines`` gives)."""
    lines = [line for block in blocks for line in block["lines"]]
    sizes = [
        float(max(ln["spans"], key=lambda s: len(s["text"]))["size"]) if ln["spans"] else 0.0
        for ln in lines
    ]
    filled = [i for i, text in enumerate(texts) if text]  # measured: every line with glyphs
    inks, cuts = measure_glyphs(
        "".join(texts),
        boxes,
        np.fromiter((len(texts[i]) for i in filled), dtype=np.int64, count=len(filled)),
        np.array([sizes[i] for i in filled], dtype=np.float64),
    )
    measured = dict(zip(filled, zip(inks, cuts, strict=True), strict=True))
    view = memoryview(boxes.tobytes())
    found: list[RawBlock] = []
    index = at = 0
    for block in blocks:
        kept: list[RawLine] = []
        for _ in block["lines"]:
            text = texts[index]
            end = at + 16 * len(text)  # bytes: four float32 per character
            if text.strip():
                glyphs = array("f")
                glyphs.frombytes(view[at:end])
                ink, cut = measured[index]
                kept.append(RawLine(text, glyphs, sizes[index], ink, cut))
            at = end
            index += 1
        if kept:
            x0, y0, x1, y1 = (float(v) for v in block["bbox"])
            found.append(RawBlock((x0, y0, x1, y1), kept))
    # One search over the lines with a hyphen: a match never crosses a line break.
    hyphens = "\n".join([text for text in texts if "-" in text])
    hyphenated = {m.lower() for m in _HYPHENATED.findall(hyphens)} if hyphens else set()
    rect = page.rect
    return RawPage(number, float(rect.width), float(rect.height), found, hyphenated)


_Line = tuple[str, list[tuple[Any, ...]], tuple[float, float, float, float]]


def _word_runs(
    texts: list[str],
    keys: list[int],
    bboxes: list[tuple[float, float, float, float]],
    words: list[tuple[Any, ...]],
) -> npt.NDArray[np.float64] | None:
    """``_page_runs`` of the lines (``texts``, ``keys`` and ``bboxes`` in order) and the
    words MuPDF lists for them, each naming its line by block number and index."""
    count = len(words)
    named = np.empty(0, dtype=np.int64)
    spelled: tuple[str, ...] = ()
    if count:
        x0, y0, x1, y1, spelled, block, line, *_ = zip(*words, strict=True)
        named = (np.array(block, dtype=np.int64) << 32) + np.array(line, dtype=np.int64)
    ours = np.array(keys, dtype=np.int64)
    if (np.diff(named) < 0).any() or (np.diff(ours) <= 0).any():  # out of order: one by one
        grouped: dict[int, list[tuple[Any, ...]]] = {}
        for word in words:
            grouped.setdefault((int(word[5]) << 32) + int(word[6]), []).append(word)
        lines = [(t, grouped.pop(k, []), b) for t, k, b in zip(texts, keys, bboxes, strict=True)]
        return None if grouped else _page_runs(lines)
    starts = np.searchsorted(named, ours, "left").tolist()
    ends = np.searchsorted(named, ours, "right").tolist()
    if sum(ends) - sum(starts) != count:
        return None  # words in no line we know: the two extractions disagree
    if all(text == " ".join(spelled[a:b]) for text, a, b in zip(texts, starts, ends, strict=True)):
        box = np.column_stack((x0, y0, x1, y1)) if count else np.empty((0, 4))
        sizes = np.fromiter(map(len, spelled), dtype=np.float64, count=count)
        rows = np.array([(b[1], b[3]) for b in bboxes], dtype=np.float64).reshape(-1, 2)
        runs = _joined_table(box, sizes, np.subtract(ends, starts), rows)
        if runs is not None:
            return runs
    flat = array("d")
    for text, a, b, bbox in zip(texts, starts, ends, bboxes, strict=True):
        if not _place(text, words[a:b], bbox, flat):
            return None
    return np.frombuffer(flat, dtype=np.float64).reshape(-1, 5)


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
        words = [w for _, line_words, _ in lines for w in line_words]
        box = np.array([w[:4] for w in words], dtype=np.float64).reshape(-1, 4)
        sizes = np.fromiter((len(w[4]) for w in words), dtype=np.float64, count=len(words))
        per_line = np.fromiter((len(ws) for _, ws, _ in lines), dtype=np.int64, count=len(lines))
        rows = np.array([(b[1], b[3]) for _, _, b in lines], dtype=np.float64).reshape(-1, 2)
        runs = _joined_table(box, sizes, per_line, rows)
        if runs is not None:
            return runs
    flat = array("d")
    for text, words, bbox in lines:
        if not _place(text, words, bbox, flat):
            return None
    return np.frombuffer(flat, dtype=np.float64).reshape(-1, 5)


def _joined_table(
    box: npt.NDArray[np.float64],
    sizes: npt.NDArray[np.float64],
    per_line: npt.NDArray[np.int64],
    rows: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64] | None:
    """``_place``'s runs for lines that are their words joined by single spaces: each
    word's ``box`` and length (``sizes``), how many words each line has and its y0, y1
    (``rows``). None if a word is empty: no even share of nothing."""
    if not sizes.size:
        return np.empty((0, 5), dtype=np.float64)
    if not sizes.all():
        return None
    owner = np.repeat(np.arange(per_line.size), per_line)
    gap = np.ones(sizes.size, dtype=np.bool_)  # a space before the word: not a line's first
    gap[np.cumsum(per_line)[per_line > 0] - per_line[per_line > 0]] = False
    order = np.arange(sizes.size) + np.cumsum(gap)  # each word's row, after its gap's
    runs = np.empty((sizes.size + int(gap.sum()), 5), dtype=np.float64)
    runs[order] = np.column_stack(
        (box[:, 0], (box[:, 2] - box[:, 0]) / sizes, box[:, 1], box[:, 3], sizes)
    )
    after = np.flatnonzero(gap)
    left = box[after - 1, 2]  # the word before's right edge
    runs[order[after] - 1] = np.column_stack(
        (left, (box[after, 0] - left) / 1.0, rows[owner[after]], np.ones(after.size))
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


def _spread_boxes(table: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    """One box per character (rows of x0, y0, x1, y1): each run's width split evenly
    among its characters.

    numpy, in double as Python floats would be (``x0 + k * step``), then float32:
    a dict of four floats per character made this a third of a worker's time on a
    book. The worker imports numpy before its memory cap is set.
    """
    if not table.size:
        return np.empty((0, 4), dtype=np.float32)
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
    return out


def _spread(table: npt.NDArray[np.float64]) -> array[float]:
    """``_spread_boxes`` as one flat ``array('f')``."""
    boxes = array("f")
    boxes.frombytes(_spread_boxes(table).tobytes())
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
