"""Notices when a shown document's file is changed or deleted on disk.

``QFileSystemWatcher`` stops watching a file that an editor replaced (write a
copy, rename it over) or deleted; the path is re-added whenever it exists
again, so a second save is noticed too. The window decides what to offer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal


class DocumentWatcher(QObject):
    """Watches the file behind each pane."""

    #: pane ``slot``'s file changed (True) or disappeared (False)
    file_changed = Signal(int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._paths: dict[int, Path] = {}

    def watch(self, slot: int, path: Path | None) -> None:
        """Watch ``path`` for pane ``slot`` (None: stop watching that pane)."""
        old = self._paths.pop(slot, None)
        if old is not None and old not in self._paths.values():
            self._watcher.removePath(str(old))
        if path is None:
            return
        path = path.resolve()
        self._paths[slot] = path
        if str(path) not in self._watcher.files() and path.exists():
            self._watcher.addPath(str(path))

    def watched(self) -> list[str]:
        return list(self._watcher.files())

    def _on_file_changed(self, name: str) -> None:
        path = Path(name)
        exists = path.exists()
        if exists and name not in self._watcher.files():
            self._watcher.addPath(name)  # replaced by rename: watch the new file
        for slot, watched in sorted(self._paths.items()):
            if watched == path:
                self.file_changed.emit(slot, exists)
