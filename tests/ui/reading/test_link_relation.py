"""Each link's relation (quotes / restates / answers) shows in the list, the map and the status."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop_app.core.cancel import Progress
from desktop_app.core.link_evidence import Explainer, describe_evidence
from desktop_app.core.model import Alignment, AlignOptions, Document, RelationKind
from desktop_app.ui.base.services import Services
from desktop_app.ui.reading.link_table import Column, describe_link
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.windows import ParagraphAligner, open_pair, write_pair

RELATIONS = (RelationKind.QUOTES, RelationKind.RESTATES, RelationKind.ANSWERS, None)


class RelationAligner:
    """The paragraph aligner's links with a relation each, in turn (as refinement sets them)."""

    def __init__(self) -> None:
        self.paragraphs = ParagraphAligner()

    def __call__(
        self,
        left: Document,
        right: Document,
        options: AlignOptions = AlignOptions(),  # noqa: B008
        progress: Progress | None = None,
    ) -> Alignment:
        aligned = self.paragraphs(left, right, options, progress)
        links = tuple(
            replace(link, relation=RELATIONS[i % len(RELATIONS)])
            for i, link in enumerate(aligned.links)
        )
        return Alignment(links, options)


def test_the_relation_shows_in_the_list_the_status_bar_and_the_map(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    services.align = RelationAligner()
    open_pair(qtbot, window, *write_pair(tmp_path, count=12))
    links = window.compare.shown_links(0)
    model, proxy, table = window.link_list.model, window.link_list.proxy, window.link_list.table
    shown = [model.data(model.index(r, Column.RELATION)) for r in range(model.rowCount())]
    assert shown == [link.relation.value if link.relation else "" for link in links]
    assert {"quotes", "restates", "answers", ""} <= set(shown)

    # sortable from its header, like the other columns
    table.sortByColumn(Column.RELATION, Qt.SortOrder.AscendingOrder)
    in_order = [proxy.data(proxy.index(r, Column.RELATION)) for r in range(proxy.rowCount())]
    assert in_order == sorted(shown)

    # the selected link's status text names its relation
    restates = next(i for i, link in enumerate(links) if link.relation is RelationKind.RESTATES)
    window.compare.select_link(restates)
    message = window.statusBar().currentMessage()
    assert message == f"Link {restates + 1} of {len(links)}: {describe_link(links[restates])}"
    assert "the right passage restates the left one" in message

    # hovering a ribbon on the link map says why the two are linked
    link_map = window.compare.maps[0]
    qtbot.waitUntil(lambda: bool(link_map.ribbons()))
    ribbons = link_map.ribbons()
    checked = 0
    for ribbon in ribbons:
        box = ribbon.path.boundingRect()
        others = [r.path for r in ribbons if r is not ribbon]
        x = box.center().x()
        points = [QPointF(x, box.top() + box.height() * k / 10) for k in range(1, 10)]
        alone = [
            p for p in points if ribbon.path.contains(p) and not any(o.contains(p) for o in others)
        ]
        if not alone:
            continue
        point = alone[0]
        left, right = (pane.document for pane in window.compare.pair_panes(0))
        assert left is not None and right is not None
        why = Explainer(left.text, right.text).explain(links[ribbon.index])
        expected = describe_evidence(links[ribbon.index], why)
        assert "Words in common" in expected
        assert link_map.tooltip_at(point) == expected
        event = QHelpEvent(
            QHelpEvent.Type.ToolTip, point.toPoint(), link_map.mapToGlobal(point.toPoint())
        )
        QApplication.sendEvent(link_map, event)
        assert QToolTip.text() == expected
        checked += 1
    assert checked >= 2
    # the bare band keeps its general hint
    assert link_map.tooltip_at(QPointF(-5.0, -5.0)).startswith("Links between the two documents")
