"""No lost update: what happens when an edit was based on an older copy of a note.

Every stored note and pair note carries a ``version`` that each write raises by one
(schema 5), and so does every saved comparison (schema 9: its settings, documents and
links, saved whole by a window from its copy; scroll positions and the time it was last
opened are the window's own and never conflict). An edit names the version it was made
on (the value's ``version``) and, where it can, the copy it started from (``base``):

- same version as stored: nobody wrote in between; the edit is stored;
- the note was deleted meanwhile: the deletion wins, the edit is refused;
- otherwise the fields the edit changed (``base`` → edit) and the fields changed
  meanwhile (``base`` → stored) are compared: if they do not overlap (one analyst
  recoloured, the other rewrote the note) both are kept; if they do, the edit is
  refused with an ``EditConflict`` that holds the stored note.

A value never read from a store (version 0: an import, a value built by a test) is
written as it is: it has no base to be stale against.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Generic, TypeVar

from desktop_app.core.annotations import Annotation, Comparison, PairAnnotation
from desktop_app.core.errors import StorageError

Item = TypeVar("Item", Annotation, PairAnnotation, Comparison)
Versioned = Annotation | PairAnnotation | Comparison

# What an analyst edits; the rest is identity (id), bookkeeping (created, modified,
# opened, version) or the tombstone, which only delete and restore change.
_NOT_EDITED = {"id", "created", "modified", "opened", "deleted", "version"}

_FIELD_NAMES = {
    "note": "the note",
    "tags": "the tags",
    "colour": "the colour",
    "relation": "the relation",
    "target": "the highlighted passage",
    "document": "the document",
    "left": "the left passage",
    "right": "the right passage",
    "left_document": "the left document",
    "right_document": "the right document",
    "link_kind": "the link kind",
    "score": "the link score",
    "name": "the name",
    "documents": "the documents",
    "options": "the alignment settings",
    "manual_links": "the hand-made links",
    "rejected_links": "the rejected links",
    "confirmed_links": "the confirmed links",
}


class EditConflict(StorageError, Generic[Item]):
    """An edit based on an older copy collided with a change made meanwhile.

    ``current`` is the note (or comparison) as stored now, for the window to show; ``fields``
    the fields both edits changed differently (empty when the note was deleted).
    """

    def __init__(self, message: str, current: Item, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.current: Item = current
        self.fields = fields


def edited_fields(item: Versioned) -> tuple[str, ...]:
    return tuple(f.name for f in fields(item) if f.name not in _NOT_EDITED)


def _value(item: Versioned, name: str) -> object:
    """A field as edits are compared: a comparison's documents without the scroll
    positions (each window's own, saved as the reader scrolls)."""
    value = getattr(item, name)
    if isinstance(item, Comparison) and name == "documents":
        return tuple((d.sha256, d.path, d.display_name) for d in item.documents)
    return value


def _changed(a: Item, b: Item) -> set[str]:
    return {name for name in edited_fields(a) if _value(a, name) != _value(b, name)}


def _kind(item: Versioned) -> str:
    if isinstance(item, Comparison):
        return "saved comparison"
    return "pair note" if isinstance(item, PairAnnotation) else "note"


def _deleted(item: Versioned) -> bool:
    return not isinstance(item, Comparison) and item.deleted is not None


def _list(names: list[str]) -> str:
    spoken = [_FIELD_NAMES.get(name, name) for name in names]
    return spoken[0] if len(spoken) == 1 else ", ".join(spoken[:-1]) + " and " + spoken[-1]


def resolve_edit(current: Item, edit: Item, base: Item | None) -> Item:
    """What to store for ``edit`` over ``current`` (the stored row), or ``EditConflict``.

    The result carries ``current.version``; the store writes it as the next one.
    """
    if edit.version == 0 or edit.version == current.version:
        return replace(edit, version=current.version)
    kind = _kind(current)
    if _deleted(current) and (base is None or not _deleted(base)):
        raise EditConflict(
            f"This {kind} was deleted meanwhile (in another window or by a colleague), so"
            " the edit was not saved; undo the deletion to bring it back.",
            current,
            (),
        )
    if base is None:
        clash = sorted(_changed(edit, current))
    else:
        mine, theirs = _changed(base, edit), _changed(base, current)
        clash = sorted(
            name for name in mine & theirs if _value(edit, name) != _value(current, name)
        )
        if not clash:
            # Different fields: keep both (theirs as stored, mine on top).
            merged = replace(current, **{name: getattr(edit, name) for name in mine})
            return replace(merged, modified=max(edit.modified, current.modified))
    raise EditConflict(
        f"This {kind} was changed meanwhile (in another window or by a colleague):"
        f" {_list(clash) if clash else 'it'} changed since you opened it, so your edit was"
        " not saved. The current version is shown; save again to replace it with yours.",
        current,
        tuple(clash),
    )
