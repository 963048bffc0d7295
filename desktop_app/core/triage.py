"""Triage of links: each link's review state, and which links a bulk confirmation takes.

A link is *confirmed* (the analyst checked it), *rejected* (dismissed: hidden from the
reading room) or *unreviewed*. The state is read from the comparison's saved judgements
by the rule rejections always used (``RejectedLink.matches``: same kind, both spans
mostly shared), so a judgement survives a re-alignment that moves a span's ends a
little. A hand-made link counts as confirmed: the analyst drew it on purpose.

Judgements may have been recorded with the documents in either order; they are turned
to the pair's left/right orientation here, as ``workspace_links`` does for hand-made
links. Matching uses an index on the left span's start, so judging every link of a long
alignment against thousands of judgements stays linear-ish instead of a full product.
"""

from __future__ import annotations

import enum
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Comparison, ConfirmedLink, RejectedLink, same_link
from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.workspace_links import manual_link_for

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


class _Index(Generic[Judged]):
    """A comparison's judgements of one kind (confirmations or rejections) for one pair
    of documents, looked up by the link they judge."""

    def __init__(self, judged: Iterable[Judged], left: str, right: str) -> None:
        oriented: list[_Oriented[Judged]] = []
        for item in judged:
            if (item.left_document, item.right_document) == (left, right):
                oriented.append(_Oriented(item, item.left, item.right))
            elif (item.left_document, item.right_document) == (right, left):
                oriented.append(_Oriented(item, item.right, item.left))
        oriented.sort(key=lambda o: o.left.start)
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
    the same link, made on different alignments), the later one tells.
    """
    if comparison is None or not (
        comparison.confirmed_links or comparison.rejected_links or comparison.manual_links
    ):
        return (ReviewState.UNREVIEWED,) * len(links)  # the view asks on every filter change
    confirmations = _Index(comparison.confirmed_links, left, right)
    rejections = _Index(comparison.rejected_links, left, right)
    states: list[ReviewState] = []
    for link in links:
        confirmed = confirmations.matching(link)
        rejected = rejections.matching(link)
        if confirmed and rejected:
            later = max(c.created for c in confirmed) >= max(r.created for r in rejected)
            states.append(ReviewState.CONFIRMED if later else ReviewState.REJECTED)
        elif confirmed or manual_link_for(comparison, link, left, right) is not None:
            states.append(ReviewState.CONFIRMED)
        elif rejected:
            states.append(ReviewState.REJECTED)
        else:
            states.append(ReviewState.UNREVIEWED)
    return tuple(states)


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
