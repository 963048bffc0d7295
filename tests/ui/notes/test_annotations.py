"""Annotating from the window: highlights, notes, pair notes, links, undo, filters, faults.

Real files, the real loader, a real SQLite database in tmp_path, real widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from PySide6.QtCore import Qt

from desktop_app.app import open_annotation_database
from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation, Colour, PairAnnotation
from desktop_app.core.model import LinkKind, Span
from desktop_app.core.storage import Database, open_database
from desktop_app.core.storage.recovery import Choice, Refused
from desktop_app.ui.base.services import Services
from desktop_app.ui.notes.tree_model import COLUMNS
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.databases import digest, random_bytes_file
from tests.helpers.notes import editor_of, live, plain, select
from tests.helpers.windows import open_pair, show_window, write_pair

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_highlight_undo_redo_from_the_keyboard(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    left = window.compare.panes[0]
    span = select(left, "Paragraph 2: ")
    left.text_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    (note,) = live(database)
    assert note.target.exact == "Paragraph 2:"  # trailing space trimmed
    assert note.target.span == Span(span.start, span.end - 1)
    assert note.colour is Colour.YELLOW
    assert [h.span for h in left.highlights("annotations")] == [note.target.span]
    assert [e.id for e in window.notes.dock.visible_entries()] == [note.id]
    assert plain(window.notes.undo_action.text()) == "Undo Add highlight"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live(database) == []
    assert left.highlights("annotations") == []
    assert window.notes.dock.visible_entries() == []
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert [a.id for a in live(database)] == [note.id]  # the same row, restored
    assert window.notes.dock.visible_entries()[0].id == note.id

    # a colour from the menu becomes the colour the shortcut uses next
    select(left, "Paragraph 5")
    window.notes.colour_actions[Colour.GREEN].trigger()
    select(left, "Paragraph 7")
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    colours = {a.target.exact: a.colour for a in live(database)}
    assert colours == {
        "Paragraph 2:": Colour.YELLOW,
        "Paragraph 5": Colour.GREEN,
        "Paragraph 7": Colour.GREEN,
    }


def test_note_with_autocompleted_tags_edit_and_delete_in_the_dock(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    left, right = window.compare.pair_panes(0)
    select(left, "Paragraph 3")
    qtbot.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    editor = editor_of(window)
    editor.note_edit.setPlainText("Claims the harbour was closed.")
    editor.tags_edit.setText("harbour, disputed")
    editor.colour_box.setCurrentIndex(list(Colour).index(Colour.PINK))
    qtbot.mouseClick(
        editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert window.notes.editor is None
    (first,) = live(database)
    assert (first.note, first.tags, first.colour) == (
        "Claims the harbour was closed.",
        ("harbour", "disputed"),
        Colour.PINK,
    )
    assert plain(window.notes.undo_action.text()) == "Undo Add note"

    # the second note's tag field completes from the tags already used
    select(right, "Preface of the answer")
    window.notes.note_action.trigger()
    editor = editor_of(window)
    editor.tags_edit.setFocus()
    qtbot.keyClicks(editor.tags_edit, "x, disp")
    completer = editor.completer
    assert completer.splitPath(editor.tags_edit.text()) == ["disp"]
    assert completer.completionCount() == 1
    assert completer.currentIndex().data() == "disputed"
    assert completer.currentCompletion() == "x, disputed"  # the earlier tags are kept
    editor.tags_edit.setText("x, disputed")
    editor.note_edit.setPlainText("Preface")
    assert editor.save()
    assert {a.target.exact: a.tags for a in live(database)}["Preface of the answer"] == (
        "x",
        "disputed",
    )

    # edit in place from the dock, then undo the edit
    dock = window.notes.dock
    assert dock.select(first.id)
    qtbot.mouseClick(dock.edit_button, Qt.MouseButton.LeftButton)
    editor = editor_of(window)
    assert editor.note_edit.toPlainText() == "Claims the harbour was closed."
    editor.note_edit.setPlainText("Claims the harbour was open.")
    assert editor.save()
    assert database.annotations.get(first.id).note == "Claims the harbour was open."  # type: ignore[union-attr]
    assert "Claims the harbour was open." in [e.note for e in dock.visible_entries()]
    window.notes.undo_action.trigger()
    assert database.annotations.get(first.id).note == "Claims the harbour was closed."  # type: ignore[union-attr]

    # Delete in the dock deletes; undo brings the very same note back
    assert dock.select(first.id)
    dock.tree.setFocus()
    qtbot.keyClick(dock.tree, Qt.Key.Key_Delete)
    assert first.id not in {a.id for a in live(database)}
    assert first.id not in {e.id for e in dock.visible_entries()}
    assert plain(window.notes.undo_action.text()) == "Undo Delete note"
    window.notes.undo_action.trigger()
    assert first.id in {a.id for a in live(database)}


def test_dock_filters_by_tag_colour_document_and_text(
    qtbot: QtBot, qtmodeltester: Any, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    left, right = window.compare.pair_panes(0)
    notes = window.notes
    made: dict[str, Annotation] = {}
    for pane, quote, colour in (
        (left, "Paragraph 1", Colour.YELLOW),
        (left, "Paragraph 4", Colour.BLUE),
        (right, "Paragraph 6", Colour.BLUE),
    ):
        select(pane, quote)
        note = notes.highlight(colour)
        assert note is not None
        made[quote] = note
    notes.edit_entry(
        next(e for e in notes.dock.visible_entries() if e.id == made["Paragraph 4"].id)
    )
    editor = editor_of(window)
    editor.tags_edit.setText("ships")
    editor.note_edit.setPlainText("The lantern story")
    assert editor.save()
    dock = notes.dock
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)

    def shown() -> set[str]:
        return {e.quote for e in dock.visible_entries()}

    assert shown() == set(made)
    dock.tag_box.setCurrentIndex(dock.tag_box.findData("ships"))
    assert shown() == {"Paragraph 4"}
    dock.tag_box.setCurrentIndex(0)
    dock.colour_box.setCurrentIndex(dock.colour_box.findData(Colour.BLUE))
    assert shown() == {"Paragraph 4", "Paragraph 6"}
    right_doc = right.document
    assert right_doc is not None
    dock.document_box.setCurrentIndex(dock.document_box.findData(right_doc.sha256))
    assert shown() == {"Paragraph 6"}
    dock.document_box.setCurrentIndex(0)
    dock.colour_box.setCurrentIndex(0)
    qtbot.keyClicks(dock.text_edit, "LANTERN")
    assert shown() == {"Paragraph 4"}
    qtmodeltester.check(dock.proxy)
    dock.text_edit.clear()
    # choosing an entry scrolls its pane to it
    left.text_view.verticalScrollBar().setValue(left.text_view.verticalScrollBar().maximum())
    assert not left.is_visible(made["Paragraph 1"].target.span)
    index = dock.index_of(made["Paragraph 1"].id)
    dock.tree.setCurrentIndex(index)
    assert left.is_visible(made["Paragraph 1"].target.span)


def test_pair_note_reject_and_hand_made_link(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    notes = window.notes
    links = window.compare.shown_links(0)
    window.compare.select_link(3)
    link = links[3]
    notes.pair_action.trigger()
    editor = editor_of(window)
    editor.relation_box.setCurrentText("misquotes")
    editor.note_edit.setPlainText("Drops two words.")
    editor.tags_edit.setText("quote")
    assert editor.save()
    (pair,) = database.pairs.list()
    assert (pair.relation, pair.note, pair.left.span, pair.right.span) == (
        "misquotes",
        "Drops two words.",
        link.left,
        link.right,
    )
    entries = [e for e in notes.dock.visible_entries() if isinstance(e.item, PairAnnotation)]
    assert [e.id for e in entries] == [pair.id]
    assert entries[0].note == "[misquotes] Drops two words."
    # annotating the same link again edits that note instead of adding a second one
    window.compare.select_link(3)
    notes.pair_action.trigger()
    assert editor_of(window).relation_box.currentText() == "misquotes"
    editor_of(window).reject()

    # reject: gone from panes and list at once, remembered in the comparison, undoable
    window.compare.select_link(5)
    rejected = window.compare.shown_links(0)[5]
    assert notes.reject_link()
    assert rejected not in window.compare.shown_links(0)
    assert window.link_list.model.rowCount() == len(links) - 1
    comparison = notes.workspace.comparison
    assert comparison is not None
    stored = database.comparisons.load_comparison(comparison.id, touch=False)
    assert [r.left for r in stored.rejected_links] == [rejected.left]
    assert plain(notes.undo_action.text()) == "Undo Reject link"
    notes.undo_action.trigger()
    assert rejected in window.compare.shown_links(0)
    notes.redo_action.trigger()
    assert rejected not in window.compare.shown_links(0)

    # a hand-made link between two selections shows like any other link
    left, right = window.compare.pair_panes(0)
    left_span = select(left, "Paragraph 10")
    right_span = select(right, "Preface of the answer.")
    window.compare.select_link(None)
    made = notes.link_selections(LinkKind.RELATED)
    assert made is not None
    expected = made.to_link()
    assert (expected.left, expected.right) == (left_span, right_span)
    assert expected in window.compare.shown_links(0)
    stored = database.comparisons.load_comparison(comparison.id, touch=False)
    assert [m.id for m in stored.manual_links] == [made.id]
    # rejecting a hand-made link removes it
    window.compare.select_link(window.compare.shown_links(0).index(expected))
    assert notes.reject_link()
    assert expected not in window.compare.shown_links(0)
    assert database.comparisons.load_comparison(comparison.id, touch=False).manual_links == ()


def test_a_full_disk_keeps_the_note_in_the_editor_until_saving_works(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    engine = database.sessions.engine
    with engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def limit(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", limit)
    engine.dispose()
    select(window.compare.panes[0], "Paragraph 8")
    window.notes.note_action.trigger()
    editor = editor_of(window)
    text = "A long note that needs room. " * 400
    editor.note_edit.setPlainText(text)
    assert not editor.save()
    assert editor.isVisible() and editor.note_edit.toPlainText() == text
    assert "disk is full" in editor.error_label.text()
    assert "disk is full" in window.notes.dock.message_bar.text
    assert live(database) == []
    assert window.notes.undo_stack.count() == 0

    event.remove(engine, "connect", limit)
    engine.dispose()  # space is back
    assert editor.save()
    (note,) = live(database)
    assert note.note == text
    assert database.integrity_check() == "ok"


def test_a_damaged_database_is_reported_and_a_fresh_one_offered(tmp_path: Path) -> None:
    damaged = random_bytes_file(tmp_path / "verso.sqlite3")
    before = digest(damaged)
    messages: list[Refused] = []

    def decline(refused: Refused) -> Choice:
        messages.append(refused)
        return Choice.NONE

    assert open_annotation_database(damaged, decline) is None
    assert len(messages) == 1 and "damaged" in messages[0].message
    assert messages[0].backup is None and not messages[0].readable
    fresh = open_annotation_database(damaged, lambda refused: Choice.FRESH)
    assert fresh is not None
    try:
        assert fresh.path != damaged and fresh.path.parent == damaged.parent
        assert fresh.annotations.list() == []
    finally:
        fresh.close()
    assert digest(damaged) == before


def test_without_a_database_the_note_actions_are_off_and_the_dock_says_why(
    window: MainWindow,
) -> None:
    assert not window.notes.highlight_action.isEnabled()
    assert not window.notes.pair_action.isEnabled()
    assert "could not be opened" in window.notes.dock.message_bar.text


def test_a_database_attached_after_the_window_shows_takes_notes_as_one_given_at_start(
    qtbot: QtBot, services: Services, database: Database, tmp_path: Path
) -> None:
    # As ``verso`` starts: the window is drawn first, the database opened after.
    services.database_later = True
    window = show_window(qtbot, services, width=1300)
    assert not window.notes.highlight_action.isEnabled()
    assert not window.exports.export_action.isEnabled()
    assert window.notes.dock.message_bar.text == ""  # not "unavailable": still opening
    window.attach_database(database)
    assert window.notes.highlight_action.isEnabled() and window.exports.export_action.isEnabled()
    left_path, right_path = write_pair(tmp_path)
    open_pair(qtbot, window, left_path, right_path)
    left = window.compare.panes[0]
    select(left, "Paragraph 2:")
    left.text_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    (note,) = live(database)
    assert [e.id for e in window.notes.dock.visible_entries()] == [note.id]
    comparison = window.notes.workspace.comparison
    assert comparison is not None  # the comparison was saved in the attached database
    assert [c.id for c in database.comparisons.recent_comparisons(5)] == [comparison.id]
    window.close()


def test_a_database_that_fails_to_open_after_the_window_shows_turns_notes_off(
    qtbot: QtBot, services: Services
) -> None:
    services.database_later = True
    window = show_window(qtbot, services)
    window.attach_database(None)
    assert not window.notes.highlight_action.isEnabled()
    assert "could not be opened" in window.notes.dock.message_bar.text
    assert window.exports.export_action.toolTip() == "The annotation database is not open"


def test_escape_in_the_relation_box_does_not_drop_the_pair_note(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    """Escape first undoes the field being typed, then asks for a second press before
    unsaved text goes; the tags sit above the note, so their list never covers Save."""
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    window.compare.select_link(2)
    window.notes.pair_action.trigger()
    editor = editor_of(window)
    qtbot.keyClicks(editor.note_edit, "Half of the claim is left out.")
    editor.relation_box.setFocus()
    qtbot.waitUntil(lambda: editor.relation_box.hasFocus())
    line = editor.relation_box.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "mis")
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert editor.isVisible()
    assert editor.relation_box.currentText() == ""  # the field's edit undone
    assert editor.note_edit.toPlainText() == "Half of the claim is left out."
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert editor.isVisible()  # unsaved text: a second press is needed
    assert "Escape again" in editor.draft_label.text()
    editor.relation_box.setCurrentText("omits")
    assert editor.save()
    (pair,) = database.pairs.list()
    assert (pair.relation, pair.note) == ("omits", "Half of the claim is left out.")
    assert editor.tags_edit.geometry().top() < editor.note_edit.geometry().top()


def test_escape_twice_discards_and_once_closes_an_unchanged_editor(
    qtbot: QtBot, notes_window: MainWindow, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    window.compare.select_link(2)
    window.notes.pair_action.trigger()
    editor = editor_of(window)
    qtbot.keyClick(editor.note_edit, Qt.Key.Key_Escape)
    assert not editor.isVisible()  # nothing typed: Escape closes at once
    window.compare.select_link(2)
    window.notes.pair_action.trigger()
    editor = editor_of(window)
    qtbot.keyClicks(editor.note_edit, "draft")
    qtbot.keyClick(editor.note_edit, Qt.Key.Key_Escape)
    assert editor.isVisible()
    qtbot.keyClick(editor.note_edit, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_a_yellow_note_over_a_linked_passage_stays_yellow(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    """A note is painted opaque over the link's tint (a translucent yellow over the
    blue tint of a related link showed muddy grey-green)."""
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    left = window.compare.panes[0]
    related = next(k for k in window.compare.shown_links(0) if k.kind is LinkKind.RELATED)
    assert left.document is not None
    words = related.left.of(left.document.text)[:12]
    select(left, words)
    left.text_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    (note,) = live(database)
    assert note.colour is Colour.YELLOW
    start, end = left.offsets.pane_range(note.target.span)
    selections = left.text_view.extraSelections()
    on_note = [
        i
        for i, s in enumerate(selections)
        if s.cursor.selectionStart() == start and s.cursor.selectionEnd() == end
    ]
    under = [
        i
        for i, s in enumerate(selections)
        if s.cursor.selectionStart() <= start and s.cursor.selectionEnd() >= end
    ]
    assert len(under) >= 2  # the link's tint and the note
    fill = selections[on_note[-1]].format.background().color()
    assert fill.alpha() == 255  # covers the tint instead of mixing with it
    assert fill.red() > fill.blue() + 60 and fill.green() > fill.blue() + 40  # yellow
    # later selections paint over earlier ones: the note comes after the link's tint
    assert on_note[-1] == max(under)


def test_the_notes_list_says_how_to_start_and_gives_the_note_the_width(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    dock = window.notes.dock
    assert dock.empty_label.isVisible() and not dock.tree.isVisible()
    assert "Ctrl+Shift+H" in dock.empty_label.text()  # the action's own shortcut
    # the empty dock takes at most a quarter of the window
    assert window.notes.dock_widget.width() <= window.width() * 0.25
    left = window.compare.panes[0]
    select(left, "Paragraph 3")
    window.notes.note_action.trigger()
    editor = editor_of(window)
    editor.tags_edit.setText("claim, framing")
    editor.note_edit.setPlainText("A long note that says what the analyst thinks of it. " * 3)
    assert editor.save()
    assert dock.tree.isVisible() and not dock.empty_label.isVisible()
    header = dock.tree.header()
    # the note gets the width (once the shown list is laid out)
    qtbot.waitUntil(lambda: header.sectionSize(1) > header.sectionSize(0))
    (entry,) = dock.visible_entries()
    index = dock.model.index(0, 1, dock.model.index(0, 0))
    tip = str(dock.model.data(index, Qt.ItemDataRole.ToolTipRole))
    assert "Tags: claim, framing" in tip and "In left.txt" in tip
    assert entry.note.startswith("A long note")


def test_a_note_changed_in_another_window_is_not_overwritten_and_the_text_is_kept(
    qtbot: QtBot,
    notes_window: MainWindow,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    select(window.compare.panes[0], "Paragraph 3")
    window.notes.note_action.trigger()
    editor = editor_of(window)
    editor.note_edit.setPlainText("first text")
    assert editor.save()
    (stored,) = live(database)
    dock = window.notes.dock
    assert dock.select(stored.id)
    qtbot.mouseClick(dock.edit_button, Qt.MouseButton.LeftButton)
    editor = editor_of(window)

    # Meanwhile a second window on the same file (a colleague's) rewrites and recolours it.
    monkeypatch.setenv("VERSO_ANALYST", "Ben")
    with open_database(database.path) as other:
        theirs = other.annotations.get(stored.id)
        assert theirs is not None
        other.annotations.update(theirs.edited(note="their text", colour=Colour.GREEN), base=theirs)

    editor.note_edit.setPlainText("my text")
    assert not editor.save()  # refused: the same field changed
    assert editor.isVisible() and editor.note_edit.toPlainText() == "my text"
    assert "changed meanwhile" in editor.error_label.text()
    assert "changed meanwhile" in dock.message_bar.text
    assert database.annotations.get(stored.id).note == "their text"  # type: ignore[union-attr]
    assert "their text" in [e.note for e in dock.visible_entries()]  # the dock shows theirs
    (entry,) = dock.visible_entries()
    assert entry.authors == "by Q. Analyst, last changed by Ben"
    model = dock.model
    row = model.index_of(entry.id)
    assert model.data(row.siblingAtColumn(COLUMNS.index("Author"))) == "Q. Analyst"
    assert "last changed by Ben" in model.data(row, Qt.ItemDataRole.ToolTipRole)
    assert window.notes.undo_stack.count() == 1  # only the add: nothing refused was recorded

    assert editor.save()  # saving again, having seen theirs, replaces the text
    now = database.annotations.get(stored.id)
    assert now is not None and now.note == "my text"
    assert now.colour is Colour.GREEN  # their colour, which this editor never touched, stays


def test_a_note_added_in_another_window_appears_within_a_second(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    document = window.compare.panes[0].document
    assert document is not None
    dock = window.notes.dock
    assert dock.visible_entries() == []
    start = document.text.index("Paragraph 5")
    with open_database(database.path) as other:  # a second window on the same file
        made = other.annotations.add(
            Annotation.new(
                document.sha256,
                make_target(document.text, Span(start, start + 11)),
                note="from the other window",
            )
        )
    qtbot.waitUntil(lambda: made.id in {e.id for e in dock.visible_entries()}, timeout=1000)


def test_the_window_on_a_server_saves_notes_refuses_stale_edits_and_shows_others(
    qtbot: QtBot, services: Services, tmp_path: Path, postgres_url: str
) -> None:
    """The same window on a PostgreSQL database: what the SQLite tests above show, at once."""
    with open_database(postgres_url) as database:
        services.database = database
        window = show_window(qtbot, services, width=1300)
        try:
            open_pair(qtbot, window, *write_pair(tmp_path))
            select(window.compare.panes[0], "Paragraph 3")
            window.notes.note_action.trigger()
            editor = editor_of(window)
            editor.note_edit.setPlainText("kept on the server")
            assert editor.save()
            (stored,) = live(database)
            assert stored.note == "kept on the server" and stored.author == "Q. Analyst"
            dock = window.notes.dock
            assert dock.select(stored.id)
            qtbot.mouseClick(dock.edit_button, Qt.MouseButton.LeftButton)
            editor = editor_of(window)
            with open_database(postgres_url) as colleague:
                theirs = colleague.annotations.get(stored.id)
                assert theirs is not None
                colleague.annotations.update(theirs.edited(note="theirs"), base=theirs)
            editor.note_edit.setPlainText("mine")
            assert not editor.save()
            assert "changed meanwhile" in dock.message_bar.text
            assert editor.note_edit.toPlainText() == "mine"
            editor.reject()
            with open_database(postgres_url) as colleague:  # a colleague adds a note
                document = window.compare.panes[0].document
                assert document is not None
                start = document.text.index("Paragraph 5")
                added = colleague.annotations.add(
                    Annotation.new(
                        document.sha256, make_target(document.text, Span(start, start + 11))
                    )
                )
            qtbot.waitUntil(
                lambda: added.id in {e.id for e in dock.visible_entries()}, timeout=1500
            )
        finally:
            window.close()


def test_a_note_typed_while_the_server_is_away_is_kept_and_saved_once_it_is_back(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    from tests.helpers.postgres import start_cluster

    cluster = start_cluster()  # a server of this test's own, to stop and start again
    try:
        url = cluster.create_database()
        with open_database(url) as database:
            services.database = database
            window = show_window(qtbot, services, width=1300)
            try:
                open_pair(qtbot, window, *write_pair(tmp_path))
                select(window.compare.panes[0], "Paragraph 3")
                window.notes.note_action.trigger()
                editor = editor_of(window)
                editor.note_edit.setPlainText("typed while the server was away")
                cluster.pause()
                assert not editor.save()
                message = window.notes.dock.message_bar.text
                assert "Could not" in message and "Traceback" not in message
                assert editor.isVisible()
                assert editor.note_edit.toPlainText() == "typed while the server was away"
                cluster.resume()
                assert editor.save()
                assert [a.note for a in live(database)] == ["typed while the server was away"]
            finally:
                window.close()
    finally:
        cluster.stop()


def test_every_link_in_a_passage_is_rejected_at_once_and_undone_at_once(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    before = window.compare.shown_links(0)
    left = window.compare.panes[0]
    assert left.document is not None
    start = left.document.text.index("Paragraph 3")
    end = left.document.text.index("Paragraph 7")
    select(left, left.document.text[start:end].rstrip())
    inside = [k for k in before if k.left.overlaps(Span(start, end))]
    assert len(inside) == 4
    assert window.notes.actions.reject_passage_action.isEnabled()
    window.notes.actions.reject_passage_action.trigger()
    shown = window.compare.shown_links(0)
    assert len(shown) == len(before) - 4 and not set(inside) & set(shown)
    comparison = window.notes.workspace.comparison
    assert comparison is not None
    stored = database.comparisons.load_comparison(comparison.id, touch=False)
    assert len(stored.rejected_links) == 4
    assert plain(window.notes.undo_action.text()) == "Undo Reject 4 links"
    window.notes.undo_action.trigger()  # one step brings all four back
    assert window.compare.shown_links(0) == before
    assert database.comparisons.load_comparison(comparison.id, touch=False).rejected_links == ()


def test_rejected_links_are_listed_and_can_be_shown_again(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    before = window.compare.shown_links(0)
    assert window.rejected.rejected() == []
    window.compare.select_link(5)
    assert window.notes.reject_link()
    assert [r.left for r in window.rejected.rejected()] == [before[5].left]
    assert window.rejected.tree.topLevelItemCount() == 1
    item = window.rejected.tree.topLevelItem(0)
    assert item is not None and item.text(1).startswith("Paragraph 5")
    window.rejected.tree.setCurrentItem(item)
    qtbot.mouseClick(window.rejected.show_button, Qt.MouseButton.LeftButton)
    assert window.compare.shown_links(0) == before
    assert window.rejected.rejected() == []
    assert plain(window.notes.undo_action.text()) == "Undo Show rejected link"
    window.notes.undo_action.trigger()  # rejected once more
    assert before[5] not in window.compare.shown_links(0)
    assert len(window.rejected.rejected()) == 1


def test_a_note_refused_while_the_server_is_away_saves_itself_once_it_is_back(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    from tests.helpers.postgres import start_cluster

    cluster = start_cluster()  # a server of this test's own, to stop and start again
    try:
        url = cluster.create_database()
        with open_database(url) as database:
            services.database = database
            window = show_window(qtbot, services, width=1300)
            try:
                open_pair(qtbot, window, *write_pair(tmp_path))
                select(window.compare.panes[0], "Paragraph 3")
                window.notes.note_action.trigger()
                editor = editor_of(window)
                editor.note_edit.setPlainText("kept until the server came back")
                cluster.pause()
                assert not editor.save()
                assert "saves it by itself once the server is back" in editor.error_label.text()
                # The retry waits for the server rather than try (a try at a server that
                # does not answer would hold the window for the connect timeout).
                qtbot.waitUntil(
                    lambda: "as soon as the server is back" in editor.error_label.text(),
                    timeout=10_000,
                )
                assert editor.isVisible()
                cluster.resume()
                # no Save pressed: the editor saves and closes by itself
                qtbot.waitUntil(lambda: window.notes.editing.editor is None, timeout=40_000)
                assert [a.note for a in live(database)] == ["kept until the server came back"]
            finally:
                window.close()
    finally:
        cluster.stop()


def test_a_refusal_that_retrying_cannot_cure_is_not_retried(
    qtbot: QtBot, notes_window: MainWindow, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    open_pair(qtbot, window, *write_pair(tmp_path))
    select(window.compare.panes[0], "Paragraph 3")
    window.notes.note_action.trigger()
    editor = editor_of(window)
    editor.note_edit.setPlainText("first text")
    assert editor.save()
    (stored,) = live(database)
    assert window.notes.dock.select(stored.id)
    qtbot.mouseClick(window.notes.dock.edit_button, Qt.MouseButton.LeftButton)
    editor = editor_of(window)
    with open_database(database.path) as other:  # a colleague's edit of the same field
        theirs = other.annotations.get(stored.id)
        assert theirs is not None
        other.annotations.update(theirs.edited(note="their text"), base=theirs)
    editor.note_edit.setPlainText("my text")
    assert not editor.save()  # a conflict: waiting will not change it, the analyst decides
    assert "try Save again" in editor.error_label.text()
    assert "by itself" not in editor.error_label.text()
    qtbot.wait(2500)
    assert editor.isVisible()
    assert database.annotations.get(stored.id).note == "their text"  # type: ignore[union-attr]
