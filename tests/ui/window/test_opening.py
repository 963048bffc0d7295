"""Opening documents the other ways an analyst does: dropping a file on a pane, the recent menu."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.windows import open_pair, write_pair


def _drop(qtbot: QtBot, window: MainWindow, slot: int, path: Path) -> None:
    pane = window.compare.panes[slot]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    at = QPointF(pane.rect().center())
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at.toPoint(), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(pane, enter)
    assert enter.isAccepted()
    drop = QDropEvent(at, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    with qtbot.waitSignal(window.document_changed, timeout=20_000) as changed:
        QApplication.sendEvent(pane, drop)
    assert changed.args == [slot]


def test_a_file_dropped_on_a_pane_opens_there_and_the_other_pane_keeps_its_document(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    left, right = write_pair(tmp_path)
    open_pair(qtbot, window, left, right)
    kept = window.compare.panes[0].document
    replacement = tmp_path / "замена draft.md"
    replacement.write_text("# Draft\n\nA paragraph dropped onto the right pane.\n", "utf-8")

    _drop(qtbot, window, 1, replacement)

    shown = window.compare.panes[1].document
    assert shown is not None and shown.path == replacement
    assert "dropped onto the right pane" in shown.text
    assert window.compare.panes[0].document is kept


def test_a_non_file_drop_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.compare.panes[0]
    mime = QMimeData()
    mime.setText("just some text")
    enter = QDragEnterEvent(
        pane.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    QApplication.sendEvent(pane, enter)
    assert not enter.isAccepted()


def test_the_recent_menu_reopens_an_earlier_comparison(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    earlier = write_pair(first)
    open_pair(qtbot, window, *earlier)
    open_pair(qtbot, window, *write_pair(second, count=30))
    assert [p.document.path for p in window.compare.panes] == [  # type: ignore[union-attr]
        second / "left.txt",
        second / "right.txt",
    ]

    entries = [a for a in window.recent_menu.actions() if "left.txt" in a.text()]
    # Only comparisons the user opened, not the mix seen while the second pair was loading.
    assert sorted(a.toolTip() for a in entries) == sorted(
        f"{folder / 'left.txt'}\n{folder / 'right.txt'}" for folder in (first, second)
    )
    earlier_entry = next(a for a in entries if str(first) in a.toolTip())
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000):
        earlier_entry.trigger()

    assert [p.document.path for p in window.compare.panes] == list(earlier)  # type: ignore[union-attr]


def test_the_application_has_its_icon_and_desktop_id() -> None:
    from PySide6.QtGui import QGuiApplication, QImage

    from desktop_app.app import identify_application
    from desktop_app.desktop_entry import APP_ID, ICON

    image = QImage(str(ICON))
    assert not image.isNull() and image.width() == 128
    assert image.pixelColor(30, 60).red() > 200  # the quote mark is drawn
    identify_application()
    assert QGuiApplication.desktopFileName() == APP_ID
    assert not QGuiApplication.windowIcon().isNull()
