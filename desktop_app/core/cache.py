"""A disposable SQLite cache of slow results: passage embeddings and alignments.

Embedding a book takes minutes on a laptop CPU, so vectors are kept per
(document sha256, passage span, model id): reopening a comparison, or
comparing the same document with another, reuses them. Alignments are kept
per (left sha256, right sha256, options, algorithm version). The file lives in
the user's cache folder, apart from the annotation database: nothing in it is
precious, so a file that cannot be read is deleted and made again instead of
being reported.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
import platformdirs

from desktop_app.core.model import Link, LinkKind, RelationKind, Span

CACHE_NAME = "cache.sqlite3"
SCHEMA_VERSION = 1  # a file of another version is emptied, not migrated

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    document TEXT NOT NULL,
    model TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (document, model, start, "end")
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alignments (
    left_document TEXT NOT NULL,
    right_document TEXT NOT NULL,
    key TEXT NOT NULL,
    links TEXT NOT NULL,
    PRIMARY KEY (left_document, right_document, key)
) WITHOUT ROWID;
"""


def default_cache_path() -> Path:
    """``<user cache dir>/Verso/cache.sqlite3``."""
    return Path(platformdirs.user_cache_dir("Verso", appauthor=False)) / CACHE_NAME


class Cache:
    """One cache file, usable from several threads (calls are serialised)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self._lock = threading.Lock()
        self._connection = self._open()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- embeddings ---------------------------------------------------------

    def embeddings(
        self, document: str, model: str, spans: Sequence[Span]
    ) -> dict[Span, npt.NDArray[np.float32]]:
        """The cached vectors among ``spans`` of ``document`` (missing spans are left out)."""
        wanted = set(spans)
        found: dict[Span, npt.NDArray[np.float32]] = {}
        with self._guarded() as db:
            rows = db.execute(
                'SELECT start, "end", vector FROM embeddings WHERE document = ? AND model = ?',
                (document, model),
            )
            for start, end, blob in rows:
                span = Span(start, end)
                if span in wanted:
                    found[span] = np.frombuffer(blob, dtype="<f4").copy()
        return found

    def store_embeddings(
        self,
        document: str,
        model: str,
        spans: Sequence[Span],
        vectors: npt.NDArray[np.float32],
    ) -> None:
        rows = [
            (document, model, span.start, span.end, np.asarray(v, dtype="<f4").tobytes())
            for span, v in zip(spans, vectors, strict=True)
        ]
        with self._guarded() as db, db:
            db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?)", rows)

    # -- alignments ---------------------------------------------------------

    def alignment(self, left: str, right: str, key: str) -> tuple[Link, ...] | None:
        """Links stored for the pair under ``key`` (options and algorithm version)."""
        row = None
        with self._guarded() as db:
            row = db.execute(
                "SELECT links FROM alignments"
                " WHERE left_document = ? AND right_document = ? AND key = ?",
                (left, right, key),
            ).fetchone()
        if row is None:
            return None
        try:
            return tuple(_link_from(item) for item in json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None

    def store_alignment(self, left: str, right: str, key: str, links: Sequence[Link]) -> None:
        payload = json.dumps([_link_to(link) for link in links], separators=(",", ":"))
        with self._guarded() as db, db:
            db.execute(
                "INSERT OR REPLACE INTO alignments VALUES (?, ?, ?, ?)",
                (left, right, key, payload),
            )

    # -- file handling ------------------------------------------------------

    @contextmanager
    def _guarded(self) -> Iterator[sqlite3.Connection]:
        """The connection, serialised; a failing cache costs a miss, never an error.

        A damaged file is deleted and made again; a busy or unwritable one is
        skipped for this call.
        """
        with self._lock:
            try:
                yield self._connection
            except sqlite3.OperationalError:
                pass
            except sqlite3.DatabaseError:
                self._connection.close()
                self._connection = self._open(fresh=True)

    def _open(self, fresh: bool = False) -> sqlite3.Connection:
        if not fresh:
            try:
                return self._connect(self.path)
            except sqlite3.OperationalError:
                return self._connect(None)
            except sqlite3.DatabaseError:
                pass
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            return self._connect(self.path)
        except sqlite3.DatabaseError:
            return self._connect(None)

    @staticmethod
    def _connect(path: Path | None) -> sqlite3.Connection:
        """A connection with the schema; ``None``: in memory (the file cannot be used)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        target = str(path) if path is not None else ":memory:"
        connection = sqlite3.connect(target, check_same_thread=False, timeout=5.0)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # losing the tail of a cache is fine
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                connection.executescript("DROP TABLE IF EXISTS embeddings;"
                                         "DROP TABLE IF EXISTS alignments;")  # fmt: skip
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            connection.commit()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection


def _link_to(link: Link) -> list[object]:
    relation = link.relation.value if link.relation is not None else None
    return [link.kind.value, link.left.start, link.left.end, link.right.start,
            link.right.end, link.score, relation]  # fmt: skip


def _link_from(item: list[object]) -> Link:
    kind, ls, le, rs, re_, score, relation = item
    return Link(
        LinkKind(kind),
        Span(int(str(ls)), int(str(le))),
        Span(int(str(rs)), int(str(re_))),
        float(str(score)),
        RelationKind(relation) if relation is not None else None,
    )
