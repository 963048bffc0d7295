"""Background work for the window: results come back to the GUI thread by signal.

Rule: a worker never touches a widget. It runs a plain function with a
``Progress`` whose callback emits a signal; Qt queues signals emitted from a
worker thread to receivers living in the GUI thread, so every slot runs there.
Each ``TaskRunner`` owns one worker thread: document loads share one (pymupdf is
not thread-safe), alignment gets its own so a slow alignment never delays a load.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.cancel import CancelToken, Progress
from desktop_app.core.errors import Cancelled, VersoError

log = logging.getLogger(__name__)

Work = Callable[[Progress], Any]

# Progress signals faster than this are dropped (the last one of a step still goes).
_PROGRESS_INTERVAL = 0.05


class Task(QObject):
    """One piece of background work and its outcome, observed from the GUI thread.

    The worker posts to private signals; their slots run on the GUI thread (the
    task lives there) and re-emit the public ones, so any handler, even a lambda,
    runs on the GUI thread. Exactly one of ``finished``, ``failed`` or
    ``cancelled`` is emitted.
    """

    #: fraction done in [0, 1] and what is being done now
    progress_changed = Signal(float, str)
    #: the work's return value
    finished = Signal(object)
    #: a message for the user (``str`` of a VersoError, or "Unexpected error: ...")
    #: and the exception itself
    failed = Signal(str, object)
    #: the work stopped because ``cancel`` was called
    cancelled = Signal()
    #: an interim result the work published (``Progress.publish``), before it ends
    interim_result = Signal(object)

    _progress_posted = Signal(float, str)
    _interim_posted = Signal(object)
    _outcome_posted = Signal(str, object, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.done = False
        self.outcome = ""  # "finished", "failed" or "cancelled" once done
        self._last_progress = 0.0
        self._lock = threading.Lock()
        self._progress_posted.connect(self._on_progress_posted)
        self._outcome_posted.connect(self._on_outcome_posted)
        self._interim_posted.connect(self._on_interim_posted)

    def cancel(self) -> None:
        """Ask the work to stop at its next checkpoint (safe from any thread)."""
        self.token.cancel()

    def _report(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        with self._lock:
            if fraction < 1.0 and now - self._last_progress < _PROGRESS_INTERVAL:
                return
            self._last_progress = now
        self._progress_posted.emit(fraction, message)

    def _on_progress_posted(self, fraction: float, message: str) -> None:
        if not self.done:
            self.progress_changed.emit(fraction, message)

    def _on_interim_posted(self, result: object) -> None:
        if not self.done and not self.token.cancelled:
            self.interim_result.emit(result)

    def _on_outcome_posted(self, outcome: str, payload: object, error: object) -> None:
        self.done = True
        self.outcome = outcome
        if outcome == "finished":
            self.finished.emit(payload)
        elif outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(payload), error)

    def run(self, work: Work) -> None:
        """Run ``work`` here (called on the worker thread)."""
        progress = Progress(self._report, self.token, interim=self._interim_posted.emit)
        try:
            progress.checkpoint()
            # Once the work has returned, what it did is done (an import committed, an
            # export written): a cancel that came too late is not reported as one, so the
            # message says what happened. Callers that only want the newest result (loads,
            # alignments) check that the finished task is still theirs.
            result = work(progress)
        except Cancelled:
            self._outcome_posted.emit("cancelled", None, None)
        except VersoError as error:
            self._outcome_posted.emit("failed", str(error), error)
        except Exception as error:
            log.exception("task %s failed", self.name)
            self._outcome_posted.emit("failed", f"Unexpected error: {error}", error)
        else:
            self._outcome_posted.emit("finished", result, None)


class TaskRunner(QObject):
    """Runs tasks one at a time on a single worker thread, in submission order."""

    #: a task was submitted (the status bar shows its progress)
    task_started = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"verso-{name}")
        self._futures: list[Future[None]] = []

    def submit(self, name: str, work: Work) -> Task:
        """Queue ``work``; connect to the returned task's signals before control returns."""
        task = Task(name, self)
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self._executor.submit(task.run, work))
        self.task_started.emit(task)
        return task

    def busy(self) -> bool:
        return any(not f.done() for f in self._futures)

    def shutdown(self, *, cancel: list[Task] | None = None) -> None:
        """Stop accepting work and wait for the running task (cancel it first if given)."""
        for task in cancel or ():
            task.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)
