"""What each write changed, kept in the database beside the change (schema 8).

SQLite can only tell another connection *that* something was committed
(``PRAGMA data_version``), not what. So every write transaction on a file also
inserts one ``change_log`` row per change it announces (entity, kind, ids, who,
the writing database's token), numbered by a sequence that only grows: the row
commits or rolls back with the change itself. Another window reads the rows after
the last sequence it saw (``live.ExternalChanges``) and refreshes exactly those
rows; its own rows (its token) it skips, its change hub announced them already.

The log is bounded: each time the sequence passes a multiple of ``TRIM_EVERY``, the
rows more than ``KEEP`` behind are dropped. A reader that fell further behind than that
finds a gap after its last sequence and reloads everything instead (``read_since`` says so).

A PostgreSQL server has the same table (one schema for both engines) but leaves
it empty: there ``NOTIFY`` carries the same descriptors at commit, and a sequence
taken inside concurrent transactions would not be commit order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.storage.changes import Change, ChangeKind, Entity

if TYPE_CHECKING:  # live.py reads the log without SQLAlchemy
    from sqlalchemy.orm import Session

KEEP = 10_000  # rows kept: minutes of a busy team, far more than one poll's worth
TRIM_EVERY = 500
MAX_IDS = 500  # a longer list (an import) is logged as "all of this kind"

_INSERT = (
    "INSERT INTO change_log (seq, entity, kind, ids, who, origin)"
    " SELECT COALESCE(MAX(seq), 0) + 1, :entity, :kind, :ids, :who, :origin FROM change_log"
)


def record(session: Session, changes: Sequence[Change], who: str, origin: str) -> None:
    """Log ``changes`` in ``session``'s write transaction (SQLite's single writer makes
    ``MAX(seq) + 1`` a gapless sequence), trimming the oldest rows now and then."""
    from sqlalchemy import text

    for change in changes:
        ids = list(change.ids) if len(change.ids) <= MAX_IDS else []
        session.execute(
            text(_INSERT),
            {
                "entity": change.entity.value,
                "kind": change.kind.value,
                "ids": json.dumps(ids),
                "who": who,
                "origin": origin,
            },
        )
    if changes:
        last = int(session.execute(text("SELECT MAX(seq) FROM change_log")).scalar_one())
        if last // TRIM_EVERY != (last - len(changes)) // TRIM_EVERY:  # passed a multiple
            session.execute(text("DELETE FROM change_log WHERE seq <= :old"), {"old": last - KEEP})


@dataclass(frozen=True, slots=True)
class Logged:
    """The rows after a sequence: the changes others made, and where the log ends now."""

    changes: tuple[Change, ...]
    last: int  # the newest sequence read (the caller's next starting point)
    complete: bool  # False: rows after the caller's sequence were trimmed already


def latest(conn: sqlite3.Connection) -> int:
    """The newest sequence in the log (0 when empty)."""
    return int(conn.execute("SELECT COALESCE(MAX(seq), 0) FROM change_log").fetchone()[0])


def read_since(conn: sqlite3.Connection, seq: int, origin: str) -> Logged:
    """The changes logged after ``seq`` by writers other than ``origin``."""
    rows = conn.execute(
        "SELECT seq, entity, kind, ids, who, origin FROM change_log WHERE seq > ? ORDER BY seq",
        (seq,),
    ).fetchall()
    if not rows:
        return Logged((), seq, True)
    complete = int(rows[0][0]) == seq + 1
    changes = []
    for _seq, entity, kind, ids, who, writer in rows:
        if writer == origin:
            continue
        try:
            changes.append(Change(Entity(entity), ChangeKind(kind), tuple(json.loads(ids)), who))
        except (ValueError, TypeError):  # a row this version cannot read: reload all
            complete = False
    return Logged(tuple(changes), int(rows[-1][0]), complete)
