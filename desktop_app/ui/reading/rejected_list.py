"""The links the analyst rejected in the current comparison, to review and show again.

A rejection hides an automatic link for good (re-alignment keeps it hidden); this list is
where the analyst sees what they dismissed, between the focal document and the current tab's,
and brings one back. Which rejections belong to the pair is the core's
(``workspace_links.rejections_for``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annotations import Comparison, RejectedLink
from desktop_app.core.model import Document, LinkKind
from desktop_app.core.workspace_links import rejections_for
from desktop_app.ui.reading.link_table import snippet


class RejectedList(QWidget):
    """Rejected links of one pair; "Show Again" asks to undo a rejection."""

    #: the analyst wants this rejected link shown again
    show_again_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Kind", "Left text", "Right text"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(1, 360)
        self.show_button = QPushButton("Show Again", self)
        self.show_button.setToolTip("Show the selected rejected link again (Ctrl+Z hides it)")
        self.show_button.clicked.connect(self._on_show_again)
        self.tree.currentItemChanged.connect(lambda *_: self._update_button())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self._rejected: list[RejectedLink] = []
        self._update_button()

    def set_pair(
        self, comparison: Comparison | None, left: Document | None, right: Document | None
    ) -> None:
        """List the rejections of ``comparison`` between ``left`` and ``right``."""
        self.tree.clear()
        self._rejected = []
        if comparison is not None and left is not None and right is not None:
            self._rejected = list(rejections_for(comparison, left.sha256, right.sha256))
        for rejected in self._rejected:
            kind = "Quote" if rejected.kind is LinkKind.QUOTE else "Related"
            texts = [
                snippet(document.text, span) if span.end <= len(document.text) else ""
                for document, span in (
                    (left, rejected.left),
                    (right, rejected.right),
                )
                if document is not None
            ]
            QTreeWidgetItem(self.tree, [kind, *texts])
        self._update_button()

    def rejected(self) -> list[RejectedLink]:
        return list(self._rejected)

    def _update_button(self) -> None:
        self.show_button.setEnabled(self.tree.currentItem() is not None)

    def _on_show_again(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        row = self.tree.indexOfTopLevelItem(item)
        if 0 <= row < len(self._rejected):
            self.show_again_requested.emit(self._rejected[row])
