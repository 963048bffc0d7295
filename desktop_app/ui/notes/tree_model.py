"""The notes dock's tree: sections (notes, pair notes, orphans) holding entries.

Entries are the core's frozen values; the model only lays them out. Which
entries a filter keeps is the core's ``annotation_matches``/``pair_matches``,
applied by ``NoteFilterProxy`` (recursive filtering hides a section
whose entries are all filtered out).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from desktop_app.core.annotation_filter import annotation_matches, pair_matches
from desktop_app.core.annotations import Annotation, PairAnnotation
from desktop_app.core.snippet import one_line
from desktop_app.core.storage.query import AnnotationQuery
from desktop_app.core.storage.shown_notes import Order, Shelf
from desktop_app.ui.base.swatches import swatch

#: the row's ``Entry`` (None on section rows)
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 11

COLUMNS = ("Passage", "Note", "Tags", "Document", "Author")
AnyIndex = QModelIndex | QPersistentModelIndex

# Asked once per row, several times per refilter: plain ints, not an enum's len() each time.
_SECTIONS = len(Shelf)
_COLUMN_COUNT = len(COLUMNS)
# Never a parent: the tree then asks a note row neither whether it has children nor
# whether it is expanded (two more round trips into Python per row on every refill).
_ENTRY_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_SECTION_FLAGS = Qt.ItemFlag.ItemIsEnabled

SECTION_TITLES = {
    Shelf.NOTES: "Notes",
    Shelf.PAIRS: "Pair notes",
    Shelf.ORPHANS: "Orphans (passage not found)",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed item: a note, a pair note or an orphaned note, with its documents' names."""

    section: Shelf
    item: Annotation | PairAnnotation
    documents: str  # display name(s)
    order: Order = ()  # its place in the section (``ShownNote.order``)

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def quote(self) -> str:
        if isinstance(self.item, PairAnnotation):
            return f"{self.item.left.exact}  ↔  {self.item.right.exact}"
        return self.item.target.exact

    @property
    def authors(self) -> str:
        """ "by anna", or "by anna, last changed by ben" when someone else changed it."""
        made, changed = self.item.author, self.item.changed_by
        if not made:
            return ""
        if changed and changed != made:
            return f"by {made}, last changed by {changed}"
        return f"by {made}"

    @property
    def note(self) -> str:
        if isinstance(self.item, PairAnnotation) and self.item.relation:
            return f"[{self.item.relation}] {self.item.note}".strip()
        return self.item.note


class NoteTreeModel(QAbstractItemModel):
    """Three fixed sections, each listing its entries; section rows have internal id 0."""

    #: these entries (by id) are about to be replaced, added or removed (``apply``)
    entries_about_to_change = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[Shelf, list[Entry]] = {s: [] for s in Shelf}

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self._entries = {s: [e for e in entries if e.section is s] for s in Shelf}
        self.endResetModel()

    def apply(self, changed: Mapping[str, Entry | None]) -> None:
        """Each id's row alone: replaced in place, moved, inserted in its section's order,
        or removed (None); every other row, its selection and expansion stay as they are."""
        self.entries_about_to_change.emit(list(changed))
        for entry_id, entry in changed.items():
            index = self.index_of(entry_id)
            if index.isValid():
                section = Shelf(index.internalId() - 1)
                rows, row = self._entries[section], index.row()
                if entry is not None and entry.section is section and _fits(rows, row, entry):
                    rows[row] = entry
                    self.dataChanged.emit(index, index.siblingAtColumn(len(COLUMNS) - 1))
                    continue
                self.beginRemoveRows(self.index(section, 0), row, row)
                del rows[row]
                self.endRemoveRows()
                self._count_changed(section)
            if entry is not None:
                rows = self._entries[entry.section]
                row = bisect_right(rows, entry.order, key=lambda e: e.order)
                self.beginInsertRows(self.index(entry.section, 0), row, row)
                rows.insert(row, entry)
                self.endInsertRows()
                self._count_changed(entry.section)

    def _count_changed(self, section: Shelf) -> None:
        title = self.index(section, 0)
        self.dataChanged.emit(title, title, [Qt.ItemDataRole.DisplayRole])

    def entries(self, section: Shelf | None = None) -> list[Entry]:
        sections = list(Shelf) if section is None else [section]
        return [e for s in sections for e in self._entries[s]]

    def index_of(self, entry_id: str) -> QModelIndex:
        for section in Shelf:
            for row, entry in enumerate(self._entries[section]):
                if entry.id == entry_id:
                    return self.createIndex(row, 0, id=section + 1)
        return QModelIndex()

    # -- QAbstractItemModel ---------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here, not by hasIndex (which calls back into rowCount and
        # columnCount): the tree asks for every row's index several times per refilter.
        # A note row first: the tree and the proxy ask for those by the ten thousand.
        if parent.isValid():
            section = parent.row()
            if (
                parent.internalId()
                or parent.column()
                or not 0 <= column < _COLUMN_COUNT
                or not 0 <= row < len(self._entries.get(section, ()))  # type: ignore[call-overload]
            ):
                return QModelIndex()
            return self.createIndex(row, column, id=section + 1)
        if 0 <= row < _SECTIONS and 0 <= column < _COLUMN_COUNT:
            return self.createIndex(row, column, id=0)
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, id=0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return _SECTIONS
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._entries[Shelf(parent.row())])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(COLUMNS)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def entry(self, index: AnyIndex) -> Entry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.entry_at(index.internalId() - 1, index.row())

    def entry_at(self, section: int, row: int) -> Entry | None:
        """The entry at ``row`` of ``section`` (no Qt index: the proxy asks once per row)."""
        entries = self._entries.get(section)  # type: ignore[call-overload]  # Shelf is an IntEnum
        return entries[row] if entries is not None and 0 <= row < len(entries) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                section = Shelf(index.row())
                return f"{SECTION_TITLES[section]} ({len(self._entries[section])})"
            return None
        entry = self.entry(index)
        if entry is None:
            return None
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            tags = f"\n\nTags: {', '.join(entry.item.tags)}" if entry.item.tags else ""
            where = f"\n\nIn {entry.documents}" if entry.documents else ""
            who = f"\n\n{entry.authors}" if entry.authors else ""
            return f"{one_line(entry.quote, 400)}\n\n{entry.note}".strip() + tags + where + who
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return swatch(entry.item.colour)
        return None

    @staticmethod
    def _display(entry: Entry, column: int) -> str:
        if column == 0:
            return one_line(entry.quote)
        if column == 1:
            return one_line(entry.note)
        if column == 2:
            return ", ".join(entry.item.tags)
        if column == 3:
            return entry.documents
        return entry.item.author

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _SECTION_FLAGS if index.internalId() == 0 else _ENTRY_FLAGS


class NoteFilterProxy(QSortFilterProxyModel):
    """Keeps the entries passing an ``AnnotationQuery``; sections show while they hold any."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.query = AnnotationQuery()
        self.setRecursiveFilteringEnabled(True)
        self._accepted: dict[str, bool] = {}  # entry id -> kept, until it or the query changes
        self.unfiltered = True  # no filter chosen (``query`` is the empty one)

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 (Qt override)
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget)
        if isinstance(model, NoteTreeModel):
            model.entries_about_to_change.connect(self._forget_ids)

    def set_query(self, query: AnnotationQuery) -> None:
        if query != self.query:
            # Refiltered as one layout change: the incremental update (beginFilterChange)
            # removes and inserts rows one range at a time, each relaid by the tree, which
            # took seconds for a thousand notes and minutes for a team's ten thousand.
            self.query = query
            self.unfiltered = query == AnnotationQuery()
            self._forget()
            self.invalidate()

    def _forget(self) -> None:
        self._accepted = {}

    def _forget_ids(self, ids: list[str]) -> None:
        for entry_id in ids:
            self._accepted.pop(entry_id, None)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        # The entry straight from the model's list, its verdict kept: Qt asks for a row
        # several times per refilter, and a round trip through index() and data() per
        # row made ten thousand notes slow.
        model = self.sourceModel()
        if not isinstance(model, NoteTreeModel) or not source_parent.isValid():
            return False  # a section row: shown only for its accepted entries
        entry = model.entry_at(source_parent.row(), source_row)
        if entry is None:
            return False
        if self.unfiltered:  # no filter: every live note, no verdict to look up or keep
            return not entry.item.is_deleted
        verdict = self._accepted.get(entry.id)
        if verdict is None:
            verdict = self._accepted[entry.id] = _accepts(self.query, entry.item)
        return verdict


def _fits(rows: list[Entry], row: int, entry: Entry) -> bool:
    """Whether ``entry`` keeps the section's order at ``row`` (an edit that moved its
    passage past a neighbour's is moved instead)."""
    before = row == 0 or rows[row - 1].order <= entry.order
    after = row == len(rows) - 1 or entry.order <= rows[row + 1].order
    return before and after


def _accepts(query: AnnotationQuery, item: Annotation | PairAnnotation) -> bool:
    if query == AnnotationQuery():  # no filter: every live note
        return not item.is_deleted
    if isinstance(item, PairAnnotation):
        return pair_matches(query, item)
    return annotation_matches(query, item)
