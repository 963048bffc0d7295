"""Carrying annotations over to a changed version of their document."""

from __future__ import annotations

from desktop_app.core.anchoring import ResolutionKind
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.storage import Database
from tests.helpers.annotations import TEXT, annotate


def test_found_annotations_move_to_the_new_version_and_orphans_stay(db: Database) -> None:
    from desktop_app.core.storage.reanchor import reanchor_document

    old = document_from_text(TEXT)
    moved = annotate(db, old.sha256, "English language is in a bad way")
    edited = annotate(db, old.sha256, "we cannot by conscious action do anything")
    lost = annotate(db, old.sha256, "Our civilization is decadent")
    new_text = "Preface added in the second edition.\n\n" + TEXT.replace(
        "cannot by conscious", "cannot by any conscious"
    ).replace(" Our civilization is decadent.", "")
    new = document_from_text(new_text)
    results = {r.annotation.id: r for r in reanchor_document(db.annotations, old.sha256, new)}

    assert results[moved.id].resolution.kind is ResolutionKind.MOVED
    assert results[edited.id].resolution.kind is ResolutionKind.FUZZY
    assert results[lost.id].resolution.kind is ResolutionKind.ORPHAN
    on_new = {a.id: a for a in db.annotations.list(document=new.sha256)}
    assert set(on_new) == {moved.id, edited.id}
    assert on_new[moved.id].target.span.of(new_text) == "English language is in a bad way"
    assert on_new[edited.id].target.span.of(new_text) == (
        "we cannot by any conscious action do anything"
    )
    assert on_new[edited.id].note == edited.note and on_new[edited.id].tags == ("t",)
    # The orphan is kept, unchanged, on the old version, where the UI lists it.
    assert db.annotations.list(document=old.sha256) == [lost]
