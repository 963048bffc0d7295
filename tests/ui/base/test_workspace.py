"""Workspaces: saved automatically, reopened with links and scroll; moved and changed files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import PairAnnotation
from desktop_app.core.model import AlignOptions, LinkKind, Span
from desktop_app.core.storage import Database, open_database
from desktop_app.core.storage.local_paths import LocalPaths
from desktop_app.core.storage.shown_notes import Shelf
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.workspace import Workspace
from desktop_app.ui.window.main_window import MainWindow
from desktop_app.ui.window.needed_documents import NeededDocumentsDialog
from tests.helpers.annotations import comparison
from tests.helpers.notes import editor_of, select
from tests.helpers.windows import new_window, open_pair, paragraph, reopen, write_pair


def test_a_comparison_reopens_with_its_links_notes_and_scroll(
    qtbot: QtBot, notes_window: MainWindow, services: Services, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path)
    open_pair(qtbot, window, left_path, right_path)
    notes = window.notes
    window.compare.select_link(4)
    rejected = window.compare.shown_links(0)[4]
    assert notes.reject_link()
    left, right = window.compare.pair_panes(0)
    select(left, "Paragraph 12")
    select(right, "Preface of the answer.")
    manual = notes.link_selections(LinkKind.QUOTE)
    assert manual is not None
    select(left, "Paragraph 20")
    note = notes.highlight()
    assert note is not None
    bar = left.text_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    top = left.visible_range()[0]
    assert left.document is not None
    saved_fraction = top / len(left.document.text)
    comparison = notes.workspace.comparison
    assert comparison is not None
    window.close()  # saves the scroll positions

    (recent,) = database.comparisons.recent_comparisons()
    assert recent.id == comparison.id
    assert [d.path for d in recent.documents] == [left_path, right_path]
    assert abs(recent.documents[0].scroll - saved_fraction) < 0.01

    again = new_window(qtbot, services)
    labels = [a.text() for a in again.recent_menu.actions()]
    assert labels == ["left.txt  ↔  right.txt"]
    reopen(qtbot, again, comparison.id)
    shown = again.compare.shown_links(0)
    assert rejected not in shown
    assert manual.to_link() in shown
    assert [e.id for e in again.notes.dock.visible_entries()] == [note.id]
    pane = again.compare.panes[0]
    qtbot.waitUntil(lambda: pane.text_view.verticalScrollBar().value() > 0)
    # the same passage is at the top again (within a line of text)
    assert abs(pane.visible_range()[0] - top) < 100
    # opening the same files by path finds the same workspace rather than making a second
    assert again.notes.workspace.comparison is not None
    assert again.notes.workspace.comparison.id == comparison.id
    assert len(database.comparisons.recent_comparisons()) == 1


def test_a_moved_file_is_located_by_the_user_and_keeps_its_notes(
    qtbot: QtBot, notes_window: MainWindow, services: Services, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path)
    open_pair(qtbot, window, left_path, right_path)
    select(window.compare.panes[1], "Paragraph 9")
    note = window.notes.highlight()
    assert note is not None
    comparison = window.notes.workspace.comparison
    assert comparison is not None
    window.close()
    moved = tmp_path / "elsewhere" / "renamed.txt"
    moved.parent.mkdir()
    right_path.rename(moved)
    asked: list[tuple[str, Path | None]] = []

    def locate(_parent: object, name: str, last: Path | None) -> Path | None:
        asked.append((name, last))
        return moved

    services.locate_file = locate
    again = new_window(qtbot, services)
    assert again.open_comparison(comparison.id)
    # A dialog lists both documents: the first found, the second missing with "Locate…".
    dialog = again.findChild(NeededDocumentsDialog)
    assert dialog is not None and dialog.isVisible()
    assert [label.text() for label in dialog.states] == [
        f"found at {left_path}",
        f"missing (last known at {right_path})",
    ]
    assert list(dialog.locate_buttons) == [1] and not dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.locate_buttons[1], Qt.MouseButton.LeftButton)
    assert asked == [("right.txt", right_path)]
    assert dialog.states[1].text() == f"Found right.txt at {moved}."
    assert dialog.open_button.isEnabled()
    with qtbot.waitSignal(again.alignment_changed, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [0, "finished"]
    assert again.paths[1] == moved
    assert [e.id for e in again.notes.dock.visible_entries()] == [note.id]
    assert [h.span for h in again.compare.panes[1].highlights("annotations")] == [note.target.span]
    record = database.documents.get(note.document)
    assert record is not None and record.path == moved
    # This machine remembers where it keeps the document: found at once next time.
    assert LocalPaths.beside(database.path).get(note.document) == moved


def test_a_located_file_with_other_contents_opens_as_a_new_version_with_the_notes(
    qtbot: QtBot, notes_window: MainWindow, services: Services, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path, count=12)
    open_pair(qtbot, window, left_path, right_path)
    select(window.compare.panes[1], "Paragraph 9")
    note = window.notes.highlight()
    assert note is not None
    comparison = window.notes.workspace.comparison
    assert comparison is not None
    window.close()
    revised = tmp_path / "revised.txt"
    revised.write_text("A new opening line.\n\n" + right_path.read_text(), encoding="utf-8")
    right_path.unlink()
    services.locate_file = lambda _parent, _name, _last: revised
    again = new_window(qtbot, services)
    assert again.open_comparison(comparison.id)
    dialog = again.findChild(NeededDocumentsDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.locate_buttons[1], Qt.MouseButton.LeftButton)
    assert "not the same version of right.txt" in dialog.states[1].text()
    with qtbot.waitSignal(again.alignment_changed, timeout=20_000):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    shown = again.compare.panes[1].document
    assert shown is not None and shown.sha256 != note.document
    (entry,) = again.notes.dock.visible_entries()
    assert entry.id == note.id and entry.section is Shelf.NOTES  # re-anchored, not orphaned
    moved = database.annotations.get(note.id)
    assert moved is not None and moved.document == shown.sha256


def test_one_document_keeps_its_notes_across_comparisons(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path)
    open_pair(qtbot, window, left_path, right_path)
    select(window.compare.panes[0], "Paragraph 6")
    note = window.notes.highlight()
    assert note is not None
    third = tmp_path / "third.txt"
    third.write_text("\n\n".join(paragraph(i) for i in range(5, 15)) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000):
        window.open_document(1, third)
    assert [e.id for e in window.notes.dock.visible_entries()] == [note.id]
    assert len(database.comparisons.comparisons_with(note.document)) == 2


UNIQUE = "Zebras were counted twice in the seventh hall, then the ledger burned."


def test_a_file_changed_on_disk_is_noticed_reloaded_and_its_notes_reanchored(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path, count=12)
    paragraphs = [paragraph(i) for i in range(12)]
    left_path.write_text("\n\n".join([*paragraphs[:6], UNIQUE, *paragraphs[6:]]) + "\n")
    open_pair(qtbot, window, left_path, right_path)
    left = window.compare.panes[0]
    notes = window.notes
    select(left, paragraphs[3][:60])
    kept = notes.highlight()
    select(left, UNIQUE)
    lost = notes.highlight()
    assert kept is not None and lost is not None
    old_text = left.document.text if left.document else ""

    edited = "A new introduction.\n\n" + "\n\n".join(paragraphs) + "\n"
    with qtbot.waitSignal(window.files.file_changed, timeout=10_000) as changed:
        left_path.write_text(edited, encoding="utf-8")
    assert changed.args == [0, True]
    assert "changed on disk" in left.message_bar.text
    assert left.document is not None and left.document.text == old_text  # kept until reload
    assert notes.reload_action.isEnabled()
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000):
        notes.reload_action.trigger()
    assert left.document is not None and left.document.text == edited
    moved = database.annotations.get(kept.id)
    assert moved is not None and moved.document == left.document.sha256
    assert moved.target.span.of(edited) == paragraphs[3][:60]
    orphans = window.notes.dock.model.entries(Shelf.ORPHANS)
    assert [(e.id, e.quote) for e in orphans] == [(lost.id, UNIQUE)]
    assert database.annotations.get(lost.id) == lost  # kept, untouched
    assert "could not be placed" in left.message_bar.text
    assert not notes.reload_action.isEnabled()

    with qtbot.waitSignal(window.files.file_changed, timeout=10_000) as gone:
        left_path.unlink()
    assert gone.args == [0, False]
    assert "deleted or moved" in left.message_bar.text
    assert left.document is not None and left.document.text == edited


def test_pair_notes_follow_a_changed_file_and_lost_ones_are_listed_as_orphans(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    left_path, right_path = write_pair(tmp_path, count=12)
    paragraphs = [paragraph(i) for i in range(12)]
    left_path.write_text("\n\n".join([*paragraphs[:6], UNIQUE, *paragraphs[6:]]) + "\n")
    open_pair(qtbot, window, left_path, right_path)
    notes = window.notes
    left, right = window.compare.pair_panes(0)
    assert left.document is not None and right.document is not None
    window.compare.select_link(3)
    link = window.compare.shown_links(0)[3]
    notes.pair_action.trigger()
    editor = editor_of(window)
    editor.note_edit.setPlainText("Follows the file.")
    assert editor.save()
    (kept,) = database.pairs.list()
    start = left.document.text.index(UNIQUE)
    preface = "Preface of the answer."
    lost = database.pairs.add(
        PairAnnotation.new(
            left.document.sha256,
            make_target(left.document.text, Span(start, start + len(UNIQUE))),
            right.document.sha256,
            make_target(right.document.text, Span(0, len(preface))),
            note="Its passage is cut.",
        )
    )

    edited = "A new introduction.\n\n" + "\n\n".join(paragraphs) + "\n"
    with qtbot.waitSignal(window.files.file_changed, timeout=10_000):
        left_path.write_text(edited, encoding="utf-8")
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000):
        notes.reload_action.trigger()
    assert left.document is not None and left.document.text == edited
    moved = database.pairs.get(kept.id)
    assert moved is not None and moved.left_document == left.document.sha256
    assert moved.left.span.of(edited) == kept.left.exact == paragraphs[3]
    assert moved.left.span != link.left  # the new introduction shifted it
    assert moved.right == kept.right
    pairs = notes.dock.model.entries(Shelf.PAIRS)
    assert [e.id for e in pairs] == [kept.id]
    orphans = notes.dock.model.entries(Shelf.ORPHANS)
    assert [(e.id, e.quote, e.documents) for e in orphans] == [
        (lost.id, f"{UNIQUE}  ↔  {preface}", "left.txt (earlier version) ↔ right.txt")
    ]
    assert database.pairs.get(lost.id) == lost  # kept, untouched, on the old version
    assert "1 pair notes re-anchored" in left.message_bar.text
    assert "1 could not be placed" in left.message_bar.text


def test_view_settings_stay_with_their_comparison(
    qtbot: QtBot, notes_window: MainWindow, services: Services, database: Database, tmp_path: Path
) -> None:
    """A minimum score and hidden kinds chosen on one comparison are not applied to the
    next; reopening the first (even in a new window) brings them back."""
    window = notes_window
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    open_pair(qtbot, window, *write_pair(first))
    window.threshold_slider.setValue(55)
    window.kind_actions[LinkKind.QUOTE].setChecked(False)
    assert all(link.score >= 55 for link in window.compare.shown_links(0))
    comparison = window.notes.workspace.comparison
    assert comparison is not None

    open_pair(qtbot, window, *write_pair(second, count=12))
    other = window.notes.workspace.comparison
    assert other is not None and other.id != comparison.id
    assert window.threshold_slider.value() == 0
    assert window.kind_actions[LinkKind.QUOTE].isChecked()
    assert window.compare.link_filter.min_score == 0
    assert len(window.compare.shown_links(0)) == 12
    window.close()

    again = new_window(qtbot, services)
    reopen(qtbot, again, comparison.id)
    assert again.threshold_slider.value() == 55
    assert not again.kind_actions[LinkKind.QUOTE].isChecked()
    assert again.kind_actions[LinkKind.RELATED].isChecked()
    shown = again.compare.shown_links(0)
    assert shown and all(link.score >= 55 and link.kind is LinkKind.RELATED for link in shown)
    saved = database.comparisons.load_comparison(comparison.id)
    assert saved.options.min_score == 55
    assert saved.options.kinds == frozenset({LinkKind.RELATED})


def test_the_order_mode_is_switchable_and_kept_with_the_comparison(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    aligner = window.services.align
    open_pair(qtbot, window, *write_pair(tmp_path))
    assert window.order_actions[None].isChecked()  # decided from the texts by default
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000):
        window.order_actions[True].trigger()
    assert window.order_actions[True].isChecked()
    assert aligner.results[-1].options.ordered is True  # type: ignore[attr-defined]
    # the window aligns every link and filters on screen: the slider never realigns
    assert aligner.results[-1].options.min_score == 0  # type: ignore[attr-defined]
    comparison = window.notes.workspace.comparison
    assert comparison is not None
    assert database.comparisons.load_comparison(comparison.id).options.ordered is True


def test_a_stale_settings_change_is_refused_and_the_stored_comparison_taken(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    """The window changed the alignment settings on a copy a colleague had changed the same
    settings of: refused with the message, the colleague's comparison becomes the window's,
    and the next change (made on it) is saved."""
    saved = database.comparisons.save_comparison(comparison())
    workspace = Workspace(database)
    errors: list[str] = []
    workspace.error_occurred.connect(errors.append)
    try:
        assert workspace.restore(saved.id) is not None
        with open_database(database.path) as colleague:
            theirs = colleague.comparisons.load_comparison(saved.id, touch=False)
            ben = replace(theirs.options, min_score=90.0)
            colleague.comparisons.save_comparison(replace(theirs, options=ben), base=theirs)
        mine = AlignOptions(min_score=10.0)
        workspace.set_options(mine)  # before the live poll brought theirs
        assert len(errors) == 1 and "changed meanwhile" in errors[0]
        assert "alignment settings" in errors[0]
        assert workspace.options == ben
        assert database.comparisons.load_comparison(saved.id, touch=False).options == ben
        workspace.set_options(mine)
        assert len(errors) == 1
        assert database.comparisons.load_comparison(saved.id, touch=False).options == mine
    finally:
        workspace.close()
