"""Each pair's alignment and its meaning-level refinement, run in the background.

One alignment task per pair (focal document against one other): a new one
replaces a running one, and only the latest result of a pair is shown, so a
stale result never lands on a pane whose text changed. When the word-level
links are shown, the refinement starts; its links replace them when ready,
or the word-level ones stay and the status bar says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from desktop_app.core.model import Alignment
from desktop_app.ui.annotation_controller import AnnotationController
from desktop_app.ui.compare_view import CompareView
from desktop_app.ui.services import Services
from desktop_app.ui.tasks import Task


class AlignmentTasks(QObject):
    """Starts, supersedes and cancels the window's alignment and refinement tasks."""

    #: an alignment of pair ``pair`` ended: "finished", "refined", "cancelled" or "failed"
    alignment_changed = Signal(int, str)

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        compare: CompareView,
        notes: AnnotationController,
        track_task: Callable[[Task, str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.compare = compare
        self.notes = notes
        self.track_task = track_task
        self._aligns: dict[int, Task] = {}
        self._refines: dict[int, Task] = {}

    def start(self, pair: int) -> Task | None:
        """Align the documents of ``pair`` in the background (replacing a running alignment)."""
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        for running in (self._aligns.get(pair), self._refines.pop(pair, None)):
            if running is not None and not running.done:
                running.cancel()
        if left is None or right is None:
            return None
        align = self.services.align
        options = self.notes.workspace.options

        def work(progress: object) -> Alignment:
            return align(left, right, options, progress)  # type: ignore[arg-type]

        task = self.services.alignments.submit(f"align {pair}", work)
        self._aligns[pair] = task
        task.finished.connect(lambda alignment: self._on_aligned(pair, task, alignment))
        task.cancelled.connect(lambda: self._on_align_ended(pair, task, "cancelled", ""))
        task.failed.connect(lambda message, _e: self._on_align_ended(pair, task, "failed", message))
        label = f"Aligning with {right.display_name}…" if self.compare.many else "Aligning…"
        self.track_task(task, label)
        return task

    def refinement(self, pair: int) -> Task | None:
        """The meaning-level step running or last run for ``pair``, if any."""
        return self._refines.get(pair)

    def cancel(self, pair: int) -> None:
        """Stop and forget ``pair``'s alignment and refinement (its text is being replaced)."""
        for running in (self._aligns.pop(pair, None), self._refines.pop(pair, None)):
            if running is not None and not running.done:
                running.cancel()

    def drop(self, pairs: Iterable[int]) -> None:
        """Stop and forget the alignments of ``pairs`` (they are leaving the comparison)."""
        for pair in pairs:
            task = self._aligns.pop(pair, None)
            if task is not None and not task.done:
                task.cancel()

    def _on_aligned(self, pair: int, task: Task, alignment: Alignment) -> None:
        if self._aligns.get(pair) is not task:
            return
        self.compare.set_alignment(pair, self.notes.shown_alignment(pair, alignment))
        self.alignment_changed.emit(pair, "finished")
        self._start_refinement(pair, task, alignment)

    def _start_refinement(self, pair: int, aligned: Task, alignment: Alignment) -> None:
        """Second step: meaning-level related links replace the lexical ones when ready."""
        refiner = self.services.refine
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        if refiner is None or left is None or right is None:
            return

        def work(progress: object) -> Alignment:
            return refiner(alignment, left, right, progress=progress)  # type: ignore[arg-type]

        task = self.services.alignments.submit(f"refine {pair}", work)
        self._refines[pair] = task
        task.finished.connect(lambda refined: self._on_refined(pair, aligned, task, refined))
        task.failed.connect(lambda message, _e: self._on_refine_failed(pair, task, message))
        self.track_task(task, "Reading for meaning…")

    def _on_refined(self, pair: int, aligned: Task, task: Task, refined: Alignment) -> None:
        if self._aligns.get(pair) is not aligned or self._refines.get(pair) is not task:
            return  # the pair was realigned meanwhile: this result is stale
        self.compare.set_alignment(pair, self.notes.shown_alignment(pair, refined))
        self.alignment_changed.emit(pair, "refined")

    def _on_refine_failed(self, pair: int, task: Task, message: str) -> None:
        """The word-level links stay; say why the meaning-level ones are missing."""
        if self._refines.get(pair) is task:
            self.window.statusBar().showMessage(f"Showing word-level links only: {message}", 10000)

    def _on_align_ended(self, pair: int, task: Task, outcome: str, message: str) -> None:
        if self._aligns.get(pair) is not task:
            return
        if outcome == "cancelled":
            self.window.statusBar().showMessage("Alignment cancelled.", 6000)
        else:
            other = self.compare.pair_panes(pair)[1]
            other.show_error(f"The documents could not be aligned: {message}")
            self.window.statusBar().showMessage(message, 8000)
        self.alignment_changed.emit(pair, outcome)
