"""Cooperative cancellation and progress reporting for long core work.

Long loops call ``checkpoint`` now and then; the GUI cancels through the token
from another thread. No Qt here: the Qt layer adapts these to signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop_app.core.errors import Cancelled
from desktop_app.core.model import ProgressCallback


class CancelToken:
    """A flag another thread can set; work checks it at safe points."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Progress:
    """Reports progress of one piece of work, scaled into a sub-range of the whole.

    ``sub(a, b)`` gives a child whose 0..1 maps onto this one's a..b, so a step
    can report its own progress without knowing where it sits in the pipeline.
    ``publish`` hands over an interim result (the quote links while the rest is
    still being read), so a reader sees something useful long before the end.
    """

    def __init__(
        self,
        callback: ProgressCallback | None = None,
        token: CancelToken | None = None,
        start: float = 0.0,
        end: float = 1.0,
        *,
        interim: Callable[[object], None] | None = None,
    ) -> None:
        self._callback = callback
        self.token = token
        self._start = start
        self._end = end
        self._interim = interim

    def sub(self, start: float, end: float) -> Progress:
        width = self._end - self._start
        return Progress(
            self._callback,
            self.token,
            self._start + width * start,
            self._start + width * end,
            interim=self._interim,
        )

    @property
    def wants_interim(self) -> bool:
        """Whether anyone listens to ``publish`` (work can skip building interim results)."""
        return self._interim is not None

    def publish(self, result: object) -> None:
        """Hand over an interim result; the final one is still what the work returns."""
        if self._interim is not None:
            self.checkpoint()
            self._interim(result)

    def report(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` of this step done; raise ``Cancelled`` if asked to stop."""
        if self.token is not None:
            self.token.raise_if_cancelled()
        if self._callback is not None:
            clamped = min(1.0, max(0.0, fraction))
            self._callback(self._start + (self._end - self._start) * clamped, message)

    def checkpoint(self) -> None:
        if self.token is not None:
            self.token.raise_if_cancelled()
