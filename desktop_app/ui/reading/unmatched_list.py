"""The passages of either document that no link explains, listed beside the links.

What the rebuttal says that the essay never did, and what it leaves out of the essay:
paragraphs the shown links do not touch (``core.coverage.unmatched``), one section per
document. Choosing one shows it in its pane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop_app.core.coverage import unmatched
from desktop_app.core.model import Document, Link, Span
from desktop_app.ui.reading.link_table import counted, snippet

_SPAN_ROLE = Qt.ItemDataRole.UserRole + 1


class UnmatchedList(QWidget):
    """Paragraphs without a counterpart, for the left and the right document of a pair."""

    #: the user chose a passage: which side (0 left, 1 right) and its span
    passage_requested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree)

    def set_pair(
        self, left: Document | None, right: Document | None, links: tuple[Link, ...]
    ) -> None:
        """List what ``links`` leave unexplained in ``left`` and ``right`` (None: nothing)."""
        self.tree.clear()
        if left is None or right is None:
            return
        for side, document, spans in (
            (0, left, [link.left for link in links]),
            (1, right, [link.right for link in links]),
        ):
            passages = unmatched(document, spans)
            title = (
                f"{document.display_name}: "
                f"{counted(len(passages), 'paragraph')} without a counterpart"
            )
            section = QTreeWidgetItem(self.tree, [title])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for span in passages:
                item = QTreeWidgetItem(section, [snippet(document.text, span, 140)])
                item.setData(0, _SPAN_ROLE, (side, span.start, span.end))
                item.setToolTip(0, snippet(document.text, span, 600))
            section.setExpanded(True)

    def passages(self, side: int) -> list[Span]:
        """The listed passages of one side (0 left, 1 right)."""
        section = self.tree.topLevelItem(side)
        if section is None:
            return []
        found = []
        for row in range(section.childCount()):
            child = section.child(row)
            if child is not None:
                _side, start, end = child.data(0, _SPAN_ROLE)
                found.append(Span(start, end))
        return found

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, _SPAN_ROLE)
        if data is not None:
            side, start, end = data
            self.passage_requested.emit(side, Span(start, end))
