"""A text file's paragraphs set on A4 pages with a heading, as a report would be printed.

pymupdf's Story lays out real pages with real glyphs, so the PDF a script makes reads
back as a typeset document would (paragraphs running over page breaks included).
"""

from __future__ import annotations

import html
from pathlib import Path

import pymupdf


def typeset(text: Path, out: Path, title: str, paragraphs: int | None = None) -> Path:
    """``text``'s paragraphs after its first (the title line), ``paragraphs`` of them
    (all if None), set under ``title`` and saved to ``out``."""
    found = [p.strip() for p in text.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    chosen = found[1:] if paragraphs is None else found[1 : 1 + paragraphs]
    body = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in chosen)
    story = pymupdf.Story(
        html=f"<h2>{html.escape(title)}</h2>{body}",
        user_css="body {font-family: sans-serif; font-size: 10pt;} p {margin-bottom: 6pt;}",
    )
    writer = pymupdf.DocumentWriter(str(out))
    page = pymupdf.paper_rect("a4")
    where = pymupdf.Rect(page.x0 + 64, page.y0 + 64, page.x1 - 64, page.y1 - 64)
    more = 1
    while more:
        device = writer.begin_page(page)
        more, _filled = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    return out
