"""The scope half of the export dialog: all or the current comparison, then tags/colours/documents.

Only turns check boxes into a core ``Scope``; what is in scope is decided by
``core.export.build``, the same code the command line uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)

from desktop_app.core.annotations import Colour, Comparison
from desktop_app.core.export import AnyExcerpt
from desktop_app.core.export.build import Scope
from desktop_app.core.export.excerpts import quotes_of

_DATA = Qt.ItemDataRole.UserRole


def _checkable_list(parent: QWidget, entries: Iterable[tuple[str, str]], tip: str) -> QListWidget:
    widget = QListWidget(parent)
    widget.setToolTip(tip)
    for label, value in entries:
        item = QListWidgetItem(label, widget)
        item.setData(_DATA, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    widget.setMaximumHeight(110)
    return widget


def _checked(widget: QListWidget) -> frozenset[str]:
    return frozenset(
        str(widget.item(row).data(_DATA))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def set_checked(widget: QListWidget, values: Iterable[str]) -> None:
    """Tick the items whose value is in ``values`` (and untick the rest)."""
    wanted = set(values)
    for row in range(widget.count()):
        item = widget.item(row)
        state = Qt.CheckState.Checked if item.data(_DATA) in wanted else Qt.CheckState.Unchecked
        item.setCheckState(state)


def documents_of(excerpts: Sequence[AnyExcerpt]) -> list[tuple[str, str]]:
    """(name, sha256) of every document the excerpts quote, in order of first use."""
    names: dict[str, str] = {}
    for excerpt in excerpts:
        for quote in quotes_of(excerpt):
            names.setdefault(quote.source.sha256, quote.source.display_name)
    return [(name, sha) for sha, name in names.items()]


class ScopeBox(QGroupBox):
    """Which notes to export. Empty lists mean "no restriction"."""

    #: the user changed what is in scope
    scope_changed = Signal()

    def __init__(
        self,
        comparison: Comparison | None,
        tags: Sequence[str],
        documents: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Notes to export", parent)
        self.comparison = comparison
        self.all_radio = QRadioButton("All notes", self)
        label = f"Current comparison: {comparison.name}" if comparison else "Current comparison"
        self.comparison_radio = QRadioButton(label, self)
        self.comparison_radio.setEnabled(comparison is not None)
        group = QButtonGroup(self)
        group.addButton(self.all_radio)
        group.addButton(self.comparison_radio)
        (self.comparison_radio if comparison else self.all_radio).setChecked(True)
        self.tag_list = _checkable_list(
            self, ((t, t) for t in tags), "Only notes with any of the ticked tags"
        )
        self.colour_list = _checkable_list(
            self,
            ((c.value.capitalize(), c.value) for c in Colour),
            "Only notes of the ticked colours",
        )
        self.document_list = _checkable_list(self, documents, "Only notes on the ticked documents")
        layout = QGridLayout(self)
        layout.addWidget(self.all_radio, 0, 0)
        layout.addWidget(self.comparison_radio, 0, 1, 1, 2)
        for column, (title, widget) in enumerate(
            (
                ("Tags", self.tag_list),
                ("Colours", self.colour_list),
                ("Documents", self.document_list),
            )
        ):
            layout.addWidget(QLabel(title, self), 1, column)
            layout.addWidget(widget, 2, column)
        self.all_radio.toggled.connect(self._on_changed)
        for widget in (self.tag_list, self.colour_list, self.document_list):
            widget.itemChanged.connect(self._on_changed)

    def _on_changed(self, *_: object) -> None:
        self.scope_changed.emit()

    def scope(self) -> Scope:
        use_comparison = self.comparison_radio.isChecked() and self.comparison is not None
        return Scope(
            comparison=self.comparison if use_comparison else None,
            tags=_checked(self.tag_list),
            colours=frozenset(Colour(c) for c in _checked(self.colour_list)),
            documents=_checked(self.document_list),
        )
