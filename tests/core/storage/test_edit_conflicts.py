"""Two windows (or two analysts) on one database: no edit is ever silently lost.

Each test opens the database twice, as two windows do; on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.annotations import Annotation, Colour, PairAnnotation
from desktop_app.core.storage import Database, open_database
from desktop_app.core.storage.commands import EditCommand
from desktop_app.core.storage.conflicts import EditConflict
from tests.helpers.annotations import LEFT, RIGHT, note, quote_target


@pytest.fixture
def two(db_location: Path | str) -> Iterator[tuple[Database, Database]]:
    first = open_database(db_location)
    second = open_database(db_location)
    yield first, second
    second.close()
    first.close()


def test_versions_count_every_write(db: Database) -> None:
    added = db.annotations.add(note("decadent"))
    assert added.version == 1
    edited = db.annotations.update(added.edited(note="one"), base=added)
    assert edited.version == 2 and db.annotations.get(added.id).version == 2  # type: ignore[union-attr]
    assert db.annotations.delete(added.id).version == 3
    assert db.annotations.restore(added.id).version == 4
    assert [a.version for a in db.annotations.list()] == [4]


def test_a_recolour_of_a_stale_copy_keeps_the_other_windows_note(
    two: tuple[Database, Database],
) -> None:
    """The issue's first report: window 2 recoloured its stale copy and the note reverted."""
    one, other = two
    stored = one.annotations.add(note("decadent"))
    stale = other.annotations.get(stored.id)
    assert stale is not None
    one.annotations.update(stored.edited(note="saved in window 1"), base=stored)
    merged = other.annotations.update(stale.edited(colour=Colour.BLUE), base=stale)
    assert (merged.note, merged.colour) == ("saved in window 1", Colour.BLUE)
    assert one.annotations.get(stored.id) == merged and merged.version == 3


def test_two_edits_of_the_same_text_refuse_the_second_and_show_the_first(
    two: tuple[Database, Database],
) -> None:
    one, other = two
    stored = one.annotations.add(note("decadent", text="draft"))
    stale = other.annotations.get(stored.id)
    assert stale is not None
    one.annotations.update(stored.edited(note="window 1's text"), base=stored)
    mine = stale.edited(note="window 2's text", colour=Colour.GREEN)
    with pytest.raises(EditConflict, match="the note changed since you opened it") as caught:
        other.annotations.update(mine, base=stale)
    conflict = caught.value
    assert conflict.fields == ("note",)
    assert conflict.current.note == "window 1's text"
    assert one.annotations.get(stored.id).note == "window 1's text"  # type: ignore[union-attr]
    # Saving again on the current version is a deliberate replacement: it goes through.
    current = conflict.current
    assert isinstance(current, Annotation)  # a note's conflict carries the stored note
    again = other.annotations.update(
        current.edited(note=mine.note, colour=mine.colour), base=current
    )
    assert (again.note, again.colour) == ("window 2's text", Colour.GREEN)


def test_a_deletion_wins_over_a_stale_edit(two: tuple[Database, Database]) -> None:
    """The issue's third report: a note deleted in one window came back when the other
    edited its stale copy."""
    one, other = two
    stored = one.annotations.add(note("decadent"))
    stale = other.annotations.get(stored.id)
    assert stale is not None
    one.annotations.delete(stored.id)
    with pytest.raises(EditConflict, match="deleted meanwhile") as caught:
        other.annotations.update(stale.edited(note="too late"), base=stale)
    assert caught.value.current.deleted is not None
    assert one.annotations.list() == []
    assert one.annotations.get(stored.id).note == ""  # type: ignore[union-attr]


def test_an_edit_without_its_base_is_refused_when_stale(two: tuple[Database, Database]) -> None:
    one, other = two
    stored = one.annotations.add(note("decadent"))
    one.annotations.update(stored.edited(colour=Colour.PINK), base=stored)
    with pytest.raises(EditConflict, match="the colour"):
        other.annotations.update_many([stored.edited(note="re-anchored")])
    assert one.annotations.get(stored.id).colour is Colour.PINK  # type: ignore[union-attr]


def test_undo_keeps_a_colleagues_change_to_another_field(two: tuple[Database, Database]) -> None:
    one, other = two
    stored = one.annotations.add(note("decadent", text="before"))
    edit = EditCommand(one.annotations, stored, stored.edited(note="after"))
    edit.apply()
    theirs = other.annotations.get(stored.id)
    assert theirs is not None
    other.annotations.update(theirs.edited(tags=("theirs",)), base=theirs)
    edit.revert()  # undo my text: their tag stays
    now = one.annotations.get(stored.id)
    assert now is not None and (now.note, now.tags) == ("before", ("theirs",))
    edit.apply()  # redo
    assert one.annotations.get(stored.id).note == "after"  # type: ignore[union-attr]
    # They now rewrite the text: my undo would overwrite it, so it is refused.
    theirs = other.annotations.get(stored.id)
    assert theirs is not None
    other.annotations.update(theirs.edited(note="their text"), base=theirs)
    with pytest.raises(EditConflict):
        edit.revert()
    assert one.annotations.get(stored.id).note == "their text"  # type: ignore[union-attr]


def test_pair_notes_merge_and_conflict_the_same_way(two: tuple[Database, Database]) -> None:
    one, other = two
    pair = one.pairs.add(
        PairAnnotation.new(LEFT, quote_target("left", 4), RIGHT, quote_target("right", 7), note="n")
    )
    stale = other.pairs.get(pair.id)
    assert stale is not None
    one.pairs.update(pair.edited(relation="rebuts"), base=pair)
    merged = other.pairs.update(stale.edited(colour=Colour.ORANGE), base=stale)
    assert (merged.relation, merged.colour) == ("rebuts", Colour.ORANGE)
    with pytest.raises(EditConflict, match="the relation"):
        other.pairs.update(stale.edited(relation="agrees"), base=stale)
    one.pairs.delete(pair.id)
    with pytest.raises(EditConflict, match="deleted meanwhile"):
        other.pairs.update(merged.edited(note="late"), base=merged)
