"""A colleague's edit of one note updates that row of the open notes list, nothing else.

Two stores on one database, as two windows (SQLite) or two analysts (PostgreSQL) have:
the window's store and a colleague's. The colleague edits, deletes and adds one note each
time; within the window's live poll the list shows it, without reloading (no model reset),
every other row the same object as before, the selection kept, the filter applied.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation, Colour
from desktop_app.core.model import Document, Span
from desktop_app.core.storage import Database, open_database
from desktop_app.ui.base.services import Services
from desktop_app.ui.notes.dock import NotesDock
from desktop_app.ui.notes.tree_model import Entry
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.windows import open_pair, show_window, write_pair

POLL_WAIT_MS = 1500  # the window polls every 0.4 s


def _note(document: Document, words: str) -> Annotation:
    start = document.text.index(words)
    return Annotation.new(document.sha256, make_target(document.text, Span(start, start + 11)))


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_colleagues_edit_delete_and_add_update_one_row_each(
    qtbot: QtBot,
    services: Services,
    tmp_path: Path,
    engine: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    location: Path | str = (
        tmp_path / "verso.sqlite3"
        if engine == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    with open_database(location) as database:
        services.database = database
        window = show_window(qtbot, services, width=1300)
        try:
            _edit_delete_add(qtbot, window, database, location, tmp_path, monkeypatch)
        finally:
            window.close()


def _edit_delete_add(
    qtbot: QtBot,
    window: MainWindow,
    database: Database,
    location: Path | str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    document = window.compare.panes[0].document
    assert document is not None
    dock = window.notes.dock
    mine = [database.annotations.add(_note(document, f"Paragraph {i}")) for i in (3, 5, 7)]
    qtbot.waitUntil(lambda: len(dock.visible_entries()) == 3, timeout=POLL_WAIT_MS)
    assert dock.select(mine[1].id)
    resets: list[int] = []
    dock.model.modelReset.connect(lambda: resets.append(1))

    def entries() -> dict[str, Entry]:
        return {e.id: e for e in dock.model.entries()}

    before = entries()
    monkeypatch.setenv("VERSO_ANALYST", "Ben")
    with open_database(location) as colleague:
        # An edit: the row shows it in place.
        theirs = colleague.annotations.get(mine[0].id)
        assert theirs is not None
        colleague.annotations.update(theirs.edited(note="Ben's reading"), base=theirs)
        qtbot.waitUntil(lambda: entries()[mine[0].id].note == "Ben's reading", timeout=POLL_WAIT_MS)
        after = entries()
        assert after[mine[0].id].item.changed_by == "Ben"
        assert all(after[n.id] is before[n.id] for n in mine[1:])  # untouched rows
        assert _current_id(dock) == mine[1].id

        # A recolouring under a colour filter: the row leaves the filtered list alone.
        dock.colour_box.setCurrentIndex(dock.colour_box.findData(Colour.YELLOW))
        assert len(dock.visible_entries()) == 3
        theirs = colleague.annotations.get(mine[2].id)
        assert theirs is not None
        colleague.annotations.update(theirs.edited(colour=Colour.GREEN), base=theirs)
        qtbot.waitUntil(
            lambda: [e.id for e in dock.visible_entries()] == [mine[0].id, mine[1].id],
            timeout=POLL_WAIT_MS,
        )
        assert len(dock.model.entries()) == 3  # held, only filtered out
        dock.colour_box.setCurrentIndex(0)

        # A deletion: that row goes.
        kept = entries()
        colleague.annotations.delete(mine[0].id)
        qtbot.waitUntil(lambda: mine[0].id not in entries(), timeout=POLL_WAIT_MS)
        assert all(entries()[n.id] is kept[n.id] for n in mine[1:])

        # An addition before the others in the text: inserted in the list's order.
        added = colleague.annotations.add(_note(document, "Paragraph 1"))
        qtbot.waitUntil(lambda: added.id in entries(), timeout=POLL_WAIT_MS)
    assert resets == []  # never reloaded
    shown = [e.id for e in dock.visible_entries()]
    assert shown == [added.id, mine[1].id, mine[2].id]
    assert _current_id(dock) == mine[1].id
    assert not dock.author_box.isHidden()  # Ben's note made the author filter worth showing
    window.notes.view.refresh()  # the full query agrees with the rows applied one by one
    assert [e.id for e in dock.visible_entries()] == shown
    assert resets == [1]


def _current_id(dock: NotesDock) -> str | None:
    entry = dock.current_entry()
    return None if entry is None else entry.id
