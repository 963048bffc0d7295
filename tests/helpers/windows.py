"""Windows for GUI tests: two documents whose paragraphs correspond, an aligner that links them
by position, real services and a shown `MainWindow`. The fixtures are made available by
`tests/ui/conftest.py` and `tests/reliability/conftest.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from benchmarks.inputs import WORDS
from desktop_app.app import build_services, shutdown_services
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Alignment, AlignOptions, Document, Link, LinkKind
from desktop_app.ui.base.services import Services
from desktop_app.ui.window.main_window import MainWindow


def paragraph(i: int, changed: bool = False) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(48)]
    if changed:
        words[5] = "altered"
        words[20] = "rewritten"
    return f"Paragraph {i}: " + " ".join(words) + "."


def write_pair(folder: Path, count: int = 40) -> tuple[Path, Path]:
    """Two plain-text documents whose paragraph i corresponds (right side lightly edited)."""
    left = folder / "left.txt"
    right = folder / "right.txt"
    left.write_text("\n\n".join(paragraph(i) for i in range(count)) + "\n", encoding="utf-8")
    right.write_text(
        "Preface of the answer.\n\n"
        + "\n\n".join(paragraph(i, changed=True) for i in range(count))
        + "\n",
        encoding="utf-8",
    )
    return left, right


_DEFAULT_OPTIONS = AlignOptions()


class ParagraphAligner:
    """Links paragraph i of one document to paragraph i of the other; counts its calls.

    A real aligner over real documents (by position, not by text), so GUI tests
    know exactly which links exist without depending on the matcher's tuning.
    """

    def __init__(self) -> None:
        self.calls = 0
        self.results: list[Alignment] = []

    def __call__(
        self,
        left: Document,
        right: Document,
        options: AlignOptions = _DEFAULT_OPTIONS,
        progress: Progress | None = None,
    ) -> Alignment:
        self.calls += 1
        lefts = [b for b in left.blocks if b.span.of(left.text).startswith("Paragraph")]
        rights = [b for b in right.blocks if b.span.of(right.text).startswith("Paragraph")]
        links = tuple(
            Link(
                LinkKind.QUOTE if i % 2 == 0 else LinkKind.RELATED,
                a.span,
                b.span,
                float(30 + (i * 17) % 70),
            )
            for i, (a, b) in enumerate(zip(lefts, rights, strict=False))
        )
        alignment = Alignment(links, options)
        self.results.append(alignment)
        return alignment


@pytest.fixture
def aligner() -> ParagraphAligner:
    return ParagraphAligner()


@pytest.fixture
def services(tmp_path: Path, aligner: ParagraphAligner) -> Iterator[Services]:
    built = build_services(tmp_path / "settings.ini")
    built.align = aligner
    yield built
    shutdown_services(built)


def show_window(qtbot: QtBot, services: Services, width: int = 1200) -> MainWindow:
    """A real MainWindow on ``services``, shown and exposed, closed by qtbot at the end."""
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(width, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot: QtBot, services: Services) -> MainWindow:
    return show_window(qtbot, services)


def open_pair(qtbot: QtBot, window: MainWindow, left: Path, right: Path) -> None:
    """Open both documents and wait until their alignment is shown."""
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000) as blocker:
        window.open_paths([left, right])
    assert blocker.args == [0, "finished"]


def new_window(qtbot: QtBot, services: Services) -> MainWindow:
    return show_window(qtbot, services, width=1300)


def reopen(qtbot: QtBot, window: MainWindow, comparison_id: str) -> None:
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000) as blocker:
        assert window.open_comparison(comparison_id)
    assert blocker.args == [0, "finished"]
