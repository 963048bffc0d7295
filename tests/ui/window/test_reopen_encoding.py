"""A weak encoding guess in a pane: the message bar offers another, and the choice is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop_app.core.documents.encoding import REOPEN_CHOICES
from desktop_app.core.storage import Database, open_database
from desktop_app.ui.base.prompts import encoding_dialog
from desktop_app.ui.base.services import Services
from desktop_app.ui.window.main_window import MainWindow
from desktop_app.ui.window.reopen_encoding import REOPEN
from tests.helpers.windows import show_window

TEXT = "Да, конечно"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "verso.sqlite3")
    yield db
    db.close()


def _open(qtbot: QtBot, window: MainWindow, path: Path, encoding: str | None = None) -> None:
    task = window.open_document(0, path, encoding=encoding)
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert task.outcome == "finished"


def test_a_weak_guess_offers_another_encoding_and_the_choice_is_kept(
    qtbot: QtBot, services: Services, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(TEXT.encode("koi8_r"))
    asked: list[tuple[str, str | None]] = []

    def answer(parent: QWidget, where: Path, current: str | None) -> str | None:
        asked.append((where.name, current))
        return "cp1251"

    services.database = database
    services.ask_encoding = answer
    window = show_window(qtbot, services)
    _open(qtbot, window, path)
    pane = window.compare.panes[0]
    assert pane.document is not None and pane.document.text == TEXT
    assert "read as koi8-r, a guess" in pane.message_bar.text
    assert pane.message_bar.action == REOPEN
    assert window.encodings.action.isEnabled()

    qtbot.mouseClick(pane.message_bar.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: pane.document is not None and pane.document.encoding == "cp1251", timeout=20_000
    )
    assert asked == [("short.txt", "koi8-r")]
    assert pane.text_view.toPlainText() == TEXT.encode("koi8_r").decode("cp1251")
    assert pane.message_bar.text == ""  # the user's choice is sure
    qtbot.waitUntil(lambda: database.documents.get(pane.document.sha256).encoding == "cp1251")  # type: ignore[union-attr]
    window.close()

    again = show_window(qtbot, services)  # next time: the same bytes read as chosen
    _open(qtbot, again, path)
    shown = again.compare.panes[0].document
    assert shown is not None and shown.encoding == "cp1251"
    assert shown.text == TEXT.encode("koi8_r").decode("cp1251")


def test_the_menu_action_asks_for_the_pane_holding_a_text(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    assert not window.encodings.action.isEnabled()  # nothing to reopen yet
    path = tmp_path / "plain.txt"
    path.write_bytes("Привет, это обычный текст в кодировке cp1251.".encode("cp1251"))
    asked: list[str | None] = []

    def ask_encoding(parent: QWidget, where: Path, current: str | None) -> str | None:
        asked.append(current)
        return None

    services.ask_encoding = ask_encoding
    _open(qtbot, window, path)
    assert window.encodings.action.isEnabled()
    window.encodings.action.trigger()
    assert asked == ["cp1251"]  # cancelled: nothing reloads


def test_the_prompt_lists_the_common_encodings_with_the_current_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = encoding_dialog(window, tmp_path / "a.txt", "koi8-r")
    qtbot.addWidget(dialog)
    assert dialog.comboBoxItems() == list(REOPEN_CHOICES)
    assert dialog.textValue() == "koi8-r" and dialog.isComboBoxEditable()
    other = encoding_dialog(window, tmp_path / "a.txt", "cp437")
    qtbot.addWidget(other)
    assert other.comboBoxItems()[0] == "cp437"
