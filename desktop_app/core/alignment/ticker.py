"""Throttled progress: long loops call ``tick`` every iteration, cheaply.

A progress bar needs an update every ~100 ms and cancellation must be noticed
promptly, but calling back into the GUI on every iteration of a hot loop costs
more than the work. ``tick`` checks the cancel token every time and reports at
most every ``interval`` seconds.
"""

from __future__ import annotations

import time

from desktop_app.core.cancel import Progress


class Ticker:
    """Wraps an optional Progress for use inside hot loops."""

    def __init__(self, progress: Progress | None, message: str, interval: float = 0.05) -> None:
        self._progress = progress
        self._message = message
        self._interval = interval
        self._last = float("-inf")
        self._fraction = 0.0

    def tick(self, fraction: float) -> None:
        """Raise ``Cancelled`` if asked; report ``fraction`` if enough time has passed."""
        if self._progress is None:
            return
        self._progress.checkpoint()
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._fraction = max(self._fraction, fraction)
            self._progress.report(self._fraction, self._message)

    def done(self) -> None:
        if self._progress is not None:
            self._progress.report(1.0, self._message)
