"""Annotations on linked pairs (a passage of one document against one of another).

They belong to the pair of documents, not to a comparison, so the note on a
misquotation shows up in every comparison holding both documents.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.annotations import PairAnnotation, utc_now
from desktop_app.core.errors import StorageError
from desktop_app.core.storage.annotation_store import contains
from desktop_app.core.storage.changes import Change, ChangeKind, Entity
from desktop_app.core.storage.conflicts import resolve_edit
from desktop_app.core.storage.convert import fill_pair_row, pair_from_row
from desktop_app.core.storage.documents import ensure_documents
from desktop_app.core.storage.engine import Sessions
from desktop_app.core.storage.tables import PairAnnotationRow, PairAnnotationTagRow


def _as_stored(pair: PairAnnotation, row: PairAnnotationRow) -> PairAnnotation:
    """``pair`` with what the store added when writing it: version, authors."""
    return replace(pair, version=row.version, author=row.created_by, changed_by=row.changed_by)


class PairAnnotationStore:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def add(self, pair: PairAnnotation) -> PairAnnotation:
        change = Change(Entity.PAIR_ANNOTATION, ChangeKind.ADDED, (pair.id,))
        with self._sessions.write("save a pair annotation in", change) as session:
            ensure_documents(session, pair.left_document, pair.right_document)
            if session.get(PairAnnotationRow, pair.id) is not None:
                raise StorageError(f"A pair annotation with id {pair.id} already exists.")
            row = PairAnnotationRow(id=pair.id)
            fill_pair_row(row, pair)
            session.add(row)
            session.flush()
            stored = _as_stored(pair, row)
        return stored

    def update(self, pair: PairAnnotation, *, base: PairAnnotation | None = None) -> PairAnnotation:
        """Store ``pair`` over its row; merged or refused (``EditConflict``) when the row
        changed since ``pair.version`` (as ``AnnotationStore.update``)."""
        change = Change(Entity.PAIR_ANNOTATION, ChangeKind.UPDATED, (pair.id,))
        with self._sessions.write("save a pair annotation in", change) as session:
            row = self._row(session, pair.id, lock=True)
            resolved = resolve_edit(pair_from_row(row), pair, base)
            ensure_documents(session, resolved.left_document, resolved.right_document)
            fill_pair_row(row, resolved)
            session.flush()
            stored = _as_stored(resolved, row)
        return stored

    def delete(self, pair_id: str) -> PairAnnotation:
        return self._set_deleted(pair_id, deleted=True)

    def restore(self, pair_id: str) -> PairAnnotation:
        return self._set_deleted(pair_id, deleted=False)

    def _set_deleted(self, pair_id: str, *, deleted: bool) -> PairAnnotation:
        kind = ChangeKind.DELETED if deleted else ChangeKind.RESTORED
        change = Change(Entity.PAIR_ANNOTATION, kind, (pair_id,))
        with self._sessions.write("delete a pair annotation in", change) as session:
            row = self._row(session, pair_id, lock=True)
            row.deleted_at = utc_now() if deleted else None
            row.version += 1
            session.flush()
            return pair_from_row(row)

    @staticmethod
    def _row(session: Session, pair_id: str, *, lock: bool = False) -> PairAnnotationRow:
        row = session.get(PairAnnotationRow, pair_id, with_for_update=lock or None)
        if row is None:
            raise StorageError(f"There is no pair annotation with id {pair_id}.")
        return row

    def get(self, pair_id: str) -> PairAnnotation | None:
        with self._sessions.read() as session:
            row = session.get(PairAnnotationRow, pair_id)
            return None if row is None else pair_from_row(row)

    def list(
        self,
        documents: tuple[str, str] | None = None,
        *,
        document: str | None = None,
        tags: tuple[str, ...] = (),
        text: str = "",
        include_deleted: bool = False,
    ) -> list[PairAnnotation]:
        """Pair annotations between ``documents`` (either order), or touching ``document``."""
        conditions: list[ColumnElement[bool]] = []
        if not include_deleted:
            conditions.append(PairAnnotationRow.deleted_at.is_(None))
        if documents is not None:
            a, b = documents
            conditions.append(
                or_(
                    and_(PairAnnotationRow.left_sha256 == a, PairAnnotationRow.right_sha256 == b),
                    and_(PairAnnotationRow.left_sha256 == b, PairAnnotationRow.right_sha256 == a),
                )
            )
        if document is not None:
            conditions.append(
                or_(
                    PairAnnotationRow.left_sha256 == document,
                    PairAnnotationRow.right_sha256 == document,
                )
            )
        for tag in tags:
            conditions.append(
                exists().where(
                    PairAnnotationTagRow.pair_id == PairAnnotationRow.id,
                    PairAnnotationTagRow.tag == tag,
                )
            )
        if text.strip():
            needle = text.strip()
            conditions.append(
                or_(
                    contains(PairAnnotationRow.note, needle),
                    contains(PairAnnotationRow.relation, needle),
                    contains(PairAnnotationRow.left_exact, needle),
                    contains(PairAnnotationRow.right_exact, needle),
                    contains(PairAnnotationRow.created_by, needle),
                )
            )
        statement = (
            select(PairAnnotationRow)
            .where(*conditions)
            .order_by(PairAnnotationRow.left_sha256, PairAnnotationRow.left_start)
        )
        with self._sessions.read("list pair annotations from") as session:
            return [pair_from_row(row) for row in session.scalars(statement)]
