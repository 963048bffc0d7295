"""File ▸ Export… and File ▸ Import annotations… in a real window on a real database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QMenu

from desktop_app.app import build_services, shutdown_services
from desktop_app.core.export import parse_w3c_json
from desktop_app.core.export.collect import collect_excerpts
from desktop_app.core.export.output import write_export
from desktop_app.core.storage import open_database
from desktop_app.ui.base.services import Services
from desktop_app.ui.exporting.dialog import ExportDialog
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.export_world import (
    ANNEX_NOTE,
    DEMO_WORKSPACE,
    MEMO_NOTE,
    PAIR_NOTE,
    PLAN_NOTE,
    REBUTTAL_NOTE,
    World,
    build_world,
)
from tests.helpers.windows import ParagraphAligner, open_pair, show_window


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path)


@pytest.fixture
def db_services(tmp_path: Path, world: World, aligner: ParagraphAligner) -> Iterator[Services]:
    built = build_services(tmp_path / "settings.ini", open_database(world.db_path))
    built.align = aligner
    yield built
    shutdown_services(built)


@pytest.fixture
def db_window(qtbot: QtBot, db_services: Services) -> MainWindow:
    return show_window(qtbot, db_services)


def file_action(window: MainWindow, text: str) -> QAction:
    """The File menu's action called ``text`` (as the user sees it, without the &)."""
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(file_menu, QMenu)
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == text)


def open_dialog(window: MainWindow) -> ExportDialog:
    file_action(window, "Export…").trigger()
    dialog = window.exports.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose_format(dialog: ExportDialog, name: str) -> None:
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(name))


def tick(widget: QListWidget, label: str) -> None:
    widget.findItems(label, Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)


def run_export(qtbot: QtBot, dialog: ExportDialog) -> list[Path]:
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written: list[Path] = blocker.args[0]
    return written


def test_export_of_the_current_comparison_from_the_file_menu(
    qtbot: QtBot, db_window: MainWindow, world: World, tmp_path: Path
) -> None:
    assert world.plan.path is not None and world.rebuttal.path is not None
    open_pair(qtbot, db_window, world.plan.path, world.rebuttal.path)
    assert file_action(db_window, "Export…").shortcut().toString() == "Ctrl+E"
    dialog = open_dialog(db_window)
    assert dialog.scope_box.comparison_radio.isChecked()
    assert dialog.scope_box.scope().comparison is not None
    choose_format(dialog, "md")
    preview = dialog.preview.toPlainText()
    assert "The plan calls violence a duty" in preview and PAIR_NOTE in preview
    assert MEMO_NOTE not in preview
    assert preview.startswith(f"# {DEMO_WORKSPACE}")
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    dialog.path_edit.setText(str(out_folder / "report.md"))
    written = run_export(qtbot, dialog)
    assert written == [out_folder / "report.md"]
    text = written[0].read_text(encoding="utf-8")
    assert "The plan calls violence a duty" in text and REBUTTAL_NOTE in text
    assert [p.name for p in out_folder.iterdir()] == ["report.md"]  # no temporary file left
    assert str(written[0]) in dialog.result_label.text()
    assert dialog.open_folder_button.isVisibleTo(dialog)
    assert db_window.services.settings.export_folder == out_folder
    assert db_window.services.settings.export_format == "md"
    dialog.reject()
    choose_format(open_dialog(db_window), "html")  # a new dialog: remembered folder and format
    again = open_dialog(db_window)
    assert again is not dialog
    assert again.format == "md" and again.output_path.parent == out_folder


def test_html_preview_is_rendered_and_scope_filters_apply(
    qtbot: QtBot, db_window: MainWindow
) -> None:
    dialog = open_dialog(db_window)
    assert dialog.scope_box.all_radio.isChecked()  # no comparison on screen
    assert not dialog.scope_box.comparison_radio.isEnabled()
    choose_format(dialog, "html")
    rendered = dialog.preview.toPlainText()
    assert "The plan calls violence a duty <b>not</b> an option" in rendered  # text, not markup
    assert "<html" not in rendered
    assert dialog.count_label.text().startswith("5 excerpts")
    tick(dialog.scope_box.tag_list, "budget")
    assert dialog.count_label.text() == "2 excerpts"
    assert MEMO_NOTE in dialog.preview.toPlainText()
    assert PLAN_NOTE not in dialog.preview.toPlainText()
    tick(dialog.scope_box.colour_list, "Blue")
    assert dialog.count_label.text() == "1 excerpt"
    choose_format(dialog, "csv")
    assert MEMO_NOTE in dialog.preview.toPlainText()
    assert ANNEX_NOTE not in dialog.preview.toPlainText()


def test_document_scope_and_json_preview(qtbot: QtBot, db_window: MainWindow) -> None:
    dialog = open_dialog(db_window)
    choose_format(dialog, "json")
    tick(dialog.scope_box.document_list, "Budget annex")
    excerpts = parse_w3c_json(dialog.preview.toPlainText())
    assert [e.note for e in excerpts] == [ANNEX_NOTE]


def test_pdf_export_writes_one_copy_per_pdf_off_the_gui_thread(
    qtbot: QtBot, db_window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(db_window)
    choose_format(dialog, "pdf")
    assert dialog.pdf_combo.isVisibleTo(dialog) and dialog.pdf_combo.count() == 3
    summary = dialog.preview.toPlainText()
    assert "5 excerpts" in summary and "Budget memo" in summary and "Budget annex" in summary
    assert "One annotated copy of each of the 2 PDFs" in summary
    folder = tmp_path / "annotated"
    dialog.path_edit.setText(str(folder))
    written = run_export(qtbot, dialog)
    assert sorted(p.name for p in written) == ["annex-annotated.pdf", "memo-annotated.pdf"]
    with pymupdf.open(folder / "memo-annotated.pdf") as doc:
        contents = [
            annot.info["content"]
            for page in doc
            for annot in page.annots(types=[pymupdf.mupdf.PDF_ANNOT_HIGHLIGHT])
        ]
    assert len(contents) == 1 and contents[0].startswith(MEMO_NOTE)
    for path in written:
        assert str(path) in dialog.result_label.text()


def test_pdf_choice_of_one_document_writes_a_file(
    qtbot: QtBot, db_window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(db_window)
    choose_format(dialog, "pdf")
    dialog.pdf_combo.setCurrentIndex(dialog.pdf_combo.findText("Budget annex"))
    assert dialog.output_path.suffix == ".pdf"
    assert "An annotated copy of Budget annex" in dialog.preview.toPlainText()
    dialog.path_edit.setText(str(tmp_path / "annex-notes.pdf"))
    assert run_export(qtbot, dialog) == [tmp_path / "annex-notes.pdf"]


def test_a_failed_export_says_why(qtbot: QtBot, db_window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(db_window)
    choose_format(dialog, "csv")
    dialog.path_edit.setText(str(tmp_path / "missing" / "notes.csv"))
    task = dialog.start_export()
    with qtbot.waitSignal(task.failed, timeout=30_000):
        pass
    assert "Not exported" in dialog.result_label.text()
    assert "does not exist" in dialog.result_label.text()
    assert dialog.export_button.isEnabled()
    assert not dialog.open_folder_button.isVisibleTo(dialog)


def _import(qtbot: QtBot, window: MainWindow, path: Path, *, fails: bool = False) -> str:
    """Import ``path`` as the menu action does; the status bar's message once it is done."""
    action = file_action(window, "Import Annotations…")
    task = window.exports.import_file(path)
    assert task is not None
    assert not action.isEnabled()  # one import at a time
    with qtbot.waitSignal(task.failed if fails else task.finished, timeout=30_000):
        pass
    assert action.isEnabled()
    return window.statusBar().currentMessage()


def test_import_from_the_file_menu_action(
    qtbot: QtBot, db_window: MainWindow, world: World, tmp_path: Path
) -> None:
    exported = tmp_path / "notes.json"
    with world.open() as source:
        write_export(collect_excerpts(source), "json", exported)
    assert file_action(db_window, "Import Annotations…").isEnabled()
    # the notes it already holds
    assert "0 added, 0 updated, 5 skipped" in _import(qtbot, db_window, exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    item = data["first"]["items"][0]
    item["id"] = "urn:verso:annotation:from-a-colleague"
    item["body"] = [{"type": "TextualBody", "value": "A colleague's note", "purpose": "commenting"}]
    exported.write_text(json.dumps([item]), encoding="utf-8")
    assert "1 added, 0 updated, 0 skipped" in _import(qtbot, db_window, exported)
    db = db_window.services.database
    assert db is not None
    assert db.annotations.get("from-a-colleague") is not None
    (tmp_path / "broken.json").write_text("[1]", encoding="utf-8")
    message = _import(qtbot, db_window, tmp_path / "broken.json", fails=True)
    assert message.startswith("Not imported: broken.json")


def test_without_a_database_the_actions_are_disabled(qtbot: QtBot, window: MainWindow) -> None:
    assert window.services.database is None
    assert not file_action(window, "Export…").isEnabled()
    assert not file_action(window, "Import Annotations…").isEnabled()


def test_the_default_file_name_is_the_workspace_title(
    qtbot: QtBot, db_window: MainWindow, tmp_path: Path
) -> None:
    """A workspace the window makes is named "first.txt  ↔  second.txt": the file is
    "first vs second.md" in the export folder, not the names (or paths) joined raw."""
    folder = tmp_path / "Мои документы"
    folder.mkdir()
    first, second = folder / "first.txt", folder / "second.txt"
    first.write_text("The bridge opens in May.\n\nIt was voted in March.\n", encoding="utf-8")
    second.write_text("The bridge opens in June.\n\nIt was voted in March.\n", encoding="utf-8")
    open_pair(qtbot, db_window, first, second)
    qtbot.waitUntil(lambda: db_window.notes.workspace.comparison is not None, timeout=10_000)
    name = db_window.notes.workspace.comparison.name  # type: ignore[union-attr]
    assert "↔" in name
    dialog = open_dialog(db_window)
    choose_format(dialog, "md")
    assert Path(dialog.path_edit.text()).name == "first vs second.md"


def choose_context(dialog: ExportDialog, sentences: int) -> None:
    dialog.context_combo.setCurrentIndex(dialog.context_combo.findData(sentences))


def test_the_context_control_sets_the_sentences_around_each_quote_and_is_remembered(
    qtbot: QtBot, db_window: MainWindow, tmp_path: Path
) -> None:
    """The plan's quote sits in "Giving Russians a chance … is now <quote> of the countries
    …", after "Therefore, the use of force …" and "… every day, as well as …"."""
    dialog = open_dialog(db_window)
    assert dialog.context_combo.currentData() == 1  # a sentence either side at first
    choose_format(dialog, "json")
    assert not dialog.context_combo.isEnabled()  # W3C selectors have their own context
    choose_format(dialog, "md")
    assert dialog.context_combo.isEnabled()
    texts = {}
    for sentences in (0, 2):
        choose_context(dialog, sentences)
        dialog.path_edit.setText(str(tmp_path / f"context-{sentences}.md"))
        (written,) = run_export(qtbot, dialog)
        texts[sentences] = written.read_text(encoding="utf-8")
    assert "Giving Russians a chance" in texts[0]
    assert "Therefore, the use of force" not in texts[0]
    assert "Therefore, the use of force" in texts[2] and "as well as numerous" in texts[2]
    assert db_window.services.settings.export_context == 2
    dialog.reject()
    again = open_dialog(db_window)
    assert again is not dialog and again.context_sentences == 2
