"""The notes dock: the comparison's notes, pair notes and orphans, filterable.

Filters (text, tag, colour, document, author) become one ``AnnotationQuery`` for the
proxy. Choosing an entry asks the window to show it; Edit, Delete (or the
Delete key) ask the window to change it — the dock never writes itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annotations import Colour
from desktop_app.core.storage.query import AnnotationQuery
from desktop_app.ui.base.message_bar import MessageBar
from desktop_app.ui.base.swatches import swatch
from desktop_app.ui.notes.tree_model import (
    ENTRY_ROLE,
    Entry,
    NoteFilterProxy,
    NoteTreeModel,
)

PASSAGE_MIN_WIDTH = 90  # px
PASSAGE_SHARE = 0.3  # of the list's width: the passage's start readable past the indent and swatch


class NotesDock(QWidget):
    """Lists what the analyst wrote on the documents shown, and routes edits to the window."""

    #: the user chose this entry: scroll to it
    entry_requested = Signal(object)
    #: the user asked to edit this entry
    edit_requested = Signal(object)
    #: the user asked to delete this entry
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NoteTreeModel(self)
        self.proxy = NoteFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.message_bar = MessageBar(self)

        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText("Filter notes by text")
        self.text_edit.setClearButtonEnabled(True)
        self.tag_box = QComboBox(self)
        self.tag_box.setToolTip("Only notes with this tag")
        self.colour_box = QComboBox(self)
        self.colour_box.setToolTip("Only notes of this colour")
        self.colour_box.addItem("Any colour", None)
        for colour in Colour:
            self.colour_box.addItem(colour.value.capitalize(), colour)
            self.colour_box.setItemData(
                self.colour_box.count() - 1, swatch(colour), Qt.ItemDataRole.DecorationRole
            )
        self.document_box = QComboBox(self)
        self.document_box.setToolTip("Only notes on this document")
        self.author_box = QComboBox(self)
        self.author_box.setToolTip("Only notes made by this person")
        self.set_tags([])
        self.set_documents([])
        self.set_authors([])
        for box in (self.tag_box, self.colour_box, self.document_box, self.author_box):
            box.currentIndexChanged.connect(self._on_filter_changed)
        self.text_edit.textChanged.connect(self._on_filter_changed)

        self.tree = QTreeView(self)
        self._watched: set[int] = set()  # the models whose changes open their sections
        self._show_model(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # The note is what the analyst reads here: it takes the width the dock has;
        # the passage gets a short column, tags as wide as they are.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, PASSAGE_MIN_WIDTH)
        self.tree.installEventFilter(self)
        self.tree.setColumnWidth(2, 70)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(4, 60)  # the author: a name, often cut; the tooltip has it
        # Which document: in the tooltip and the filter; a column would leave the note
        # a few characters in a dock of ordinary width.
        self.tree.setColumnHidden(3, True)
        self.empty_label = QLabel("No notes yet.", self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setContentsMargins(8, 8, 8, 8)
        self.tree.doubleClicked.connect(lambda _index: self._emit_current(self.edit_requested))

        self.delete_action = QAction("Delete Note", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(lambda: self._emit_current(self.delete_requested))
        self.tree.addAction(self.delete_action)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.clicked.connect(lambda: self._emit_current(self.edit_requested))
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected note (Delete); Ctrl+Z brings it back")
        self.delete_button.clicked.connect(self.delete_action.trigger)

        # Two rows, so a narrow dock still fits them: the text filter, then the three boxes.
        boxes = QHBoxLayout()
        for box in (self.tag_box, self.colour_box, self.document_box, self.author_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(6)
            boxes.addWidget(box, 1)
        filters = QVBoxLayout()
        filters.addWidget(self.text_edit)
        filters.addLayout(boxes)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.message_bar)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- content --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Give the passage column its share of the list's width whenever the list is
        shown or resized (a fixed 90 px left "T…" once the indent and swatch were drawn)."""
        if watched is self.tree and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            width = self.tree.width()
            self.tree.setColumnWidth(0, max(PASSAGE_MIN_WIDTH, int(width * PASSAGE_SHARE)))
        return False

    def _show_model(self, model: QAbstractItemModel) -> None:
        """The tree shows ``model``: the notes themselves while no filter is chosen (the
        proxy would ask the model about each of ten thousand rows again, for nothing), the
        filter proxy otherwise. The current entry stays current."""
        if self.tree.model() is model:
            return
        current = self.tree.currentIndex().data(ENTRY_ROLE)
        replaced = self.tree.selectionModel()
        self.tree.setModel(model)
        if replaced is not None:  # setModel makes a new one and leaves the old to its owner
            replaced.deleteLater()
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_changed)
        if id(model) not in self._watched:
            self._watched.add(id(model))
            # Connected once the tree shows the model, so after the tree's own handlers:
            # a reset clears the rows' hidden state, which ours then sets. Each model's
            # changes matter while the tree shows it (the proxy follows the notes' changes
            # even while the tree shows the notes themselves).
            model.modelReset.connect(partial(self._relaid, model))
            model.layoutChanged.connect(partial(self._relaid, model))
            model.rowsInserted.connect(partial(self._expand_inserted, model))
            model.rowsRemoved.connect(partial(self._relaid, model))
        self.expand_sections()
        if isinstance(current, Entry):
            self.select(current.id)

    def _wanted_model(self) -> QAbstractItemModel:
        return self.model if self.proxy.unfiltered else self.proxy

    def set_entries(self, entries: list[Entry]) -> None:
        """Show ``entries``, keeping the selected one selected if it is still there."""
        current = self.current_entry()
        self._show_model(self._wanted_model())
        self.model.set_entries(entries)
        self.tree.setVisible(bool(entries))  # no notes: say how to make one instead
        self.empty_label.setVisible(not entries)
        # Who wrote a note matters once several people did (a team's server, a colleague's
        # import); alone, the column would only take the note's width.
        self.tree.setColumnHidden(4, len({entry.item.author for entry in entries}) <= 1)
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def apply(self, changed: Mapping[str, Entry | None]) -> None:
        """Update only the rows of ``changed`` (None: no longer listed): a colleague's edit
        of one note leaves every other row, the selection and the scroll as they were."""
        self.model.apply(changed)
        entries = self.model.entries()
        self.tree.setVisible(bool(entries))
        self.empty_label.setVisible(not entries)
        self.tree.setColumnHidden(4, len({entry.item.author for entry in entries}) <= 1)
        self._update_buttons()

    def set_empty_hint(self, highlight_keys: str, note_keys: str) -> None:
        """What the empty list says: how to make the first note (the actions' own keys)."""
        self.empty_label.setText(
            f"No notes yet. Select text and press {highlight_keys} to highlight it, "
            f"or {note_keys} to write a note on it."
        )

    def set_tags(self, tags: list[str]) -> None:
        self._refill(self.tag_box, "Any tag", [(t, t) for t in tags])

    def set_documents(self, documents: list[tuple[str, str]]) -> None:
        """``documents``: (sha256, display name) of the documents shown."""
        self._refill(self.document_box, "Any document", [(name, sha) for sha, name in documents])

    def set_authors(self, authors: list[str]) -> None:
        """Who made the notes listed; the box shows only when there is a choice (two or more).
        A chosen author stays chosen while there are several, so a refresh keeps the filter."""
        self._refill(self.author_box, "Anyone", [(a, a) for a in authors])
        several = len(authors) > 1
        self.author_box.setVisible(several)
        if not several and self.author_box.currentIndex() != 0:
            self.author_box.setCurrentIndex(0)

    @staticmethod
    def _refill(box: QComboBox, any_label: str, items: list[tuple[str, str]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(any_label, None)
        for label, value in items:
            box.addItem(label, value)
        index = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)
        if chosen is not None and index < 0:
            box.currentIndexChanged.emit(0)

    def query(self) -> AnnotationQuery:
        tag = self.tag_box.currentData()
        colour = self.colour_box.currentData()
        document = self.document_box.currentData()
        author = self.author_box.currentData()
        return AnnotationQuery(
            document=document if isinstance(document, str) else None,
            tags=(tag,) if isinstance(tag, str) else (),
            colour=colour if isinstance(colour, Colour) else None,
            text=self.text_edit.text(),
            author=author if isinstance(author, str) else "",
        )

    def expand_sections(self) -> None:
        """Open the (at most three) sections. Not ``expandAll``, which visits every note
        row: ten thousand round trips into the Python model on each refill or filter."""
        shown = self.tree.model()
        for row in range(shown.rowCount()):
            self.tree.expand(shown.index(row, 0))
        self._hide_empty_sections()

    def _relaid(self, model: QAbstractItemModel, *_: object) -> None:
        if model is self.tree.model():
            self.expand_sections()

    def _hide_empty_sections(self) -> None:
        """The notes themselves shown: a section shows while it holds any (as the proxy
        shows it)."""
        shown = self.tree.model()
        if shown is not self.model:
            return
        for row in range(shown.rowCount()):
            empty = shown.rowCount(shown.index(row, 0)) == 0
            if self.tree.isRowHidden(row, QModelIndex()) != empty:
                self.tree.setRowHidden(row, QModelIndex(), empty)

    def _expand_inserted(
        self, model: QAbstractItemModel, parent: QModelIndex, first: int, last: int
    ) -> None:
        """A section that appeared shows its notes (expanding the whole tree on every
        inserted row made a long list quadratic)."""
        if model is not self.tree.model():
            return
        if not parent.isValid():
            for row in range(first, last + 1):
                self.tree.expand(model.index(row, 0))
        self._hide_empty_sections()

    def _on_filter_changed(self, *_: object) -> None:
        self.proxy.set_query(self.query())
        self._show_model(self._wanted_model())
        self._update_buttons()

    # -- selection ------------------------------------------------------------------

    def visible_entries(self) -> list[Entry]:
        """The entries the filters keep, in display order."""
        found: list[Entry] = []
        shown = self.tree.model()
        for section in range(shown.rowCount()):
            parent = shown.index(section, 0)
            for row in range(shown.rowCount(parent)):
                entry = shown.index(row, 0, parent).data(ENTRY_ROLE)
                if isinstance(entry, Entry):
                    found.append(entry)
        return found

    def index_of(self, entry_id: str) -> QModelIndex:
        """The tree's index of the entry with this id (invalid: not listed or filtered out)."""
        index = self.model.index_of(entry_id)
        return index if self.tree.model() is self.model else self.proxy.mapFromSource(index)

    def current_entry(self) -> Entry | None:
        entry = self.tree.currentIndex().data(ENTRY_ROLE)
        return entry if isinstance(entry, Entry) else None

    def select(self, entry_id: str) -> bool:
        """Make the entry with this id current (without asking to scroll to it)."""
        index = self.index_of(entry_id)
        if not index.isValid():
            return False
        self.tree.blockSignals(True)
        self.tree.selectionModel().blockSignals(True)
        try:
            self.tree.setCurrentIndex(index)
        finally:
            self.tree.selectionModel().blockSignals(False)
            self.tree.blockSignals(False)
        self.tree.scrollTo(index)
        self._update_buttons()
        return True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        entry = current.data(ENTRY_ROLE)
        if isinstance(entry, Entry):
            self.entry_requested.emit(entry)

    def _emit_current(self, signal: SignalInstance) -> None:
        entry = self.current_entry()
        if entry is not None:
            signal.emit(entry)

    def _update_buttons(self) -> None:
        has = self.current_entry() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.delete_action.setEnabled(has)
