"""Errors the user can act on.

Every error the core raises on purpose is a ``VersoError`` whose ``str()`` is one
sentence a person can read: the command line prints it on one line, the GUI shows
it in a message. Anything else escaping the core is a bug.
"""

from __future__ import annotations


class VersoError(Exception):
    """Base of every expected failure; the message is meant for the user."""


class DocumentError(VersoError):
    """A file could not be opened as a document (missing, corrupt, unsupported...)."""


class PasswordRequired(DocumentError):
    """The document is encrypted; opening it again with the right password works."""


class StorageError(VersoError):
    """The annotation database could not be read or written."""


class ServerUnreachable(StorageError):
    """The annotation server could not be reached: the same write may succeed once it is back."""


class Cancelled(VersoError):
    """Long work stopped because the user asked it to."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class ModelUnavailable(VersoError):
    """The embedding model's package is not installed; lexical links still work."""
