"""Annotations on passages: add, edit, soft delete and restore, find by filters.

Deleting only stamps a tombstone (``deleted_at``): undo after a restart, and
merging two databases later, both need the row. Every call is one short
transaction; listeners hear about it after the commit.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop_app.core.annotations import Annotation, Colour, utc_now
from desktop_app.core.collector import collector_paused
from desktop_app.core.errors import StorageError
from desktop_app.core.storage.changes import Change, ChangeKind, Entity
from desktop_app.core.storage.conflicts import resolve_edit
from desktop_app.core.storage.convert import annotation_from_row, colour, fill_annotation_row
from desktop_app.core.storage.convert import target as make_target
from desktop_app.core.storage.documents import ensure_documents
from desktop_app.core.storage.engine import Sessions
from desktop_app.core.storage.query import AnnotationQuery
from desktop_app.core.storage.sqlfuncs import casefold, instr
from desktop_app.core.storage.tables import (
    AnnotationRow,
    AnnotationTagRow,
    ComparisonDocumentRow,
    PairAnnotationRow,
    PairAnnotationTagRow,
    utc_from_text,
)


def contains(
    column: ColumnElement[str] | InstrumentedAttribute[str], needle: str
) -> ColumnElement[bool]:
    """Case-insensitive (Unicode case folding) substring test, with no LIKE wildcards."""
    return instr(casefold(column), needle.casefold()) > 0


class AnnotationStore:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        # The notes ``on_documents`` read last: id -> (its row and tags as read, its value).
        self._last_read: dict[str, tuple[tuple[Any, ...], Annotation]] = {}

    # --- writing -------------------------------------------------------------------------------

    def add(self, annotation: Annotation) -> Annotation:
        change = Change(Entity.ANNOTATION, ChangeKind.ADDED, (annotation.id,))
        with self._sessions.write("save an annotation in", change) as session:
            ensure_documents(session, annotation.document)
            if session.get(AnnotationRow, annotation.id) is not None:
                raise StorageError(f"An annotation with id {annotation.id} already exists.")
            row = AnnotationRow(id=annotation.id)
            fill_annotation_row(row, annotation)
            session.add(row)
            session.flush()
            stored = _as_stored(annotation, row)
        return stored

    def add_many(self, annotations: Iterable[Annotation]) -> int:
        """Add many in one transaction (imports, benchmarks); returns how many."""
        items = list(annotations)
        change = Change(Entity.ANNOTATION, ChangeKind.ADDED, tuple(a.id for a in items))
        with self._sessions.write("save annotations in", change) as session:
            ensure_documents(session, *{a.document for a in items})
            for annotation in items:
                row = AnnotationRow(id=annotation.id)
                fill_annotation_row(row, annotation)
                session.add(row)
        return len(items)

    def update(self, annotation: Annotation, *, base: Annotation | None = None) -> Annotation:
        """Store ``annotation`` over the row with its id (note, tags, colour, target...).

        ``annotation.version`` is the version the edit was made on and ``base`` the copy
        it started from: a row changed meanwhile is merged or refused with
        ``EditConflict`` (``storage.conflicts``). Returns what was stored, with its new
        version.
        """
        change = Change(Entity.ANNOTATION, ChangeKind.UPDATED, (annotation.id,))
        with self._sessions.write("save an annotation in", change) as session:
            row = self._row(session, annotation.id, lock=True)
            stored = self._store(session, row, annotation, base)
        return stored

    def update_many(self, annotations: Iterable[Annotation]) -> int:
        """Store several edits in one transaction (re-anchoring a whole document); one
        based on an older copy refuses them all (``EditConflict``)."""
        items = list(annotations)
        change = Change(Entity.ANNOTATION, ChangeKind.UPDATED, tuple(a.id for a in items))
        with self._sessions.write("save annotations in", change) as session:
            for annotation in items:
                self._store(session, self._row(session, annotation.id, lock=True), annotation)
        return len(items)

    @staticmethod
    def _store(
        session: Session, row: AnnotationRow, edit: Annotation, base: Annotation | None = None
    ) -> Annotation:
        resolved = resolve_edit(annotation_from_row(row), edit, base)
        ensure_documents(session, resolved.document)
        fill_annotation_row(row, resolved)
        session.flush()
        return _as_stored(resolved, row)

    def delete(self, annotation_id: str) -> Annotation:
        """Tombstone the annotation (it disappears from lists; ``restore`` brings it back)."""
        return self._set_deleted(annotation_id, deleted=True)

    def restore(self, annotation_id: str) -> Annotation:
        return self._set_deleted(annotation_id, deleted=False)

    def _set_deleted(self, annotation_id: str, *, deleted: bool) -> Annotation:
        kind = ChangeKind.DELETED if deleted else ChangeKind.RESTORED
        change = Change(Entity.ANNOTATION, kind, (annotation_id,))
        with self._sessions.write("delete an annotation in", change) as session:
            row = self._row(session, annotation_id, lock=True)
            row.deleted_at = utc_now() if deleted else None
            row.version += 1  # a copy read before is now stale: its edits meet the tombstone
            session.flush()
            return annotation_from_row(row)

    @staticmethod
    def _row(session: Session, annotation_id: str, *, lock: bool = False) -> AnnotationRow:
        # ``lock``: a server holds the row until the commit (SELECT ... FOR UPDATE), so the
        # version read is still the stored one when the write lands; SQLite has one writer.
        row = session.get(AnnotationRow, annotation_id, with_for_update=lock or None)
        if row is None:
            raise StorageError(f"There is no annotation with id {annotation_id}.")
        return row

    # --- reading -------------------------------------------------------------------------------

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, tombstoned or not."""
        with self._sessions.read() as session:
            row = session.get(AnnotationRow, annotation_id)
            return None if row is None else annotation_from_row(row)

    def list(
        self,
        document: str | None = None,
        *,
        comparison: str | None = None,
        tags: Iterable[str] = (),
        colour: Colour | None = None,
        text: str = "",
        include_deleted: bool = False,
        author: str = "",
    ) -> builtins.list[Annotation]:
        """Annotations matching every given filter, in document then text order."""
        return self.query(
            AnnotationQuery(
                document, comparison, tuple(tags), colour, text, include_deleted, author
            )
        )

    def query(self, query: AnnotationQuery) -> builtins.list[Annotation]:
        conditions = _conditions(query)
        with collector_paused(), self._sessions.read("list annotations from") as session:
            # Core statements on the session's connection: the ORM's per-row identity
            # bookkeeping would double the cost of listing 10,000 notes.
            conn = session.connection()
            rows = conn.execute(_LISTED.where(*conditions).order_by(*_ORDER)).all()
            tags = _tags(conn, conditions)
            no_tags: builtins.list[str] = []
            return _annotations((tuple(row), tuple(tags.get(row[0], no_tags))) for row in rows)

    def on_documents(self, documents: Iterable[str]) -> builtins.list[Annotation]:
        """The live annotations on any of ``documents``, in no particular order (the
        caller orders them: a list of the documents shown sorts its own way). One read
        for every document, and no sort on the server: ordering 10,000 wide rows there
        took as long as reading them.

        A note whose row reads exactly as last time keeps its value (values are
        immutable), tags included: every write of a note or its tags gives its row a new
        version (``convert.fill_annotation_row``). The list of the documents shown, read
        again after a change, so reads the tags and builds the values of the notes that
        changed alone, and the dock and highlights find the others as they left them."""
        shas = builtins.list(dict.fromkeys(documents))
        if not shas:
            return []
        conditions: builtins.list[ColumnElement[bool]] = [
            AnnotationRow.deleted_at.is_(None),
            AnnotationRow.document_sha256.in_(shas),
        ]
        with collector_paused(), self._sessions.read("list annotations from") as session:
            conn = session.connection()
            last = self._last_read
            kept: dict[str, tuple[tuple[Any, ...], Annotation]] = {}
            order: builtins.list[str] = []
            changed: builtins.list[tuple[Any, ...]] = []
            # Fetched in one call: row by row, the driver's fetchone per row cost more
            # than the server's read.
            for row in conn.execute(_LISTED.where(*conditions)).all():
                values = tuple(row)
                order.append(values[0])
                seen = last.get(values[0])
                if seen is not None and seen[0] == values:
                    kept[values[0]] = seen  # the row read now is dropped at once
                else:
                    changed.append(values)
            if changed:
                if len(changed) > FEW_CHANGED:  # most of the list: its tags in one pass
                    tags = _tags(conn, conditions)
                else:
                    ids = [values[0] for values in changed]
                    tags = _tags(conn, [AnnotationRow.id.in_(ids)])
                no_tags: builtins.list[str] = []
                read = [(values, tuple(tags.get(values[0], no_tags))) for values in changed]
                for values, note in zip(changed, _annotations(read), strict=True):
                    kept[values[0]] = (values, note)
        self._last_read = kept
        return [kept[note_id][1] for note_id in order]

    def count(self, document: str | None = None, *, include_deleted: bool = False) -> int:
        conditions = _conditions(AnnotationQuery(document, include_deleted=include_deleted))
        with self._sessions.read() as session:
            return int(
                session.scalar(select(func.count()).select_from(AnnotationRow).where(*conditions))
                or 0
            )

    def tags(self, prefix: str = "") -> builtins.list[str]:
        """Tags in use on live annotations and pair annotations, most used first (autocomplete)."""
        live_tags = (
            select(AnnotationTagRow.tag.label("tag"))
            .join(AnnotationRow, AnnotationRow.id == AnnotationTagRow.annotation_id)
            .where(AnnotationRow.deleted_at.is_(None))
            .union_all(
                select(PairAnnotationTagRow.tag.label("tag"))
                .join(PairAnnotationRow, PairAnnotationRow.id == PairAnnotationTagRow.pair_id)
                .where(PairAnnotationRow.deleted_at.is_(None))
            )
            .subquery()
        )
        statement = select(live_tags.c.tag).group_by(live_tags.c.tag)
        if prefix:
            statement = statement.where(
                func.substr(casefold(live_tags.c.tag), 1, len(prefix.casefold()))
                == prefix.casefold()
            )
        statement = statement.order_by(func.count().desc(), live_tags.c.tag)
        with self._sessions.read() as session:
            return list(session.scalars(statement))


def _as_stored(annotation: Annotation, row: AnnotationRow) -> Annotation:
    """``annotation`` with what the store added when writing it: version, authors."""
    return replace(
        annotation, version=row.version, author=row.created_by, changed_by=row.changed_by
    )


# A listed row (``_LISTED``'s columns) and the note's tags, as read.
_Read = tuple[tuple[Any, ...], tuple[str, ...]]

# More changed notes than this, and their tags are read with the whole list's conditions
# rather than by id (a few hundred ids are one short statement on every engine).
FEW_CHANGED = 500


def _tags(conn: Connection, conditions: Sequence[ColumnElement[bool]]) -> dict[str, list[str]]:
    """The tags of the notes matching ``conditions``, by note id, each note's in order."""
    tags: dict[str, list[str]] = {}
    # In position order only: grouped by note here, so a sort on the notes' ids (long
    # strings) would only cost the server time.
    rows = conn.execute(
        select(AnnotationTagRow.annotation_id, AnnotationTagRow.tag)
        .where(AnnotationTagRow.annotation_id.in_(select(AnnotationRow.id).where(*conditions)))
        .order_by(AnnotationTagRow.position)
    ).all()  # in one fetch, not one driver call per tag
    for annotation_id, tag in rows:
        tags.setdefault(annotation_id, []).append(tag)
    return tags


def _annotations(read: Iterable[_Read]) -> builtins.list[Annotation]:
    """The listed rows as values, in one pass with local names (10,000 rows make every
    lookup show). Timestamps arrive as stored text (see ``_LISTED``)."""
    when = utc_from_text
    return [
        Annotation(
            id_,
            document,
            make_target(exact, prefix, suffix, start, end, page),
            colour(colour_name),
            note,
            tags,
            when(created),
            when(modified),
            None if deleted is None else when(deleted),
            version=version,
            author=author,
            changed_by=changed_by,
        )
        for (
            (
                id_,
                document,
                exact,
                prefix,
                suffix,
                start,
                end,
                page,
                colour_name,
                note,
                created,
                modified,
                deleted,
                version,
                author,
                changed_by,
            ),
            tags,
        ) in read
    ]


# The columns a listing reads. Timestamps come as their stored text and are parsed in the
# one pass that builds the annotations (``utc_from_text``, as the column type would):
# the type's per-value hook costs more than the parse itself.
_LISTED = select(
    AnnotationRow.id,
    AnnotationRow.document_sha256,
    AnnotationRow.quote_exact,
    AnnotationRow.quote_prefix,
    AnnotationRow.quote_suffix,
    AnnotationRow.pos_start,
    AnnotationRow.pos_end,
    AnnotationRow.page,
    AnnotationRow.colour,
    AnnotationRow.note,
    type_coerce(AnnotationRow.created, String),
    type_coerce(AnnotationRow.modified, String),
    type_coerce(AnnotationRow.deleted_at, String),
    AnnotationRow.version,
    AnnotationRow.created_by,
    AnnotationRow.changed_by,
)
_ORDER = (AnnotationRow.document_sha256, AnnotationRow.pos_start)


def _conditions(query: AnnotationQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not query.include_deleted:
        conditions.append(AnnotationRow.deleted_at.is_(None))
    if query.document is not None:
        conditions.append(AnnotationRow.document_sha256 == query.document)
    if query.comparison is not None:
        conditions.append(
            AnnotationRow.document_sha256.in_(
                select(ComparisonDocumentRow.document_sha256).where(
                    ComparisonDocumentRow.comparison_id == query.comparison
                )
            )
        )
    for tag in dict.fromkeys(t.strip() for t in query.tags if t.strip()):
        conditions.append(
            exists().where(
                and_(
                    AnnotationTagRow.annotation_id == AnnotationRow.id,
                    AnnotationTagRow.tag == tag,
                )
            )
        )
    if query.colour is not None:
        conditions.append(AnnotationRow.colour == query.colour.value)
    if query.author:
        conditions.append(AnnotationRow.created_by == query.author)
    if query.text.strip():
        needle = query.text.strip()
        conditions.append(
            or_(
                contains(AnnotationRow.note, needle),
                contains(AnnotationRow.quote_exact, needle),
                contains(AnnotationRow.created_by, needle),
                exists().where(
                    and_(
                        AnnotationTagRow.annotation_id == AnnotationRow.id,
                        contains(AnnotationTagRow.tag, needle),
                    )
                ),
            )
        )
    return conditions
