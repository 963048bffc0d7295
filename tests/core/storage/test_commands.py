"""Undo/redo commands: each step is a committed transaction, so they work across restarts."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.annotations import Colour, ManualLink, RejectedLink
from desktop_app.core.model import LinkKind, Span
from desktop_app.core.storage import open_database
from desktop_app.core.storage.commands import (
    AddCommand,
    AddManualLinkCommand,
    DeleteCommand,
    EditCommand,
    RejectLinkCommand,
)
from tests.helpers.annotations import DOC_A, DOC_B, comparison, note, pair, target


def test_delete_then_undo_after_reopening_restores_the_same_row(db_location: Path | str) -> None:
    annotation = note("bad way", text="keep me", tags=("x",))
    with open_database(db_location) as db:
        db.annotations.add(annotation)
        delete = DeleteCommand(db.annotations, annotation.id)
        delete.apply()
        assert db.annotations.list() == []
    with open_database(db_location) as db:  # the app was restarted
        tombstones = db.annotations.list(include_deleted=True)
        assert [a.id for a in tombstones] == [annotation.id]
        undo = DeleteCommand(db.annotations, annotation.id)
        undo.revert()
        assert db.annotations.list() == [annotation]
        undo.apply()  # redo
        assert db.annotations.list() == []


def test_add_undo_redo_keeps_one_row(db_location: Path | str) -> None:
    annotation = note("bad way")
    with open_database(db_location) as db:
        add = AddCommand(db.annotations, annotation)
        add.apply()
        add.revert()
        assert db.annotations.list() == []
        add.apply()
        assert db.annotations.list() == [annotation]
        assert db.annotations.count(include_deleted=True) == 1


def test_edit_undo_redo(db_location: Path | str) -> None:
    with open_database(db_location) as db:
        before = db.annotations.add(note("bad way", text="old"))
        after = before.edited(note="new", colour=Colour.PINK)
        edit = EditCommand(db.annotations, before, after)
        edit.apply()
        assert db.annotations.get(before.id) == after
        edit.revert()
        assert db.annotations.get(before.id) == before


def test_pair_commands_use_the_same_classes(db_location: Path | str) -> None:
    item = pair(relation="rebuts")
    with open_database(db_location) as db:
        AddCommand(db.pairs, item).apply()
        DeleteCommand(db.pairs, item.id).apply()
        assert db.pairs.list() == []
        DeleteCommand(db.pairs, item.id).revert()
        assert db.pairs.list() == [item]


def test_link_commands(db_location: Path | str) -> None:
    with open_database(db_location) as db:
        saved = db.comparisons.save_comparison(comparison())
        rejected = RejectedLink(LinkKind.QUOTE, DOC_A, Span(0, 10), DOC_B, Span(5, 15))
        reject = RejectLinkCommand(db.comparisons, saved.id, rejected)
        reject.apply()
        assert db.comparisons.load_comparison(saved.id).rejected_links == (rejected,)
        reject.revert()
        assert db.comparisons.load_comparison(saved.id).rejected_links == ()
        link = ManualLink.new(LinkKind.RELATED, DOC_A, target(0, 10), DOC_B, target(20, 30))
        add = AddManualLinkCommand(db.comparisons, saved.id, link)
        add.apply()
        assert db.comparisons.load_comparison(saved.id).manual_links == (link,)
        add.revert()
        assert db.comparisons.load_comparison(saved.id).manual_links == ()
