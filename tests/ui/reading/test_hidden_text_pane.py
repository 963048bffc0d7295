"""A PDF with hidden text: the pane shows only what a reader sees and says what was left out."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.hidden_text import INVISIBLE, VISIBLE, hostile_pdf


def test_the_window_leaves_hidden_text_out_and_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = hostile_pdf(tmp_path / "hidden.pdf")
    task = window.open_document(0, path)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.outcome == "finished"
    pane = window.compare.panes[0]
    assert VISIBLE in pane.text_view.toPlainText()
    assert INVISIBLE not in pane.text_view.toPlainText()
    assert "4 invisible text runs on pages 1, 2 were left out." in pane.message_bar.text
    assert pane.document is not None and len(pane.document.hidden_text) == 4
