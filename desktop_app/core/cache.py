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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from desktop_app.core.model import Link, LinkKind, PassageLevel, RelationKind, Span
from desktop_app.core.sqlite_cache import SqliteCache

if TYPE_CHECKING:  # numpy is imported by the embedding calls only: an alignment hit skips it
    import numpy as np
    import numpy.typing as npt

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


class Cache(SqliteCache):
    """One cache file, usable from several threads (calls are serialised)."""

    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    tables = ("embeddings", "alignments")

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_cache_path())

    # -- embeddings ---------------------------------------------------------

    def embeddings(
        self, document: str, model: str, spans: Sequence[Span]
    ) -> dict[Span, npt.NDArray[np.float32]]:
        """The cached vectors among ``spans`` of ``document`` (missing spans are left out)."""
        import numpy as np

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
        import numpy as np

        rows = [
            (document, model, span.start, span.end, np.asarray(v, dtype="<f4").tobytes())
            for span, v in zip(spans, vectors, strict=True)
        ]
        with self._guarded() as db, db:
            db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?)", rows)

    # -- alignments ---------------------------------------------------------

    def alignment(
        self, left: str, right: str, key: str
    ) -> tuple[tuple[Link, ...], bool | None] | None:
        """Links stored for the pair under ``key`` (options and algorithm version), and
        whether the pair was aligned in order."""
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
            payload = json.loads(row[0])
            ordered = payload["ordered"]
            links = tuple(_link_from(item) for item in payload["links"])
        except (ValueError, KeyError, TypeError):
            return None  # damaged, or stored by an older Verso: align again
        return links, ordered if isinstance(ordered, bool) else None

    def has_alignments(self, left: str, right: str) -> bool:
        """Whether anything was stored for the pair of document hashes, either way round
        (whatever the options): a cheap guess that aligning it will not need the pipeline."""
        with self._guarded() as db:
            row = db.execute(
                "SELECT 1 FROM alignments WHERE (left_document = ? AND right_document = ?)"
                " OR (left_document = ? AND right_document = ?) LIMIT 1",
                (left, right, right, left),
            ).fetchone()
        return row is not None

    def store_alignment(
        self, left: str, right: str, key: str, links: Sequence[Link], ordered: bool | None
    ) -> None:
        payload = json.dumps(
            {"ordered": ordered, "links": [_link_to(link) for link in links]},
            separators=(",", ":"),
        )
        with self._guarded() as db, db:
            db.execute(
                "INSERT OR REPLACE INTO alignments VALUES (?, ?, ?, ?)",
                (left, right, key, payload),
            )


def _link_to(link: Link) -> list[object]:
    relation = link.relation.value if link.relation is not None else None
    quoted = [_link_to(inner) for inner in link.quoted]
    return [link.kind.value, link.left.start, link.left.end, link.right.start,
            link.right.end, link.score, relation, quoted, link.level.value]  # fmt: skip


def _link_from(item: list[Any]) -> Link:
    kind, ls, le, rs, re_, score, relation, quoted, level = item
    return Link(
        LinkKind(kind),
        Span(int(ls), int(le)),
        Span(int(rs), int(re_)),
        float(score),
        RelationKind(relation) if relation is not None else None,
        tuple(_link_from(inner) for inner in quoted),
        PassageLevel(level),
    )
