"""A PDF hiding text from its reader (render mode 3, white on white, tiny) beside visible text."""

from __future__ import annotations

from pathlib import Path

import pymupdf

VISIBLE = "Plainly visible words stand here."
BESIDE = "A second visible line."
INVISIBLE = "Secret instructions drawn invisible."
WHITE = "White words on a white page."
TINY = "Microscopic words nobody can read."
ON_BLACK = "White words on a black box."


def hostile_pdf(path: Path) -> Path:
    """One page of visible text beside three kinds of hidden text, a second page clean."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 72), VISIBLE, fontsize=11)
    page.insert_text((72, 100), INVISIBLE, fontsize=11, render_mode=3)
    page.insert_text((72, 130), WHITE, fontsize=11, color=(1, 1, 1))
    page.insert_text((72, 160), TINY, fontsize=0.1)
    page.draw_rect(pymupdf.Rect(60, 180, 400, 220), color=None, fill=(0, 0, 0))
    page.insert_text((72, 205), ON_BLACK, fontsize=11, color=(1, 1, 1))
    page.insert_text((72, 260), BESIDE, fontsize=11)
    second = pdf.new_page()
    second.insert_text((72, 72), "The second page is clean.", fontsize=11)
    second.insert_text((72, 100), INVISIBLE, fontsize=11, render_mode=3)
    pdf.save(path)
    pdf.close()
    return path
