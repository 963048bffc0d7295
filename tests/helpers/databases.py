"""Database factories: a database as each schema version made it, damaged files, hashes.

Old versions are built from the DDL kept in the migration list, so "a v1
database" here is exactly what the first release wrote.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

from desktop_app.core.storage.migrations import CURRENT_VERSION, migrate

V1_TIME = "2024-03-01T10:00:00.000000+00:00"


def make_database(path: Path, version: int = CURRENT_VERSION) -> Path:
    """An empty Verso database at schema ``version``."""
    migrate(path, target=version)
    return path


def insert_v1_annotation(
    path: Path,
    annotation_id: str,
    sha256: str,
    *,
    exact: str = "quoted words",
    start: int = 10,
    note: str = "",
    tags: tuple[str, ...] = (),
    colour: str = "yellow",
    deleted: bool = False,
) -> None:
    """An annotation row as the first release stored it (integer tombstone flag)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "INSERT OR IGNORE INTO documents (sha256, path, title, size, first_seen, last_seen)"
            " VALUES (?, ?, '', 100, ?, ?)",
            (sha256, f"/docs/{sha256[:8]}.txt", V1_TIME, V1_TIME),
        )
        conn.execute(
            "INSERT INTO annotations (id, document_sha256, quote_exact, quote_prefix,"
            " quote_suffix, pos_start, pos_end, page, colour, note, created, modified, deleted)"
            " VALUES (?, ?, ?, 'before ', ' after', ?, ?, NULL, ?, ?, ?, ?, ?)",
            (
                annotation_id,
                sha256,
                exact,
                start,
                start + len(exact),
                colour,
                note,
                V1_TIME,
                V1_TIME,
                int(deleted),
            ),
        )
        conn.executemany(
            "INSERT INTO annotation_tags (annotation_id, tag, position) VALUES (?, ?, ?)",
            [(annotation_id, tag, i) for i, tag in enumerate(tags)],
        )
    conn.close()


def set_schema_version(path: Path, version: int) -> None:
    """Pretend a database was written by another release (e.g. a newer one)."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {int(version)}")
    conn.commit()
    conn.close()


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so its bytes are the whole database."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def random_bytes_file(path: Path, size: int = 8192, seed: int = 7) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def truncated_copy(source: Path, destination: Path, keep: float = 0.5) -> Path:
    """The first ``keep`` of ``source``'s bytes: a database cut short by a failed copy."""
    data = source.read_bytes()
    destination.write_bytes(data[: int(len(data) * keep)])
    return destination


def digest(path: Path) -> str:
    """sha256 of a file's bytes, to prove a file was left untouched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def annotation_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM annotations")}
    finally:
        conn.close()


def damage_index(path: Path, index: str = "ix_annotations_document") -> None:
    """Make ``index`` disagree with its table, as a failing disk or a bad copy can.

    The index is hidden from the schema, the table's rows are changed (so the index is
    not updated), then the index is put back: ``quick_check`` still passes,
    ``integrity_check`` reports rows missing from the index.
    """
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE name = ?", (index,)
    ).fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("DELETE FROM sqlite_master WHERE name = ?", (index,))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE annotations SET pos_start = pos_start + 7, pos_end = pos_end + 7")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", row)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
