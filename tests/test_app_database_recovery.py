"""A database found damaged at start: the window offers its newest good backup, or reading only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.app import ask_database_choice, open_annotation_database
from desktop_app.core.errors import StorageError
from desktop_app.core.storage import open_database
from desktop_app.core.storage.backups import daily_backup_path
from desktop_app.core.storage.recovery import Choice, Refused
from tests.helpers.annotations import note
from tests.helpers.databases import annotation_ids, damage_index, digest


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, set[str]]:
    """A database with one note in today's backup and a second after it, then damaged."""
    path = tmp_path / "verso.sqlite3"
    with open_database(path) as db:
        db.annotations.add(note("bad way"))
    daily_backup_path(path, datetime.now(UTC)).unlink()
    open_database(path).close()
    backed_up = annotation_ids(path)
    with open_database(path) as db:
        db.annotations.add(note("bad way"))
    damage_index(path)
    return path, backed_up


def test_a_damaged_database_offers_its_newest_backup_and_restores_it(
    damaged: tuple[Path, set[str]],
) -> None:
    path, backed_up = damaged
    before = digest(path)
    asked: list[Refused] = []

    def ask(refused: Refused) -> Choice:
        asked.append(refused)
        return Choice.RESTORE

    db = open_annotation_database(path, ask)
    assert db is not None
    try:
        (refused,) = asked
        assert "missing from index" in refused.message and refused.readable
        assert refused.backup is not None and refused.backup.path.name.startswith("verso.daily-")
        assert annotation_ids(path) == backed_up
        db.annotations.add(note("bad way"))  # writable again
    finally:
        db.close()
    kept = [p for p in path.parent.glob("verso.refused-*.sqlite3")]
    assert [digest(p) for p in kept] == [before]


def test_a_damaged_database_can_be_read_without_writing(damaged: tuple[Path, set[str]]) -> None:
    path, _ = damaged
    before = digest(path)
    db = open_annotation_database(path, lambda refused: Choice.READ_ONLY)
    assert db is not None
    try:
        assert len(db.annotations.list()) == 2
        with pytest.raises(StorageError, match="read-only"):
            db.annotations.add(note("bad way"))
    finally:
        db.close()
    assert digest(path) == before


def test_the_dialog_offers_restore_first(qtbot: QtBot, damaged: tuple[Path, set[str]]) -> None:
    path, _ = damaged
    from desktop_app.core.storage.backups import newest_good_backup

    refused = Refused("The database is damaged.", newest_good_backup(path), readable=True)
    seen: list[list[str]] = []

    def click_default() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([button.text() for button in box.buttons()])
        box.defaultButton().click()

    QTimer.singleShot(0, click_default)
    assert ask_database_choice(refused) is Choice.RESTORE
    assert seen and "Restore the backup" in seen[0] and "Read without writing" in seen[0]
