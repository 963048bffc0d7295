"""Place the sides of a note or link of an old document version in the new one.

Everything that follows a changed file (hand-made links in ``relink``, pair
notes in ``pair_reanchor``) goes through here, so each side is found by the
same rule and minimum score, and a two-sided item moves only when every side
on the old version is found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from desktop_app.core.anchoring import Anchorer, make_target
from desktop_app.core.annotations import (
    ManualLink,
    PairAnnotation,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.model import Document, Span

#: an item with a passage in each of two documents
TwoSided = TypeVar("TwoSided", ManualLink, PairAnnotation)


class SpanFinder:
    """Resolves spans of the old version in the new document, one ``Anchorer`` for all."""

    def __init__(self, document: Document, min_score: float) -> None:
        self.document = document
        self.anchorer = Anchorer(document.text)
        self.min_score = min_score
        self._known: dict[tuple[TextQuoteSelector, Span], Span | None] = {}
        geometry = document.geometry
        self.page_of: Callable[[int], int | None] | None = (
            geometry.page_of if geometry is not None else None
        )

    def prepare(self, olds: Iterable[TextTarget]) -> None:
        """Resolve many sides at once (each step one lookup pass for all, and neighbours
        help each other); ``span`` then answers them from memory."""
        targets = [TextTarget(t.quote, t.position) for t in olds]
        resolved = self.anchorer.resolve_many(targets, self.min_score)
        for target, resolution in zip(targets, resolved, strict=True):
            self._known[(target.quote, target.span)] = resolution.span

    def span(self, quote: TextQuoteSelector, old: Span) -> Span | None:
        if (quote, old) in self._known:
            return self._known[(quote, old)]
        target = TextTarget(quote, TextPositionSelector(old.start, old.end))
        return self.anchorer.resolve(target, self.min_score).span

    def target(self, old: TextTarget) -> TextTarget | None:
        span = self.span(old.quote, old.span)
        if span is None:
            return None
        page = self.page_of(span.start) if self.page_of is not None else old.page
        return make_target(self.document.text, span, page)


def sides_on(items: Iterable[TwoSided], old: str) -> Iterator[TextTarget]:
    """The sides of ``items`` on version ``old``: what ``SpanFinder.prepare`` resolves."""
    for item in items:
        for document, target in (
            (item.left_document, item.left),
            (item.right_document, item.right),
        ):
            if document == old:
                yield target


def follow_sides(item: TwoSided, old: str, finder: SpanFinder) -> TwoSided | None:
    """``item`` with its sides on ``old`` placed in ``finder``'s document; None if one is lost."""
    sides: list[tuple[str, TextTarget]] = []
    for document, target in ((item.left_document, item.left), (item.right_document, item.right)):
        if document != old:
            sides.append((document, target))
            continue
        found = finder.target(target)
        if found is None:
            return None
        sides.append((finder.document.sha256, found))
    (left_document, left), (right_document, right) = sides
    return replace(
        item, left_document=left_document, left=left, right_document=right_document, right=right
    )
