"""The documents a saved comparison needs, whether each is here, and locating a missing one.

A document is known by the sha256 of its bytes, so a file is "found" only when a
file at a known place has those bytes. The places tried, in order: where this
machine last saw it (``LocalPaths``), where the comparison says it was, where the
registry last saw it (on a server both may be a colleague's path). A file at one
of them with other bytes is the document *changed* (edited in place); none at all
is *missing*.

Locating: the user picks a file. Same bytes → it is the document, and this
machine remembers the place. Other bytes → it is offered as a new version: the
window opens it in the document's place and its notes are adopted as for a file
changed on disk (``storage.versions.adopt_document``: re-anchored, orphans kept).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.annotations import Comparison

if TYPE_CHECKING:  # the storage package imports SQLAlchemy; the CLI's start must not
    from desktop_app.core.storage.local_paths import LocalPaths

_CHUNK = 1 << 20


class Presence(enum.Enum):
    FOUND = "found"  # a known place holds these very bytes
    CHANGED = "changed"  # a known place holds a file with other bytes (edited in place?)
    MISSING = "missing"  # no known place holds a file


@dataclass(frozen=True, slots=True)
class Needed:
    """One document a comparison needs, and what was found of it on this machine."""

    slot: int
    sha256: str
    name: str
    presence: Presence
    path: Path | None  # FOUND/CHANGED: the file there; MISSING: the last known place

    @property
    def describe(self) -> str:
        """One line: "found at P", "changed since (at P)", "missing (last at P)"."""
        where = str(self.path) if self.path is not None else "no known place"
        if self.presence is Presence.FOUND:
            return f"found at {where}"
        if self.presence is Presence.CHANGED:
            return f"changed since (the file at {where} has other contents)"
        return f"missing (last known at {where})"


@dataclass(frozen=True, slots=True)
class Located:
    """A file the user picked for a needed document."""

    path: Path
    sha256: str
    same: bool  # the very document; False: a new version of it

    def message(self, name: str) -> str:
        if self.same:
            return f"Found {name} at {self.path}."
        return (
            f"{self.path.name} is not the same version of {name}: it will open as a new "
            "version, and the notes re-anchor on it (any whose passage is gone are kept "
            "as orphans)."
        )


def file_sha256(path: Path) -> str | None:
    """The sha256 of the file's bytes, None if it cannot be read (gone, a folder, refused)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def needed_documents(
    comparison: Comparison,
    local: LocalPaths | None = None,
    registered: Callable[[str], Path | None] | None = None,
) -> list[Needed]:
    """Each document of ``comparison`` with its presence on this machine (see module notes).

    ``registered``: the registry's last path of a hash (``db.documents.get``), if any.
    """
    found: list[Needed] = []
    for slot, entry in enumerate(comparison.documents):
        places = [
            local.get(entry.sha256) if local is not None else None,
            entry.path,
            registered(entry.sha256) if registered is not None else None,
        ]
        candidates = list(dict.fromkeys(p for p in places if p is not None))
        name = entry.display_name or (entry.path.name if entry.path else entry.sha256[:12])
        found.append(_presence(slot, entry.sha256, name, candidates))
    return found


def _presence(slot: int, sha256: str, name: str, candidates: Iterable[Path]) -> Needed:
    changed: Path | None = None
    last: Path | None = None
    for path in candidates:
        last = last or path
        if not path.is_file():
            continue
        if file_sha256(path) == sha256:
            return Needed(slot, sha256, name, Presence.FOUND, path)
        changed = changed or path
    if changed is not None:
        return Needed(slot, sha256, name, Presence.CHANGED, changed)
    return Needed(slot, sha256, name, Presence.MISSING, last)


def locate(needed: Needed, chosen: Path, local: LocalPaths | None = None) -> Located | None:
    """Check the file the user picked for ``needed``; None when it cannot be read.

    The very document is remembered for this machine at once; a new version is
    remembered by the window once it has opened it (under its own hash).
    """
    sha = file_sha256(chosen)
    if sha is None or not chosen.is_file():
        return None
    same = sha == needed.sha256
    if same and local is not None:
        local.remember(sha, chosen)
    return Located(chosen, sha, same)


def missing(needed: Iterable[Needed]) -> list[Needed]:
    """The documents not found as they were (missing or changed): what to offer to locate."""
    return [n for n in needed if n.presence is not Presence.FOUND]
