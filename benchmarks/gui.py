"""Reading-room figures with the real window, offscreen: scroll frame rate and PDF opening.

``measure_scroll`` opens a book pair in ``MainWindow`` (real loader, real
panes, link map and linked scrolling) with links taken from the verse truth
(``TruthAligner``: as many as asked, spread over the whole book), then scrolls
the left pane frame by frame, each frame being one scroll step plus the paint
it causes. The baseline, measured in the same run, is the same scroll with
only the links that were on screen during it: "repaints only what is visible"
means the two cost the same (ratio near 1).

Scroll times are the best of alternating runs (the machine is shared).
``measure_pdf_open`` times how long after "open" the first text is on screen.
Both are meant to run in a fresh process (``benchmarks.run``).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from benchmarks.inputs import BookPair, book_pair, write_pair
from desktop_app.app import build_services, ensure_application, shutdown_services
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Alignment, AlignOptions, Document, Link, LinkKind
from desktop_app.ui.window.main_window import MainWindow

_DEFAULT_OPTIONS = AlignOptions()


class TruthAligner:
    """Links verse X on the left to verse X on the right: ``count`` of them, evenly spread.

    A real aligner over the real loaded documents (it checks they are the books
    it knows), so the window shows links exactly where the truth says.
    """

    def __init__(self, pair: BookPair, count: int) -> None:
        self.pair = pair
        truth = sorted(pair.truth(), key=lambda item: item[1].start)
        step = len(truth) / max(1, min(count, len(truth)))
        chosen = [truth[int(k * step)] for k in range(min(count, len(truth)))]
        kinds = (LinkKind.QUOTE, LinkKind.RELATED, LinkKind.RELATED)
        self.links = tuple(
            Link(kinds[k % 3], left, right, float(30 + (k * 37) % 70))
            for k, (_, left, right) in enumerate(chosen)
        )

    def __call__(
        self,
        left: Document,
        right: Document,
        options: AlignOptions = _DEFAULT_OPTIONS,
        progress: Progress | None = None,
    ) -> Alignment:
        if left.text != self.pair.left.text or right.text != self.pair.right.text:
            raise ValueError("TruthAligner was given documents it has no truth for")
        return Alignment(self.links, options)


def wait_for(signal: SignalInstance, timeout: float, start: Callable[[], object]) -> list[Any]:
    """Call ``start`` and run the event loop until ``signal`` fires; its arguments."""
    loop = QEventLoop()
    received: list[Any] = []

    def on_signal(*args: Any) -> None:
        received.extend(args)
        received.append(True)
        loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    start()
    if not received:
        loop.exec()
    signal.disconnect(on_signal)
    if not received:
        raise TimeoutError(f"no signal within {timeout:.0f} s")
    return received[:-1]


class PaintCounter(QObject):
    """Counts paint events of the widgets it is installed on."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _window(folder: Path, aligner: TruthAligner | None) -> tuple[QApplication, MainWindow]:
    app = ensure_application()
    # As run_gui builds it: a PDF worker warms up off the GUI thread while the window opens.
    services = build_services(folder / "settings.ini", warm_up_pdf=True)
    if aligner is not None:
        services.align = aligner
    window = MainWindow(services)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    return app, window


def _close(window: MainWindow) -> None:
    services = window.services
    window.close()
    shutdown_services(services, window)
    window.deleteLater()
    QApplication.processEvents()


def measure_scroll(spec: dict[str, Any]) -> dict[str, float]:
    """Frames per second of a scripted scroll of the left pane, all links vs visible ones."""
    folder = Path(spec["folder"])
    pair = book_pair(spec["left"], spec["right"], fraction=float(spec.get("fraction", 1.0)))
    left_path, right_path = write_pair(pair, folder)
    aligner = TruthAligner(pair, int(spec["links"]))
    app, window = _window(folder, aligner)
    try:
        outcome = wait_for(
            window.alignment_changed, 120.0, lambda: window.open_paths([left_path, right_path])
        )
        if outcome != [0, "finished"]:
            raise RuntimeError(f"alignment did not finish: {outcome}")
        app.processEvents()
        compare = window.compare
        pane = compare.panes[0]
        bar = pane.text_view.verticalScrollBar()
        frames = int(spec["frames"])
        step = max(1, pane.viewport_height() // 6)
        first = min(bar.maximum() // 3, max(0, bar.maximum() - step * frames))
        counter = PaintCounter()
        compare.maps[0].installEventFilter(counter)
        seen: list[tuple[tuple[int, int], tuple[int, int]]] = []

        def scroll() -> float:
            bar.setValue(first)
            app.processEvents()
            start = time.perf_counter()
            for frame in range(1, frames + 1):
                bar.setValue(first + frame * step)
                app.processEvents()
                seen.append((pane.visible_range(), compare.panes[1].visible_range()))
            return time.perf_counter() - start

        scroll()  # warm up: glyph caches, layout of the part scrolled through
        counter.count = 0
        all_links = scroll()
        paints = counter.count
        shown = compare.shown_links(0)
        everything = compare.alignments[0]
        (l0, l1), (r0, r1) = _hull([s[0] for s in seen]), _hull([s[1] for s in seen])
        visible = tuple(
            link
            for link in shown
            if (link.left.start < l1 and link.left.end > l0)
            or (link.right.start < r1 and link.right.end > r0)
        )
        visible_only = float("inf")
        for _ in range(3):  # alternate, best of each: the machine is shared
            compare.set_alignment(0, Alignment(visible))
            app.processEvents()
            visible_only = min(visible_only, scroll())
            compare.set_alignment(0, everything)
            app.processEvents()
            all_links = min(all_links, scroll())
        return {
            "fps": frames / all_links,
            "frame_ms": 1000 * all_links / frames,
            "visible_only_frame_ms": 1000 * visible_only / frames,
            "cost_ratio": all_links / visible_only,
            "links": float(len(shown)),
            "visible_links": float(len(visible)),
            "link_map_paints_per_frame": paints / frames,
            "frames": float(frames),
            "step_px": float(step),
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    finally:
        _close(window)


def _hull(ranges: list[tuple[int, int]]) -> tuple[int, int]:
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def measure_pdf_open(spec: dict[str, Any]) -> dict[str, float]:
    """Seconds from asking the window to open a PDF to its first text painted in the pane
    (the preview of the first pages), and to the whole document being shown."""
    folder = Path(spec["folder"])
    app, window = _window(folder, None)
    pane = window.compare.panes[0]
    try:
        # The app has been open for a moment before anyone opens a file (File > Open takes
        # longer than this): let it settle for one second, as it would.
        settle = time.perf_counter() + 1.0
        while time.perf_counter() < settle:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        first_text = 0.0

        def text_painted() -> bool:
            return pane.document is not None and bool(pane.text_view.toPlainText().strip())

        def open_and_watch() -> None:
            nonlocal first_text
            window.open_document(0, Path(spec["path"]))
            deadline = start + float(spec.get("timeout", 600))
            while not text_painted() and time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            pane.text_view.viewport().repaint()
            first_text = time.perf_counter() - start

        wait_for(window.document_changed, float(spec.get("timeout", 600)), open_and_watch)
        pane.text_view.viewport().repaint()
        full = time.perf_counter() - start
        return {
            "seconds": first_text,
            "full_seconds": full,
            "chars_first": float(len(pane.text_view.toPlainText())),
            "rss_growth_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    finally:
        _close(window)
