"""QUndoCommand adapters over the core's undoable commands, one QUndoStack per window.

A command is applied *before* it is pushed, outside the stack: if the database
refuses (disk full, read-only folder) nothing enters the history and the caller
keeps the analyst's unsaved text. Once pushed, the stack's first ``redo`` is a
no-op; later undo/redo failures are reported through ``on_error`` and the
command stays where it was, so the analyst can try again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.commands import Command

ErrorHandler = Callable[[StorageError], None]


class CoreCommand(QUndoCommand):
    """Runs a core ``Command``: redo → ``apply()``, undo → ``revert()``."""

    def __init__(self, command: Command, on_error: ErrorHandler) -> None:
        super().__init__(command.text)
        self.command = command
        self._on_error = on_error
        self._applied = True  # pushed only after a successful apply

    def redo(self) -> None:
        if self._applied:
            return
        try:
            self.command.apply()
        except StorageError as exc:
            self._on_error(exc)
            return
        self._applied = True

    def undo(self) -> None:
        if not self._applied:
            return
        try:
            self.command.revert()
        except StorageError as exc:
            self._on_error(exc)
            return
        self._applied = False


class Inverse:
    """A command run backwards (removing a hand-made link undoes by adding it again)."""

    def __init__(self, command: Command, text: str) -> None:
        self.command = command
        self.text = text

    def apply(self) -> None:
        self.command.revert()

    def revert(self) -> None:
        self.command.apply()


def perform(stack: QUndoStack, command: Command, on_error: ErrorHandler) -> bool:
    """Apply ``command`` and record it for undo; False (and ``on_error``) if it failed."""
    try:
        command.apply()
    except StorageError as exc:
        on_error(exc)
        return False
    stack.push(CoreCommand(command, on_error))
    return True
