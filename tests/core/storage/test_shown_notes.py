"""What the notes dock and the highlights show: the one query, on a real database."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation, PairAnnotation, TextTarget
from desktop_app.core.documents import load
from desktop_app.core.model import Document, Span
from desktop_app.core.storage import Database
from desktop_app.core.storage.shown_notes import EARLIER, Shelf, placed, shown_notes
from desktop_app.core.storage.versions import adopt_document
from tests.helpers.annotations import TEXT


def _target(text: str, quote: str) -> TextTarget:
    start = text.index(quote)
    return make_target(text, Span(start, start + len(quote)))


def _documents(db: Database, tmp_path: Path) -> tuple[Document, Document, Document]:
    """An essay, a reply quoting it and a document never shown, registered."""
    texts = {
        "essay.txt": TEXT,
        "reply.txt": "A reply. " + TEXT[:200],
        "x.txt": "Something else entirely, never shown.",
    }
    documents = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        documents.append(load(tmp_path / name))
        adopt_document(db, documents[-1])
    essay, reply, other = documents
    return essay, reply, other


def _pair(essay: Document, reply: Document) -> PairAnnotation:
    return PairAnnotation.new(
        essay.sha256,
        _target(essay.text, "English language"),
        reply.sha256,
        _target(reply.text, "English language"),
    )


def test_notes_pairs_and_orphans_of_the_documents_shown_with_their_labels(
    db: Database, tmp_path: Path
) -> None:
    essay_path = tmp_path / "essay.txt"
    essay, reply, other = _documents(db, tmp_path)
    quote = "Our civilization is decadent"
    on_essay = db.annotations.add(
        Annotation.new(essay.sha256, _target(essay.text, quote), tags=("claim",))
    )
    db.annotations.add(Annotation.new(other.sha256, _target(other.text, "never shown")))
    pair = db.pairs.add(_pair(essay, reply))

    shown = shown_notes(db, [essay, reply], [(essay, reply)])
    assert [n.id for n in shown.notes] == [on_essay.id]  # not the note on a document not shown
    assert [p.id for p in shown.pairs] == [pair.id]
    assert "claim" in shown.tags
    labels = {(e.shelf, e.item.id): e.label for e in shown.entries}
    assert labels == {
        (Shelf.NOTES, on_essay.id): essay.display_name,
        (Shelf.PAIRS, pair.id): f"{essay.display_name} ↔ {reply.display_name}",
    }

    # The essay edited in place: the note whose passage is gone is an orphan of the new one.
    essay_path.write_text(TEXT.replace(quote, "Our culture is fine"), encoding="utf-8")
    edited = load(essay_path)
    adopt_document(db, edited)
    after = shown_notes(db, [edited, reply], [])
    orphans = [e for e in after.entries if e.shelf is Shelf.ORPHANS]
    assert [e.item.id for e in orphans] == [on_essay.id]
    assert orphans[0].label == f"{edited.display_name} {EARLIER}"
    assert after.pairs == ()  # no pair shown, no pair note highlighted


def test_one_changed_note_is_placed_by_the_same_rule_as_the_whole_list(
    db: Database, tmp_path: Path
) -> None:
    """``placed`` (a colleague's single change) agrees with ``shown_notes`` note by note:
    listed where the whole list would list it, or not at all once deleted or elsewhere."""
    essay_path = tmp_path / "essay.txt"
    essay, reply, other = _documents(db, tmp_path)
    quote = "Our civilization is decadent"
    on_essay = db.annotations.add(Annotation.new(essay.sha256, _target(essay.text, quote)))
    elsewhere = db.annotations.add(Annotation.new(other.sha256, _target(other.text, "never")))
    pair = db.pairs.add(_pair(essay, reply))
    gone = db.annotations.add(Annotation.new(essay.sha256, _target(essay.text, "English")))
    db.annotations.delete(gone.id)
    shown: tuple[list[Document | None], list[tuple[Document, Document]]] = (
        [essay, reply],
        [(essay, reply)],
    )
    ids = [on_essay.id, elsewhere.id, pair.id, gone.id, "no-such-note"]
    one_by_one = placed(db, *shown, ids)
    whole = {e.item.id: e for e in shown_notes(db, *shown).entries}
    assert {i for i, e in one_by_one.items() if e is not None} == {on_essay.id, pair.id}
    for item_id in (on_essay.id, pair.id):
        assert one_by_one[item_id] == whole[item_id]

    # The essay edited so the note's passage is gone: now an orphan, by both.
    essay_path.write_text(TEXT.replace(quote, "Our culture is fine"), encoding="utf-8")
    edited = load(essay_path)
    adopt_document(db, edited)
    after: tuple[list[Document | None], list[tuple[Document, Document]]] = ([edited, reply], [])
    (entry,) = [e for e in shown_notes(db, *after).entries if e.item.id == on_essay.id]
    assert entry.shelf is Shelf.ORPHANS
    assert placed(db, *after, [on_essay.id])[on_essay.id] == entry
