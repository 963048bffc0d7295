"""A saved comparison's documents: found, changed or missing on this machine, and locating one."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.annotations import Comparison, ComparisonDocument
from desktop_app.core.storage import Database
from desktop_app.core.storage.local_paths import LocalPaths
from desktop_app.core.workspace_documents import (
    Presence,
    locate,
    missing,
    needed_documents,
)


def _file(path: Path, text: str) -> tuple[Path, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _saved(db: Database, *files: tuple[Path, str]) -> Comparison:
    entries = tuple(ComparisonDocument(sha, path, path.name) for path, sha in files)
    return db.comparisons.save_comparison(Comparison.new("A ↔ B ↔ C", entries))


def _registered(db: Database) -> Callable[[str], Path | None]:
    def path_of(sha256: str) -> Path | None:
        record = db.documents.get(sha256)
        return None if record is None else record.path

    return path_of


def test_each_document_is_found_changed_or_missing(db: Database, tmp_path: Path) -> None:
    here = _file(tmp_path / "a.txt", "the first document\n")
    edited = _file(tmp_path / "b.txt", "the second document\n")
    gone = _file(tmp_path / "c.txt", "the third document\n")
    comparison = _saved(db, here, edited, gone)
    edited[0].write_text("the second document, edited in place\n", encoding="utf-8")
    gone[0].unlink()

    needed = needed_documents(comparison, LocalPaths(tmp_path / "local.json"), _registered(db))

    assert [n.presence for n in needed] == [Presence.FOUND, Presence.CHANGED, Presence.MISSING]
    assert [n.path for n in needed] == [here[0], edited[0], gone[0]]
    assert [n.name for n in missing(needed)] == ["b.txt", "c.txt"]
    assert "missing (last known at" in needed[2].describe


def test_locating_the_same_bytes_is_remembered_for_this_machine_only(
    db: Database, tmp_path: Path
) -> None:
    left = _file(tmp_path / "a.txt", "the first document\n")
    right = _file(tmp_path / "colleague" / "b.txt", "the second document\n")
    comparison = _saved(db, left, right)
    moved = tmp_path / "mine" / "b-copy.txt"
    moved.parent.mkdir()
    right[0].rename(moved)
    local = LocalPaths.beside(tmp_path / "verso.sqlite3")
    (_, lost) = needed_documents(comparison, local, _registered(db))
    assert lost.presence is Presence.MISSING

    located = locate(lost, moved, local)

    assert located is not None and located.same and located.sha256 == right[1]
    assert local.file == tmp_path / "verso.paths.json"
    assert local.get(right[1]) == moved
    # Found again from this machine's own record; the shared comparison keeps its path.
    (_, again) = needed_documents(comparison, local, _registered(db))
    assert again.presence is Presence.FOUND and again.path == moved
    stored = db.comparisons.load_comparison(comparison.id, touch=False)
    assert stored.documents[1].path == right[0]


def test_a_file_with_other_bytes_is_offered_as_a_new_version(db: Database, tmp_path: Path) -> None:
    left = _file(tmp_path / "a.txt", "the first document\n")
    right = _file(tmp_path / "b.txt", "the second document\n")
    comparison = _saved(db, left, right)
    right[0].unlink()
    other = _file(tmp_path / "b-revised.txt", "the second document, revised\n")
    local = LocalPaths(tmp_path / "local.json")
    (_, lost) = needed_documents(comparison, local, _registered(db))

    located = locate(lost, other[0], local)

    assert located is not None and not located.same and located.sha256 == other[1]
    assert "new version" in located.message("b.txt")
    assert local.get(right[1]) is None and local.get(other[1]) is None  # the window records it
    assert locate(lost, tmp_path / "nothing-here.txt", local) is None


def test_an_unreadable_local_record_is_no_record(tmp_path: Path) -> None:
    local = LocalPaths(tmp_path / "local.json")
    local.file.write_text("not json", encoding="utf-8")
    assert local.get("0" * 64) is None
    local.remember("0" * 64, tmp_path / "x.txt")
    assert local.get("0" * 64) == tmp_path / "x.txt"
