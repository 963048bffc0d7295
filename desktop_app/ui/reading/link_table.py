"""Item models for the link list, and the roles views and proxies read them by.

The table shows one row per shown link; snippets are cut only when a row is
painted, so a reset with thousands of links costs no string work up front.
"""

from __future__ import annotations

import enum
import re
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop_app.core.link_evidence import Explainer, describe_evidence
from desktop_app.core.model import Alignment, Link, LinkKind, Span
from desktop_app.core.triage import ReviewState

#: the row's ``Link``
LINK_ROLE = Qt.ItemDataRole.UserRole + 1
#: a value that sorts the column naturally (numbers as numbers)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: the row's index in the shown links (what the compare view selects by)
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
#: the row's ``ReviewState`` (confirmed, rejected, unreviewed)
STATE_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMNS = ("Kind", "Relation", "Score", "Left", "Right", "Left text", "Right text")


class Column(enum.IntEnum):
    """The link table's columns, by position (``COLUMNS`` holds their titles)."""

    KIND = 0
    RELATION = 1  # what the right passage does with the left: quotes / restates / answers
    SCORE = 2
    LEFT = 3
    RIGHT = 4
    LEFT_TEXT = 5
    RIGHT_TEXT = 6


_NUMERIC = (Column.SCORE, Column.LEFT, Column.RIGHT)
SNIPPET_LENGTH = 90
_KIND_NAMES = {LinkKind.QUOTE: "Quote", LinkKind.RELATED: "Related"}
#: the mark the Kind column puts before a judged link's kind
STATE_MARKS = {ReviewState.CONFIRMED: "✓ ", ReviewState.REJECTED: "✗ ", ReviewState.UNREVIEWED: ""}
_SPACE = re.compile(r"\s+")

AnyIndex = QModelIndex | QPersistentModelIndex


def relation_text(link: Link) -> str:
    """The link's relation as the table shows it ("" where refinement did not tell)."""
    return link.relation.value if link.relation is not None else ""


def counted(count: int, noun: str) -> str:
    """ "1 quote link", "2 quote links": a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def order_label(alignment: Alignment | None) -> str:
    """How the pair was aligned, in two words for the status bar ("" if unknown)."""
    if alignment is None or alignment.ordered is None:
        return ""
    return "in order" if alignment.ordered else "any order"


def order_tip(alignment: Alignment | None) -> str:
    """Why: whether the user chose it or the texts showed it, and what it means."""
    if alignment is None or alignment.ordered is None:
        return ""
    chosen = alignment.options.ordered is not None
    if alignment.ordered:
        why = "as asked" if chosen else "the documents follow each other (translation, revision)"
        return f"Aligned in order: {why}; passages are linked monotonically."
    why = "as asked" if chosen else "the documents do not follow each other"
    return f"Aligned in any order: {why}; a passage may be reused anywhere."


def describe_link(link: Link) -> str:
    """One line naming a link's kind, score and relation (tooltips, the status bar)."""
    kind = "Quote" if link.kind is LinkKind.QUOTE else "Related"
    text = f"{kind} link, score {link.score:.0f}"
    if link.relation is not None:
        text += f": the right passage {link.relation.value} the left one"
    return text


def snippet(text: str, span: Span, length: int = SNIPPET_LENGTH) -> str:
    """The start of ``span``'s text on one line, shortened with an ellipsis."""
    end = min(span.end, span.start + length * 2)
    chunk = _SPACE.sub(" ", text[span.start : end]).strip()
    if len(chunk) > length or end < span.end:
        return chunk[: length - 1].rstrip() + "…"
    return chunk


class LinkTableModel(QAbstractTableModel):
    """The shown links of one pair of documents, one per row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._links: tuple[Link, ...] = ()
        self._states: tuple[ReviewState, ...] = ()
        self._left_text = ""
        self._right_text = ""
        self._explainer: Explainer | None = None

    def set_links(
        self,
        links: tuple[Link, ...],
        left_text: str,
        right_text: str,
        states: tuple[ReviewState, ...] | None = None,
    ) -> None:
        """Show ``links``; ``states`` (one per link, from ``core.triage``) marks the judged
        ones (None: all unreviewed)."""
        self.beginResetModel()
        self._links = links
        self._states = states if states is not None else (ReviewState.UNREVIEWED,) * len(links)
        if (left_text, right_text) != (self._left_text, self._right_text):
            self._explainer = None
        self._left_text = left_text
        self._right_text = right_text
        self.endResetModel()

    def link(self, row: int) -> Link:
        return self._links[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._links)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._links):
            return None
        link = self._links[index.row()]
        column = index.column()
        if role == LINK_ROLE:
            return link
        if role == ROW_ROLE:
            return index.row()
        if role == STATE_ROLE:
            return self._states[index.row()]
        if role == SORT_ROLE:
            return self._sort_value(link, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._display(link, column, role == Qt.ItemDataRole.ToolTipRole)
            state = self._states[index.row()]
            if column == Column.KIND and state is not ReviewState.UNREVIEWED:
                if role == Qt.ItemDataRole.DisplayRole:
                    return STATE_MARKS[state] + (text or "")
                return f"{state.value.capitalize()} by the analyst.\n{text or ''}"
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, link: Link, column: int, tooltip: bool) -> str | None:
        if tooltip and column in (Column.KIND, Column.RELATION, Column.SCORE):
            # Why these two are linked: the shared and differing words under the score.
            if self._explainer is None:
                self._explainer = Explainer(self._left_text, self._right_text)
            return describe_evidence(link, self._explainer.explain(link))
        if column == Column.KIND:
            return _KIND_NAMES[link.kind]
        if column == Column.RELATION:
            return relation_text(link)
        if column == Column.SCORE:
            return f"{link.score:.0f}"
        if column == Column.LEFT:
            return str(link.left.start)
        if column == Column.RIGHT:
            return str(link.right.start)
        text, span = (
            (self._left_text, link.left)
            if column == Column.LEFT_TEXT
            else (self._right_text, link.right)
        )
        return snippet(text, span, 600 if tooltip else SNIPPET_LENGTH)

    def _sort_value(self, link: Link, column: int) -> Any:
        if column == Column.KIND:
            return link.kind.value
        if column == Column.RELATION:
            return relation_text(link)
        if column == Column.SCORE:
            return link.score
        if column == Column.LEFT:
            return link.left.start
        if column == Column.RIGHT:
            return link.right.start
        return self._display(link, column, False)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class LinkFilterProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` and keeps rows whose snippets contain the filter text (and,
    with ``unreviewed_only``, only the links nobody confirmed or rejected yet)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.unreviewed_only = False

    def set_unreviewed_only(self, only: bool) -> None:
        self.beginFilterChange()  # Qt 6.10's replacement of invalidateFilter()
        self.unreviewed_only = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        if self.unreviewed_only:
            model = self.sourceModel()
            state = model.data(model.index(source_row, 0, source_parent), STATE_ROLE)
            if state is not ReviewState.UNREVIEWED:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
