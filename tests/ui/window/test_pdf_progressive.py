"""A long PDF shows its first page at once, then the full text replaces it in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.model import Document
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.factories import make_long_pdf


@pytest.mark.slow  # a 300-page book is made and read whole
def test_first_page_shows_before_the_full_load(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = make_long_pdf(tmp_path / "book.pdf", 300)
    pane = window.compare.panes[0]
    events: list[tuple[str, bool, str]] = []
    pane.loading_changed.connect(
        lambda on: events.append(
            ("loading", on, pane.text_view.toPlainText() if pane.document else "")
        )
    )
    task = window.open_document(0, path)
    task.finished.connect(lambda doc: events.append(("finished", False, "")))
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.outcome == "finished"

    kinds = [(kind, on) for kind, on, _text in events]
    assert kinds == [("loading", True), ("loading", False), ("finished", False)]
    preview_text = events[0][2]
    assert "The Annual Report of the Society" not in preview_text  # its running header
    assert "0.0" in preview_text and "0.39" in preview_text  # page 1's first and last lines
    assert "299.0" not in preview_text  # the last page was not there yet

    full: Document | None = pane.document
    assert full is not None and full.page_count == 300
    assert "299.39" in full.text
    assert not pane.loading and pane.loading_label.isHidden()
    assert window.paths[0] == path


def test_loading_label_tracks_progress_then_hides(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = make_long_pdf(tmp_path / "book.pdf", 60)
    pane = window.compare.panes[0]
    labels: list[str] = []
    task = window.open_document(0, path)
    task.progress_changed.connect(
        lambda _f, _m: labels.append(pane.loading_label.text()) if pane.loading else None
    )
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert labels, "the preview was shown while pages were still being read"
    assert all(label.startswith("Loading… ") and label.endswith("%") for label in labels)
    assert pane.loading_label.isHidden()
