"""Cancelling a book-length alignment: no links, no freeze, the window still works."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from benchmarks.inputs import PARALLEL
from desktop_app.app import build_services, shutdown_services
from desktop_app.ui.window.main_window import MainWindow

KJV, ASV = PARALLEL / "nt.kjv.txt", PARALLEL / "nt.asv.txt"


@pytest.mark.slow
@pytest.mark.skipif(not KJV.is_file(), reason="book-length parallel corpus not on this machine")
def test_cancel_stops_a_running_alignment(qtbot: QtBot, tmp_path: Path) -> None:
    services = build_services(tmp_path / "settings.ini")  # the real aligner
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignals([window.document_changed, window.document_changed], timeout=30_000):
            window.open_paths([KJV, ASV])
        # Both books are on screen before any alignment result.
        assert window.compare.panes[1].document is not None
        assert window.compare.alignments[0] is None
        assert window.busy and window.cancel_button.isVisible()
        with qtbot.waitSignal(window.alignment_changed, timeout=60_000) as blocker:
            qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        assert blocker.args == [0, "cancelled"]
        assert window.compare.shown_links(0) == ()
        assert window.link_list.model.rowCount() == 0
        qtbot.waitUntil(lambda: not window.busy, timeout=10_000)
        assert window.cancel_button.isHidden()
        # still usable: scrolling, navigation and find work
        qtbot.keyClick(window, Qt.Key.Key_F8)
        pane = window.compare.panes[0]
        pane.text_view.verticalScrollBar().setValue(5000)
        assert pane.visible_range()[0] > 0
        pane.open_find()
        qtbot.keyClicks(pane.find_bar.edit, "Nazareth")
        assert pane.find_matches
    finally:
        window.close()
        shutdown_services(services, window)
