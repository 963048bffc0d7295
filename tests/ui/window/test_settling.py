"""One alignment per pair, shown as it fills in: quote links first, then the word-level
links, then the settled ones (meaning-level step included), from the real model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, Signal

from desktop_app import cli
from desktop_app.app import build_services, shutdown_services
from desktop_app.core.cache import Cache
from desktop_app.core.model import Alignment, LinkKind
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.tasks import Task
from desktop_app.ui.window.main_window import MainWindow

DATA = Path(__file__).resolve().parents[3] / "data"
PLAN = DATA / "congress-victory-plan-2024.txt"
REBUTTAL = DATA / "spectator-plot-to-kill-putin-rebuttal-2024.txt"


class Observed(QObject):
    """Every alignment task the window starts, with what it published and returned."""

    #: a task published an interim result
    published = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.tasks: list[Task] = []
        self.interim: dict[Task, list[Alignment]] = {}
        self.final: dict[Task, Alignment] = {}

    def watch(self, task: Task) -> None:
        self.tasks.append(task)
        self.interim[task] = []
        task.interim_result.connect(lambda result: self._on_interim(task, result))
        task.finished.connect(lambda result: self.final.__setitem__(task, result))

    def _on_interim(self, task: Task, result: Alignment) -> None:
        self.interim[task].append(result)
        self.published.emit()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    # A cache of its own: the pair is aligned afresh, so every stage really runs.
    with Cache(tmp_path / "cache.sqlite3") as cache:
        built = build_services(tmp_path / "settings.ini", cache=cache)
        yield built
        shutdown_services(built)


@pytest.fixture
def observed(services: Services) -> Observed:
    watching = Observed()
    services.alignments.task_started.connect(watching.watch)
    return watching


# ``window`` is the GUI conftest's fixture, built on the ``services`` above.


def _settled(qtbot: QtBot, window: MainWindow, start: object) -> None:
    with qtbot.waitSignal(
        window.alignment_changed,
        timeout=120_000,
        check_params_cb=lambda _pair, outcome: outcome == "finished",
    ):
        start()  # type: ignore[operator]


def test_quote_links_show_first_then_word_level_then_the_settled_ones(
    qtbot: QtBot, window: MainWindow, observed: Observed
) -> None:
    shown: list[Alignment | None] = []
    window.compare.links_changed.connect(lambda *_: shown.append(window.compare.alignments[0]))
    _settled(qtbot, window, lambda: window.open_paths([PLAN, REBUTTAL]))

    (task,) = observed.tasks
    quotes, word_level = observed.interim[task]
    final = observed.final[task]
    assert quotes.links and {link.kind for link in quotes.links} == {LinkKind.QUOTE}
    assert quotes.ordered is None  # the order is decided after the quotes are found
    assert word_level.ordered is False and word_level.of_kind(LinkKind.RELATED)
    assert final.links != word_level.links  # the meaning-level step added passages
    # The window showed each stage in turn and settled on the task's result.
    links_shown = [a.links for a in shown if a is not None]
    assert quotes.links in links_shown and word_level.links in links_shown
    assert links_shown.index(quotes.links) < links_shown.index(word_level.links)
    settled = window.compare.alignments[0]
    assert settled is not None and settled.links == final.links
    related = settled.of_kind(LinkKind.RELATED)
    assert related and all(link.relation is not None for link in related)
    assert window.link_list.model.rowCount() == len(window.compare.shown_links(0))


def test_a_superseded_alignment_shows_nothing_more(
    qtbot: QtBot, window: MainWindow, observed: Observed
) -> None:
    with qtbot.waitSignal(observed.published, timeout=120_000):
        window.open_paths([PLAN, REBUTTAL])
    first = observed.tasks[0]
    _settled(qtbot, window, lambda: window.start_alignment(0))  # the user realigns
    assert first.outcome in {"cancelled", "finished"}
    last = observed.tasks[-1]
    assert last is not first
    shown = window.compare.alignments[0]
    assert shown is not None and shown.links == observed.final[last].links


def test_the_window_settles_on_exactly_what_verso_align_prints(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One pipeline: the command line's JSON and the window's links, the same for the demo."""
    with qtbot.waitSignal(
        window.alignment_changed,
        timeout=120_000,
        check_params_cb=lambda _pair, outcome: outcome == "finished",
    ):
        window.open_paths([PLAN, REBUTTAL])
    shown = window.compare.alignments[0]
    assert shown is not None

    capsys.readouterr()
    assert cli.main(["align", str(PLAN), str(REBUTTAL), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["links"]
    assert printed  # the demo pair has links of both kinds
    assert any(link["quoted"] for link in printed)  # the quote inside the passage answering it
    assert [
        (link["kind"], link["score"], link["relation"], tuple(link["left"]), tuple(link["right"]),
         [(q["score"], tuple(q["left"]), tuple(q["right"])) for q in link["quoted"]])
        for link in printed
    ] == [
        (link.kind.value, link.score, link.relation.value if link.relation else None,
         (link.left.start, link.left.end), (link.right.start, link.right.end),
         [(q.score, (q.left.start, q.left.end), (q.right.start, q.right.end))
          for q in link.quoted])
        for link in shown.links
    ]  # fmt: skip
    assert shown.ordered is False  # an essay and its rebuttal do not follow each other
    assert "any order" in window.counts_label.text()
    assert "(1 quoting)" in window.counts_label.text()

    # The quote inside the passage is marked in its own (quote) colour on both sides.
    (passage,) = [link for link in shown.links if link.quoted]
    (inner,) = passage.quoted
    window.compare.select_link(window.compare.shown_links(0).index(passage), pair=0)
    left, right = window.compare.pair_panes(0)
    qtbot.waitUntil(lambda: [h.span for h in right.highlights("quoted")] == [inner.right])
    assert [h.span for h in right.highlights("selected")] == [passage.right]
    assert [h.span for h in left.highlights("quoted")] == [inner.left]
