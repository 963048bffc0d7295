"""A plain callback list that tells views what changed, after it is committed.

The Qt layer subscribes once and turns calls into signals; the core stays free
of Qt. A change names the entity and ids, so a view can refresh only the rows
it shows (Anki's "operation did execute" hook, without Qt).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

_log = logging.getLogger(__name__)


class ChangeKind(enum.Enum):
    ADDED = "added"
    UPDATED = "updated"
    DELETED = "deleted"  # soft: the row is a tombstone now
    RESTORED = "restored"


class Entity(enum.Enum):
    ANNOTATION = "annotation"
    PAIR_ANNOTATION = "pair_annotation"
    COMPARISON = "comparison"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Change:
    entity: Entity
    kind: ChangeKind
    ids: tuple[str, ...]  # empty: any of this entity (too many to name, or unknown)
    who: str = ""  # who made it, when it came from another window or a colleague


ChangeListener = Callable[[Change], None]


class ChangeHub:
    """Calls every subscriber with each committed change, in subscription order."""

    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Add ``listener``; returns a function that removes it again."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def emit(self, change: Change) -> None:
        # One broken view must not stop the others from refreshing, nor undo a commit.
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:
                _log.exception("change listener %r failed on %s", listener, change)
