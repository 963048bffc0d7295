"""A focal document and one or more others, a link map between the focal and each, in step.

Owns what is on screen for a comparison: which links pass the filter (through the
pure ``filter_links``), which one is selected, the highlights in each pane and
linked scrolling. Pane 0 is the focal document; pair ``p`` links it to pane
``p + 1``. With one other document the view is a plain side-by-side pair; with
more, the others sit in tabs on the right, the link map shows the current tab's
pair, a summary strip and a coverage bar (beside the focal scroll bar) show
what every document shares with the focal one. Scroll handlers move the other
pane; a re-entrancy guard stops those moves from echoing back.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.coverage import Share, share
from desktop_app.core.linkfilter import LinkFilter, LinkIndex, filter_links
from desktop_app.core.model import MAX_OTHER_DOCUMENTS, Alignment, Document, Link, LinkKind, Span
from desktop_app.core.worddiff import differing_words
from desktop_app.ui.base.reading_room import Highlight
from desktop_app.ui.base.theme import BODY_POINT_SIZE, Theme
from desktop_app.ui.reading.coverage_bar import CoverageBar
from desktop_app.ui.reading.document_pane import DocumentPane
from desktop_app.ui.reading.link_map import MAP_WIDTH, LinkMap, document_color
from desktop_app.ui.reading.summary import SummaryRow, SummaryStrip, counts_text

MAX_OTHERS = MAX_OTHER_DOCUMENTS
MAX_PANES = 1 + MAX_OTHERS
PANE_TITLES = ("Left document", "Right document")
_TAB_NAME_LENGTH = 24


def pane_title(slot: int) -> str:
    """The title of an empty pane."""
    return PANE_TITLES[slot] if slot < len(PANE_TITLES) else f"Document {slot + 1}"


def _chip(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(color)
    return QIcon(pixmap)


def _short(name: str) -> str:
    return name if len(name) <= _TAB_NAME_LENGTH else name[: _TAB_NAME_LENGTH - 1] + "…"


def _level(source: DocumentPane, target: DocumentPane, y: int) -> int:
    """``target``'s viewport height level with ``source``'s height ``y`` on screen (their
    viewports need not start at the same height: a PDF pane's header holds a button)."""
    on_screen = source.reading_viewport().mapToGlobal(QPoint(0, y))
    return int(target.reading_viewport().mapFromGlobal(on_screen).y())


_DIFF_LIMIT = 20_000  # longer quote spans are not word-diffed (too long to read anyway)
DENSE_SHARE = 0.5  # links covering this share of the focal text: only the selected one filled


class CompareView(QWidget):
    """Side-by-side documents, links between them, and the selected link."""

    #: the links shown for a pair changed (new alignment, filter or documents)
    links_changed = Signal(int)
    #: the selected link of a pair changed (-1: none)
    current_link_changed = Signal(int, int)
    #: the pair that navigation and the link list follow changed (the current tab)
    active_pair_changed = Signal(int)
    #: panes past the first ``count`` were removed (the comparison holds fewer documents)
    panes_removed = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.link_filter = LinkFilter()
        self.scroll_lock = True
        self.active_pair = 0
        self.panes: list[DocumentPane] = []
        self.text_points = BODY_POINT_SIZE
        self.maps: list[LinkMap] = []
        self.alignments: list[Alignment | None] = []
        self._shown: list[LinkIndex] = []
        self._selected: list[int | None] = []
        self._shares: list[Share | None] = []
        self._syncing = False
        self._diffs: dict[Link, tuple[list[Span], list[Span]]] = {}
        # each pane's text range whose highlights are built: (start, end)
        self._highlighted: dict[int, tuple[int, int]] = {}
        self.summary = SummaryStrip(self)
        self.summary.pair_requested.connect(self.set_active_pair)
        self.summary.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(3)
        self.focal_box = QWidget(self.splitter)
        self._focal_layout = QHBoxLayout(self.focal_box)
        self._focal_layout.setContentsMargins(0, 0, 0, 0)
        self._focal_layout.setSpacing(0)
        self.map_stack = QStackedWidget(self.splitter)
        self.tabs = QTabWidget(self.splitter)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)  # one other document: no tab bar, a plain pair
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        for widget in (self.focal_box, self.map_stack, self.tabs):
            self.splitter.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter)
        self.ensure_panes(1)
        self.coverage_bar = CoverageBar(self.panes[0], self.focal_box)
        self.coverage_bar.mark_requested.connect(
            lambda pair, index: self.select_link(index, pair=pair)
        )
        self.coverage_bar.hide()
        self._focal_layout.addWidget(self.coverage_bar)
        self.ensure_panes(2)
        for index, stretch in enumerate((1, 0, 1)):
            self.splitter.setStretchFactor(index, stretch)  # the band keeps its width
        self.splitter.setSizes([1000, MAP_WIDTH, 1000])

    # -- structure ------------------------------------------------------------------

    @property
    def pair_count(self) -> int:
        return len(self.maps)

    @property
    def many(self) -> bool:
        """True with two or more other documents (tabs, summary, coverage bar)."""
        return self.pair_count >= 2

    def ensure_panes(self, count: int) -> None:
        """Add panes (and link maps) until there are ``count`` (at most ``MAX_PANES``)."""
        added = False
        while len(self.panes) < min(count, MAX_PANES):
            slot = len(self.panes)
            pane = DocumentPane(self.theme, pane_title(slot))
            pane.set_text_size(self.text_points)
            if slot == 0:
                self._focal_layout.insertWidget(0, pane, 1)
            else:
                link_map = LinkMap(self.panes[0], pane, self.theme, self.map_stack)
                pair = len(self.maps)
                link_map.link_requested.connect(
                    lambda index, pair=pair: self.select_link(index, pair=pair)
                )
                self.map_stack.addWidget(link_map)
                self.maps.append(link_map)
                self.alignments.append(None)
                self._shown.append(LinkIndex(()))
                self._selected.append(None)
                self._shares.append(None)
                self.tabs.addTab(pane, pane_title(slot))
                added = True
            self.panes.append(pane)
            pane.view_changed.connect(lambda slot=slot: self._on_view_changed(slot))
            pane.text_view.laid_out.connect(lambda slot=slot: self._on_laid_out(slot))
            pane.offset_requested.connect(
                lambda offset, slot=slot: self._on_offset_requested(slot, offset)
            )
        if added:
            self._update_overview()

    def remove_panes(self, count: int) -> None:
        """Drop the panes past the first ``count`` (never fewer than two) with their links."""
        removed = False
        while len(self.panes) > max(2, count):
            pane = self.panes.pop()
            link_map = self.maps.pop()
            for items in (self.alignments, self._shown, self._selected, self._shares):
                items.pop()
            self.tabs.removeTab(self.tabs.indexOf(pane))
            self.map_stack.removeWidget(link_map)
            for leader in link_map.leaders:
                leader.deleteLater()
            link_map.deleteLater()
            pane.deleteLater()
            removed = True
        if not removed:
            return
        if self.active_pair >= self.pair_count:
            self.active_pair = -1
            self.set_active_pair(self.pair_count - 1)
        self._update_overview()
        self.panes_removed.emit(len(self.panes))

    def pair_panes(self, pair: int) -> tuple[DocumentPane, DocumentPane]:
        """The focal pane and the other pane of ``pair``."""
        return self.panes[0], self.panes[pair + 1]

    def pairs_of(self, slot: int) -> list[tuple[int, bool]]:
        """Every pair pane ``slot`` belongs to, with whether it is the pair's right side."""
        if slot == 0:
            return [(pair, False) for pair in range(self.pair_count)]
        return [(slot - 1, True)] if 0 <= slot - 1 < self.pair_count else []

    def shown_pairs(self, slot: int) -> list[tuple[int, bool]]:
        """The pairs whose links pane ``slot`` shows: the focal pane shows the current tab's."""
        if slot == 0:
            return [(self.active_pair, False)] if self.pair_count else []
        return self.pairs_of(slot)

    def on_screen(self, slot: int) -> bool:
        """True for the focal pane and the current tab's pane."""
        return slot == 0 or slot == self.active_pair + 1

    def document_color(self, pair: int) -> QColor | None:
        """The colour of ``pair``'s other document (None with a single other document)."""
        return document_color(pair, self.theme) if self.many else None

    # -- content --------------------------------------------------------------------

    def set_document(self, slot: int, document: Document) -> None:
        """Show ``document`` in pane ``slot``; the links touching that pane are dropped."""
        self.ensure_panes(slot + 1)
        # Drop the old links first: the new text must never be painted with spans of the old.
        for pair, _right in self.pairs_of(slot):
            self.set_alignment(pair, None)
        self._diffs.clear()
        self.panes[slot].set_document(document)
        self._update_overview()

    def documents(self) -> list[Document | None]:
        return [pane.document for pane in self.panes]

    def set_alignment(self, pair: int, alignment: Alignment | None) -> None:
        """Show ``alignment`` between the focal pane and pane ``pair + 1`` (None: no links)."""
        self.alignments[pair] = alignment
        self._selected[pair] = None
        self._refilter(pair)

    def set_filter(self, link_filter: LinkFilter) -> None:
        """Show only links passing ``link_filter``; the alignments are not recomputed."""
        if link_filter == self.link_filter:
            return
        self.link_filter = link_filter
        for pair in range(self.pair_count):
            selected = self.selected_link(pair)
            self._refilter(pair)
            if selected is not None and selected in self._shown[pair].links:
                self._selected[pair] = self._shown[pair].links.index(selected)
                self.maps[pair].set_selected(self._selected[pair])
                self._refresh_highlights()

    def _refilter(self, pair: int) -> None:
        alignment = self.alignments[pair]
        links = filter_links(alignment, self.link_filter) if alignment is not None else ()
        self._shown[pair] = LinkIndex(links)
        self._selected[pair] = None
        focal = self.panes[0].document
        self._shares[pair] = (
            share(links, len(focal.text)) if alignment is not None and focal is not None else None
        )
        shared = self._shares[pair]
        self.maps[pair].ribbon_style.dense = (
            shared is not None and shared.linked_fraction >= DENSE_SHARE
        )
        self.maps[pair].set_links(self._shown[pair], None)
        self._refresh_highlights()
        self._update_overview()
        self.links_changed.emit(pair)
        self.current_link_changed.emit(pair, -1)

    # -- overview: tabs, summary, coverage bar ----------------------------------------

    def share(self, pair: int) -> Share | None:
        """What ``pair``'s document shares with the focal one over its shown links."""
        return self._shares[pair]

    def _update_overview(self) -> None:
        """Colours, tab titles, summary rows and coverage marks after any change of links."""
        many = self.many
        rows: list[SummaryRow] = []
        lanes: list[tuple[int, QColor, tuple[Link, ...]]] = []
        for pair, link_map in enumerate(self.maps):
            color = self.document_color(pair)
            if link_map.document_color != color:
                link_map.set_document_color(color)
            pane = self.panes[pair + 1]
            name = pane.document.display_name if pane.document else pane_title(pair + 1)
            pair_share = self._shares[pair]
            title = _short(name) + (f"  ·  {counts_text(pair_share)}" if pair_share else "")
            self.tabs.setTabText(pair, title)
            self.tabs.setTabToolTip(pair, name)
            self.tabs.setTabIcon(pair, _chip(color) if color is not None else QIcon())
            if color is not None:
                rows.append(
                    SummaryRow(pair, name, color, pair_share, current=pair == self.active_pair)
                )
                lanes.append((pair, color, self._shown[pair].links))
        for pane in self.panes[1:]:
            pane.title.setVisible(not many)  # the tab names the document
        focal = self.panes[0].document
        self.summary.setVisible(many)
        length = len(focal.text) if focal else 0
        if many:
            self.summary.set_rows(rows)
            self.coverage_bar.set_lanes(lanes, length)
            self.coverage_bar.setToolTip(
                "Where each document links into this one: click a mark to go there"
            )
        else:
            self.coverage_bar.setToolTip(
                "The whole text at a glance: quote links (left lane) and related passages "
                "(right lane); click a mark to go there"
            )
            # Two documents: the whole focal text at a glance beside its scroll bar, one
            # lane a kind (as diff tools' change maps), a click goes to the link.
            shown = self._shown[0].links if self.maps else ()
            by_kind = [
                [i for i, link in enumerate(shown) if link.kind is kind]
                for kind in (LinkKind.QUOTE, LinkKind.RELATED)
            ]
            self.coverage_bar.set_lanes(
                [
                    (0, self.theme.outline(kind), [shown[i] for i in positions])
                    for kind, positions in zip(
                        (LinkKind.QUOTE, LinkKind.RELATED), by_kind, strict=True
                    )
                ],
                length,
                by_kind,
            )
        self.coverage_bar.setVisible(focal is not None)

    def shown_links(self, pair: int = 0) -> tuple[Link, ...]:
        """The links passing the filter for ``pair``, sorted by left span."""
        return self._shown[pair].links

    def link_index(self, pair: int = 0) -> LinkIndex:
        return self._shown[pair]

    def selected_index(self, pair: int = 0) -> int | None:
        return self._selected[pair]

    def selected_link(self, pair: int = 0) -> Link | None:
        index = self._selected[pair]
        return None if index is None else self._shown[pair].links[index]

    # -- selection and navigation ---------------------------------------------------

    def set_active_pair(self, pair: int) -> None:
        """Show ``pair``'s document (its tab) and links; navigation and the list follow."""
        if pair == self.active_pair or not 0 <= pair < self.pair_count:
            return
        self.active_pair = pair
        self.tabs.setCurrentIndex(pair)
        self.map_stack.setCurrentIndex(pair)
        if self.scroll_lock and not self._syncing:
            with self._guard():
                self._sync_pair(pair, source_is_right=False)
        self._refresh_highlights()
        self.maps[pair].refresh()
        self._update_overview()
        self.active_pair_changed.emit(pair)

    def _on_tab_changed(self, index: int) -> None:
        if index >= 0:
            self.set_active_pair(index)

    def select_link(
        self, index: int | None, *, pair: int | None = None, center: bool = True
    ) -> None:
        """Select link ``index`` of ``pair`` and bring both of its sides to the middle."""
        pair = self.active_pair if pair is None else pair
        self.set_active_pair(pair)
        links = self._shown[pair].links
        if index is not None and not 0 <= index < len(links):
            index = None
        self._selected[pair] = index
        self.maps[pair].set_selected(index)
        if index is not None and center:
            left, right = self.pair_panes(pair)
            with self._guard():
                left.center_on(links[index].left)
                right.center_on(links[index].right)
        self._refresh_highlights()
        self.maps[pair].refresh()
        self.current_link_changed.emit(pair, -1 if index is None else index)

    def link_on_map(self, pair: int, point: QPoint) -> int | None:
        """The shown link whose ribbon on ``pair``'s link map is under ``point``, if any."""
        return self.maps[pair].link_at(QPointF(point))

    def step_link(self, forward: bool) -> None:
        """Select the next (or previous) shown link of the active pair, by left position."""
        pair = self.active_pair
        links = self._shown[pair].links
        if not links:
            return
        current = self._selected[pair]
        if current is None:
            top, _bottom = self.panes[0].visible_range()
            starts = [link.left.start for link in links]
            first_visible = bisect_left(starts, top)
            target = first_visible if forward else first_visible - 1
        else:
            target = current + (1 if forward else -1)
        self.select_link(max(0, min(len(links) - 1, target)), pair=pair)

    # -- scrolling ------------------------------------------------------------------

    def set_scroll_lock(self, locked: bool) -> None:
        self.scroll_lock = locked

    def refresh_theme(self) -> None:
        """The theme's palette changed: lay the text out and paint everything again."""
        with self._guard():
            for pane in self.panes:
                pane.setPalette(self.theme.palette)
                pane.relayout()
        self._refresh_highlights()
        for link_map in self.maps:
            link_map.update()

    def set_text_size(self, points: float) -> None:
        """Every pane's text at ``points`` (the reader's size), new panes too."""
        self.text_points = points
        with self._guard():  # each pane keeps its own place; locked scrolling must not move it
            for pane in self.panes:
                pane.set_text_size(points)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        previous = self._syncing
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = previous

    def _on_laid_out(self, slot: int) -> None:
        """Qt laid more of a pane's text out: what it shows may have moved (no scroll to
        follow in the partner: the user did not move)."""
        if self.on_screen(slot):
            self._refresh_highlights(scrolled=True)
            if self.pair_count:
                self.maps[self.active_pair].refresh()

    def _on_view_changed(self, slot: int) -> None:
        if not self.on_screen(slot):
            return  # a pane on a hidden tab: it is placed when its tab is shown
        if self.scroll_lock and not self._syncing:
            with self._guard():
                self.sync_from(slot)
        self._refresh_highlights(scrolled=True)
        if self.pair_count:
            self.maps[self.active_pair].refresh()

    def sync_from(self, slot: int) -> None:
        """Scroll the other pane on screen so it shows the partner of pane ``slot``'s middle."""
        if slot == 0:
            if self.pair_count:
                self._sync_pair(self.active_pair, source_is_right=False)
        elif slot - 1 < self.pair_count:
            self._sync_pair(slot - 1, source_is_right=True)

    def _sync_pair(self, pair: int, *, source_is_right: bool) -> None:
        left, right = self.pair_panes(pair)
        source, target = (right, left) if source_is_right else (left, right)
        if source.document is None or target.document is None:
            return
        y = source.viewport_height() // 2
        selected = self.selected_link(pair)
        if selected is not None:
            # The selected passage across the middle: keep its two sides level, whatever
            # the links around it say (related links need not follow each other).
            src, dst = (selected.left, selected.right)
            if source_is_right:
                src, dst = dst, src
            top, bottom = source.rows(src)
            if top <= y <= bottom:
                target.scroll_to_y(dst.start, _level(source, target, top))
                return
        offset = source.offset_at_y(y)
        partner = self._partner_offset(pair, offset, source_is_right)
        if partner is None:
            target.scroll_to_fraction(source.scroll_fraction())
            return
        row, _ = source.rows(Span(offset, offset))
        target.scroll_to_y(partner, _level(source, target, row))

    def _partner_offset(self, pair: int, offset: int, source_is_right: bool) -> int | None:
        """Where ``offset`` of one side lands on the other, interpolating between links."""
        index = self._shown[pair]
        if not len(index):
            return None
        links = index.links

        def sides(link: Link) -> tuple[Span, Span]:
            return (link.right, link.left) if source_is_right else (link.left, link.right)

        containing = index.at(offset, right=source_is_right)
        if containing:
            src, dst = sides(links[containing[0]])
            fraction = (offset - src.start) / max(1, len(src))
            return dst.start + round(fraction * len(dst))
        before, after = index.side(source_is_right).around(offset)
        anchors: list[tuple[int, int]] = []
        if before is not None:
            src, dst = sides(links[before])
            anchors.append((src.end, dst.end))
        if after is not None:
            src, dst = sides(links[after])
            anchors.append((src.start, dst.start))
        if len(anchors) == 2 and anchors[1][0] > anchors[0][0]:
            (a0, b0), (a1, b1) = anchors
            t = (offset - a0) / (a1 - a0)
            return round(b0 + t * (b1 - b0))
        a, b = anchors[0]
        return max(0, b + offset - a)

    # -- highlights -----------------------------------------------------------------

    def _refresh_highlights(self, *, scrolled: bool = False) -> None:
        """Highlights of the links near each pane's view: the view and a screen either
        side. After a scroll (``scrolled``) a pane whose view is still inside the part
        already highlighted keeps its highlights: they did not change, and rebuilding
        them every frame cost most of a frame's time with thousands of links."""
        if not scrolled:
            self._highlighted.clear()
        for slot, pane in enumerate(self.panes):
            if pane.document is None or not self.on_screen(slot):
                continue
            top, bottom = pane.visible_range()
            done = self._highlighted.get(slot)
            if scrolled and done is not None and done[0] <= top and bottom <= done[1]:
                continue
            margin = max(2000, bottom - top)
            window = (max(0, top - margin), bottom + margin)
            self._highlighted[slot] = window
            links: list[Highlight] = []
            selected: list[Highlight] = []
            diffs: list[Highlight] = []
            quoted: list[Highlight] = []  # over the selection: a passage's quoted words
            for pair, right_side in self.shown_pairs(slot):
                index = self._shown[pair]
                chosen = self._selected[pair]
                style = self.maps[pair].ribbon_style
                for i in index.side(right_side).overlapping(*window):
                    link = index.links[i]
                    span = link.right if right_side else link.left
                    if i == chosen:
                        selected.append(Highlight(span, style.highlight(link, selected=True)))
                    else:
                        links.append(Highlight(span, style.highlight(link)))
                    if link.kind is LinkKind.QUOTE:
                        diffs.extend(self._diff_marks(pair, link, right_side))
                    for inner in link.quoted:  # the exact quoted words inside a passage
                        inner_span = inner.right if right_side else inner.left
                        quoted.append(Highlight(inner_span, style.highlight(inner)))
            pane.set_layers({"links": links, "selected": selected, "quoted": quoted, "diff": diffs})

    def _diff_marks(self, pair: int, link: Link, right_side: bool) -> list[Highlight]:
        left_doc, right_doc = (pane.document for pane in self.pair_panes(pair))
        if (
            left_doc is None
            or right_doc is None
            or max(len(link.left), len(link.right)) > _DIFF_LIMIT
        ):
            return []
        marks = self._diffs.get(link)
        if marks is None:
            marks = differing_words(link.left.of(left_doc.text), link.right.of(right_doc.text))
            self._diffs[link] = marks
        span = link.right if right_side else link.left
        color = self.theme.diff_fill(link.kind)
        return [Highlight(m.shifted(span.start), color) for m in marks[int(right_side)]]

    def _on_offset_requested(self, slot: int, offset: int) -> None:
        candidates: list[tuple[int, int, int]] = []  # (length, pair, index)
        for pair, right_side in self.shown_pairs(slot):
            index = self._shown[pair]
            for i in index.at(offset, right=right_side):
                link = index.links[i]
                span = link.right if right_side else link.left
                candidates.append((len(span), pair, i))
        if candidates:
            _, pair, i = min(candidates)
            self.select_link(i, pair=pair)
