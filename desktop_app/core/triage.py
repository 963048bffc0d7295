"""Triage of links: each link's review state, and which links a bulk confirmation takes.

A link is *confirmed* (the analyst checked it), *rejected* (dismissed: hidden from the
reading room) or *unreviewed*. The state is read from the comparison's saved judgements
by the rule rejections always used (``RejectedLink.matches``: same kind, both spans
mostly shared), so a judgement survives a re-alignment that moves a span's ends a
little. A hand-made link counts as confirmed: the analyst drew it on purpose.

Judgements may have been recorded with the documents in either order; they are turned
to the pair's left/right orientation here, as ``workspace_links`` does for hand-made
links. Matching uses an index on the left span's start, so judging every link of a long
alignment against its judgements costs a lookup per judgement, not a product.
"""

from __future__ import annotations

import enum
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from desktop_app.core.annotations import (
    Comparison,
    ConfirmedLink,
    ManualLink,
    RejectedLink,
    same_link,
)
from desktop_app.core.model import Link, LinkKind, Span

Judged = TypeVar("Judged", ConfirmedLink, RejectedLink)


class ReviewState(enum.Enum):
    UNREVIEWED = "unreviewed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class _Oriented(Generic[Judged]):
    stored: Judged  # as saved (what the store deletes by)
    left: Span  # in the pair's orientation
    right: Span


def _oriented(judged: Iterable[Judged], left: str, right: str) -> list[_Oriented[Judged]]:
    """The judgements between ``left`` and ``right``, turned to that orientation."""
    oriented: list[_Oriented[Judged]] = []
    for item in judged:
        if (item.left_document, item.right_document) == (left, right):
            oriented.append(_Oriented(item, item.left, item.right))
        elif (item.left_document, item.right_document) == (right, left):
            oriented.append(_Oriented(item, item.right, item.left))
    return oriented


class _Index(Generic[Judged]):
    """A comparison's judgements of one kind (confirmations or rejections) for one pair
    of documents, looked up by the link they judge."""

    def __init__(self, judged: Iterable[Judged], left: str, right: str) -> None:
        oriented = sorted(_oriented(judged, left, right), key=lambda o: o.left.start)
        self._items: list[_Oriented[Judged]] = oriented
        self._starts = [o.left.start for o in oriented]

    def matching(self, link: Link) -> list[Judged]:
        """The judgements of ``link``: same kind, both spans mostly shared (80 %)."""
        # An overlap of 80 % of the union puts the starts at most a quarter of the
        # link's left length apart: look only there.
        reach = link.left.end - link.left.start
        low = bisect_left(self._starts, link.left.start - reach)
        high = bisect_right(self._starts, link.left.end)
        return [
            o.stored
            for o in self._items[low:high]
            if same_link(o.stored.kind, o.left, o.right, link)
        ]


def review_states(
    links: Sequence[Link], comparison: Comparison | None, left: str, right: str
) -> tuple[ReviewState, ...]:
    """The state of each of ``links`` (between documents ``left`` and ``right``).

    Should a link match both a confirmation and a rejection (two judgements of nearly
    the same link, made on different alignments), the later one tells. The view asks on
    every filter change, so the work goes by judgement (few), not by link (many): each
    judgement looks up the links starting near it.
    """
    if comparison is None or not (
        comparison.confirmed_links or comparison.rejected_links or comparison.manual_links
    ):
        return (ReviewState.UNREVIEWED,) * len(links)
    order = sorted(range(len(links)), key=lambda i: links[i].left.start)
    starts = [links[i].left.start for i in order]
    confirmed = _judged_links(comparison.confirmed_links, left, right, links, order, starts)
    rejected = _judged_links(comparison.rejected_links, left, right, links, order, starts)
    states = [ReviewState.UNREVIEWED] * len(links)
    for i in rejected.keys() - confirmed.keys():
        states[i] = ReviewState.REJECTED
    for i, when in confirmed.items():
        rejected_when = rejected.get(i)
        later = rejected_when is None or when >= rejected_when
        states[i] = ReviewState.CONFIRMED if later else ReviewState.REJECTED
    for m in comparison.manual_links:  # drawn on purpose: confirmed
        drawn = _manual_oriented(m, left, right)
        if drawn is not None:
            low = bisect_left(starts, drawn.left.start)
            high = bisect_right(starts, drawn.left.start)
            for i in order[low:high]:
                if links[i] == drawn:
                    states[i] = ReviewState.CONFIRMED
    return tuple(states)


def _judged_links(
    judged: Iterable[Judged],
    left: str,
    right: str,
    links: Sequence[Link],
    order: list[int],
    starts: list[int],
) -> dict[int, datetime]:
    """For each link a judgement matches (by its index in ``links``), the latest such
    judgement's time; ``order`` sorts ``links`` by left start, ``starts`` in that order."""
    found: dict[int, datetime] = {}
    for o in _oriented(judged, left, right):
        reach = o.left.end - o.left.start  # see ``_Index.matching``
        low = bisect_left(starts, o.left.start - reach)
        high = bisect_right(starts, o.left.end)
        for i in order[low:high]:
            if same_link(o.stored.kind, o.left, o.right, links[i]):
                found[i] = max(found.get(i, o.stored.created), o.stored.created)
    return found


def _manual_oriented(manual: ManualLink, left: str, right: str) -> Link | None:
    if (manual.left_document, manual.right_document) == (left, right):
        return manual.to_link()
    if (manual.left_document, manual.right_document) == (right, left):
        return manual.to_link().swapped()
    return None


def confirmations_of(
    comparison: Comparison, links: Sequence[Link], left: str, right: str
) -> tuple[ConfirmedLink, ...]:
    """The stored confirmations judging any of ``links``: what rejecting them must remove
    (each once, as stored)."""
    index = _Index(comparison.confirmed_links, left, right)
    return tuple(dict.fromkeys(c for link in links for c in index.matching(link)))


def rejections_of(
    comparison: Comparison, links: Sequence[Link], left: str, right: str
) -> tuple[RejectedLink, ...]:
    """The stored rejections judging any of ``links``: what confirming them must remove."""
    index = _Index(comparison.rejected_links, left, right)
    return tuple(dict.fromkeys(r for link in links for r in index.matching(link)))


def confirmation(
    link: Link, left: str, left_text: str, right: str, right_text: str
) -> ConfirmedLink:
    """The record confirming ``link`` (an automatic link between documents ``left`` and
    ``right``), with the text of both sides so it can follow a changed file."""
    from desktop_app.core.anchoring import make_target  # numpy: loaded with the first judgement

    return ConfirmedLink(
        link.kind,
        left,
        link.left,
        right,
        link.right,
        link.score,
        make_target(left_text, link.left).quote,
        make_target(right_text, link.right).quote,
    )


def to_confirm(
    links: Sequence[Link],
    states: Sequence[ReviewState],
    min_score: float,
    kinds: frozenset[LinkKind] = frozenset({LinkKind.QUOTE}),
) -> list[Link]:
    """What "confirm all quotes (or links of ``kinds``) scoring at least ``min_score``"
    confirms: the unreviewed links of those kinds at or above the score. Confirmed ones
    are already done; rejected ones stay rejected (a bulk action never overrules a
    judgement the analyst made one by one)."""
    return [
        link
        for link, state in zip(links, states, strict=True)
        if state is ReviewState.UNREVIEWED and link.kind in kinds and link.score >= min_score
    ]
