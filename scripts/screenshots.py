"""Screenshots of the reading room on the demo pair, light and dark, for the docs.

Runs the real window offscreen with the real loader and aligner, waits for the
alignment, selects the first quote link, and saves docs/screenshots/verso-<theme>.png.
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

from PySide6.QtWidgets import QApplication

from desktop_app.app import build_services, demo_paths, ensure_application, shutdown_services
from desktop_app.core.model import LinkKind
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.theme import dark_palette

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


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
        services = build_services(Path(tmp) / "settings.ini")
        window = MainWindow(services)
        window.resize(1440, 900)
        window.show()
        outcomes: list[str] = []
        window.alignment_changed.connect(lambda _pair, outcome: outcomes.append(outcome))
        window.open_paths(demo_paths())
        wait_until(app, lambda: bool(outcomes))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--theme", choices=["light", "dark", "both"], default="both")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    themes = ["light", "dark"] if args.theme == "both" else [args.theme]
    for theme in themes:
        print(shoot(theme, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
