"""Saved comparisons (workspaces): documents, alignment settings, manual links, and the
automatic links the analyst rejected or confirmed (a link has one state: writing one
judgement removes the other in the same transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop_app.core.annotations import (
    Comparison,
    ConfirmedLink,
    ManualLink,
    RejectedLink,
    utc_now,
)
from desktop_app.core.errors import StorageError
from desktop_app.core.storage.changes import Change, ChangeKind, Entity
from desktop_app.core.storage.conflicts import resolve_edit
from desktop_app.core.storage.convert import (
    comparison_document_from_row,
    confirmed_link_from_row,
    confirmed_link_row,
    fill_comparison_row,
    manual_link_from_row,
    manual_link_row,
    options_from,
    rejected_link_from_row,
    rejected_link_row,
)
from desktop_app.core.storage.documents import ensure_documents
from desktop_app.core.storage.engine import Sessions, insert_for
from desktop_app.core.storage.tables import (
    ComparisonDocumentRow,
    ComparisonRow,
    ConfirmedLinkRow,
    ManualLinkRow,
    RejectedLinkRow,
)

JudgedRow = type[RejectedLinkRow] | type[ConfirmedLinkRow]


def _comparison_from_row(row: ComparisonRow) -> Comparison:
    return Comparison(
        id=row.id,
        name=row.name,
        documents=tuple(comparison_document_from_row(d) for d in row.documents),
        options=options_from(row.kinds, row.min_score, row.ordered),
        manual_links=tuple(manual_link_from_row(m) for m in row.manual_links),
        rejected_links=tuple(rejected_link_from_row(r) for r in row.rejected_links),
        created=row.created,
        modified=row.modified,
        opened=row.opened,
        confirmed_links=tuple(confirmed_link_from_row(c) for c in row.confirmed_links),
        version=row.version,
    )


class ComparisonStore:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def save_comparison(
        self, comparison: Comparison, *, links: bool = True, base: Comparison | None = None
    ) -> Comparison:
        """Insert or replace the whole comparison (documents, settings, links); returns it
        as stored, with its new version.

        ``links=False`` keeps the stored hand-made, rejected and confirmed links of an existing
        comparison (the window saving its documents and scroll positions from a copy
        read earlier must not drop a link another window or a colleague drew since).
        ``comparison.version`` is the version the change was made on and ``base`` the copy
        it started from: a comparison saved meanwhile is merged (different fields) or the
        save refused with ``EditConflict`` holding the stored one (``storage.conflicts``).
        """
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison.id,))
        with self._sessions.write("save the comparison in", change) as session:
            hashes = [d.sha256 for d in comparison.documents]
            for link in comparison.manual_links:
                hashes += [link.left_document, link.right_document]
            ensure_documents(session, *hashes)
            row = session.get(ComparisonRow, comparison.id, with_for_update=True)
            if row is None:
                row = ComparisonRow(id=comparison.id, created=comparison.created, version=1)
                session.add(row)
                resolved = comparison
            else:
                stored = _comparison_from_row(row)
                if not links:  # the stored links stand, whatever the copies hold
                    comparison = _with_links_of(comparison, stored)
                    base = None if base is None else _with_links_of(base, stored)
                resolved = resolve_edit(stored, comparison, base)
                row.version += 1
                links = links and _links(resolved) != _links(stored)
            fill_comparison_row(row, resolved)
            if links:
                # Replace children in place: flush the removals before re-adding equal keys.
                row.manual_links = []
                row.rejected_links = []
                row.confirmed_links = []
                session.flush()
                row.manual_links = [
                    manual_link_row(comparison.id, m) for m in resolved.manual_links
                ]
                row.rejected_links = [
                    rejected_link_row(comparison.id, r) for r in resolved.rejected_links
                ]
                row.confirmed_links = [
                    confirmed_link_row(comparison.id, c) for c in resolved.confirmed_links
                ]
            session.flush()
            saved = _comparison_from_row(row)
        return saved

    def load_comparison(self, comparison_id: str, *, touch: bool = True) -> Comparison:
        """The saved comparison; ``touch`` marks it as just opened (for the recent list)."""
        if touch:
            change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
            with self._sessions.write("open the comparison from", change) as session:
                row = self._row(session, comparison_id)
                row.opened = utc_now()
                session.flush()
                return _comparison_from_row(row)
        with self._sessions.read("open the comparison from") as session:
            return _comparison_from_row(self._row(session, comparison_id))

    def recent_comparisons(self, limit: int = 10) -> list[Comparison]:
        with self._sessions.read("list comparisons from") as session:
            rows = session.scalars(
                select(ComparisonRow).order_by(ComparisonRow.opened.desc()).limit(limit)
            )
            return [_comparison_from_row(row) for row in rows]

    def comparisons_with(self, sha256: str) -> list[Comparison]:
        """Every comparison that shows the document ``sha256``."""
        with self._sessions.read("list comparisons from") as session:
            rows = session.scalars(
                select(ComparisonRow)
                .where(
                    ComparisonRow.id.in_(
                        select(ComparisonDocumentRow.comparison_id).where(
                            ComparisonDocumentRow.document_sha256 == sha256
                        )
                    )
                )
                .order_by(ComparisonRow.opened.desc())
            )
            return [_comparison_from_row(row) for row in rows]

    def comparison_of(self, hashes: Sequence[str]) -> Comparison | None:
        """The saved comparison of exactly these documents in this order (the one opened
        last), with its links; None if there is none."""
        if not hashes:
            return None
        for comparison in self.comparisons_with(hashes[0]):
            if comparison.document_hashes == tuple(hashes):
                return self.load_comparison(comparison.id)
        return None

    def delete_comparison(self, comparison_id: str) -> None:
        """Remove the workspace; annotations stay with their documents."""
        change = Change(Entity.COMPARISON, ChangeKind.DELETED, (comparison_id,))
        with self._sessions.write("delete the comparison from", change) as session:
            session.delete(self._row(session, comparison_id))

    def set_scroll(self, comparison_id: str, position: int, scroll: float) -> None:
        with self._sessions.write("save the scroll position in") as session:
            row = session.get(ComparisonDocumentRow, (comparison_id, position))
            if row is None:
                raise StorageError(f"Comparison {comparison_id} has no document {position}.")
            row.scroll = scroll

    def add_manual_link(self, comparison_id: str, link: ManualLink) -> ManualLink:
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
        with self._sessions.write("save the link in", change) as session:
            self._changed(session, comparison_id)
            ensure_documents(session, link.left_document, link.right_document)
            session.add(manual_link_row(comparison_id, link))
        return link

    def remove_manual_link(self, comparison_id: str, link_id: str) -> None:
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
        with self._sessions.write("remove the link from", change) as session:
            self._changed(session, comparison_id, must_exist=False)
            session.execute(
                delete(ManualLinkRow).where(
                    ManualLinkRow.comparison_id == comparison_id, ManualLinkRow.id == link_id
                )
            )

    def reject_link(self, comparison_id: str, link: RejectedLink) -> RejectedLink:
        """Remember that the analyst dismissed this automatic link (idempotent)."""
        self.reject_links(comparison_id, (link,))
        return link

    def reject_links(
        self,
        comparison_id: str,
        links: Sequence[RejectedLink],
        *,
        unconfirm: Sequence[ConfirmedLink] = (),
    ) -> None:
        """Dismiss several automatic links at once, in one transaction (idempotent).

        A rejected link is no longer confirmed: the confirmation of the same link, and
        ``unconfirm`` (confirmations the caller matched to these links when realignment
        moved their ends a little), are removed in the same transaction.
        """
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
        noun = "the rejected link" if len(links) == 1 else "the rejected links"
        with self._sessions.write(f"save {noun} in", change) as session:
            self._changed(session, comparison_id)
            _delete_judged(session, ConfirmedLinkRow, comparison_id, [*links, *unconfirm])
            for link in links:
                _insert_judged(session, RejectedLinkRow, rejected_link_row(comparison_id, link))

    def unreject_link(self, comparison_id: str, link: RejectedLink) -> None:
        self.unreject_links(comparison_id, (link,))

    def unreject_links(self, comparison_id: str, links: Sequence[RejectedLink]) -> None:
        """Show dismissed links again, in one transaction."""
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
        with self._sessions.write("forget the rejected links in", change) as session:
            self._changed(session, comparison_id, must_exist=False)
            _delete_judged(session, RejectedLinkRow, comparison_id, links)

    def confirm_links(
        self,
        comparison_id: str,
        links: Sequence[ConfirmedLink],
        *,
        unreject: Sequence[RejectedLink] = (),
    ) -> tuple[ConfirmedLink, ...]:
        """Mark automatic links as checked by the analyst, in one transaction (idempotent:
        a link confirmed before keeps its first confirmation). Each is stamped with the
        analyst's name; the rejection of the same link, and ``unreject``, are removed.
        Returns the links as written."""
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
        noun = "the confirmed link" if len(links) == 1 else "the confirmed links"
        with self._sessions.write(f"save {noun} in", change) as session:
            self._changed(session, comparison_id)
            who = str(session.info.get("analyst", ""))
            stamped = tuple(replace(link, created_by=link.created_by or who) for link in links)
            _delete_judged(session, RejectedLinkRow, comparison_id, [*links, *unreject])
            for link in stamped:
                _insert_judged(session, ConfirmedLinkRow, confirmed_link_row(comparison_id, link))
        return stamped

    def unconfirm_links(self, comparison_id: str, links: Sequence[ConfirmedLink]) -> None:
        """Take confirmations back (the links become unreviewed), in one transaction."""
        change = Change(Entity.COMPARISON, ChangeKind.UPDATED, (comparison_id,))
        with self._sessions.write("forget the confirmed links in", change) as session:
            self._changed(session, comparison_id, must_exist=False)
            _delete_judged(session, ConfirmedLinkRow, comparison_id, links)

    @staticmethod
    def _row(session: Session, comparison_id: str) -> ComparisonRow:
        row = session.get(ComparisonRow, comparison_id)
        if row is None:
            raise StorageError(f"There is no saved comparison with id {comparison_id}.")
        return row

    @staticmethod
    def _changed(session: Session, comparison_id: str, *, must_exist: bool = True) -> None:
        """Lock the comparison's row and raise its version: its links change in this
        transaction, so a whole save from a copy read before is stale. (Forgetting a link
        of a comparison deleted meanwhile has nothing to do: ``must_exist=False``.)"""
        row = session.get(ComparisonRow, comparison_id, with_for_update=True)
        if row is None:
            if must_exist:
                raise StorageError(f"There is no saved comparison with id {comparison_id}.")
            return
        row.version += 1


def _links(comparison: Comparison) -> tuple[object, ...]:
    return comparison.manual_links, comparison.rejected_links, comparison.confirmed_links


def _with_links_of(comparison: Comparison, other: Comparison) -> Comparison:
    return replace(
        comparison,
        manual_links=other.manual_links,
        rejected_links=other.rejected_links,
        confirmed_links=other.confirmed_links,
    )


def _insert_judged(session: Session, table: JudgedRow, row: Any) -> None:
    """Insert a rejected or confirmed link's row unless that link is stored already."""
    values = {c.key: getattr(row, c.key) for c in table.__table__.columns}
    session.execute(insert_for(session)(table).values(values).on_conflict_do_nothing())


def _delete_judged(
    session: Session,
    table: JudgedRow,
    comparison_id: str,
    links: Sequence[RejectedLink | ConfirmedLink],
) -> None:
    """Delete the rows of ``table`` judging ``links`` (matched on the whole key)."""
    for link in links:
        session.execute(
            delete(table).where(
                table.comparison_id == comparison_id,
                table.kind == link.kind.value,
                table.left_sha256 == link.left_document,
                table.left_start == link.left.start,
                table.left_end == link.left.end,
                table.right_sha256 == link.right_document,
                table.right_start == link.right.start,
                table.right_end == link.right.end,
            )
        )
