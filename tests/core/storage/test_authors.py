"""Who made a note and who changed it last, on both engines."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from desktop_app.core.annotations import Colour, PairAnnotation
from desktop_app.core.storage import open_database
from tests.helpers.annotations import LEFT, RIGHT, note, quote_target


def test_the_author_is_the_analyst_and_a_colleague_is_who_changed_it_last(
    db_location: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERSO_ANALYST", "Anna")
    with open_database(db_location) as anna:
        made = anna.annotations.add(note("decadent"))
        pair = anna.pairs.add(
            PairAnnotation.new(LEFT, quote_target("l", 4), RIGHT, quote_target("r", 7))
        )
    assert (made.author, made.changed_by) == ("Anna", "Anna")
    monkeypatch.setenv("VERSO_ANALYST", "Ben")
    with open_database(db_location) as ben:
        changed = ben.annotations.update(made.edited(colour=Colour.BLUE), base=made)
        ben.pairs.delete(pair.id)
        listed = ben.annotations.list()
        gone = ben.pairs.get(pair.id)
        assert [a.id for a in ben.annotations.list(author="Anna")] == [made.id]
        assert ben.annotations.list(author="Ben") == []
        assert [a.id for a in ben.annotations.list(text="ann")] == [made.id]
    assert (changed.author, changed.changed_by) == ("Anna", "Ben")
    assert [(a.author, a.changed_by) for a in listed] == [("Anna", "Ben")]
    assert gone is not None and (gone.author, gone.changed_by) == ("Anna", "Ben")


def test_without_a_chosen_name_the_login_name_is_used(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERSO_ANALYST")
    with open_database(db_path) as db:
        made = db.annotations.add(note("decadent"))
    assert made.author == getpass.getuser() != ""
