"""The schema's history as an explicit list of steps, and the one way to apply them.

Each release that changes the schema appends a step; a step is never edited
once shipped, so a database made by any release can be brought up to date (and
tests can build a database "as release N made it" from the same list).
``PRAGMA user_version`` holds the version. Before touching existing data the
whole database is copied with SQLite's online backup API (consistent even while
another process reads it; a file copy of a WAL database is not), then all
pending steps run in one transaction: either every step lands or none does. Old rows
the new schema cannot hold are kept aside in a file and reported (``legacy_rows``).

Foreign keys are switched off around the transaction (SQLite ignores the pragma
inside one) because rebuilding a table (the only way to change a constraint)
drops it, and with foreign keys on that drop cascades into every child row
(DESIGN.md §7). ``PRAGMA foreign_key_check`` must come back empty before commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.failures import reason
from desktop_app.core.storage.legacy_rows import (
    SetAsideRow,
    dangling_references,
    invalid_for_next_schema,
    write_set_aside,
)
from desktop_app.core.storage.paths import sibling_path

APPLICATION_ID = 0x56455253  # "VERS": marks the file as Verso's, not some other SQLite file


@dataclass(frozen=True, slots=True)
class Migration:
    version: int  # the schema version after this step
    description: str
    apply: Callable[[sqlite3.Connection], None]
    # The same step as DDL both SQLite and PostgreSQL run (every step after the server's
    # baseline, ``server_schema.BASELINE_VERSION``, has it).
    portable: str | None = None


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the open transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# --- version 1: the first release ------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY NOT NULL,
    path TEXT,
    title TEXT NOT NULL DEFAULT '',
    size INTEGER,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX ix_documents_path ON documents (path);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    quote_exact TEXT NOT NULL,
    quote_prefix TEXT NOT NULL DEFAULT '',
    quote_suffix TEXT NOT NULL DEFAULT '',
    pos_start INTEGER NOT NULL,
    pos_end INTEGER NOT NULL,
    page INTEGER,
    colour TEXT NOT NULL DEFAULT 'yellow',
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_annotations_document ON annotations (document_sha256, pos_start);
CREATE TABLE annotation_tags (
    annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (annotation_id, tag)
);
CREATE INDEX ix_annotation_tags_tag ON annotation_tags (tag);
CREATE TABLE pair_annotations (
    id TEXT PRIMARY KEY NOT NULL,
    left_sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    left_exact TEXT NOT NULL,
    left_prefix TEXT NOT NULL DEFAULT '',
    left_suffix TEXT NOT NULL DEFAULT '',
    left_start INTEGER NOT NULL,
    left_end INTEGER NOT NULL,
    left_page INTEGER,
    right_sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    right_exact TEXT NOT NULL,
    right_prefix TEXT NOT NULL DEFAULT '',
    right_suffix TEXT NOT NULL DEFAULT '',
    right_start INTEGER NOT NULL,
    right_end INTEGER NOT NULL,
    right_page INTEGER,
    relation TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT 'yellow',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_pair_annotations_left ON pair_annotations (left_sha256);
CREATE INDEX ix_pair_annotations_right ON pair_annotations (right_sha256);
CREATE TABLE pair_annotation_tags (
    pair_id TEXT NOT NULL REFERENCES pair_annotations (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pair_id, tag)
);
CREATE INDEX ix_pair_annotation_tags_tag ON pair_annotation_tags (tag)
"""


def _v1(conn: sqlite3.Connection) -> None:
    _run(conn, V1_SCHEMA)


# --- version 2: workspaces, and tombstones that say when ---------------------------------------

_COLOURS = "'yellow', 'green', 'blue', 'pink', 'purple', 'orange'"

V2_ANNOTATIONS = f"""
CREATE TABLE annotations_new (
    id TEXT PRIMARY KEY NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    quote_exact TEXT NOT NULL,
    quote_prefix TEXT NOT NULL DEFAULT '',
    quote_suffix TEXT NOT NULL DEFAULT '',
    pos_start INTEGER NOT NULL CHECK (pos_start >= 0),
    pos_end INTEGER NOT NULL CHECK (pos_end >= pos_start),
    page INTEGER,
    colour TEXT NOT NULL DEFAULT 'yellow' CHECK (colour IN ({_COLOURS})),
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted_at TEXT
);
INSERT INTO annotations_new
    SELECT id, document_sha256, quote_exact, quote_prefix, quote_suffix, pos_start, pos_end,
           page,
           CASE WHEN colour IN ({_COLOURS}) THEN colour ELSE 'yellow' END,
           note, created, modified, CASE WHEN deleted THEN modified END
    FROM annotations;
DROP TABLE annotations;
ALTER TABLE annotations_new RENAME TO annotations;
CREATE INDEX ix_annotations_document ON annotations (document_sha256, pos_start);
CREATE INDEX ix_annotations_modified ON annotations (modified)
"""

V2_PAIRS = f"""
CREATE TABLE pair_annotations_new (
    id TEXT PRIMARY KEY NOT NULL,
    left_sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    left_exact TEXT NOT NULL,
    left_prefix TEXT NOT NULL DEFAULT '',
    left_suffix TEXT NOT NULL DEFAULT '',
    left_start INTEGER NOT NULL CHECK (left_start >= 0),
    left_end INTEGER NOT NULL CHECK (left_end >= left_start),
    left_page INTEGER,
    right_sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    right_exact TEXT NOT NULL,
    right_prefix TEXT NOT NULL DEFAULT '',
    right_suffix TEXT NOT NULL DEFAULT '',
    right_start INTEGER NOT NULL CHECK (right_start >= 0),
    right_end INTEGER NOT NULL CHECK (right_end >= right_start),
    right_page INTEGER,
    relation TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT 'yellow' CHECK (colour IN ({_COLOURS})),
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted_at TEXT
);
INSERT INTO pair_annotations_new
    SELECT id, left_sha256, left_exact, left_prefix, left_suffix, left_start, left_end,
           left_page, right_sha256, right_exact, right_prefix, right_suffix, right_start,
           right_end, right_page, relation, note,
           CASE WHEN colour IN ({_COLOURS}) THEN colour ELSE 'yellow' END,
           created, modified, CASE WHEN deleted THEN modified END
    FROM pair_annotations;
DROP TABLE pair_annotations;
ALTER TABLE pair_annotations_new RENAME TO pair_annotations;
CREATE INDEX ix_pair_annotations_left ON pair_annotations (left_sha256);
CREATE INDEX ix_pair_annotations_right ON pair_annotations (right_sha256)
"""

V2_WORKSPACES = """
CREATE TABLE comparisons (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    kinds TEXT NOT NULL DEFAULT 'quote related',
    min_score REAL NOT NULL DEFAULT 0,
    ordered INTEGER NOT NULL DEFAULT 0,
    max_partners INTEGER NOT NULL DEFAULT 2,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    opened TEXT NOT NULL
);
CREATE INDEX ix_comparisons_opened ON comparisons (opened);
CREATE TABLE comparison_documents (
    comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    path TEXT,
    display_name TEXT NOT NULL DEFAULT '',
    scroll REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (comparison_id, position)
);
CREATE INDEX ix_comparison_documents_document ON comparison_documents (document_sha256);
CREATE TABLE manual_links (
    id TEXT PRIMARY KEY NOT NULL,
    comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('quote', 'related')),
    left_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    left_exact TEXT NOT NULL,
    left_prefix TEXT NOT NULL DEFAULT '',
    left_suffix TEXT NOT NULL DEFAULT '',
    left_start INTEGER NOT NULL,
    left_end INTEGER NOT NULL,
    left_page INTEGER,
    right_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    right_exact TEXT NOT NULL,
    right_prefix TEXT NOT NULL DEFAULT '',
    right_suffix TEXT NOT NULL DEFAULT '',
    right_start INTEGER NOT NULL,
    right_end INTEGER NOT NULL,
    right_page INTEGER,
    created TEXT NOT NULL
);
CREATE INDEX ix_manual_links_comparison ON manual_links (comparison_id);
CREATE TABLE rejected_links (
    comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('quote', 'related')),
    left_sha256 TEXT NOT NULL,
    left_start INTEGER NOT NULL,
    left_end INTEGER NOT NULL,
    right_sha256 TEXT NOT NULL,
    right_start INTEGER NOT NULL,
    right_end INTEGER NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (comparison_id, kind, left_sha256, left_start, left_end,
                 right_sha256, right_start, right_end)
)
"""


def _v2(conn: sqlite3.Connection) -> None:
    # Tombstones become a time (undo order, merges, purging old ones) and colours get a CHECK:
    # both need a table rebuild, which is safe only because foreign keys are off here.
    _run(conn, V2_ANNOTATIONS)
    _run(conn, V2_PAIRS)
    _run(conn, V2_WORKSPACES)


# --- version 3: the link a pair note was made on ---------------------------------------------

# Added columns only: no table rebuild, so no row is copied and nothing can cascade.
V3_PAIR_LINKS = """
ALTER TABLE pair_annotations ADD COLUMN link_kind TEXT
    CHECK (link_kind IS NULL OR link_kind IN ('quote', 'related'));
ALTER TABLE pair_annotations ADD COLUMN score REAL;
ALTER TABLE rejected_links ADD COLUMN left_exact TEXT;
ALTER TABLE rejected_links ADD COLUMN left_prefix TEXT;
ALTER TABLE rejected_links ADD COLUMN left_suffix TEXT;
ALTER TABLE rejected_links ADD COLUMN right_exact TEXT;
ALTER TABLE rejected_links ADD COLUMN right_prefix TEXT;
ALTER TABLE rejected_links ADD COLUMN right_suffix TEXT
"""


def _v3(conn: sqlite3.Connection) -> None:
    # Kind and score of the alignment link a pair note was made on, so an export
    # imported elsewhere (where that alignment was never run) still names them;
    # and the text a rejected link covered, so the rejection can follow a changed file.
    _run(conn, V3_PAIR_LINKS)


# --- version 4: the encoding a text document was read with -----------------------------------

# An added column: no rebuild, and the same DDL on a PostgreSQL server.
V4_DOCUMENT_ENCODING = """
ALTER TABLE documents ADD COLUMN encoding TEXT
"""


def _v4(conn: sqlite3.Connection) -> None:
    # A text file's encoding is detected, and a guess can change (a better detector, or
    # the user reopening it with another): notes anchor in the decoded text, so the
    # encoding they were made on is kept and used again for the same bytes.
    _run(conn, V4_DOCUMENT_ENCODING)


# --- version 5: a version number on every row two people can edit at once ------------------

# Portable DDL (SQLite and PostgreSQL alike): added columns only. Each write of a note or a
# pair note adds one; an edit based on an older number is refused or merged
# (``storage.conflicts``), so two windows or two analysts never silently overwrite each other.
V5_ROW_VERSIONS = """
ALTER TABLE annotations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pair_annotations ADD COLUMN version INTEGER NOT NULL DEFAULT 1
"""


def _v5(conn: sqlite3.Connection) -> None:
    _run(conn, V5_ROW_VERSIONS)


# --- version 6: who made a note and who changed it last --------------------------------------

V6_AUTHORS = """
ALTER TABLE annotations ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE pair_annotations ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE pair_annotations ADD COLUMN changed_by TEXT NOT NULL DEFAULT ''
"""


def _v6(conn: sqlite3.Connection) -> None:
    _run(conn, V6_AUTHORS)


# --- version 7: links the analyst confirmed --------------------------------------------------

# Portable DDL: a new table, shaped like ``rejected_links`` (one row per judged automatic
# link, the same key, each side's quoted text so the confirmation can follow an edited
# file), plus the score the link had when confirmed and who confirmed it. A link is either
# confirmed or rejected: the stores keep the two tables apart (``comparison_store``).
# ``DOUBLE PRECISION`` is SQLite's 8-byte REAL and PostgreSQL's float8 alike.
V7_CONFIRMED_LINKS = """
CREATE TABLE confirmed_links (
    comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('quote', 'related')),
    left_sha256 TEXT NOT NULL,
    left_start INTEGER NOT NULL,
    left_end INTEGER NOT NULL,
    right_sha256 TEXT NOT NULL,
    right_start INTEGER NOT NULL,
    right_end INTEGER NOT NULL,
    left_exact TEXT NOT NULL,
    left_prefix TEXT NOT NULL DEFAULT '',
    left_suffix TEXT NOT NULL DEFAULT '',
    right_exact TEXT NOT NULL,
    right_prefix TEXT NOT NULL DEFAULT '',
    right_suffix TEXT NOT NULL DEFAULT '',
    score DOUBLE PRECISION NOT NULL,
    created TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (comparison_id, kind, left_sha256, left_start, left_end,
                 right_sha256, right_start, right_end)
)
"""


def _v7(conn: sqlite3.Connection) -> None:
    _run(conn, V7_CONFIRMED_LINKS)


# --- version 8: what each write changed, for the other windows on a file -----------------------

# Portable DDL. One row per change a write transaction announces, numbered by a sequence
# that only grows (``storage.change_log``): another window on the same file reads the rows
# after the last one it saw and refreshes exactly what changed. A server keeps it empty
# (NOTIFY carries the same descriptors there).
V8_CHANGE_LOG = """
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    entity TEXT NOT NULL,
    kind TEXT NOT NULL,
    ids TEXT NOT NULL DEFAULT '[]',
    who TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT ''
)
"""


def _v8(conn: sqlite3.Connection) -> None:
    _run(conn, V8_CHANGE_LOG)


# --- version 9: a version on saved comparisons too --------------------------------------------

# Portable DDL: an added column. A saved comparison (workspace) is written whole by a window
# from its copy; the number refuses or merges a save made on an older copy, as for notes.
V9_COMPARISON_VERSIONS = """
ALTER TABLE comparisons ADD COLUMN version INTEGER NOT NULL DEFAULT 1
"""


def _v9(conn: sqlite3.Connection) -> None:
    _run(conn, V9_COMPARISON_VERSIONS)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "first release: documents, annotations, pair annotations, tags", _v1),
    Migration(2, "comparisons with manual and rejected links; dated tombstones", _v2),
    Migration(3, "pair notes keep their link's kind and score; rejected links their text", _v3),
    Migration(
        4,
        "documents keep the encoding their text was read with",
        _v4,
        portable=V4_DOCUMENT_ENCODING,
    ),
    Migration(5, "a version on notes and pair notes (no lost update)", _v5, V5_ROW_VERSIONS),
    Migration(6, "who made each note and pair note, and who changed it last", _v6, V6_AUTHORS),
    Migration(7, "links the analyst confirmed (score, author)", _v7, V7_CONFIRMED_LINKS),
    Migration(8, "a log of what each write changed (live changes)", _v8, V8_CHANGE_LOG),
    Migration(9, "a version on saved comparisons (no lost update)", _v9, V9_COMPARISON_VERSIONS),
)
CURRENT_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup(source_path: Path, destination: Path) -> None:
    """A consistent copy of the database at ``source_path`` through the online backup API."""
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    except BaseException:
        destination.unlink(missing_ok=True)  # a half-written backup is worse than none
        raise
    finally:
        source.close()


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What ``migrate`` did beside the upgrade: the backup it made first, and the file
    holding the old rows it had to leave out (``storage.legacy_rows``)."""

    backup: Path | None = None
    set_aside: Path | None = None
    set_aside_count: int = 0


def migrate(path: Path, target: int = CURRENT_VERSION) -> Upgrade:
    """Bring the database at ``path`` to schema ``target``.

    Safe against a second Verso opening the same file at the same moment: the
    version is read again under the write lock, so only one of them migrates.
    """
    conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    backup_path: Path | None = None
    set_aside: Path | None = None
    aside: list[SetAsideRow] = []
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            if version >= target:
                conn.execute("COMMIT")
                return Upgrade()
            if version > 0:
                # Another connection reads the committed state; ours holds the write lock
                # so nobody changes it in between (SQLite refuses to back up a connection
                # that is itself in a write transaction).
                backup_path = sibling_path(path, f"backup-v{version}")
                backup(path, backup_path)
                aside = invalid_for_next_schema(conn, version)
            for step in MIGRATIONS:
                if version < step.version <= target:
                    step.apply(conn)
            # Rows that cannot be upgraded are kept aside and reported, not fatal.
            aside += dangling_references(conn)
            if aside:
                set_aside = write_set_aside(path, aside)
            conn.execute(f"PRAGMA user_version = {int(target)}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(
            f"Could not upgrade the annotation database {path}: {reason(exc)}; "
            "it was left as it was."
        ) from exc
    finally:
        conn.close()
    return Upgrade(backup_path, set_aside, len(aside))
