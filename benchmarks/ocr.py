"""OCR of scanned PDF pages: seconds per page, accuracy, and what the cache saves.

Builds dense A4 pages of the KJV Gospel of Mark (``/work/shared/parallel``),
typeset with a text layer (the baseline: the same pages read without OCR), then
the same pages as pictures only (a scan at 200 dpi). Prints per-page OCR time
with one and two workers, a cached reload, all as ratios to the baseline load,
and character accuracy of the OCR'd text against the typeset text.

    .venv/bin/python -m benchmarks.ocr [pages]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pymupdf
from rapidfuzz.distance import Levenshtein

from benchmarks.inputs import PARALLEL
from desktop_app.core.documents.ocr import OcrSettings, find_engine
from desktop_app.core.documents.pdf import load_pdf
from desktop_app.core.documents.pdf_worker import PdfLimits, shutdown_idle_workers, warm_up
from desktop_app.core.documents.source import MAX_BINARY_BYTES, read_source
from desktop_app.core.model import Document

CORPUS = PARALLEL / "mark.kjv.txt"
_new_pdf: Any = pymupdf.open  # untyped in pymupdf
_rect: Any = pymupdf.Rect


def make_pair(folder: Path, pages: int) -> tuple[Path, Path]:
    """The typeset PDF and its scan (pictures of its pages at 200 dpi)."""
    words = CORPUS.read_text(encoding="utf-8").split()
    typeset, scanned = folder / "typeset.pdf", folder / "scanned.pdf"
    with _new_pdf() as doc:
        position = 0
        for _ in range(pages):
            page = doc.new_page(width=595, height=842)
            text = " ".join(words[position : position + 420])
            position += 420
            page.insert_textbox(_rect(60, 60, 535, 790), text, fontsize=11)
        doc.save(typeset)
        with _new_pdf() as scan:
            for page in doc:
                picture = page.get_pixmap(dpi=200)
                blank = scan.new_page(width=page.rect.width, height=page.rect.height)
                blank.insert_image(blank.rect, pixmap=picture)
            scan.save(scanned)
    return typeset, scanned


def flat(text: str) -> str:
    return " ".join(text.split())


def timed_load(path: Path, settings: OcrSettings, workers: int) -> tuple[float, Document]:
    source = read_source(path, max_bytes=MAX_BINARY_BYTES)
    start = time.perf_counter()
    document = load_pdf(source, ocr=settings, limits=PdfLimits(workers=workers))
    return time.perf_counter() - start, document


def main(pages: int = 6) -> None:
    engine = find_engine(OcrSettings())
    if engine is None:
        raise SystemExit("Tesseract is not installed: run scripts/setup.sh")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        typeset, scanned = make_pair(folder, pages)
        warm_up()
        uncached = OcrSettings(use_cache=False)
        base, truth = timed_load(typeset, uncached, 2)
        one, _ = timed_load(scanned, uncached, 1)
        two, read = timed_load(scanned, uncached, 2)
        variants = {
            f"{lang}@{dpi}dpi": timed_load(
                scanned, OcrSettings(languages=tuple(lang.split("+")), dpi=dpi, use_cache=False), 1
            )
            for lang, dpi in (("eng", 300), ("eng+rus", 200))
        }
        cached = OcrSettings(cache_path=folder / "ocr.sqlite3")
        timed_load(scanned, cached, 2)
        again, hit = timed_load(scanned, cached, 2)
        shutdown_idle_workers()
    accuracy = Levenshtein.normalized_similarity(flat(truth.text), flat(read.text))
    print(f"ocr.engine {engine.version} languages={engine.language} dpi={engine.dpi}")
    print(f"ocr.pages {pages} (A4, ~420 words each)")
    print(f"baseline.text_layer_load {base:.2f} s ({base / pages:.3f} s/page)")
    print(f"ocr.one_worker {one:.2f} s ({one / pages:.2f} s/page, x{one / base:.0f} baseline)")
    print(f"ocr.two_workers {two:.2f} s ({two / pages:.2f} s/page, x{two / base:.0f} baseline)")
    print(f"ocr.cached_reload {again:.2f} s (x{again / base:.1f} baseline, OCR x{two / again:.0f})")
    for name, (seconds, document) in variants.items():
        score = Levenshtein.normalized_similarity(flat(truth.text), flat(document.text))
        print(f"ocr.variant {name} one worker: {seconds / pages:.2f} s/page, accuracy {score:.3f}")
    print(f"ocr.char_accuracy {accuracy:.3f}")
    print(f"ocr.pages_marked {len(read.ocr_pages)} cached_marked {len(hit.ocr_pages)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
