"""Screenshots of the reading room on the demo pair, light and dark, for the docs.

Runs the real window offscreen with the real loader and aligner, waits for the
meaning-level links, selects the first quote link, and saves
docs/screenshots/verso-<theme>.png. ``--annotations`` instead adds a few notes
and a pair note (in a throwaway database) and saves
docs/screenshots/verso-annotations.png. ``--many`` opens the Spectator rebuttal
as the focal document against the Congress plan and both Khodorkovsky essays and
saves docs/screenshots/verso-one-against-many.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shots import OUT, open_settled, reading_room, save, select_text, settle

from PySide6.QtCore import Qt

from desktop_app.app import demo_paths
from desktop_app.core.annotations import Colour
from desktop_app.core.model import LinkKind, Span
from desktop_app.ui.window.main_window import MainWindow

MANY_FILES = (
    "spectator-plot-to-kill-putin-rebuttal-2024.txt",
    "congress-victory-plan-2024.txt",
    "khodorkovsky-economist-2023.md",
    "kasparov-khodorkovsky-foreign-affairs-2023.txt",
)


def _first_quote(window: MainWindow, pair: int = 0) -> int | None:
    """The first quote link, else the first passage holding exact quotes."""
    links = window.compare.shown_links(pair)
    quote = next((i for i, link in enumerate(links) if link.kind is LinkKind.QUOTE), None)
    if quote is not None:
        return quote
    return next((i for i, link in enumerate(links) if link.quoted), None)


def shoot_bible(out: Path) -> Path:
    """The New Testament, KJV against ASV (a revision): book-length, in order."""
    parallel = Path(__file__).resolve().parents[2] / "shared" / "parallel"
    with reading_room(1440, 900) as (app, window, _folder):
        window.notes.dock_widget.hide()
        open_settled(app, window, [parallel / "nt.kjv.txt", parallel / "nt.asv.txt"])
        links = window.compare.shown_links(0)
        window.compare.select_link(min(40, len(links) - 1))
        settle(app, 0.5)
        return save(window, out, "verso-new-testament.png")


def shoot(theme: str, out: Path) -> Path:
    with reading_room(1440, 900, dark=theme == "dark") as (app, window, _folder):
        open_settled(app, window, demo_paths())
        quote = _first_quote(window)
        if quote is not None:
            window.compare.select_link(quote)
        settle(app, 0.3)
        return save(window, out, f"verso-{theme}.png")


def _block_near(window: MainWindow, slot: int, offset: int, step: int, words: int) -> Span | None:
    """The first ``words`` words of the block ``step`` blocks after the one at ``offset``."""
    document = window.compare.panes[slot].document
    if document is None:
        return None
    blocks = [b for b in document.content_blocks if len(b.span) > 80]
    here = next((i for i, b in enumerate(blocks) if b.span.end > offset), 0)
    if not 0 <= here + step < len(blocks):
        return None
    block = blocks[here + step]
    text = block.span.of(document.text)
    return Span(block.span.start, block.span.start + len(" ".join(text.split(" ")[:words])))


def shoot_annotations(out: Path) -> Path:
    with reading_room(1600, 920) as (app, window, _folder):
        open_settled(app, window, demo_paths())
        notes = window.notes
        window.resizeDocks([notes.dock_widget], [520], Qt.Orientation.Horizontal)
        quote = _first_quote(window)
        if quote is not None:
            link = window.compare.shown_links(0)[quote]
            window.compare.select_link(quote)
            notes.annotate_pair()
            if notes.editor is not None:
                notes.editor.relation_box.setCurrentText("misquotes")
                notes.editor.note_edit.setPlainText("Quoted without its qualifier.")
                notes.editor.tags_edit.setText("quote, disputed")
                notes.editor.save()
            for slot, offset, step, colour, text, tags in (
                (0, link.left.start, -1, Colour.YELLOW, "", ()),
                (0, link.left.start, 1, Colour.GREEN, "The plan's core claim.", ("claim",)),
                (1, link.right.start, 1, Colour.PINK, "The rebuttal's framing.", ("framing",)),
            ):
                span = _block_near(window, slot, offset, step, 16)
                if span is None:
                    continue
                select_text(window, slot, span)
                note = notes.highlight(colour)
                if note is not None and (text or tags):
                    entry = next(e for e in notes.dock.visible_entries() if e.id == note.id)
                    notes.edit_entry(entry)
                    if notes.editor is not None:
                        notes.editor.note_edit.setPlainText(text)
                        notes.editor.tags_edit.setText(", ".join(tags))
                        notes.editor.save()
            settle(app)  # let the dock's resize settle before the panes scroll to the link
            window.compare.select_link(quote)
        settle(app)
        return save(window, out, "verso-annotations.png")


def shoot_many(out: Path) -> Path:
    """The rebuttal against three sources: tabs, summary strip, coverage bar."""
    folder = demo_paths()[0].parent
    with reading_room(1600, 920) as (app, window, _folder):
        window.notes.dock_widget.hide()
        open_settled(app, window, [folder / name for name in MANY_FILES])
        compare = window.compare
        best = max(range(compare.pair_count), key=lambda p: len(compare.shown_links(p)))
        compare.set_active_pair(best)
        quote = _first_quote(window, best)
        if quote is not None or compare.shown_links(best):
            compare.select_link(quote if quote is not None else 0, pair=best)
        settle(app)
        return save(window, out, "verso-one-against-many.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--theme", choices=["light", "dark", "both"], default="both")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--annotations", action="store_true", help="the notes screenshot only")
    parser.add_argument("--many", action="store_true", help="the one-against-many screenshot only")
    parser.add_argument("--bible", action="store_true", help="the New Testament screenshot only")
    args = parser.parse_args()
    if args.bible:
        print(shoot_bible(args.out))
        return 0
    if args.many:
        print(shoot_many(args.out))
        return 0
    if args.annotations:
        print(shoot_annotations(args.out))
        return 0
    themes = ["light", "dark"] if args.theme == "both" else [args.theme]
    for theme in themes:
        print(shoot(theme, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
