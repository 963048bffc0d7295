"""A pane's highlights: replacing a layer rebuilds only the highlights that changed."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop_app.core.documents import load
from desktop_app.core.model import Span
from desktop_app.ui.base.reading_room import Highlight
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.reading.document_pane import DocumentPane


def test_a_recoloured_highlight_is_rebuilt_and_the_others_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "essay.txt"
    path.write_text("First passage. Second passage. Third passage.", encoding="utf-8")
    pane = DocumentPane(Theme(QApplication.palette()), "Left")
    qtbot.addWidget(pane)
    pane.show()
    pane.set_document(load(path))
    yellow, green = QColor(255, 230, 0), QColor(0, 200, 0)
    first, second = Highlight(Span(0, 5), yellow), Highlight(Span(15, 21), yellow)
    pane.set_highlights("annotations", [first, second])
    before = pane.text_view.extraSelections()
    pane.set_highlights("annotations", [first, Highlight(Span(15, 21), green)])
    after = pane.text_view.extraSelections()
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in after] == [
        (0, 5),
        (15, 21),
    ]
    # The untouched one as it was; the recoloured one painted in its new colour.
    assert after[0].format.background() == before[0].format.background()
    assert after[1].format.background() != before[1].format.background()
    recoloured = after[1].format.background().color()
    assert recoloured.green() > recoloured.red()
    # A new text: nothing built for the old one is reused.
    path.write_text("Another text entirely, longer than the first one was.", encoding="utf-8")
    pane.set_document(load(path))
    pane.set_highlights("annotations", [first])
    (only,) = pane.text_view.extraSelections()
    assert only.cursor.document() is pane.text_view.document()
