"""Meaning-level links arrive after the word-level ones, from the real model, in the background."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app import cli
from desktop_app.app import build_services, cached_refiner, shutdown_services
from desktop_app.core.cache import Cache
from desktop_app.core.model import Alignment, Document, LinkKind
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import Services

DATA = Path(__file__).resolve().parents[2] / "data"
PLAN = DATA / "congress-victory-plan-2024.txt"
REBUTTAL = DATA / "spectator-plot-to-kill-putin-rebuttal-2024.txt"


class CountingRefiner:
    """The real cached refiner, recording what it was given and what it returned."""

    def __init__(self, cache: Cache) -> None:
        self._refine = cached_refiner(cache)
        self.calls: list[tuple[Alignment, Alignment]] = []

    def __call__(
        self, alignment: Alignment, left: Document, right: Document, *, progress: object = None
    ) -> Alignment:
        refined = self._refine(alignment, left, right, progress=progress)  # type: ignore[arg-type]
        self.calls.append((alignment, refined))
        return refined


@pytest.fixture
def refiner(tmp_path: Path) -> Iterator[CountingRefiner]:
    with Cache(tmp_path / "cache.sqlite3") as cache:
        yield CountingRefiner(cache)


@pytest.fixture
def services(tmp_path: Path, refiner: CountingRefiner) -> Iterator[Services]:
    built = build_services(tmp_path / "settings.ini", refiner=refiner)
    yield built
    shutdown_services(built)


# ``window`` is the GUI conftest's fixture, built on the ``services`` above.


def test_word_level_links_show_first_then_the_refined_ones_replace_them(
    qtbot: QtBot, window: MainWindow, refiner: CountingRefiner
) -> None:
    outcomes: list[str] = []
    window.alignment_changed.connect(lambda _pair, outcome: outcomes.append(outcome))
    with qtbot.waitSignal(
        window.alignment_changed,
        timeout=120_000,
        check_params_cb=lambda _pair, outcome: outcome == "refined",
    ):
        window.open_paths([PLAN, REBUTTAL])

    assert outcomes == ["finished", "refined"]
    (lexical, refined), *_ = refiner.calls
    shown = window.compare.alignments[0]
    assert shown is not None and shown.links == refined.links
    assert shown.links != lexical.links
    related = shown.of_kind(LinkKind.RELATED)
    assert related and all(link.relation is not None for link in related)
    assert window.link_list.model.rowCount() == len(window.compare.shown_links(0))


def test_a_stale_refinement_is_dropped_when_the_pair_is_realigned(
    qtbot: QtBot, window: MainWindow, refiner: CountingRefiner
) -> None:
    with qtbot.waitSignal(
        window.alignment_changed,
        timeout=120_000,
        check_params_cb=lambda _pair, outcome: outcome == "finished",
    ):
        window.open_paths([PLAN, REBUTTAL])
    first_refinement = window.refinement(0)
    assert first_refinement is not None
    with qtbot.waitSignal(
        window.alignment_changed,
        timeout=120_000,
        check_params_cb=lambda _pair, outcome: outcome == "refined",
    ):
        window.start_alignment(0)  # the user realigns while the first refinement runs
    assert first_refinement.outcome in {"cancelled", "finished"}
    assert window.refinement(0) is not first_refinement
    refined = refiner.calls[-1][1]
    shown = window.compare.alignments[0]
    assert shown is not None and shown.links == refined.links


def test_the_window_settles_on_exactly_what_verso_align_prints(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One pipeline: the command line's JSON and the window's links, the same for the demo."""
    with qtbot.waitSignal(
        window.alignment_changed,
        timeout=120_000,
        check_params_cb=lambda _pair, outcome: outcome == "refined",
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
