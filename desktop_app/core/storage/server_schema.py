"""The schema on a PostgreSQL server, and bringing it up to date.

No server database predates schema 3 (the first release that could use one), so a
server starts from ``BASELINE``: the tables exactly as SQLite's steps 1-3 leave them,
in PostgreSQL's types (``DOUBLE PRECISION`` where SQLite's ``REAL`` is already 8 bytes,
``BIGINT`` for file sizes). Every later step carries ``portable`` DDL that runs on both
engines, so the two schemas cannot drift apart (a test compares them column by column).

PostgreSQL has no ``user_version``: the version lives in the one-row table
``verso_schema``, which also marks the database as Verso's. Migrating takes a
transaction-scoped advisory lock, so two Verso windows opening a new server database at
the same moment migrate it once; PostgreSQL's DDL is transactional, so a step lands
whole or not at all.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.failures import reason
from desktop_app.core.storage.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS

BASELINE_VERSION = 3
SCHEMA_TABLE = "verso_schema"

_COLOURS = "'yellow', 'green', 'blue', 'pink', 'purple', 'orange'"

BASELINE = f"""
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY NOT NULL,
    path TEXT,
    title TEXT NOT NULL DEFAULT '',
    size BIGINT,
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
    pos_start INTEGER NOT NULL CHECK (pos_start >= 0),
    pos_end INTEGER NOT NULL CHECK (pos_end >= pos_start),
    page INTEGER,
    colour TEXT NOT NULL DEFAULT 'yellow' CHECK (colour IN ({_COLOURS})),
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX ix_annotations_document ON annotations (document_sha256, pos_start);
CREATE INDEX ix_annotations_modified ON annotations (modified);
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
    deleted_at TEXT,
    link_kind TEXT CHECK (link_kind IS NULL OR link_kind IN ('quote', 'related')),
    score DOUBLE PRECISION
);
CREATE INDEX ix_pair_annotations_left ON pair_annotations (left_sha256);
CREATE INDEX ix_pair_annotations_right ON pair_annotations (right_sha256);
CREATE TABLE pair_annotation_tags (
    pair_id TEXT NOT NULL REFERENCES pair_annotations (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pair_id, tag)
);
CREATE INDEX ix_pair_annotation_tags_tag ON pair_annotation_tags (tag);
CREATE TABLE comparisons (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    kinds TEXT NOT NULL DEFAULT 'quote related',
    min_score DOUBLE PRECISION NOT NULL DEFAULT 0,
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
    scroll DOUBLE PRECISION NOT NULL DEFAULT 0,
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
    left_exact TEXT,
    left_prefix TEXT,
    left_suffix TEXT,
    right_exact TEXT,
    right_prefix TEXT,
    right_suffix TEXT,
    PRIMARY KEY (comparison_id, kind, left_sha256, left_start, left_end,
                 right_sha256, right_start, right_end)
)
"""


def run_statements(conn: Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.exec_driver_sql(statement)


def server_version(conn: Connection) -> int:
    """The schema version of the connected database (0: not a Verso database yet)."""
    exists = conn.scalar(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": SCHEMA_TABLE})
    if not exists:
        return 0
    return int(conn.scalar(text(f"SELECT version FROM {SCHEMA_TABLE}")) or 0)


def _other_tables(conn: Connection) -> int:
    return int(
        conn.scalar(
            text(
                "SELECT count(*) FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_name <> :mine"
            ),
            {"mine": SCHEMA_TABLE},
        )
        or 0
    )


def migrate_server(engine: Engine, label: str, target: int = CURRENT_VERSION) -> int:
    """Bring the server database to schema ``target``; the version it had before."""
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPLICATION_ID})
            version = server_version(conn)
            if version == 0 and _other_tables(conn):
                raise StorageError(
                    f"{label} holds another program's tables, not Verso's; it was left"
                    " untouched. Give Verso a database of its own."
                )
            if version > CURRENT_VERSION:
                raise StorageError(
                    f"The annotation database {label} was made by a newer version of Verso"
                    f" (schema {version}; this version reads up to {CURRENT_VERSION})."
                    " Update Verso to use it; it was left untouched."
                )
            if version >= target:
                return version
            if version == 0:
                run_statements(conn, BASELINE)
                conn.exec_driver_sql(
                    f"CREATE TABLE {SCHEMA_TABLE} (one INTEGER PRIMARY KEY CHECK (one = 1),"
                    " version INTEGER NOT NULL, application TEXT NOT NULL)"
                )
                conn.execute(
                    text(f"INSERT INTO {SCHEMA_TABLE} VALUES (1, :v, 'verso')"),
                    {"v": BASELINE_VERSION},
                )
            for step in MIGRATIONS:
                if max(version, BASELINE_VERSION) < step.version <= target:
                    if step.portable is None:
                        raise AssertionError(f"schema step {step.version} has no portable DDL")
                    run_statements(conn, step.portable)
            conn.execute(text(f"UPDATE {SCHEMA_TABLE} SET version = :v"), {"v": target})
            return version
    except SQLAlchemyError as exc:
        raise StorageError(
            f"Could not prepare the annotation database {label}: {reason(exc)}."
        ) from exc
