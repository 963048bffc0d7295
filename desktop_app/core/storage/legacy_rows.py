"""Rows of an old database that the new schema cannot hold: kept aside, not fatal.

One impossible row (a note whose quote ends before it starts, a note whose document
row is gone) used to make a v1 upgrade fail for the whole file. Now the rows the next
schema's constraints would refuse, and rows whose references point nowhere, are
taken out inside the upgrade's transaction, written to a JSON file beside the
database (``verso.set-aside-<time>.json``: table, reason, every column) and
reported; everything else is upgraded. The pre-upgrade backup holds them too.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# (table, SQL condition a row fails on, why) for the constraints version 2 added.
_V2_CONSTRAINTS = (
    ("annotations", "pos_start < 0 OR pos_end < pos_start", "its position is impossible"),
    (
        "pair_annotations",
        "left_start < 0 OR left_end < left_start OR right_start < 0 OR right_end < right_start",
        "a side's position is impossible",
    ),
)


@dataclass(frozen=True, slots=True)
class SetAsideRow:
    table: str
    reason: str
    values: dict[str, Any]


def _take(
    conn: sqlite3.Connection, table: str, where: str, args: tuple[Any, ...]
) -> list[dict[str, Any]]:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE {where}", args)
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    conn.execute(f"DELETE FROM {table} WHERE {where}", args)
    return rows


def invalid_for_next_schema(conn: sqlite3.Connection, version: int) -> list[SetAsideRow]:
    """Take out the rows of a version-``version`` database the upgrade's constraints refuse."""
    taken: list[SetAsideRow] = []
    if version < 2:
        for table, condition, why in _V2_CONSTRAINTS:
            taken += [SetAsideRow(table, why, row) for row in _take(conn, table, condition, ())]
    return taken


def dangling_references(conn: sqlite3.Connection) -> list[SetAsideRow]:
    """Take out rows whose references point nowhere (``foreign_key_check``), repeating
    while taking one out leaves others dangling (a note's tags)."""
    taken: list[SetAsideRow] = []
    while problems := conn.execute("PRAGMA foreign_key_check").fetchall():
        for table, rowid, parent, _ in {(p[0], p[1], p[2], None) for p in problems}:
            why = f"it refers to a row of {parent} that does not exist"
            rows = _take(conn, table, "rowid = ?", (rowid,))
            taken += [SetAsideRow(table, why, row) for row in rows]
    return taken


def write_set_aside(path: Path, rows: list[SetAsideRow]) -> Path:
    """The rows as JSON beside the database at ``path`` (synced to disk before returning)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name.split('.', 1)[0] or 'verso'}.set-aside-{stamp}.json")
    counter = 1
    while target.exists():
        counter += 1
        target = target.with_name(f"{target.name.split('.json')[0]}-{counter}.json")
    payload = [{"table": r.table, "reason": r.reason, "row": r.values} for r in rows]
    with target.open("w", encoding="utf-8") as out:
        json.dump(payload, out, ensure_ascii=False, indent=1, default=repr)
        out.flush()
        os.fsync(out.fileno())
    return target
