"""Typed access to the window's persistent settings (one QSettings, passed in).

Lists are stored as JSON text: an INI QSettings hands a one-element list back
as a plain string, which would turn a recent path into a list of characters.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop_app.ui.base.theme import BODY_POINT_SIZE, THEMES

MAX_RECENT = 8


class Settings:
    """The window's remembered state: geometry, view options, sessions."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    @classmethod
    def at(cls, path: Path | None) -> Settings:
        """Settings in an INI file at ``path``, or the platform's usual place."""
        if path is None:
            return cls(QSettings("Verso", "Verso"))
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def _json(self, key: str, default: object) -> object:
        raw = self.store.value(key)
        if not isinstance(raw, str):
            return default
        try:
            return json.loads(raw)
        except ValueError:
            return default

    def _set_json(self, key: str, value: object) -> None:
        self.store.setValue(key, json.dumps(value))

    def _bytes(self, key: str) -> QByteArray | None:
        raw = self.store.value(key)
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    # view options

    @property
    def theme(self) -> str:
        """ "system", "light" or "dark" (View > Theme)."""
        value = self._json("view/theme", "system")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, choice: str) -> None:
        self._set_json("view/theme", choice if choice in THEMES else "system")

    @property
    def text_size(self) -> float:
        """The reader's text size in points (View > Larger Text)."""
        value = self._json("view/text_size", BODY_POINT_SIZE)
        return (
            float(value) if isinstance(value, int | float) and 5 <= value <= 48 else BODY_POINT_SIZE
        )

    @text_size.setter
    def text_size(self, points: float) -> None:
        self._set_json("view/text_size", float(points))

    @property
    def scroll_lock(self) -> bool:
        return self._json("view/scroll_lock", True) is not False

    @scroll_lock.setter
    def scroll_lock(self, locked: bool) -> None:
        self._set_json("view/scroll_lock", bool(locked))

    # window layout

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    @property
    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self.store.setValue("window/splitter", value)

    # sessions

    @property
    def has_session(self) -> bool:
        return self.store.contains("session/last")

    @property
    def last_session(self) -> list[Path]:
        value = self._json("session/last", [])
        return [Path(p) for p in value if isinstance(p, str)] if isinstance(value, list) else []

    @last_session.setter
    def last_session(self, paths: list[Path]) -> None:
        self._set_json("session/last", [str(p) for p in paths])

    @property
    def recent(self) -> list[list[Path]]:
        value = self._json("session/recent", [])
        if not isinstance(value, list):
            return []
        return [
            [Path(p) for p in entry if isinstance(p, str)]
            for entry in value
            if isinstance(entry, list)
        ]

    def add_recent(self, paths: list[Path]) -> None:
        """Put a comparison first in the recent list (once, at most ``MAX_RECENT`` kept)."""
        entry = [str(p) for p in paths]
        kept = [[str(p) for p in e] for e in self.recent if [str(p) for p in e] != entry]
        self._set_json("session/recent", [entry, *kept][:MAX_RECENT])

    # export dialog

    @property
    def export_folder(self) -> Path | None:
        """The folder the last export went to (None before the first export)."""
        value = self._json("export/folder", None)
        return Path(value) if isinstance(value, str) and value else None

    @export_folder.setter
    def export_folder(self, folder: Path) -> None:
        self._set_json("export/folder", str(folder))

    @property
    def export_format(self) -> str:
        """The last export format's name ("md", "pdf"...); Markdown at first."""
        value = self._json("export/format", "md")
        return value if isinstance(value, str) and value else "md"

    @export_format.setter
    def export_format(self, name: str) -> None:
        self._set_json("export/format", name)

    @property
    def export_context(self) -> int:
        """Sentences of context either side of a quote in reports; one at first."""
        value = self._json("export/context", 1)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 1

    @export_context.setter
    def export_context(self, sentences: int) -> None:
        self._set_json("export/context", sentences)

    def sync(self) -> None:
        self.store.sync()
