"""`verso db check|repair|restore` on a database whose index no longer matches its table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.storage import open_database
from desktop_app.core.storage.backups import daily_backup_path
from desktop_app.core.storage.integrity import OK
from tests.helpers.annotations import note
from tests.helpers.cli import verso
from tests.helpers.databases import annotation_ids, damage_index, digest


def damaged_database(tmp_path: Path) -> tuple[Path, set[str]]:
    path = tmp_path / "notes.sqlite3"
    with open_database(path) as db:
        db.annotations.add(note("bad way"))
    daily_backup_path(path, datetime.now(UTC)).unlink()  # taken before the note
    with open_database(path) as db:  # today's backup, with the note
        # The backup is taken on the check's thread once the file is found healthy; a close
        # before the verdict interrupts the check, and the backup would then be taken by the
        # next open, after its write had landed. Wait for it (close joins that thread).
        assert db.integrity is not None
        assert db.integrity.verdict(timeout=60) == OK
    backed_up = annotation_ids(path)
    with open_database(path) as db:
        db.annotations.add(note("bad way"))
    damage_index(path)
    return path, backed_up


def test_check_names_the_damage_and_the_backups(tmp_path: Path) -> None:
    path, _ = damaged_database(tmp_path)
    result = verso("--db", path, "db", "check")
    assert result.returncode == 1
    out = result.stdout.decode("utf-8")
    assert "missing from index ix_annotations_document" in out
    assert "backup: notes.daily-" in out


def test_restore_puts_the_backup_in_place_and_keeps_the_damaged_file(tmp_path: Path) -> None:
    path, backed_up = damaged_database(tmp_path)
    before = digest(path)
    result = verso("--db", path, "db", "restore")
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout.decode("utf-8")
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("notes.refused-")]
    assert [digest(p) for p in kept if p.suffix == ".sqlite3"] == [before]
    assert annotation_ids(path) == backed_up
    assert verso("--db", path, "db", "check").returncode == 0


def test_repair_rebuilds_the_indexes(tmp_path: Path) -> None:
    path, _ = damaged_database(tmp_path)
    result = verso("--db", path, "db", "repair")
    assert result.returncode == 0, result.stderr
    assert verso("--db", path, "db", "check").returncode == 0


def test_restore_from_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = verso("--db", tmp_path / "notes.sqlite3", "db", "restore", "--backup", "nope.db")
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").strip() == "verso: There is no backup file nope.db."
