"""Another window's (or a colleague's) committed change is seen by the next poll."""

from __future__ import annotations

import time
from pathlib import Path

from desktop_app.core.storage import Database, Entity, open_database
from desktop_app.core.storage.changes import Change
from tests.helpers.annotations import note


def _poll_until_seen(db: Database, seconds: float = 2.0) -> list[Change]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        changes = db.live.poll()
        if changes:
            return changes
        time.sleep(0.02)
    return []


def test_others_changes_are_polled_and_our_own_are_not(db_location: Path | str) -> None:
    with open_database(db_location) as mine, open_database(db_location) as theirs:
        mine.live.start()
        assert mine.live.poll() == []
        own = mine.annotations.add(note("decadent"))  # announced by our change hub already
        time.sleep(0.1)
        assert mine.live.poll() == []
        began = time.monotonic()
        made = theirs.annotations.add(note("conscious action"))
        changes = _poll_until_seen(mine)
        waited = time.monotonic() - began
        assert any(c.entity is Entity.ANNOTATION for c in changes), changes
        assert waited < 1.0
        if mine.is_server:  # the server says which note
            assert [c.ids for c in changes] == [(made.id,)]
        theirs.annotations.delete(own.id)
        assert any(c.entity is Entity.ANNOTATION for c in _poll_until_seen(mine))
        assert mine.live.poll() == []
