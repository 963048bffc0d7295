"""Undoable edits as plain objects: ``apply()`` does, ``revert()`` undoes.

The Qt layer wraps each in a QUndoCommand (redo → apply, undo → revert); the
core stays free of Qt. Commands hold ids and values, never sessions, and each
call is one short transaction, so an undo still works after the database was
closed and reopened: undoing a delete restores the tombstoned row, undoing an
add tombstones it (and redo restores it rather than inserting a twin).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from desktop_app.core.annotations import (
    Annotation,
    ConfirmedLink,
    ManualLink,
    PairAnnotation,
    RejectedLink,
)

if TYPE_CHECKING:  # the window builds commands before SQLAlchemy is loaded
    from desktop_app.core.storage.comparison_store import ComparisonStore

Item = TypeVar("Item", Annotation, PairAnnotation)


class Command(Protocol):
    text: str  # what the Edit menu shows: "Undo <text>"

    def apply(self) -> None: ...

    def revert(self) -> None: ...


class SoftDeleteStore(Protocol[Item]):
    """What AnnotationStore and PairAnnotationStore both offer."""

    def add(self, item: Item, /) -> Item: ...

    def update(self, item: Item, /, *, base: Item | None = None) -> Item: ...

    def delete(self, item_id: str, /) -> Item: ...

    def restore(self, item_id: str, /) -> Item: ...

    def get(self, item_id: str, /) -> Item | None: ...


class AddCommand(Generic[Item]):
    """Add an annotation or pair annotation."""

    def __init__(self, store: SoftDeleteStore[Item], item: Item, text: str = "add note") -> None:
        self.store: SoftDeleteStore[Item] = store
        self.item: Item = item
        self.text = text

    def apply(self) -> None:
        if self.store.get(self.item.id) is None:
            self.store.add(self.item)
        else:
            self.store.restore(self.item.id)

    def revert(self) -> None:
        self.store.delete(self.item.id)


class EditCommand(Generic[Item]):
    """Replace an item's fields (note, tags, colour, target...) with ``after``.

    Each write names the version it builds on: ``after`` on ``before`` at first, the
    undo on what the edit stored, a redo on what the undo stored. A change made
    meanwhile to other fields is kept; one to the same fields refuses the write with
    ``EditConflict`` (``storage.conflicts``) and the command stays where it was.
    """

    def __init__(
        self, store: SoftDeleteStore[Item], before: Item, after: Item, text: str = "edit note"
    ) -> None:
        if before.id != after.id:
            raise ValueError("an edit must keep the item's id")
        self.store: SoftDeleteStore[Item] = store
        self.before: Item = before
        self.after: Item = after
        self.text = text
        self._stored: Item = before  # the row as this command last saw it

    def apply(self) -> None:
        base = self._stored
        self._stored = self.store.update(replace(self.after, version=base.version), base=base)

    def revert(self) -> None:
        base = self._stored
        self._stored = self.store.update(replace(self.before, version=base.version), base=base)


class DeleteCommand(Generic[Item]):
    """Tombstone an item; undo restores the very same row."""

    def __init__(
        self, store: SoftDeleteStore[Item], item_id: str, text: str = "delete note"
    ) -> None:
        self.store: SoftDeleteStore[Item] = store
        self.item_id = item_id
        self.text = text

    def apply(self) -> None:
        self.store.delete(self.item_id)

    def revert(self) -> None:
        self.store.restore(self.item_id)


class RejectLinkCommand:
    """Hide an automatic link in a comparison; undo shows it again.

    ``unconfirm``: the link's confirmations, removed by the rejection (a link has one
    state) and put back by undo.
    """

    def __init__(
        self,
        store: ComparisonStore,
        comparison_id: str,
        link: RejectedLink,
        unconfirm: tuple[ConfirmedLink, ...] = (),
    ) -> None:
        self.store = store
        self.comparison_id = comparison_id
        self.link = link
        self.unconfirm = unconfirm
        self.text = "reject link"

    def apply(self) -> None:
        self.store.reject_links(self.comparison_id, (self.link,), unconfirm=self.unconfirm)

    def revert(self) -> None:
        if self.unconfirm:
            self.store.confirm_links(self.comparison_id, self.unconfirm, unreject=(self.link,))
        else:
            self.store.unreject_link(self.comparison_id, self.link)


class RejectLinksCommand:
    """Hide several automatic links at once (one undo step shows them all again, and
    confirms again those that were confirmed)."""

    def __init__(
        self,
        store: ComparisonStore,
        comparison_id: str,
        links: tuple[RejectedLink, ...],
        unconfirm: tuple[ConfirmedLink, ...] = (),
    ) -> None:
        self.store = store
        self.comparison_id = comparison_id
        self.links = links
        self.unconfirm = unconfirm
        self.text = f"reject {len(links)} links"

    def apply(self) -> None:
        self.store.reject_links(self.comparison_id, self.links, unconfirm=self.unconfirm)

    def revert(self) -> None:
        if self.unconfirm:
            self.store.confirm_links(self.comparison_id, self.unconfirm, unreject=self.links)
        else:
            self.store.unreject_links(self.comparison_id, self.links)


class ConfirmLinksCommand:
    """Confirm one or many automatic links (one undo step makes them unreviewed again, or
    rejected again: ``unreject`` holds the rejections the confirmation replaced)."""

    def __init__(
        self,
        store: ComparisonStore,
        comparison_id: str,
        links: tuple[ConfirmedLink, ...],
        unreject: tuple[RejectedLink, ...] = (),
    ) -> None:
        self.store = store
        self.comparison_id = comparison_id
        self.links = links
        self.unreject = unreject
        self.text = f"confirm {len(links)} links"

    def apply(self) -> None:
        self.links = self.store.confirm_links(
            self.comparison_id, self.links, unreject=self.unreject
        )

    def revert(self) -> None:
        if self.unreject:
            self.store.reject_links(self.comparison_id, self.unreject, unconfirm=self.links)
        else:
            self.store.unconfirm_links(self.comparison_id, self.links)


class AddManualLinkCommand:
    """Draw a link by hand; undo removes it."""

    def __init__(self, store: ComparisonStore, comparison_id: str, link: ManualLink) -> None:
        self.store = store
        self.comparison_id = comparison_id
        self.link = link
        self.text = "add link"

    def apply(self) -> None:
        self.store.add_manual_link(self.comparison_id, self.link)

    def revert(self) -> None:
        self.store.remove_manual_link(self.comparison_id, self.link.id)
