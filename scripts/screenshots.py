"""Screenshots of the reading room on the demo pair, light and dark, for the docs.

Runs the real window offscreen with the real loader and aligner, waits for the
alignment, selects the first quote link, and saves docs/screenshots/verso-<theme>.png.
``--annotations`` instead adds a few notes and a pair note (in a throwaway
database) and saves docs/screenshots/verso-annotations.png. ``--many`` opens the
Spectator rebuttal as the focal document against the Congress plan and both
Khodorkovsky essays and saves docs/screenshots/verso-one-against-many.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.app import build_services, demo_paths, ensure_application, shutdown_services
from desktop_app.core.annotations import Colour
from desktop_app.core.cache import Cache
from desktop_app.core.model import LinkKind, Span
from desktop_app.core.storage import open_database
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.theme import dark_palette

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


CACHE = Cache()  # the user's cache, like the app: embeddings are reused between runs


def wait_until(app: QApplication, done: object, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.01)


def shoot(theme: str, out: Path) -> Path:
    app = ensure_application()
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "verso.sqlite3")  # no "notes unavailable" banner
        services = build_services(Path(tmp) / "settings.ini", database, cache=CACHE)
        window = MainWindow(services)
        window.resize(1440, 900)
        window.show()
        outcomes: list[str] = []
        window.alignment_changed.connect(lambda _pair, outcome: outcomes.append(outcome))
        window.open_paths(demo_paths())
        wait_until(
            app, lambda: "refined" in outcomes
        )  # as the app shows it: meaning-level links in
        links = window.compare.shown_links(0)
        quotes = [i for i, link in enumerate(links) if link.kind is LinkKind.QUOTE]
        if quotes:
            window.compare.select_link(quotes[0])
        wait_until(app, lambda: False, timeout=0.3)
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"verso-{theme}.png"
        window.grab().save(str(path))
        window.close()
        shutdown_services(services, window)
    return path


def _select_near(window: MainWindow, slot: int, offset: int, step: int, words: int) -> bool:
    """Select the first ``words`` words of the block ``step`` blocks after the one at ``offset``."""
    from PySide6.QtGui import QTextCursor

    pane = window.compare.panes[slot]
    document = pane.document
    if document is None:
        return False
    blocks = [b for b in document.content_blocks if len(b.span) > 80]
    here = next((i for i, b in enumerate(blocks) if b.span.end > offset), 0)
    if not 0 <= here + step < len(blocks):
        return False
    block = blocks[here + step]
    text = block.span.of(document.text)
    end = block.span.start + len(" ".join(text.split(" ")[:words]))
    start, stop = pane.offsets.pane_range(Span(block.span.start, end))
    cursor = pane.text_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(stop, QTextCursor.MoveMode.KeepAnchor)
    pane.text_view.setTextCursor(cursor)
    return True


def shoot_annotations(out: Path) -> Path:
    app = ensure_application()
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "verso.sqlite3")
        services = build_services(Path(tmp) / "settings.ini", database, cache=CACHE)
        window = MainWindow(services)
        window.resize(1600, 920)
        window.show()
        outcomes: list[str] = []
        window.alignment_changed.connect(lambda _pair, outcome: outcomes.append(outcome))
        window.open_paths(demo_paths())
        wait_until(
            app, lambda: "refined" in outcomes
        )  # as the app shows it: meaning-level links in
        notes = window.notes
        window.resizeDocks([notes.dock_widget], [520], Qt.Orientation.Horizontal)
        links = window.compare.shown_links(0)
        quotes = [i for i, link in enumerate(links) if link.kind is LinkKind.QUOTE]
        if quotes:
            link = links[quotes[0]]
            window.compare.select_link(quotes[0])
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
                if _select_near(window, slot, offset, step, 16):
                    note = notes.highlight(colour)
                    if note is not None and (text or tags):
                        entry = next(e for e in notes.dock.visible_entries() if e.id == note.id)
                        notes.edit_entry(entry)
                        if notes.editor is not None:
                            notes.editor.note_edit.setPlainText(text)
                            notes.editor.tags_edit.setText(", ".join(tags))
                            notes.editor.save()
            wait_until(app, lambda: False, timeout=0.5)  # let the dock's resize settle first
            window.compare.select_link(quotes[0])
        wait_until(app, lambda: False, timeout=0.5)
        out.mkdir(parents=True, exist_ok=True)
        path = out / "verso-annotations.png"
        window.grab().save(str(path))
        window.close()
        shutdown_services(services, window)
    return path


MANY_FILES = (
    "spectator-plot-to-kill-putin-rebuttal-2024.txt",
    "congress-victory-plan-2024.txt",
    "khodorkovsky-economist-2023.md",
    "kasparov-khodorkovsky-foreign-affairs-2023.txt",
)


def shoot_many(out: Path) -> Path:
    """The rebuttal against three sources: tabs, summary strip, coverage bar."""
    app = ensure_application()
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    folder = demo_paths()[0].parent
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "verso.sqlite3")
        services = build_services(Path(tmp) / "settings.ini", database, cache=CACHE)
        window = MainWindow(services)
        window.resize(1600, 920)
        window.show()
        window.notes.dock_widget.hide()
        finished: set[int] = set()

        def on_alignment(pair: int, outcome: str) -> None:
            if outcome == "refined":
                finished.add(pair)

        window.alignment_changed.connect(on_alignment)
        window.open_paths([folder / name for name in MANY_FILES])
        wait_until(app, lambda: len(finished) >= len(MANY_FILES) - 1)
        compare = window.compare
        best = max(range(compare.pair_count), key=lambda p: len(compare.shown_links(p)))
        compare.set_active_pair(best)
        links = compare.shown_links(best)
        quotes = [i for i, link in enumerate(links) if link.kind is LinkKind.QUOTE]
        if quotes or links:
            compare.select_link(quotes[0] if quotes else 0, pair=best)
        wait_until(app, lambda: False, timeout=0.5)
        out.mkdir(parents=True, exist_ok=True)
        path = out / "verso-one-against-many.png"
        window.grab().save(str(path))
        window.close()
        shutdown_services(services, window)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--theme", choices=["light", "dark", "both"], default="both")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--annotations", action="store_true", help="the notes screenshot only")
    parser.add_argument("--many", action="store_true", help="the one-against-many screenshot only")
    args = parser.parse_args()
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
