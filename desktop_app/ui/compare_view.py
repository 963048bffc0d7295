"""N document panes with a link map between each neighbouring pair, kept in step.

Owns what is on screen for a comparison: which links pass the filter (through the
pure ``filter_links``), which one is selected, the highlights in each pane and
linked scrolling. Scroll handlers move the other panes; a re-entrancy guard stops
those moves from echoing back.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop_app.core.linkfilter import LinkFilter, LinkIndex, filter_links
from desktop_app.core.model import Alignment, Document, Link, LinkKind, Span
from desktop_app.ui.document_pane import DocumentPane, Highlight
from desktop_app.ui.link_map import LinkMap
from desktop_app.ui.theme import Theme
from desktop_app.ui.worddiff import differing_words

MAX_PANES = 3
PANE_TITLES = ("Left document", "Right document", "Third document")
_DIFF_LIMIT = 20_000  # longer quote spans are not word-diffed (too long to read anyway)


class CompareView(QWidget):
    """Side-by-side documents, links between them, and the selected link."""

    #: the links shown for a pair changed (new alignment, filter or documents)
    links_changed = Signal(int)
    #: the selected link of a pair changed (-1: none)
    current_link_changed = Signal(int, int)
    #: the pair that navigation and the link list follow changed
    active_pair_changed = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.link_filter = LinkFilter()
        self.scroll_lock = True
        self.active_pair = 0
        self.panes: list[DocumentPane] = []
        self.maps: list[LinkMap] = []
        self.alignments: list[Alignment | None] = []
        self._shown: list[LinkIndex] = []
        self._selected: list[int | None] = []
        self._syncing = False
        self._diffs: dict[Link, tuple[list[Span], list[Span]]] = {}
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.ensure_panes(2)

    # -- structure ------------------------------------------------------------------

    @property
    def pair_count(self) -> int:
        return len(self.maps)

    def ensure_panes(self, count: int) -> None:
        """Add panes (and link maps) until there are ``count`` (at most three)."""
        while len(self.panes) < min(count, MAX_PANES):
            slot = len(self.panes)
            pane = DocumentPane(self.theme, PANE_TITLES[slot], self.splitter)
            if self.panes:
                link_map = LinkMap(self.panes[-1], pane, self.theme, self.splitter)
                pair = len(self.maps)
                link_map.link_requested.connect(
                    lambda index, pair=pair: self.select_link(index, pair=pair)
                )
                self.splitter.addWidget(link_map)
                self.maps.append(link_map)
                self.alignments.append(None)
                self._shown.append(LinkIndex(()))
                self._selected.append(None)
            self.splitter.addWidget(pane)
            self.panes.append(pane)
            pane.view_changed.connect(lambda slot=slot: self._on_view_changed(slot))
            pane.offset_requested.connect(
                lambda offset, slot=slot: self._on_offset_requested(slot, offset)
            )
        sizes = []
        for widget_index in range(self.splitter.count()):
            sizes.append(64 if widget_index % 2 else 1000)
        self.splitter.setSizes(sizes)

    def pair_panes(self, pair: int) -> tuple[DocumentPane, DocumentPane]:
        return self.panes[pair], self.panes[pair + 1]

    # -- content --------------------------------------------------------------------

    def set_document(self, slot: int, document: Document) -> None:
        """Show ``document`` in pane ``slot``; the links touching that pane are dropped."""
        self.ensure_panes(slot + 1)
        # Drop the old links first: the new text must never be painted with spans of the old.
        for pair in (slot - 1, slot):
            if 0 <= pair < self.pair_count:
                self.set_alignment(pair, None)
        self._diffs.clear()
        self.panes[slot].set_document(document)

    def documents(self) -> list[Document | None]:
        return [pane.document for pane in self.panes]

    def set_alignment(self, pair: int, alignment: Alignment | None) -> None:
        """Show ``alignment`` between panes ``pair`` and ``pair + 1`` (None: no links)."""
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
        self.maps[pair].set_links(self._shown[pair], None)
        self._refresh_highlights()
        self.links_changed.emit(pair)
        self.current_link_changed.emit(pair, -1)

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
        if pair != self.active_pair and 0 <= pair < self.pair_count:
            self.active_pair = pair
            self.active_pair_changed.emit(pair)

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
        for link_map in self.maps:
            link_map.update()
        self.current_link_changed.emit(pair, -1 if index is None else index)

    def step_link(self, forward: bool) -> None:
        """Select the next (or previous) shown link of the active pair, by left position."""
        pair = self.active_pair
        links = self._shown[pair].links
        if not links:
            return
        current = self._selected[pair]
        if current is None:
            top, _bottom = self.panes[pair].visible_range()
            starts = [link.left.start for link in links]
            first_visible = bisect_left(starts, top)
            target = first_visible if forward else first_visible - 1
        else:
            target = current + (1 if forward else -1)
        self.select_link(max(0, min(len(links) - 1, target)), pair=pair)

    # -- scrolling ------------------------------------------------------------------

    def set_scroll_lock(self, locked: bool) -> None:
        self.scroll_lock = locked

    @contextmanager
    def _guard(self) -> Iterator[None]:
        previous = self._syncing
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = previous

    def _on_view_changed(self, slot: int) -> None:
        if self.scroll_lock and not self._syncing:
            with self._guard():
                self.sync_from(slot)
        self._refresh_highlights()
        for link_map in self.maps:
            link_map.update()

    def sync_from(self, slot: int) -> None:
        """Scroll every other pane so it shows the partner of pane ``slot``'s middle line."""
        for target in range(slot + 1, len(self.panes)):
            self._sync_pair(target - 1, source_is_right=False)
        for target in range(slot - 1, -1, -1):
            self._sync_pair(target, source_is_right=True)

    def _sync_pair(self, pair: int, *, source_is_right: bool) -> None:
        left, right = self.pair_panes(pair)
        source, target = (right, left) if source_is_right else (left, right)
        if source.document is None or target.document is None:
            return
        y = source.viewport_height() // 2
        offset = source.offset_at_y(y)
        partner = self._partner_offset(pair, offset, source_is_right)
        if partner is None:
            source_bar = source.text_view.verticalScrollBar()
            target_bar = target.text_view.verticalScrollBar()
            fraction = source_bar.value() / max(1, source_bar.maximum())
            target_bar.setValue(round(fraction * target_bar.maximum()))
            return
        row, _ = source.rows(Span(offset, offset))
        target.scroll_to_y(partner, row)

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

    def _refresh_highlights(self) -> None:
        for slot, pane in enumerate(self.panes):
            if pane.document is None:
                continue
            top, bottom = pane.visible_range()
            margin = max(2000, bottom - top)
            window = (max(0, top - margin), bottom + margin)
            links: list[Highlight] = []
            selected: list[Highlight] = []
            diffs: list[Highlight] = []
            for pair, right_side in ((slot - 1, True), (slot, False)):
                if not 0 <= pair < self.pair_count:
                    continue
                index = self._shown[pair]
                chosen = self._selected[pair]
                for i in index.side(right_side).overlapping(*window):
                    link = index.links[i]
                    span = link.right if right_side else link.left
                    if i == chosen:
                        color = self.theme.highlight(link.kind, selected=True)
                        selected.append(Highlight(span, color))
                    else:
                        links.append(Highlight(span, self.theme.highlight(link.kind)))
                    if link.kind is LinkKind.QUOTE:
                        diffs.extend(self._diff_marks(pair, link, right_side))
            pane.set_highlights("links", links)
            pane.set_highlights("selected", selected)
            pane.set_highlights("diff", diffs)

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
        color = self.theme.diff_mark()
        return [Highlight(m.shifted(span.start), underline=color) for m in marks[int(right_side)]]

    def _on_offset_requested(self, slot: int, offset: int) -> None:
        candidates: list[tuple[int, int, int]] = []  # (length, pair, index)
        for pair, right_side in ((slot - 1, True), (slot, False)):
            if not 0 <= pair < self.pair_count:
                continue
            index = self._shown[pair]
            for i in index.at(offset, right=right_side):
                link = index.links[i]
                span = link.right if right_side else link.left
                candidates.append((len(span), pair, i))
        if candidates:
            _, pair, i = min(candidates)
            self.select_link(i, pair=pair)
