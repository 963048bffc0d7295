"""Screenshot of a PDF in the page view beside a text, ribbons joining rectangles to text.

Typesets the demo's Congress plan as a PDF (pymupdf's Story: real pages, real
glyphs), opens it in the real window against the Spectator rebuttal (text),
waits for the alignment, adds a note and a pair note (throwaway database),
switches the PDF pane to its rendered pages, selects the first quote link and
saves docs/screenshots/verso-pdf-pages.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shots import OUT, open_settled, reading_room, save, select_text, settle, wait_until
from typeset import typeset

from desktop_app.app import demo_paths
from desktop_app.core.annotations import Colour
from desktop_app.core.model import LinkKind, RelationKind, Span
from desktop_app.ui.reading.link_map import MAP_WIDTH


def shoot(out: Path) -> Path:
    plan, rebuttal = demo_paths()
    with reading_room(1600, 940) as (app, window, folder):
        pdf = typeset(plan, folder / "victory-plan.pdf", "To claim victory in Ukraine")
        open_settled(app, window, [pdf, rebuttal])
        compare = window.compare
        links = compare.shown_links(0)
        # A quote link, or a passage that quotes (a quote inside a related run is marked so).
        quotes = [
            i
            for i, link in enumerate(links)
            if link.kind is LinkKind.QUOTE or link.relation is RelationKind.QUOTES
        ]
        if quotes:
            link = links[quotes[0]]
            compare.select_link(quotes[0])
            window.notes.annotate_pair()
            editor = window.notes.editor
            if editor is not None:
                editor.relation_box.setCurrentText("misquotes")
                editor.note_edit.setPlainText("Quoted without its qualifier.")
                editor.save()
            left = compare.panes[0].document
            assert left is not None
            blocks = [b for b in left.content_blocks if b.span.start > link.left.end]
            if blocks:
                block = blocks[0].span
                select_text(window, 0, Span(block.start, min(block.end, block.start + 160)))
                window.notes.highlight(Colour.GREEN)
        # Room for the pages: a readable zoom at fit-width.
        compare.splitter.setSizes([780, MAP_WIDTH, 520])
        compare.panes[0].page_toggle.setChecked(True)
        pages = compare.panes[0].page_view
        if quotes:
            compare.select_link(quotes[0])
        wait_until(app, lambda: all(pages.pixmap(p) is not None for p in pages.visible_pages()))
        settle(app)
        return save(window, out, "verso-pdf-pages.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    print(shoot(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
