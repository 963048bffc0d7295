"""Opening a document adopts the notes of its earlier versions; lost ones stay as orphans."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.documents import load
from desktop_app.core.storage import Database
from desktop_app.core.storage.shown_notes import Shelf, shown_notes
from desktop_app.core.storage.versions import adopt_document, earlier_versions
from tests.helpers.annotations import TEXT, annotate


def test_a_file_edited_in_place_keeps_found_notes_and_lists_orphans(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "essay.txt"
    path.write_text(TEXT, encoding="utf-8")
    first = load(path)
    assert adopt_document(db, first).orphans == ()
    kept = annotate(db, first.sha256, "English language is in a bad way", first.text)
    lost = annotate(db, first.sha256, "Our civilization is decadent", first.text)

    path.write_text("A new preface.\n\n" + TEXT.replace(" Our civilization is decadent.", ""))
    second = load(path)
    assert earlier_versions(db, second) == [first.sha256]
    adoption = adopt_document(db, second)
    assert [a.id for a in adoption.moved] == [kept.id]
    assert [a.id for a in adoption.orphans] == [lost.id]
    on_second = db.annotations.list(document=second.sha256)
    assert [a.target.span.of(second.text) for a in on_second] == [
        "English language is in a bad way"
    ]
    # never deleted: the orphan is still there, on the old version, and listed again later
    assert db.annotations.get(lost.id) == lost
    orphans = [e for e in shown_notes(db, [second], []).entries if e.shelf is Shelf.ORPHANS]
    assert [e.item.id for e in orphans] == [lost.id]
    again = adopt_document(db, second)
    assert again.moved == () and [a.id for a in again.orphans] == [lost.id]


def test_a_moved_file_keeps_its_notes_and_a_located_version_is_adopted(
    db: Database, tmp_path: Path
) -> None:
    old_path = tmp_path / "a.txt"
    old_path.write_text(TEXT, encoding="utf-8")
    original = load(old_path)
    adopt_document(db, original)
    note = annotate(db, original.sha256, "conscious action", original.text)
    moved_path = tmp_path / "sub" / "renamed.txt"
    moved_path.parent.mkdir()
    old_path.rename(moved_path)
    moved = load(moved_path)
    assert moved.sha256 == original.sha256
    assert adopt_document(db, moved).orphans == ()
    assert db.annotations.list(document=moved.sha256) == [note]
    record = db.documents.get(moved.sha256)
    assert record is not None and record.path == moved_path
    # the user located an edited copy elsewhere: the expected hash is passed explicitly
    edited_path = tmp_path / "edited.txt"
    edited_path.write_text("Intro.\n\n" + TEXT, encoding="utf-8")
    edited = load(edited_path)
    adoption = adopt_document(db, edited, previous=[original.sha256])
    assert [a.id for a in adoption.moved] == [note.id]
    assert db.annotations.list(document=original.sha256) == []
