"""Loading documents into panes: background loads, previews, failures put right.

A load runs as a task; a PDF's first pages show at once as a preview marked
"Loading…" and the full document replaces them. What the pane showed before a
preview is kept until the load ends, so a load that fails puts it back rather
than leave a preview that looks opened. A document that needs a password is
asked for it (again, with the reason, after a wrong one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from desktop_app.core.documents.reopen import load_as_before
from desktop_app.core.errors import PasswordRequired, StorageError
from desktop_app.core.model import Alignment, Document
from desktop_app.ui.base.prompts import password_reason
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.base.services import PreviewRelay, Services
from desktop_app.ui.base.tasks import Task
from desktop_app.ui.window.reopen_encoding import REOPEN, weak_guess


@dataclass(frozen=True, slots=True)
class PaneState:
    """What a pane showed before a load's preview replaced it (put back if the load fails)."""

    task: Task  # the load whose preview replaced it
    document: Document | None
    alignments: dict[int, Alignment | None]  # the pairs of that pane, as shown
    scroll: int


class DocumentLoading(QObject):
    """One load task per pane: the newest wins, older ones are cancelled or ignored."""

    #: pane ``slot`` shows ``document``, fully loaded from ``path`` (slot, path, document)
    document_changed = Signal(int, object, object)

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        compare: ReadingRoom,
        refresh_notes: Callable[[], None],
        start_alignment: Callable[[int], object],
        cancel_alignment: Callable[[int], None],
        track_task: Callable[[Task, str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.compare = compare
        self.refresh_notes = refresh_notes
        self.start_alignment = start_alignment
        self.cancel_alignment = cancel_alignment
        self.track_task = track_task
        self._loads: dict[int, Task] = {}
        self._before_preview: dict[int, PaneState] = {}  # slot -> shown before a preview

    def open(
        self, slot: int, path: Path, password: str | None = None, encoding: str | None = None
    ) -> Task:
        """Load ``path`` into pane ``slot`` (which must exist) in the background.

        ``encoding`` (text files) is the user's choice; without it, a file whose
        bytes the registry knows is read with the encoding its notes were made on.
        """
        previous = self._loads.get(slot)
        if previous is not None and not previous.done:
            previous.cancel()
        load = self.services.load
        relay = PreviewRelay(self)  # first pages of a PDF, shown while the rest loads
        options: dict[str, object] = {"password": password, "preview": relay.post}
        if encoding is not None:
            options["encoding"] = encoding
        remembered = self._remembered_encodings(path) if encoding is None else {}

        def work(progress: object) -> Document:
            return load_as_before(load, path, remembered, progress=progress, **options)

        task = self.services.loads.submit(f"load {path.name}", work)
        self._loads[slot] = task
        relay.preview_ready.connect(lambda doc: self._on_preview(slot, doc, task))
        task.progress_changed.connect(lambda f, _m: self._on_load_progress(slot, task, f))
        for ended in (task.finished, task.failed, task.cancelled):
            ended.connect(lambda *_: self._on_load_ended(slot, task, relay))
        task.finished.connect(lambda doc: self._on_loaded(slot, path, doc, task))
        task.failed.connect(
            lambda message, error: self._on_load_failed(
                slot, path, message, error, tried=password is not None
            )
        )
        self.track_task(task, f"Opening {path.name}…")
        return task

    def has_load(self, slot: int) -> bool:
        """Whether pane ``slot`` has been given a load (running or ended)."""
        return slot in self._loads

    def is_loading(self, slot: int) -> bool:
        """Whether pane ``slot``'s load is still running."""
        task = self._loads.get(slot)
        return task is not None and not task.done

    def drop(self, slots: Iterable[int]) -> None:
        """Stop and forget the loads of ``slots`` (their panes are leaving)."""
        for slot in slots:
            task = self._loads.pop(slot, None)
            if task is not None and not task.done:
                task.cancel()

    def _on_loaded(self, slot: int, path: Path, document: Document, task: Task) -> None:
        if self._loads.get(slot) is not task:
            return  # a newer load for this pane superseded this one
        self.compare.set_document(slot, document)
        if document.warnings:  # a weak encoding guess offers another at once
            action = REOPEN if weak_guess(document) else ""
            bar = self.compare.panes[slot].message_bar
            bar.show_message(" ".join(document.warnings), error=False, action=action)
        self.document_changed.emit(slot, path, document)

    def _remembered_encodings(self, path: Path) -> dict[str, str]:
        """The encodings the registry keeps for documents last seen at ``path``."""
        if self.services.database is None:
            return {}
        from desktop_app.core.storage.versions import encodings_at

        try:
            return encodings_at(self.services.database, path)
        except StorageError:
            return {}  # the database's own message is shown elsewhere; detect afresh

    def _on_preview(self, slot: int, document: Document, task: Task) -> None:
        """Show the first pages now, marked as loading; no alignment until the full text."""
        if self._loads.get(slot) is not task or task.done:
            return
        saved = self._before_preview.get(slot)
        if saved is None or saved.task is not task:
            self._before_preview[slot] = self._pane_state(slot, task)
        for pair, _right in self.compare.pairs_of(slot):
            # Their results hold spans of the text being replaced: drop them.
            self.cancel_alignment(pair)
        self.compare.set_document(slot, document)
        self.compare.panes[slot].set_loading(0.0)

    def _pane_state(self, slot: int, task: Task) -> PaneState:
        pane = self.compare.panes[slot]
        alignments = {
            pair: self.compare.alignments[pair] for pair, _ in self.compare.pairs_of(slot)
        }
        return PaneState(
            task,
            pane.document,
            alignments,
            pane.text_view.verticalScrollBar().value(),
        )

    def _restore_pane(self, slot: int, saved: PaneState) -> None:
        """Put back what pane ``slot`` showed before a failed load's preview."""
        pane = self.compare.panes[slot]
        if saved.document is None:
            pane.clear()
            for pair, _right in self.compare.pairs_of(slot):
                self.compare.set_alignment(pair, None)
            return
        self.compare.set_document(slot, saved.document)
        pane.text_view.verticalScrollBar().setValue(saved.scroll)
        for pair, _right in self.compare.pairs_of(slot):
            alignment = saved.alignments.get(pair)
            if alignment is not None:
                self.compare.set_alignment(pair, alignment)
            else:
                self.start_alignment(pair)  # it was still running when the preview came
        self.refresh_notes()  # the note highlights went with the replaced text

    def _on_load_progress(self, slot: int, task: Task, fraction: float) -> None:
        pane = self.compare.panes[slot]
        if self._loads.get(slot) is task and pane.loading:
            pane.set_loading(fraction)

    def _on_load_ended(self, slot: int, task: Task, relay: QObject) -> None:
        relay.deleteLater()
        saved = self._before_preview.get(slot)
        if saved is not None and saved.task is task:
            del self._before_preview[slot]
        else:
            saved = None
        if self._loads.get(slot) is not task or task.outcome == "finished":
            return
        if task.outcome == "failed" and saved is not None:
            self._restore_pane(slot, saved)  # the error shows over what was there before
        else:
            self.compare.panes[slot].set_loading(None)  # a cancelled load keeps what it read

    def _on_load_failed(
        self, slot: int, path: Path, message: str, error: object, *, tried: bool
    ) -> None:
        """Say why ``path`` did not open; a password is asked again after a wrong one."""
        if isinstance(error, PasswordRequired):
            reason = password_reason(path, wrong=tried)
            password = self.services.ask_password(self.window, path, reason)
            if password is not None:
                self.open(slot, path, password)
                return
            message = f"{path.name} was not opened: it needs a password."
        self.compare.panes[slot].show_error(message)
        self.window.statusBar().showMessage(message, 8000)
