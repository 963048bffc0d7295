"""Saved comparisons (workspaces) as a person names them: on the command line, in file names.

A workspace the window saves is named after its documents, "Plan  ↔  Rebuttal";
nobody should have to type the arrow and its two spaces. ``find_workspace``
takes what a person would type: the list number ``verso workspaces`` shows,
the name in any case with or without the "↔", the start of the name, a word
run from inside it, or the id (or its start). ``file_stem`` turns the name
into a file name every platform accepts ("Plan vs Rebuttal").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from desktop_app.core.annotations import Comparison
from desktop_app.core.errors import VersoError

JOIN = "↔"  # what the window puts between the documents' names
FALLBACK_STEM = "verso-excerpts"
MAX_STEM = 80  # characters: a file name that fits in a dialog and under every path limit
_MIN_ID_PREFIX = 4
# Not allowed in file names on Windows (and "/" nowhere), nor control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{name}{n}" for name in ("COM", "LPT") for n in range(1, 10)
}
# Suffixes of the documents Verso reads: a name made of file names drops them.
_DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".epub"}


def workspace_name(names: Sequence[str]) -> str:
    """The name a new workspace gets from its documents' names ("Plan  ↔  Rebuttal")."""
    return f"  {JOIN}  ".join(names)


def _words(text: str) -> str:
    """``text`` compared as a person reads it: case, spacing and the "↔" ignored."""
    return " ".join(text.replace(JOIN, " ").casefold().split())


@dataclass(frozen=True, slots=True)
class Listed:
    """A workspace as ``verso workspaces`` shows it: its number, name and documents."""

    number: int  # 1-based, most recently opened first
    comparison: Comparison

    @property
    def documents(self) -> list[str]:
        return [
            d.display_name or (d.path.name if d.path is not None else d.sha256[:12])
            for d in self.comparison.documents
        ]


def listed(comparisons: Sequence[Comparison]) -> list[Listed]:
    """``comparisons`` (most recently opened first) numbered as the list shows them."""
    return [Listed(i, c) for i, c in enumerate(comparisons, start=1)]


def find_workspace(comparisons: Sequence[Comparison], key: str) -> Comparison:
    """The one workspace ``key`` names (see the module notes), in this order:
    id, list number, whole name, id prefix, start of the name, words inside the name.

    Raises ``VersoError`` listing the candidates (or the known workspaces) otherwise.
    """
    wanted = key.strip()
    for comparison in comparisons:
        if comparison.id == wanted:
            return comparison
    if wanted.isdecimal() and not any(_words(c.name) == wanted for c in comparisons):
        number = int(wanted)
        if 1 <= number <= len(comparisons):
            return comparisons[number - 1]
        raise VersoError(
            f"There is no workspace number {number}: {len(comparisons)} are saved"
            " (`verso workspaces` lists them)."
        )
    words = _words(wanted)
    if not words:
        raise VersoError("No workspace named: give its name, number or id.")
    steps = (
        lambda c: _words(c.name) == words,
        lambda c: len(wanted) >= _MIN_ID_PREFIX and c.id.startswith(wanted),
        lambda c: _words(c.name).startswith(words),
        lambda c: words in _words(c.name),
    )
    for matches in steps:
        found = [c for c in comparisons if matches(c)]
        if len(found) == 1:
            return found[0]
        if found:
            raise VersoError(_ambiguous(key, found, comparisons))
    known = "; ".join(f"{i}: {c.name or c.id}" for i, c in enumerate(comparisons, 1))
    raise VersoError(f"Unknown workspace {key!r}; known workspaces: {known or 'none saved yet'}.")


def _ambiguous(key: str, found: Sequence[Comparison], comparisons: Sequence[Comparison]) -> str:
    number = {c.id: i for i, c in enumerate(comparisons, start=1)}
    choices = "; ".join(f"{number[c.id]}: {c.name} (id {c.id})" for c in found)
    return f"Several workspaces match {key!r}; give a number or an id: {choices}."


def file_stem(name: str | None) -> str:
    """A file name (without suffix) for a workspace named ``name``, safe on every platform.

    Documents' file names lose their directories and suffixes, the "↔" becomes
    "vs", characters Windows refuses become "-", and a long name is cut at a word.
    """
    if not name or not name.strip():
        return FALLBACK_STEM
    parts = [_part(part) for part in name.split(JOIN)]
    stem = " vs ".join(part for part in parts if part)
    stem = unicodedata.normalize("NFC", _UNSAFE.sub("-", stem))
    stem = " ".join(stem.split())
    if len(stem) > MAX_STEM:
        cut = stem[:MAX_STEM]
        stem = cut.rsplit(" ", 1)[0] if " " in cut[MAX_STEM // 2 :] else cut
    stem = stem.strip(" .-")
    if not stem:
        return FALLBACK_STEM
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"{stem}-workspace"
    return stem


def _part(part: str) -> str:
    """One document's share of the name: a path's file name without its suffix."""
    part = part.strip()
    if "/" in part or "\\" in part:
        windows = PureWindowsPath(part)
        path: PurePath = windows if windows.drive or "\\" in part else PurePosixPath(part)
        part = path.name
    suffix = PurePosixPath(part).suffix
    if suffix.casefold() in _DOCUMENT_SUFFIXES and len(part) > len(suffix):
        part = part[: -len(suffix)]
    return part.strip()
