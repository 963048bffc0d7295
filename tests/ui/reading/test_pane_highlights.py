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


def test_thousands_of_highlights_are_selections_near_the_view_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ten thousand notes on one text: the text view holds the selections on and near
    the screen (it repaints every one it holds), and scrolling brings those of the new
    place, so no highlight the reader can see is missing."""
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Paragraph {i} of a long text." for i in range(3000)))
    pane = DocumentPane(Theme(QApplication.palette()), "Left")
    qtbot.addWidget(pane)
    pane.resize(600, 400)
    pane.show()
    pane.set_document(load(path))
    document = pane.document
    assert document is not None
    starts = list(range(0, len(document.text) - 10, 10))
    yellow = QColor(255, 230, 0)
    pane.set_highlights("annotations", [Highlight(Span(s, s + 5), yellow) for s in starts])
    assert pane.highlights("annotations")[-1].span == Span(starts[-1], starts[-1] + 5)

    def selected() -> list[int]:
        return [s.cursor.selectionStart() for s in pane.text_view.extraSelections()]

    def on_screen() -> list[int]:
        top, bottom = pane.offsets.pane_range(Span(*pane.visible_range()))
        return [
            p for p in (pane.offsets.pane_range(Span(s, s))[0] for s in starts) if top <= p < bottom
        ]

    near_top = selected()
    assert 0 < len(near_top) < len(starts) // 4
    assert set(on_screen()) <= set(near_top)
    middle = starts[len(starts) // 2]
    pane.center_on(Span(middle, middle + 5))  # as the dock does for a chosen note
    qtbot.waitUntil(lambda: bool(on_screen()) and set(on_screen()) <= set(selected()))
    assert on_screen() and not set(near_top) & set(selected())
