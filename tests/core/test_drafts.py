"""Note drafts on disk and the autosave timing rule."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.drafts import (
    AutosaveClock,
    Draft,
    DraftStore,
    new_note_key,
    span_of_new_note,
)


def test_a_draft_reads_back_and_is_discarded(tmp_path: Path) -> None:
    store = DraftStore.beside(tmp_path / "verso.sqlite3")
    draft = Draft("edit:n1", "green", "Half a thought", ("a", "b"), document="d" * 64)
    assert store.save(draft)
    assert store.folder == tmp_path / "verso.drafts"
    assert store.load("edit:n1") == draft
    assert store.for_document("d" * 64) == [draft]
    store.discard("edit:n1")
    assert store.load("edit:n1") is None and not list(store.folder.iterdir())


def test_a_damaged_draft_file_is_skipped(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(Draft("edit:n1", "yellow", "kept", document="x"))
    next(tmp_path.glob("*.json")).write_text("{not json", encoding="utf-8")
    assert store.load("edit:n1") is None and store.for_document("x") == []


def test_new_note_keys_carry_their_span() -> None:
    assert span_of_new_note(new_note_key("ab", 3, 9)) == ("ab", 3, 9)
    assert span_of_new_note("edit:n1") is None


def test_saves_a_second_after_the_last_key_and_at_most_every_ten_seconds() -> None:
    clock = AutosaveClock()
    assert clock.due_at() is None
    clock.changed(0.0)
    assert clock.due_at() == 1.0
    for tick in range(1, 40):  # a key every 0.3 s for 12 s
        clock.changed(tick * 0.3)
    assert clock.due_at() == 10.0  # the quiet second never came: the 10 s bound holds
    clock.saved()
    assert clock.due_at() is None
    clock.changed(12.0)
    assert clock.due_at() == 13.0


def test_a_save_the_server_was_away_for_is_retried_sooner_then_less_often() -> None:
    from desktop_app.core.drafts import RETRY_FIRST_S, RETRY_MAX_S, retry_delay

    delays = [retry_delay(n) for n in range(8)]
    assert delays[0] == RETRY_FIRST_S
    assert delays == sorted(delays) and delays[1] == 2 * delays[0]
    assert delays[-1] == RETRY_MAX_S
