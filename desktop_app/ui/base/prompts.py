"""The modal questions the window asks: a password, an encoding, where a moved file went.

Each is a plain function with a type alias for its shape, so ``Services`` can hold
it and tests can answer in its place without a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from desktop_app.core.documents.encoding import REOPEN_CHOICES

#: (parent, path, reason) -> the password, or None if the user cancels; ``reason`` is
#: the prompt's text, so a second prompt can say that the last password was wrong
PasswordPrompt = Callable[[QWidget, Path, str], "str | None"]

WRONG_PASSWORD = "The password was wrong. Try again:"


def password_reason(path: Path, *, wrong: bool) -> str:
    """Why the password is asked for: the first time, or after a wrong one."""
    return WRONG_PASSWORD if wrong else f"“{path.name}” is protected by a password:"


def password_dialog(parent: QWidget, path: Path, reason: str) -> QInputDialog:
    """The prompt ``ask_password`` shows (built apart so its text can be checked)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(f"Password for {path.name}")  # the file, even after a wrong one
    dialog.setLabelText(reason)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    return dialog


def ask_password(parent: QWidget, path: Path, reason: str) -> str | None:
    """Ask for a document's password in a modal prompt (None if the user cancels)."""
    dialog = password_dialog(parent, path, reason)
    try:
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()
    finally:
        dialog.deleteLater()


EncodingPrompt = Callable[[QWidget, Path, str | None], str | None]


def encoding_dialog(parent: QWidget, path: Path, current: str | None) -> QInputDialog:
    """The prompt ``ask_encoding`` shows (built apart so its content can be checked)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(f"Reopen {path.name}")
    dialog.setLabelText(f"Read “{path.name}” with the encoding:")
    choices = list(REOPEN_CHOICES)
    if current and current not in choices:
        choices.insert(0, current)
    dialog.setComboBoxItems(choices)
    dialog.setComboBoxEditable(True)  # any codec Python knows
    if current:
        dialog.setTextValue(current)
    return dialog


def ask_encoding(parent: QWidget, path: Path, current: str | None) -> str | None:
    """Ask which encoding to reopen ``path`` with (None if the user cancels)."""
    dialog = encoding_dialog(parent, path, current)
    try:
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        return dialog.textValue().strip() or None
    finally:
        dialog.deleteLater()


LocatePrompt = Callable[[QWidget, str, "Path | None"], "Path | None"]


def ask_location(parent: QWidget, name: str, last_known: Path | None) -> Path | None:
    """Ask the user where a document of a saved comparison went (None: skip it)."""
    start = str(last_known.parent) if last_known is not None else ""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, f"Where is “{name}” now? (it was not found at its last place)", start
    )
    return Path(chosen) if chosen else None
