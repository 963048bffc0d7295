"""Unsaved note drafts: kept on disk while the analyst types, so a crash loses nothing.

Why files beside the database and not rows in it: a draft must survive exactly when
the database cannot take a write (damaged and refused, read-only, disk full for the
WAL, another helper's PostgreSQL server away); a draft every second would also churn
the WAL, the change hub and the undo history with things that are not notes yet.
Each draft is one small JSON file in ``<database stem>.drafts/`` named by its key,
written to a temporary name, synced and renamed: a crash leaves the old draft or the
new one, never half of one, and two Verso windows never overwrite each other's drafts.

``AutosaveClock`` is the timing rule: save about 1 s after the last change, and at
most 10 s after the first unsaved change however fast one types.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

QUIET_S = 1.0  # save this long after the last change
MAX_WAIT_S = 10.0  # but never later than this after the first unsaved change
RETRY_FIRST_S = 2.0  # a save refused because the server is away is tried again after this,
RETRY_MAX_S = 30.0  # doubling each time up to this


def retry_delay(attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (0, 1, …) of a save the server was away for."""
    return min(RETRY_FIRST_S * 2.0 ** max(attempt, 0), RETRY_MAX_S)


@dataclass(frozen=True, slots=True)
class Draft:
    """What the editor held. ``key`` names the note: ``edit:<id>``, ``pair:<id>``,
    ``new:<sha256>:<start>:<end>`` (a new note on a span), ``new-pair:…``."""

    key: str
    colour: str
    note: str
    tags: tuple[str, ...] = ()
    relation: str = ""
    document: str = ""  # sha256 of the document the note belongs to (restore on open)
    saved: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def saved_at(self) -> datetime:
        return datetime.fromisoformat(self.saved)


def new_note_key(sha256: str, start: int, end: int) -> str:
    return f"new:{sha256}:{start}:{end}"


def span_of_new_note(key: str) -> tuple[str, int, int] | None:
    """``(sha256, start, end)`` of a ``new:`` key, else None."""
    parts = key.split(":")
    if len(parts) == 4 and parts[0] == "new" and parts[2].isdigit() and parts[3].isdigit():
        return parts[1], int(parts[2]), int(parts[3])
    return None


class DraftStore:
    """The drafts beside one database (``folder``); failures are logged, never raised:
    a draft is a safety net and must not get in the way of typing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def beside(cls, database: Path) -> DraftStore:
        return cls(database.with_name(f"{database.name.split('.', 1)[0] or 'verso'}.drafts"))

    def _file(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")

    def save(self, draft: Draft) -> bool:
        target = self._file(draft.key)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with partial.open("w", encoding="utf-8") as out:
                json.dump(asdict(draft), out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(target)
        except OSError as exc:
            log.warning("could not keep the note draft %s: %s", draft.key, exc)
            partial.unlink(missing_ok=True)
            return False
        return True

    def load(self, key: str) -> Draft | None:
        return _read(self._file(key))

    def discard(self, key: str) -> None:
        try:
            self._file(key).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the note draft %s: %s", key, exc)

    def for_document(self, sha256: str) -> list[Draft]:
        """The drafts of notes on a document, oldest first."""
        if not self.folder.is_dir():
            return []
        drafts = (_read(path) for path in self.folder.glob("*.json"))
        found = [d for d in drafts if d is not None and d.document == sha256]
        return sorted(found, key=lambda d: d.saved)


def _read(path: Path) -> Draft | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        data["tags"] = tuple(data.get("tags", ()))
        return Draft(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        log.warning("unreadable note draft %s: %s", path, exc)
        return None


class AutosaveClock:
    """When to save a draft: ``QUIET_S`` after the last change, at most ``MAX_WAIT_S``
    after the first unsaved one. Times are monotonic seconds."""

    def __init__(self, quiet: float = QUIET_S, max_wait: float = MAX_WAIT_S) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._first: float | None = None
        self._last = 0.0

    def changed(self, now: float) -> None:
        if self._first is None:
            self._first = now
        self._last = now

    def due_at(self) -> float | None:
        """When the pending change should be saved; None if nothing is pending."""
        if self._first is None:
            return None
        return min(self._last + self.quiet, self._first + self.max_wait)

    def saved(self) -> None:
        self._first = None
