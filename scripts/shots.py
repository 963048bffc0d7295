"""What every screenshot script needs: the real window in a throwaway workspace, waiting for
its work, selecting text and saving the picture.

The window is built as ``run_gui`` builds it (the real loader and aligner, meaning-level links
from a cache), with an empty database in a temporary folder so no "notes unavailable" banner
shows and nothing touches the user's own notes.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from desktop_app.app import build_services, ensure_application, shutdown_services
from desktop_app.core.cache import Cache
from desktop_app.core.model import Span
from desktop_app.core.storage import open_database
from desktop_app.ui.window.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CACHE = Cache()  # the user's cache, like the app: embeddings are reused between runs


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.5) -> None:
    """Let queued layout and paint work run (a dock resize, a page render)."""
    wait_until(app, lambda: False, timeout=seconds)


@contextmanager
def reading_room(
    width: int, height: int, *, dark: bool = False
) -> Iterator[tuple[QApplication, MainWindow, Path]]:
    """The real window, shown, with a temporary folder for its database and any inputs."""
    app = ensure_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = open_database(folder / "verso.sqlite3")
        services = build_services(folder / "settings.ini", database, cache=CACHE)
        window = MainWindow(services)
        window.apply_theme("dark" if dark else "light", save=False)  # View > Theme, as a user
        window.resize(width, height)
        window.show()
        try:
            yield app, window, folder
        finally:
            window.close()
            shutdown_services(services, window)


def open_settled(app: QApplication, window: MainWindow, paths: Sequence[Path]) -> None:
    """Open ``paths`` and wait until every pair shows its settled links, as the app does."""
    settled: set[int] = set()

    def on_alignment(pair: int, outcome: str) -> None:
        if outcome == "finished":
            settled.add(pair)

    window.alignment_changed.connect(on_alignment)
    window.open_paths(list(paths))
    wait_until(app, lambda: len(settled) >= len(paths) - 1)


def select_text(window: MainWindow, slot: int, span: Span) -> None:
    """Select ``span`` of pane ``slot``'s document in its text view, as a mouse drag would."""
    pane = window.compare.panes[slot]
    start, end = pane.offsets.pane_range(span)
    cursor = pane.text_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    pane.text_view.setTextCursor(cursor)


def save(window: MainWindow, out: Path, name: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    window.grab().save(str(path))
    return path
