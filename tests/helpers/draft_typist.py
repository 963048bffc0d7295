"""A Verso window in its own process that types a note and waits to be killed.

Run as ``python -m tests.helpers.draft_typist FOLDER LEFT RIGHT TEXT`` with
``QT_QPA_PLATFORM=offscreen``: opens the pair on ``FOLDER/verso.sqlite3``, selects
"Paragraph 8" in the left pane, opens the note editor, types ``TEXT`` key by key,
lets 1.5 s pass (the autosave's quiet second), prints "typed" and keeps running
until it is SIGKILLed, as a crash or a dead battery would stop it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from desktop_app.app import build_services, ensure_application
from desktop_app.core.model import Span
from desktop_app.core.storage import open_database
from desktop_app.ui.window.main_window import MainWindow


def main(argv: list[str]) -> int:
    folder, left, right, text = Path(argv[0]), Path(argv[1]), Path(argv[2]), argv[3]
    app = ensure_application()
    services = build_services(
        folder / "typist-settings.ini", open_database(folder / "verso.sqlite3")
    )
    window = MainWindow(services)
    window.show()
    window.open_paths([left, right])
    pane = window.compare.panes[0]
    deadline = time.monotonic() + 60
    while pane.document is None or pane.text_view.document().isEmpty():
        if time.monotonic() > deadline:
            return 1
        app.processEvents()
        time.sleep(0.01)
    start = pane.document.text.index("Paragraph 8")
    a, b = pane.offsets.pane_range(Span(start, start + len("Paragraph 8")))
    cursor = pane.text_view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    pane.text_view.setTextCursor(cursor)
    window.notes.note_action.trigger()
    editor = window.notes.editor
    assert editor is not None
    QTest.keyClicks(editor.note_edit, text)
    until = time.monotonic() + 1.5
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.01)
    print("typed", flush=True)
    while True:  # until killed
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
