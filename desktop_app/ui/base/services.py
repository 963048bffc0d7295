"""What the window needs from the outside, constructed once in ``app.py`` and passed in.

No singletons: tests build their own ``Services`` (a real loader, a real aligner
or a function returning a hand-built Alignment, settings in a temporary INI file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from desktop_app.core.cancel import Progress
from desktop_app.core.documents import SUPPORTED_SUFFIXES
from desktop_app.core.model import Alignment, AlignOptions, Document
from desktop_app.ui.base.prompts import (
    EncodingPrompt,
    LocatePrompt,
    PasswordPrompt,
    ask_encoding,
    ask_location,
    ask_password,
)
from desktop_app.ui.base.settings import Settings
from desktop_app.ui.base.tasks import TaskRunner

if TYPE_CHECKING:  # SQLAlchemy loads when the database opens, after the window shows
    from desktop_app.core.storage import Database


class Loader(Protocol):
    """``core.documents.load``'s shape: ``preview`` gets the first pages of a PDF early."""

    def __call__(
        self,
        path: Path,
        *,
        password: str | None = None,
        progress: Progress | None = None,
        preview: Callable[[Document], None] | None = None,
        encoding: str | None = None,
    ) -> Document: ...


class PreviewRelay(QObject):
    """Carries a preview Document from the load worker thread to the GUI thread.

    ``post`` is the loader's ``preview`` callback (called on the worker); the
    private signal is queued to this object's own slot on the GUI thread, which
    re-emits ``preview_ready``, so every handler runs there, and before the
    task's ``finished`` (both are posted in order from the same thread).
    """

    #: the first pages of the document being loaded (a ``Document``)
    preview_ready = Signal(object)

    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._on_posted)

    def post(self, document: Document) -> None:
        """Hand over a preview (safe from any thread)."""
        self._posted.emit(document)

    def _on_posted(self, document: Document) -> None:
        self.preview_ready.emit(document)


class Aligner(Protocol):
    def __call__(
        self,
        left: Document,
        right: Document,
        options: AlignOptions = ...,
        progress: Progress | None = None,
    ) -> Alignment: ...


def document_filter(suffixes: Iterable[str] = SUPPORTED_SUFFIXES) -> str:
    """The open dialogs' filter, from the loader's own list of suffixes (one place)."""
    patterns = " ".join(f"*{suffix}" for suffix in sorted(suffixes))
    return f"Documents ({patterns});;All files (*)"


@dataclass
class Services:
    """The window's collaborators: document loading, alignment, settings, workers."""

    load: Loader
    align: Aligner
    settings: Settings
    loads: TaskRunner  # one worker: pymupdf is used from one thread at a time
    alignments: TaskRunner
    ask_password: PasswordPrompt = ask_password
    ask_encoding: EncodingPrompt = ask_encoding  # "Reopen with Encoding…"
    # The annotation database (None: it could not be opened; notes are unavailable).
    database: Database | None = None
    # The database opens after the window shows (``MainWindow.attach_database``): until
    # then no notes, without saying they are unavailable.
    database_later: bool = False
    locate_file: LocatePrompt = ask_location  # asks where a comparison's moved file went
    file_filter: str = field(default_factory=document_filter)
