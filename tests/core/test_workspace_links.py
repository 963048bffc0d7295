"""A comparison's shown links: rejected ones hidden, hand-made ones added, both orientations."""

from __future__ import annotations

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import ManualLink
from desktop_app.core.model import Alignment, Link, LinkKind, Span
from desktop_app.core.workspace_links import (
    manual_link_for,
    rejection,
    shown_alignment,
)
from tests.helpers.links import LINKS, TEXT, L, R, comparison


def test_rejected_links_are_hidden_even_when_realignment_moves_them_a_little() -> None:
    rejected = rejection(LINKS[1], L, R)
    shown = shown_alignment(Alignment(LINKS), comparison(rejected_links=(rejected,)), L, R)
    assert shown.links == (LINKS[0], LINKS[2])
    nudged = Link(LinkKind.RELATED, Span(21, 40), Span(30, 51), 41.0)
    again = shown_alignment(
        Alignment((LINKS[0], nudged)), comparison(rejected_links=(rejected,)), L, R
    )
    assert again.links == (LINKS[0],)
    # seen from the other side (documents swapped), the same rejection still applies
    swapped = Alignment(tuple(link.swapped() for link in LINKS))
    assert (
        LINKS[1].swapped()
        not in shown_alignment(swapped, comparison(rejected_links=(rejected,)), R, L).links
    )


def test_manual_links_show_sorted_in_either_orientation() -> None:
    manual = ManualLink.new(
        LinkKind.RELATED,
        L,
        make_target(TEXT, Span(45, 55)),
        R,
        make_target(TEXT, Span(100, 120)),
    )
    state = comparison(manual_links=(manual,))
    shown = shown_alignment(Alignment(LINKS), state, L, R)
    expected = Link(LinkKind.RELATED, Span(45, 55), Span(100, 120), 100.0)
    assert shown.links == (LINKS[0], LINKS[1], expected, LINKS[2])
    assert manual_link_for(state, expected, L, R) == manual
    assert manual_link_for(state, LINKS[0], L, R) is None
    reverse = shown_alignment(Alignment(()), state, R, L)
    assert reverse.links == (expected.swapped(),)
    assert manual_link_for(state, expected.swapped(), R, L) == manual
    # another pair of documents does not show it; no comparison shows the aligner's links
    assert shown_alignment(Alignment(()), state, L, "x" * 64).links == ()
    assert shown_alignment(Alignment(LINKS), None, L, R).links == LINKS
