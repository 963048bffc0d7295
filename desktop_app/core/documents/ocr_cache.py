"""OCR results kept between runs: a page read once by Tesseract is never read again.

OCR costs seconds per page, so each page's glyphs are stored per (PDF sha256,
page, engine key: pymupdf build, language files, languages and dpi). The file
sits beside the embedding cache in the user cache folder, in a file of its own
(``core.cache`` has a fixed schema for other results). Nothing in it is
precious: a damaged file is deleted and made again, a busy one costs a miss.
Pages are stored as JSON with base64 boxes, never pickled: a cache file must not
be able to run code.
"""

from __future__ import annotations

import base64
import json
from array import array
from pathlib import Path
from typing import Any

from desktop_app.core.cache import default_cache_path
from desktop_app.core.documents.pdf_raw import RawBlock, RawLine, RawPage
from desktop_app.core.sqlite_cache import SqliteCache

CACHE_NAME = "ocr.sqlite3"
SCHEMA_VERSION = 1  # a file of another version is emptied, not migrated

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ocr_pages (
    document TEXT NOT NULL,
    page INTEGER NOT NULL,
    engine TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (document, page, engine)
) WITHOUT ROWID;
"""


def default_ocr_cache_path() -> Path:
    """``<user cache dir>/Verso/ocr.sqlite3``, beside the other caches."""
    return default_cache_path().parent / CACHE_NAME


class OcrCache(SqliteCache):
    """One OCR cache file, usable from several threads (calls are serialised)."""

    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    tables = ("ocr_pages",)

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_ocr_cache_path())

    def pages(self, document: str, engine: str, numbers: list[int]) -> dict[int, RawPage]:
        """The stored pages among ``numbers`` (a missing or unreadable page is left out)."""
        wanted = set(numbers)
        found: dict[int, RawPage] = {}
        with self._guarded() as db:
            rows = db.execute(
                "SELECT page, payload FROM ocr_pages WHERE document = ? AND engine = ?",
                (document, engine),
            ).fetchall()
            for number, payload in rows:
                if number in wanted:
                    page = _decode(number, payload)
                    if page is not None:
                        found[number] = page
        return found

    def store(self, document: str, engine: str, page: RawPage) -> None:
        with self._guarded() as db, db:
            db.execute(
                "INSERT OR REPLACE INTO ocr_pages VALUES (?, ?, ?, ?)",
                (document, page.number, engine, _encode(page)),
            )


def _encode(page: RawPage) -> str:
    blocks = [
        {
            "bbox": list(block.bbox),
            "lines": [
                [line.text, line.size, base64.b64encode(line.boxes.tobytes()).decode("ascii")]
                for line in block.lines
            ],
        }
        for block in page.blocks
    ]
    payload = {
        "width": page.width,
        "height": page.height,
        "blocks": blocks,
        "hyphenated": sorted(page.hyphenated),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _decode(number: int, payload: str) -> RawPage | None:
    """A stored page, or None if the row does not hold a well-formed one."""
    try:
        data: dict[str, Any] = json.loads(payload)
        blocks: list[RawBlock] = []
        for block in data["blocks"]:
            lines: list[RawLine] = []
            for text, size, encoded in block["lines"]:
                boxes = array("f")
                boxes.frombytes(base64.b64decode(encoded))
                if len(boxes) != 4 * len(text):
                    return None
                lines.append(RawLine(str(text), boxes, float(size)))
            x0, y0, x1, y1 = (float(v) for v in block["bbox"])
            blocks.append(RawBlock((x0, y0, x1, y1), lines))
        return RawPage(
            number,
            float(data["width"]),
            float(data["height"]),
            blocks,
            {str(word) for word in data["hyphenated"]},
        )
    except (ValueError, KeyError, TypeError):
        return None
