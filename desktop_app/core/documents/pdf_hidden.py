"""Text a reader cannot see, told apart from text they can, span by span.

A PDF can draw text that never shows: render mode 3 or 7 (neither filled nor
stroked: MuPDF reports a fill opacity, ``alpha``, of 0), white text on the white
page, or text under a point high. Read like the rest, such text would be aligned
and quoted as if it were on the page (issue 14), a way to plant words unseen.
Each span is judged here; visible spans go on to be the Document's text, hidden
ones become ``HiddenText`` runs the Document lists apart (``hidden_text``).

Two exceptions keep real text: invisible text over a picture is a scan's OCR
layer (OCR tools write exactly that) and is the page's text; white text over a
filled shape or a picture may well show, so it is kept. Text the colour of a
coloured fill (black on black) is not detected.

Pure: what lies under the text (``Backdrop``) is asked of ``pdf_extract``, and
only when a span needs it, since listing a page's drawings costs time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.core.model import HiddenText

TINY_POINTS = 1.0  # text smaller than this is unreadable at any sane zoom
INVISIBLE = "drawn invisible"
BACKGROUND = "the colour of the background"
TINY = "smaller than 1 pt"
_NEAR_WHITE = 0xF0  # each of R, G, B at least this: white to the eye

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Backdrop:
    """What lies under text on a page: non-white filled shapes and pictures."""

    fills: tuple[Box, ...]
    pictures: tuple[Box, ...]

    def picture_under(self, bbox: Box) -> bool:
        return _covers(self.pictures, bbox)

    def anything_under(self, bbox: Box) -> bool:
        return _covers(self.fills, bbox) or _covers(self.pictures, bbox)


def _covers(rects: Iterable[Box], bbox: Box) -> bool:
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in rects)


def is_white_fill(colour: Iterable[float]) -> bool:
    """A drawing's fill colour (components 0..1) that looks white."""
    return all(c * 255 >= _NEAR_WHITE for c in colour)


class SpanJudge:
    """Says why a ``dict``/``rawdict`` span is hidden (or None), and gathers hidden runs.

    ``backdrop`` is called at most once, the first time a span's verdict depends
    on what lies under it.
    """

    def __init__(self, page: int, backdrop: Callable[[], Backdrop]) -> None:
        self.page = page
        self.runs: list[HiddenText] = []
        self._get_backdrop = backdrop
        self._backdrop: Backdrop | None = None
        self._open = False  # the last run may still grow
        self._new_line = False

    def reason(self, span: dict[str, Any]) -> str | None:
        """Why a ``rawdict`` span cannot be seen, or None if it can (checked cheapest first:
        nearly every span is plainly visible)."""
        invisible = span.get("alpha", 255) == 0
        tiny = float(span["size"]) < TINY_POINTS
        colour = int(span.get("color", 0))
        white = all((colour >> shift) & 0xFF >= _NEAR_WHITE for shift in (0, 8, 16))
        if not (invisible or tiny or white):
            return None
        if not span_text(span).strip():
            return None  # hidden spaces change nothing a reader sees
        bbox: Box = tuple(span["bbox"])
        if invisible:
            return None if self._under().picture_under(bbox) else INVISIBLE
        if tiny:
            return TINY
        if not self._under().anything_under(bbox):
            return BACKGROUND
        return None

    def _under(self) -> Backdrop:
        if self._backdrop is None:
            self._backdrop = self._get_backdrop()
        return self._backdrop

    def new_block(self) -> None:
        self._open = False

    def new_line(self) -> None:
        self._new_line = True

    def visible(self) -> None:
        """Visible text came between: the next hidden span starts a new run."""
        self._open = False

    def hidden(self, text: str, reason: str, bbox: Box) -> None:
        """Add a hidden span: it extends the last run if nothing visible came between."""
        text = " ".join(text.split())
        joiner = " " if self._new_line else ""
        self._new_line = False
        last = self.runs[-1] if self.runs else None
        if self._open and last is not None and last.reason == reason:
            box = (
                min(last.bbox[0], bbox[0]),
                min(last.bbox[1], bbox[1]),
                max(last.bbox[2], bbox[2]),
                max(last.bbox[3], bbox[3]),
            )
            self.runs[-1] = HiddenText(self.page, last.text + joiner + text, reason, box)
        else:
            box = (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))
            self.runs.append(HiddenText(self.page, text, reason, box))
        self._open = True


def span_text(span: dict[str, Any]) -> str:
    """A span's characters, from a ``dict`` (its "text") or a ``rawdict`` (its "chars")."""
    text = span.get("text")
    return str(text) if text is not None else "".join([c["c"] for c in span["chars"]])


def hidden_notice(runs: Iterable[HiddenText]) -> str:
    """The one-line notice for a Document's hidden text ("" if there is none)."""
    runs = list(runs)
    if not runs:
        return ""
    pages = sorted({run.page + 1 for run in runs})
    shown = ", ".join(str(p) for p in pages[:10]) + ("…" if len(pages) > 10 else "")
    where = f"page {shown}" if len(pages) == 1 else f"pages {shown}"
    if len(runs) == 1:
        return f"1 invisible text run on {where} was left out."
    return f"{len(runs)} invisible text runs on {where} were left out."
