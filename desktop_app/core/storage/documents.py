"""The document registry: sha256 → last known path, title and size.

Identity is the hash of the bytes, so a renamed or moved file keeps its
annotations; the path is only a hint for finding the file again.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.annotations import DocumentRecord, utc_now
from desktop_app.core.storage.changes import Change, ChangeKind, Entity
from desktop_app.core.storage.convert import document_from_row
from desktop_app.core.storage.engine import Sessions, insert_for
from desktop_app.core.storage.tables import DocumentRow


def ensure_documents(session: Session, *hashes: str) -> None:
    """Make sure each hash has a registry row, so annotations can refer to it."""
    now = utc_now()
    for sha256 in dict.fromkeys(hashes):
        session.execute(
            insert_for(session)(DocumentRow)
            .values(sha256=sha256, title="", first_seen=now, last_seen=now)
            .on_conflict_do_nothing(index_elements=["sha256"])
        )


class DocumentRegistry:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def register(
        self,
        sha256: str,
        path: Path | None = None,
        title: str = "",
        size: int | None = None,
        encoding: str | None = None,
    ) -> DocumentRecord:
        """Record that the document was seen (at ``path``, read with ``encoding``);
        keeps what is not given."""
        change = Change(Entity.DOCUMENT, ChangeKind.UPDATED, (sha256,))
        with self._sessions.write("record the document in", change) as session:
            ensure_documents(session, sha256)
            row = session.get_one(DocumentRow, sha256)
            if path is not None:
                row.path = str(path)
            if title:
                row.title = title
            if size is not None:
                row.size = size
            if encoding is not None:
                row.encoding = encoding
            row.last_seen = utc_now()
            session.flush()
            return document_from_row(row)

    def get(self, sha256: str) -> DocumentRecord | None:
        with self._sessions.read() as session:
            row = session.get(DocumentRow, sha256)
            return None if row is None else document_from_row(row)

    def last_path(self, sha256: str) -> Path | None:
        """Where the registry last saw the document ``sha256`` (None: never, or unknown)."""
        record = self.get(sha256)
        return None if record is None else record.path

    def find_by_path(self, path: Path) -> list[DocumentRecord]:
        """Documents last seen at ``path`` (a file edited in place has several), newest first."""
        with self._sessions.read() as session:
            rows = session.scalars(
                select(DocumentRow)
                .where(DocumentRow.path == str(path))
                .order_by(DocumentRow.last_seen.desc())
            )
            return [document_from_row(row) for row in rows]

    def all(self) -> list[DocumentRecord]:
        with self._sessions.read() as session:
            rows = session.scalars(select(DocumentRow).order_by(DocumentRow.last_seen.desc()))
            return [document_from_row(row) for row in rows]
