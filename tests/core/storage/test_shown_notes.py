"""What the notes dock and the highlights show: the one query, on a real database."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation, PairAnnotation, TextTarget
from desktop_app.core.documents import load
from desktop_app.core.model import Span
from desktop_app.core.storage import Database
from desktop_app.core.storage.shown_notes import EARLIER, Shelf, shown_notes
from desktop_app.core.storage.versions import adopt_document
from tests.helpers.annotations import TEXT


def _target(text: str, quote: str) -> TextTarget:
    start = text.index(quote)
    return make_target(text, Span(start, start + len(quote)))


def test_notes_pairs_and_orphans_of_the_documents_shown_with_their_labels(
    db: Database, tmp_path: Path
) -> None:
    essay_path, reply_path, other_path = (tmp_path / n for n in ("essay.txt", "reply.txt", "x.txt"))
    essay_path.write_text(TEXT, encoding="utf-8")
    reply_path.write_text("A reply. " + TEXT[:200], encoding="utf-8")
    other_path.write_text("Something else entirely, never shown.", encoding="utf-8")
    essay, reply, other = load(essay_path), load(reply_path), load(other_path)
    for document in (essay, reply, other):
        adopt_document(db, document)
    quote = "Our civilization is decadent"
    on_essay = db.annotations.add(
        Annotation.new(essay.sha256, _target(essay.text, quote), tags=("claim",))
    )
    db.annotations.add(Annotation.new(other.sha256, _target(other.text, "never shown")))
    pair = db.pairs.add(
        PairAnnotation.new(
            essay.sha256,
            _target(essay.text, "English language"),
            reply.sha256,
            _target(reply.text, "English language"),
        )
    )

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
