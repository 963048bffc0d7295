"""A load that fails leaves no doubt: its preview goes, and a wrong password is named.

Real files (a PDF truncated after its first page, an encrypted PDF made with
pymupdf), the real loader and a real window.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from desktop_app.ui.base.prompts import WRONG_PASSWORD, password_dialog, password_reason
from desktop_app.ui.base.services import Services, document_filter
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.hostile import VISIBLE, encrypted_pdf, truncated_pdf
from tests.helpers.windows import ParagraphAligner, open_pair, write_pair


def _open_watching_preview(qtbot: QtBot, window: MainWindow, slot: int, path: Path) -> list[str]:
    """Open ``path`` in ``slot`` until the load ends; the texts its preview showed."""
    pane = window.compare.panes[slot]
    previews: list[str] = []

    def on_loading(on: bool) -> None:
        if on:
            previews.append(pane.document.text if pane.document else "")

    pane.loading_changed.connect(on_loading)
    task = window.open_document(slot, path)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    pane.loading_changed.disconnect(on_loading)
    assert task.outcome == "failed"
    return previews


def test_a_failed_pdf_load_takes_its_preview_away_from_an_empty_pane(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = truncated_pdf(tmp_path)
    pane = window.compare.panes[1]
    previews = _open_watching_preview(qtbot, window, 1, path)
    # page 1 parsed before the damage was found, and was shown meanwhile
    assert previews == [f"{VISIBLE} Page 1."]
    assert pane.document is None
    assert pane.stack.currentWidget() is pane.placeholder
    assert pane.text_view.toPlainText() == ""
    assert pane.title.text() != path.name and not pane.loading
    assert "damaged" in pane.message_bar.text and path.name in pane.message_bar.text
    assert window.paths[1] is None


def test_a_failed_pdf_load_puts_back_the_document_and_links_shown_before(
    qtbot: QtBot, window: MainWindow, aligner: ParagraphAligner, tmp_path: Path
) -> None:
    left_path, right_path = write_pair(tmp_path)
    open_pair(qtbot, window, left_path, right_path)
    left, right = window.compare.pair_panes(0)
    before = right.document
    links = window.compare.shown_links(0)
    assert before is not None and links
    bar = right.text_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    calls = aligner.calls

    previews = _open_watching_preview(qtbot, window, 1, truncated_pdf(tmp_path))
    assert previews == [f"{VISIBLE} Page 1."]
    assert right.document is before
    assert right.stack.currentWidget() is right.text_view
    assert VISIBLE not in right.text_view.toPlainText()
    assert right.title.text() == before.display_name
    assert window.compare.shown_links(0) == links  # the same links, not aligned again
    assert aligner.calls == calls
    assert window.link_list.model.rowCount() == len(links)
    assert bar.value() == scrolled
    assert "damaged" in right.message_bar.text
    assert window.paths[1] == right_path
    assert left.document is not None and left.document.path == left_path


def test_the_second_password_prompt_says_the_first_was_wrong(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    path = encrypted_pdf(tmp_path, user="u-secret")
    answers = iter(["guess", "u-secret"])
    reasons: list[str] = []

    def answer(_parent: object, p: Path, reason: str) -> str | None:
        assert p == path
        reasons.append(reason)
        return next(answers)

    services.ask_password = answer
    with qtbot.waitSignal(window.document_changed, timeout=60_000):
        window.open_document(0, path)
    assert reasons == [f"“{path.name}” is protected by a password:", WRONG_PASSWORD]
    assert reasons[1] == "The password was wrong. Try again:"
    document = window.compare.panes[0].document
    assert document is not None and "harbour council" in document.text
    # the real prompt shows that text, and names the file in its title
    dialog = password_dialog(window, path, reasons[1])
    assert dialog.labelText() == "The password was wrong. Try again:"
    assert path.name in dialog.windowTitle()
    assert password_reason(path, wrong=True) == WRONG_PASSWORD


def test_the_open_dialogs_offer_every_suffix_the_loader_reads() -> None:
    from desktop_app.core.documents import SUPPORTED_SUFFIXES

    text = document_filter()
    patterns = text.split("(", 1)[1].split(")", 1)[0].split()
    assert sorted(patterns) == sorted(f"*{s}" for s in SUPPORTED_SUFFIXES)
    assert text.endswith(";;All files (*)")
    assert document_filter([".txt"]) == "Documents (*.txt);;All files (*)"


def test_a_file_name_with_markup_shows_as_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The message bar shows file names as plain text: no bold, no link, no image."""
    path = tmp_path / "<b>loud <img src=x> &amp;.txt"  # (no slash: names cannot hold one)
    path.write_bytes(b"")  # empty: a clear error naming the file
    task = window.open_document(1, path)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    bar = window.compare.panes[1].message_bar
    assert path.name in bar.text
    assert bar.label.textFormat() is Qt.TextFormat.PlainText
    assert bar.label.text() == bar.text and "<b>loud <img src=x> &amp;" in bar.label.text()
