"""Background tasks: a cancel counts only while the work can still stop."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop_app.core.cancel import Progress
from desktop_app.ui.base.tasks import TaskRunner


def test_a_cancel_that_comes_after_the_work_is_done_reports_what_was_done(qtbot: QtBot) -> None:
    runner = TaskRunner("test")
    cancel_sent = threading.Event()

    def work(progress: Progress) -> str:
        progress.checkpoint()
        assert cancel_sent.wait(10)  # the analyst pressed Cancel while this step finished
        return "written"

    task = runner.submit("commit", work)
    with qtbot.waitSignal(task.finished, timeout=10_000) as finished:
        task.cancel()
        cancel_sent.set()
    assert finished.args == ["written"] and task.outcome == "finished"


def test_a_cancel_before_the_work_starts_stops_it(qtbot: QtBot) -> None:
    runner = TaskRunner("test")
    gate = threading.Event()
    ran: list[str] = []
    runner.submit("first", lambda _progress: gate.wait(10))
    task = runner.submit("second", lambda _progress: ran.append("ran"))
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.cancel()
        gate.set()
    assert ran == [] and task.outcome == "cancelled"
