"""How long load() takes on a 300-page PDF and on the New Testament text.

Prints seconds and the ratio to a baseline measured in the same run on the same
file (pymupdf's plain get_text for the PDF, a plain read for the text), so the
figures mean something on a noisy shared machine.

    .venv/bin/python -m benchmarks.bench_document_loading [pages]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pymupdf

from benchmarks.inputs import PARALLEL
from benchmarks.timing import best_of
from desktop_app.core.documents import load
from tests.helpers.factories import make_long_pdf

NT = PARALLEL / "nt.kjv.txt"


def plain_pdf_text(path: Path) -> str:
    with pymupdf.open(path) as pdf:
        return "".join(page.get_text("text") for page in pdf)


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        pdf = make_long_pdf(Path(folder) / "long.pdf", pages)
        doc = load(pdf)
        baseline = best_of(3, lambda: plain_pdf_text(pdf))
        ours = best_of(3, lambda: load(pdf))
        print(
            f"PDF {pages} pages, {len(doc.text):,} chars: load {ours:.2f} s, "
            f"plain get_text {baseline:.2f} s, ratio {ours / baseline:.1f}x"
        )
    if NT.exists():
        baseline = best_of(5, lambda: NT.read_text(encoding="utf-8"))
        ours = best_of(5, lambda: load(NT))
        print(
            f"{NT.name}: load {ours * 1000:.1f} ms, plain read {baseline * 1000:.1f} ms, "
            f"ratio {ours / baseline:.1f}x"
        )


if __name__ == "__main__":
    main()
