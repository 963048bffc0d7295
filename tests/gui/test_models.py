"""The link table model and its proxy pass Qt's model checks and sort numbers as numbers."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from PySide6.QtCore import Qt

from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.ui.models import LINK_ROLE, LinkFilterProxy, LinkTableModel, snippet

LEFT = "alpha beta gamma. delta epsilon zeta. eta theta iota. kappa lambda mu."
RIGHT = "ALPHA beta gamma! delta EPSILON zeta? eta theta iota; kappa lambda mu"


def links() -> tuple[Link, ...]:
    return (
        Link(LinkKind.QUOTE, Span(0, 17), Span(0, 17), 95.0),
        Link(LinkKind.RELATED, Span(18, 37), Span(18, 37), 9.0),
        Link(LinkKind.QUOTE, Span(38, 54), Span(38, 54), 100.0),
        Link(LinkKind.RELATED, Span(55, 72), Span(55, 71), 40.5),
    )


def test_link_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = LinkTableModel()
    model.set_links(links(), LEFT, RIGHT)
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.data(model.index(1, 0)) == "Related"
    assert model.data(model.index(2, 4)) == "eta theta iota."
    assert model.data(model.index(3, 1), LINK_ROLE) == links()[3]


def test_proxy_sorts_scores_numerically_and_filters_text(qtmodeltester: ModelTester) -> None:
    model = LinkTableModel()
    model.set_links(links(), LEFT, RIGHT)
    proxy = LinkFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    scores = [proxy.data(proxy.index(r, 1)) for r in range(proxy.rowCount())]
    assert scores == ["9", "40", "95", "100"]  # "100" < "40" as text
    proxy.setFilterFixedString("epsilon")
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, 0)) == "Related"


def test_snippet_collapses_space_and_shortens() -> None:
    text = "one\n\n two   three " + "word " * 100
    short = snippet(text, Span(0, len(text)), 20)
    assert short.startswith("one two three")
    assert short.endswith("…") and len(short) <= 20
