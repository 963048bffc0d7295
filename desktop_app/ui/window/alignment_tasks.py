"""Each pair's alignment, run in the background and shown as it fills in.

One alignment task per pair (focal document against one other): a new one
replaces a running one, and only the latest result of a pair is shown, so a
stale result never lands on a pane whose text changed. The aligner is the one
pipeline ``verso align`` runs; its interim results (quote links, then the
word-level links while meaning is read) are shown as they come, and the final
links replace them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from desktop_app import timeline
from desktop_app.core.linkfilter import aligned_with
from desktop_app.core.model import Alignment, AlignOptions
from desktop_app.ui.base.reading_room import ReadingRoom
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.tasks import Task


class AlignmentTasks(QObject):
    """Starts, supersedes and cancels the window's alignment tasks."""

    #: an alignment of pair ``pair`` ended: "finished", "cancelled" or "failed"
    alignment_changed = Signal(int, str)

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        compare: ReadingRoom,
        options: Callable[[], AlignOptions],
        shown: Callable[[int, Alignment], Alignment],
        track_task: Callable[[Task, str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.compare = compare
        self.options = options  # the comparison's alignment settings, read at each start
        self.shown = shown  # what a pair shows of an alignment (rejected out, hand-made in)
        self.track_task = track_task
        self._aligns: dict[int, Task] = {}

    def start(self, pair: int) -> Task | None:
        """Align the documents of ``pair`` in the background (replacing a running alignment)."""
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        running = self._aligns.get(pair)
        if running is not None and not running.done:
            running.cancel()
        if left is None or right is None:
            return None
        align = self.services.align
        options = aligned_with(self.options())

        def work(progress: object) -> Alignment:
            return align(left, right, options, progress)  # type: ignore[arg-type]

        task = self.services.alignments.submit(f"align {pair}", work)
        self._aligns[pair] = task
        task.interim_result.connect(lambda interim: self._on_interim(pair, task, interim))
        task.finished.connect(lambda alignment: self._on_aligned(pair, task, alignment))
        task.cancelled.connect(lambda: self._on_align_ended(pair, task, "cancelled", ""))
        task.failed.connect(lambda message, _e: self._on_align_ended(pair, task, "failed", message))
        label = f"Aligning with {right.display_name}…" if self.compare.many else "Aligning…"
        self.track_task(task, label)
        return task

    def cancel(self, pair: int) -> None:
        """Stop and forget ``pair``'s alignment (its text is being replaced)."""
        running = self._aligns.pop(pair, None)
        if running is not None and not running.done:
            running.cancel()

    def drop(self, pairs: Iterable[int]) -> None:
        """Stop and forget the alignments of ``pairs`` (they are leaving the comparison)."""
        for pair in pairs:
            task = self._aligns.pop(pair, None)
            if task is not None and not task.done:
                task.cancel()

    def _on_interim(self, pair: int, task: Task, interim: object) -> None:
        """Links found so far (quotes first): shown at once, replaced when the task ends."""
        if self._aligns.get(pair) is not task or not isinstance(interim, Alignment):
            return
        self.compare.set_alignment(pair, self.shown(pair, interim))
        if interim.links:
            timeline.mark("first_links")

    def _on_aligned(self, pair: int, task: Task, alignment: Alignment) -> None:
        if self._aligns.get(pair) is not task:
            return
        self.compare.set_alignment(pair, self.shown(pair, alignment))
        timeline.mark("first_links")
        self.alignment_changed.emit(pair, "finished")
        if all(t.done for t in self._aligns.values()):
            timeline.mark("links_settled")

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
