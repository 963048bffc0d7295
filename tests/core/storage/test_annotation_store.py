"""Annotations and pair annotations: CRUD, soft delete, filters, tags, change hook."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.core.annotations import Annotation, Colour
from desktop_app.core.errors import StorageError
from desktop_app.core.storage import (
    Change,
    ChangeKind,
    Database,
    Entity,
    annotation_store,
    open_database,
)
from tests.helpers.annotations import DOC_A, DOC_B, note, pair


def test_add_get_round_trips_every_field(db: Database) -> None:
    annotation = note(
        "English language is in a bad way",
        text="Orwell's thesis; compare Ünïcode",
        tags=("thesis", "decline"),
        colour=Colour.PURPLE,
    )
    db.annotations.add(annotation)
    assert db.annotations.get(annotation.id) == annotation
    assert db.annotations.get("no-such-id") is None


def test_data_survives_closing_and_reopening(db_location: Path | str) -> None:
    annotation = note("Our civilization is decadent", tags=("claim",))
    with open_database(db_location) as first:
        first.annotations.add(annotation)
    with open_database(db_location) as second:
        assert second.annotations.list() == [annotation]


def test_duplicate_id_is_refused(db: Database) -> None:
    annotation = note("bad way")
    db.annotations.add(annotation)
    with pytest.raises(StorageError, match="already exists"):
        db.annotations.add(annotation)


def test_listing_reads_back_exactly_what_get_reads(db_path: Path) -> None:
    """The listing builds values from raw columns (its fast path): tombstones, tags,
    colours and a timestamp stored without an offset read as ``get`` reads them."""
    kept = note("English language", tags=("b", "a"), colour=Colour.PINK)
    gone = note("Our civilization", text="tombstoned")
    odd = note("bad way")
    with open_database(db_path) as db:
        db.annotations.add_many([kept, gone, odd])
        db.annotations.delete(gone.id)
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute(
            "UPDATE annotations SET created = '2024-03-01T10:00:00' WHERE id = ?",
            (odd.id,),
        )
    raw.close()
    with open_database(db_path) as db:
        listed = db.annotations.list(include_deleted=True)
        assert listed == [db.annotations.get(a.id) for a in listed]
        by_id = {a.id: a for a in listed}
    assert by_id[kept.id].tags == ("b", "a")
    assert by_id[gone.id].deleted is not None and by_id[gone.id].deleted.tzinfo is not None  # type: ignore[union-attr]
    assert by_id[kept.id].colour is Colour.PINK
    assert by_id[odd.id].created == datetime(2024, 3, 1, 10, tzinfo=UTC)


def test_update_replaces_note_tags_colour(db: Database) -> None:
    annotation = db.annotations.add(note("bad way", tags=("a", "b")))
    edited = annotation.edited(note="new text", tags=("b", "c"), colour=Colour.GREEN)
    db.annotations.update(edited)
    stored = db.annotations.get(annotation.id)
    assert stored == edited
    assert stored is not None and stored.modified >= annotation.modified
    assert db.annotations.list(tags=("a",)) == []


def test_update_of_unknown_annotation_raises(db: Database) -> None:
    with pytest.raises(StorageError, match="no annotation"):
        db.annotations.update(note("bad way"))


def test_delete_is_soft_and_restore_brings_it_back(db: Database) -> None:
    kept = db.annotations.add(note("bad way"))
    gone = db.annotations.add(note("conscious action", tags=("gone",)))
    tombstone = db.annotations.delete(gone.id)
    assert tombstone.is_deleted
    assert db.annotations.list() == [kept]
    assert {a.id for a in db.annotations.list(include_deleted=True)} == {kept.id, gone.id}
    assert "gone" not in db.annotations.tags()
    restored = db.annotations.restore(gone.id)
    assert not restored.is_deleted
    assert restored.tags == ("gone",)
    assert {a.id for a in db.annotations.list()} == {kept.id, gone.id}


def ids(found: list[Annotation]) -> list[str]:
    return [a.id for a in found]


def test_filters_by_document_tags_colour_and_text(db: Database) -> None:
    a1 = db.annotations.add(note("bad way", tags=("decline", "language"), colour=Colour.BLUE))
    a2 = db.annotations.add(note("conscious action", tags=("agency",), text="Éloquent remark"))
    b1 = db.annotations.add(note("Our civilization", document=DOC_B, tags=("decline",)))
    assert ids(db.annotations.list(document=DOC_A)) == [a1.id, a2.id]  # in text order
    assert ids(db.annotations.list(document=DOC_B)) == [b1.id]
    assert set(ids(db.annotations.list(tags=["decline"]))) == {a1.id, b1.id}
    assert ids(db.annotations.list(tags=["decline", "language"])) == [a1.id]
    assert ids(db.annotations.list(colour=Colour.BLUE)) == [a1.id]
    assert ids(db.annotations.list(text="éLOQUENT")) == [a2.id]  # note, Unicode case folded
    assert ids(db.annotations.list(text="CIVILIZATION")) == [b1.id]  # quote
    assert ids(db.annotations.list(text="agen")) == [a2.id]  # tag
    assert ids(db.annotations.list(text="100%_")) == []  # no LIKE wildcards
    assert ids(db.annotations.list(document=DOC_A, tags=["decline"], colour=Colour.YELLOW)) == []
    assert db.annotations.count(DOC_A) == 2


def test_tags_for_autocomplete_most_used_first(db: Database) -> None:
    db.annotations.add(note("bad way", tags=("decline", "Language")))
    db.annotations.add(note("conscious action", tags=("decline",)))
    db.pairs.add(pair(tags=("decline", "rebuttal")))
    assert db.annotations.tags() == ["decline", "Language", "rebuttal"]
    assert db.annotations.tags("la") == ["Language"]


def test_tags_are_cleaned_and_keep_their_order(db: Database) -> None:
    annotation = db.annotations.add(note("bad way", tags=(" zeta ", "alpha", "", "zeta")))
    assert annotation.tags == ("zeta", "alpha")
    assert db.annotations.get(annotation.id) == annotation


def test_change_hook_reports_committed_changes_only(db: Database) -> None:
    seen: list[Change] = []
    unsubscribe = db.changes.subscribe(seen.append)
    annotation = db.annotations.add(note("bad way"))
    db.annotations.delete(annotation.id)
    with pytest.raises(StorageError):
        db.annotations.add(annotation)  # duplicate: rolled back, not announced
    unsubscribe()
    db.annotations.restore(annotation.id)
    assert seen == [
        Change(Entity.ANNOTATION, ChangeKind.ADDED, (annotation.id,)),
        Change(Entity.ANNOTATION, ChangeKind.DELETED, (annotation.id,)),
    ]


def test_a_failing_listener_does_not_block_others(db: Database) -> None:
    seen: list[Change] = []

    def broken(change: Change) -> None:
        raise RuntimeError("view bug")

    db.changes.subscribe(broken)
    db.changes.subscribe(seen.append)
    db.annotations.add(note("bad way"))
    assert len(seen) == 1


def test_pair_annotations_round_trip_and_filter(db: Database) -> None:
    first = db.pairs.add(pair(relation="rebuts", tags=("t",)))
    second = db.pairs.add(pair(relation="agrees"))
    assert db.pairs.get(first.id) == first
    assert {p.id for p in db.pairs.list((DOC_B, DOC_A))} == {first.id, second.id}
    assert [p.id for p in db.pairs.list(text="REBUT")] == [first.id]
    assert [p.id for p in db.pairs.list(tags=("t",))] == [first.id]
    assert db.pairs.list(("c" * 64, DOC_A)) == []
    db.pairs.update(second.edited(note="changed"))
    db.pairs.delete(first.id)
    assert [p.note for p in db.pairs.list(document=DOC_A)] == ["changed"]
    db.pairs.restore(first.id)
    assert len(db.pairs.list(document=DOC_B)) == 2


def test_annotations_belong_to_the_document_in_every_comparison(db: Database) -> None:
    from desktop_app.core.annotations import Comparison, ComparisonDocument

    annotation = db.annotations.add(note("bad way"))
    other = db.annotations.add(note("bad way", document=DOC_B))
    one = Comparison.new("A vs B", (ComparisonDocument(DOC_A), ComparisonDocument(DOC_B)))
    two = Comparison.new("A vs C", (ComparisonDocument(DOC_A), ComparisonDocument("c" * 64)))
    db.comparisons.save_comparison(one)
    db.comparisons.save_comparison(two)
    assert {a.id for a in db.annotations.list(comparison=one.id)} == {annotation.id, other.id}
    assert [a.id for a in db.annotations.list(comparison=two.id)] == [annotation.id]


@pytest.mark.parametrize("few", [500, 0])
def test_notes_read_again_unchanged_keep_their_values(
    db: Database, few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of the documents shown, read again: a note whose row reads as before is
    the same value (nothing rebuilt), one edited in any way (its tags too) is read anew,
    a deleted one is gone, and the notes of another document are read as well; the tags
    of the changed notes read by id (few) or with the list's conditions (many)."""
    monkeypatch.setattr(annotation_store, "FEW_CHANGED", few)
    same, retagged, edited, gone = (note(q, tags=("t",)) for q in ("bad", "way", "English", "Our"))
    other = note("civilization", document=DOC_B)
    db.annotations.add_many([same, retagged, edited, gone, other])
    first = {n.id: n for n in db.annotations.on_documents([DOC_A])}
    assert set(first) == {same.id, retagged.id, edited.id, gone.id}
    db.annotations.update(first[retagged.id].edited(tags=("t", "u")))
    db.annotations.update(first[edited.id].edited(note="read again"))
    db.annotations.delete(gone.id)
    again = {n.id: n for n in db.annotations.on_documents([DOC_A, DOC_B])}
    assert set(again) == {same.id, retagged.id, edited.id, other.id}
    assert again[same.id] is first[same.id]
    assert again[retagged.id].tags == ("t", "u") and again[retagged.id] is not first[retagged.id]
    assert again[edited.id].note == "read again"
    assert again[edited.id].version > first[edited.id].version
    assert again[other.id] == other
    assert db.annotations.on_documents([]) == []
