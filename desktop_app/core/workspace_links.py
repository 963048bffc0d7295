"""The links a comparison shows: the aligner's, minus rejected ones, plus hand-made ones.

Kept out of the widgets so the rule ("a rejected link stays hidden after any
re-alignment; a hand-made link shows like any other") is one tested function.
Manual links may have been drawn with the documents in either order; they are
turned to the pair's left/right orientation here.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.annotations import Comparison, ManualLink, RejectedLink, without_rejected
from desktop_app.core.model import Alignment, Link, Span


def _oriented(manual: ManualLink, left: str, right: str) -> Link | None:
    if (manual.left_document, manual.right_document) == (left, right):
        return manual.to_link()
    if (manual.left_document, manual.right_document) == (right, left):
        return manual.to_link().swapped()
    return None


def rejections_for(comparison: Comparison, left: str, right: str) -> tuple[RejectedLink, ...]:
    """The rejections of ``comparison`` between documents ``left`` and ``right`` (oriented)."""
    found: list[RejectedLink] = []
    for rejected in comparison.rejected_links:
        if (rejected.left_document, rejected.right_document) == (left, right):
            found.append(rejected)
        elif (rejected.left_document, rejected.right_document) == (right, left):
            found.append(RejectedLink(rejected.kind, left, rejected.right, right, rejected.left))
    return tuple(found)


def shown_alignment(
    alignment: Alignment, comparison: Comparison | None, left: str, right: str
) -> Alignment:
    """``alignment`` with the comparison's edits applied, links sorted by left span."""
    if comparison is None:
        return alignment
    kept = without_rejected(alignment.links, rejections_for(comparison, left, right))
    manual = [
        link
        for m in comparison.manual_links
        if (link := _oriented(m, left, right)) is not None and link not in kept
    ]
    links = tuple(sorted((*kept, *manual), key=lambda link: (link.left, link.right)))
    return Alignment(links, alignment.options, alignment.ordered)


def manual_link_for(
    comparison: Comparison | None, link: Link, left: str, right: str
) -> ManualLink | None:
    """The hand-made link ``link`` was drawn from, if it is one."""
    if comparison is None:
        return None
    for manual in comparison.manual_links:
        if _oriented(manual, left, right) == link:
            return manual
    return None


def rejection(link: Link, left: str, right: str) -> RejectedLink:
    """The record that hides ``link`` (an automatic link between ``left`` and ``right``)."""
    return RejectedLink(link.kind, left, link.left, right, link.right)


def links_in_passage(links: Sequence[Link], passage: Span, *, right_side: bool) -> list[Link]:
    """The links whose side in one document overlaps ``passage``: what "reject every link
    in this passage" acts on."""
    return [link for link in links if (link.right if right_side else link.left).overlaps(passage)]
