"""The link table model and its proxy pass Qt's model checks, sort numbers as numbers and
show each link's relation."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from PySide6.QtCore import Qt

from desktop_app.core.model import Link, LinkKind, RelationKind, Span
from desktop_app.ui.reading.link_table import (
    COLUMNS,
    LINK_ROLE,
    Column,
    LinkFilterProxy,
    LinkTableModel,
    counted,
    describe_link,
    snippet,
)

LEFT = "alpha beta gamma. delta epsilon zeta. eta theta iota. kappa lambda mu."
RIGHT = "ALPHA beta gamma! delta EPSILON zeta? eta theta iota; kappa lambda mu"


def links() -> tuple[Link, ...]:
    return (
        Link(LinkKind.QUOTE, Span(0, 17), Span(0, 17), 95.0, RelationKind.QUOTES),
        Link(LinkKind.RELATED, Span(18, 37), Span(18, 37), 9.0),
        Link(LinkKind.QUOTE, Span(38, 54), Span(38, 54), 100.0),
        Link(LinkKind.RELATED, Span(55, 72), Span(55, 71), 40.5, RelationKind.ANSWERS),
        Link(LinkKind.RELATED, Span(38, 54), Span(38, 54), 61.0, RelationKind.RESTATES),
    )


def test_link_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = LinkTableModel()
    model.set_links(links(), LEFT, RIGHT)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.columnCount() == len(COLUMNS) == len(Column)
    assert model.data(model.index(1, Column.KIND)) == "Related"
    assert model.data(model.index(2, Column.LEFT_TEXT)) == "eta theta iota."
    assert model.data(model.index(3, Column.SCORE), LINK_ROLE) == links()[3]
    assert model.headerData(Column.RELATION, Qt.Orientation.Horizontal) == "Relation"
    relations = [model.data(model.index(r, Column.RELATION)) for r in range(5)]
    assert relations == ["quotes", "", "", "answers", "restates"]
    tip = model.data(model.index(4, Column.RELATION), Qt.ItemDataRole.ToolTipRole)
    # why linked: the first line names it, the rest is the evidence under the score
    first, *evidence = tip.splitlines()
    assert first == "Related passage, score 61: the right passage restates the left one"
    assert evidence[0].startswith("Words in common: ")


def test_proxy_sorts_and_filters_by_relation(qtmodeltester: ModelTester) -> None:
    model = LinkTableModel()
    model.set_links(links(), LEFT, RIGHT)
    proxy = LinkFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(Column.RELATION, Qt.SortOrder.DescendingOrder)
    shown = [proxy.data(proxy.index(r, Column.RELATION)) for r in range(proxy.rowCount())]
    assert shown == ["restates", "quotes", "answers", "", ""]  # untold relations last
    proxy.setFilterFixedString("restates")
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, Column.SCORE)) == "61"


def test_describe_link_names_kind_score_and_relation() -> None:
    quote, untold = links()[0], links()[1]
    assert describe_link(quote) == "Quote link, score 95: the right passage quotes the left one"
    assert describe_link(untold) == "Related link, score 9"


def test_proxy_sorts_scores_numerically_and_filters_text(qtmodeltester: ModelTester) -> None:
    model = LinkTableModel()
    model.set_links(links(), LEFT, RIGHT)
    proxy = LinkFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(Column.SCORE, Qt.SortOrder.AscendingOrder)
    scores = [proxy.data(proxy.index(r, Column.SCORE)) for r in range(proxy.rowCount())]
    assert scores == ["9", "40", "61", "95", "100"]  # "100" < "40" as text
    proxy.setFilterFixedString("epsilon")
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, Column.KIND)) == "Related"


def test_snippet_collapses_space_and_shortens() -> None:
    text = "one\n\n two   three " + "word " * 100
    short = snippet(text, Span(0, len(text)), 20)
    assert short.startswith("one two three")
    assert short.endswith("…") and len(short) <= 20


def test_counts_are_said_in_the_right_number() -> None:
    assert counted(1, "quote link") == "1 quote link"
    assert counted(0, "quote link") == "0 quote links"
    assert counted(2, "related link") == "2 related links"
