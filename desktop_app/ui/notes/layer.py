"""Paints the analyst's notes into the panes and shows a note when the mouse rests on it.

A layer of its own ("annotations") under the link tints, in each note's colour;
pair notes mark both of their passages. The pane draws the layer in its text and
on its rendered pages alike. Hover tooltips come from an event filter on each
pane's text viewport and page canvas, so the pane itself knows nothing of notes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QToolTip

from desktop_app.core.annotations import Annotation, Colour, PairAnnotation
from desktop_app.core.snippet import one_line
from desktop_app.ui.base.reading_room import Highlight, Pane
from desktop_app.ui.base.swatches import swatch

LAYER = "annotations"


class NoteLayer(QObject):
    """Keeps each pane's "annotations" highlight layer in step with the notes it is given."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panes: list[Pane] = []
        self._notes: list[Annotation] = []
        self._pairs: list[PairAnnotation] = []
        self._made: dict[str, tuple[Annotation, Highlight]] = {}  # note id -> its highlight
        self._by_document: dict[str, list[Annotation]] = {}  # ``_notes`` by document

    def attach(self, pane: Pane) -> None:
        if pane not in self._panes:
            self._panes.append(pane)
            pane.text_view.viewport().installEventFilter(self)
            pane.page_view.canvas.installEventFilter(self)

    def set_notes(self, notes: list[Annotation], pairs: list[PairAnnotation]) -> None:
        self._notes = notes
        self._pairs = pairs
        # Each pane walks its own document's notes, not every note shown.
        self._by_document = {}
        for note in notes:
            self._by_document.setdefault(note.document, []).append(note)
        ids = {note.id for note in notes}
        self._made = {i: made for i, made in self._made.items() if i in ids}
        self.refresh()

    def refresh(self) -> None:
        """Repaint every pane (after a note changed or a pane got a new document)."""
        for pane in self._panes:
            pane.set_highlights(LAYER, self.highlights_for(pane))

    def highlights_for(self, pane: Pane) -> list[Highlight]:
        if pane.document is None:
            return []
        sha = pane.document.sha256
        limit = len(pane.document.text)
        items: list[Highlight] = []
        shown: dict[str, tuple[Annotation, Highlight]] = {}
        # One shade per colour, shared by its highlights (read only where painted): a new
        # QColor per note cost as much as the rest of a first list's highlights.
        shades: dict[Colour, QColor] = {}
        for note in self._by_document.get(sha, ()):
            # A note placed and coloured as last time (a colleague changed another, or the
            # list was read again): its highlight as built then, not a new span and swatch
            # for each of thousands.
            kept = self._made.get(note.id)
            if kept is None or (
                kept[0] is not note
                and (kept[0].target != note.target or kept[0].colour != note.colour)
            ):
                shade = shades.get(note.colour)
                if shade is None:
                    shade = shades[note.colour] = swatch(note.colour, 0.45)
                kept = (note, Highlight(note.target.span, shade))
            shown[note.id] = kept
            if kept[1].span.end <= limit:
                items.append(kept[1])
        self._made.update(shown)
        for pair in self._pairs:
            for document, target in (
                (pair.left_document, pair.left),
                (pair.right_document, pair.right),
            ):
                if document == sha and target.span.end <= limit:
                    items.append(Highlight(target.span, None, swatch(pair.colour)))
        return items

    def notes_at(self, pane: Pane, offset: int) -> list[str]:
        """The texts of the notes covering ``offset`` in ``pane`` (for the tooltip)."""
        if pane.document is None:
            return []
        sha = pane.document.sha256
        texts: list[str] = []
        for note in self._notes:
            span = note.target.span
            if note.document == sha and span.start <= offset < span.end:
                tags = f"  [{', '.join(note.tags)}]" if note.tags else ""
                texts.append((note.note or "(highlight)") + tags)
        for pair in self._pairs:
            for document, target in (
                (pair.left_document, pair.left),
                (pair.right_document, pair.right),
            ):
                if document == sha and target.span.start <= offset < target.span.end:
                    relation = f"{pair.relation}: " if pair.relation else ""
                    texts.append(f"Pair note — {relation}{one_line(pair.note, 300)}")
        return texts

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for pane in self._panes:
                if pane.document is None:
                    continue
                offset = self._offset_under(pane, watched, event)
                texts = self.notes_at(pane, offset) if offset is not None else []
                if texts:
                    QToolTip.showText(
                        event.globalPos(), "\n\n".join(texts), pane.reading_viewport()
                    )
                    return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _offset_under(pane: Pane, watched: QObject, event: QHelpEvent) -> int | None:
        """The document offset under the mouse in ``pane``'s text or pages (None: elsewhere)."""
        if watched is pane.text_view.viewport():
            position = pane.text_view.cursorForPosition(event.pos()).position()
            return pane.offsets.to_doc(position)
        if watched is pane.page_view.canvas:
            return pane.page_view.offset_at(QPointF(event.pos()))
        return None
