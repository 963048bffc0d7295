"""The link list dock's contents: a filter field over a sortable table of links."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.reading.link_table import ROW_ROLE, Column, LinkFilterProxy, LinkTableModel


class LinkList(QWidget):
    """Every shown link of the active pair; choosing a row asks to jump to that link."""

    #: the user chose the link at this index of the shown links
    link_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LinkTableModel(self)
        self.proxy = LinkFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter links by text")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.unreviewed_box = QCheckBox("Unreviewed only", self)
        self.unreviewed_box.setToolTip("List only the links not yet confirmed or rejected")
        self.unreviewed_box.toggled.connect(self.proxy.set_unreviewed_only)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.LEFT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((64, 72, 48, 64, 64, 320)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        controls = QHBoxLayout()
        controls.addWidget(self.filter_edit)
        controls.addWidget(self.unreviewed_box)
        layout.addLayout(controls)
        layout.addWidget(self.table)
        self._quiet = False

    def select_row(self, link_index: int) -> None:
        """Show link ``link_index`` as the current row without asking to jump again."""
        selection = self.table.selectionModel()
        self._quiet = True
        try:
            if link_index < 0:
                selection.clearSelection()
                return
            proxy_index = self.proxy.mapFromSource(self.model.index(link_index, 0))
            if proxy_index.isValid():
                selection.setCurrentIndex(
                    proxy_index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(proxy_index)
        finally:
            self._quiet = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        row = self.proxy.data(current, ROW_ROLE)
        if isinstance(row, int):
            self.link_requested.emit(row)
