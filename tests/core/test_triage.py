"""Each link's review state and what a bulk confirmation takes (``core.triage``)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import ManualLink, utc_now
from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.triage import (
    ReviewState,
    confirmation,
    confirmations_of,
    rejections_of,
    review_states,
    to_confirm,
)
from desktop_app.core.workspace_links import rejection
from tests.helpers.links import LINKS, TEXT, L, R, comparison

C, X, U = ReviewState.CONFIRMED, ReviewState.REJECTED, ReviewState.UNREVIEWED


def test_each_link_is_confirmed_rejected_or_unreviewed() -> None:
    state = comparison(
        confirmed_links=(confirmation(LINKS[0], L, TEXT, R, TEXT),),
        rejected_links=(rejection(LINKS[1], L, R),),
    )
    assert review_states(LINKS, state, L, R) == (C, X, U)
    assert review_states(LINKS, None, L, R) == (U, U, U)
    # another pair of documents has judged nothing
    assert review_states(LINKS, state, L, "x" * 64) == (U, U, U)


def test_a_confirmation_holds_when_realignment_moves_the_ends_a_little_and_either_way_round() -> (
    None
):
    state = comparison(confirmed_links=(confirmation(LINKS[0], L, TEXT, R, TEXT),))
    nudged = Link(LinkKind.QUOTE, Span(1, 10), Span(5, 16), 79.0)
    far = Link(LinkKind.QUOTE, Span(5, 10), Span(5, 15), 79.0)  # half of it: another link
    as_related = replace(LINKS[0], kind=LinkKind.RELATED)
    assert review_states((nudged, far, as_related), state, L, R) == (C, U, U)
    swapped = tuple(link.swapped() for link in LINKS)
    assert review_states(swapped, state, R, L) == (C, U, U)


def test_the_confirmation_records_both_sides_text_and_the_score() -> None:
    made = confirmation(LINKS[2], L, TEXT, R, TEXT)
    assert (made.left, made.right, made.score) == (LINKS[2].left, LINKS[2].right, 90.0)
    assert made.left_quote.exact == LINKS[2].left.of(TEXT)
    assert made.right_quote.exact == LINKS[2].right.of(TEXT)


def test_a_hand_made_link_counts_as_confirmed() -> None:
    manual = ManualLink.new(
        LinkKind.QUOTE, L, make_target(TEXT, Span(80, 90)), R, make_target(TEXT, Span(80, 95))
    )
    state = comparison(manual_links=(manual,))
    assert review_states((manual.to_link(), *LINKS), state, L, R) == (C, U, U, U)


def test_when_both_judgements_match_the_later_one_tells() -> None:
    earlier = utc_now() - timedelta(hours=1)
    confirmed_first = replace(confirmation(LINKS[0], L, TEXT, R, TEXT), created=earlier)
    rejected_later = rejection(replace(LINKS[0], left=Span(1, 10)), L, R)
    state = comparison(confirmed_links=(confirmed_first,), rejected_links=(rejected_later,))
    assert review_states(LINKS[:1], state, L, R) == (X,)
    state = comparison(
        confirmed_links=(replace(confirmed_first, created=utc_now() + timedelta(hours=1)),),
        rejected_links=(rejected_later,),
    )
    assert review_states(LINKS[:1], state, L, R) == (C,)


def test_the_stored_judgements_of_a_link_are_found_for_replacing() -> None:
    nudged = replace(LINKS[0], left=Span(1, 10))
    stored = confirmation(nudged, L, TEXT, R, TEXT)
    stored_rejection = rejection(nudged, L, R)
    state = comparison(confirmed_links=(stored,), rejected_links=(stored_rejection,))
    assert confirmations_of(state, [LINKS[0], LINKS[0]], L, R) == (stored,)
    assert rejections_of(state, [LINKS[0]], L, R) == (stored_rejection,)
    assert confirmations_of(state, [LINKS[2]], L, R) == ()


def test_bulk_confirmation_takes_unreviewed_quotes_at_or_above_the_score() -> None:
    links = (
        Link(LinkKind.QUOTE, Span(0, 10), Span(0, 10), 95.0),
        Link(LinkKind.QUOTE, Span(20, 30), Span(20, 30), 70.0),  # exactly the score
        Link(LinkKind.QUOTE, Span(40, 50), Span(40, 50), 69.9),  # below
        Link(LinkKind.RELATED, Span(60, 70), Span(60, 70), 99.0),  # not a quote
        Link(LinkKind.QUOTE, Span(80, 90), Span(80, 90), 88.0),  # rejected
        Link(LinkKind.QUOTE, Span(100, 110), Span(100, 110), 90.0),  # confirmed already
    )
    state = comparison(
        rejected_links=(rejection(links[4], L, R),),
        confirmed_links=(confirmation(links[5], L, TEXT, R, TEXT),),
    )
    states = review_states(links, state, L, R)
    assert states == (U, U, U, U, X, C)
    assert to_confirm(links, states, 70.0) == [links[0], links[1]]
    every_kind = frozenset(LinkKind)
    assert to_confirm(links, states, 70.0, every_kind) == [links[0], links[1], links[3]]
    assert to_confirm(links, states, 100.0) == []


def test_the_index_agrees_with_checking_every_judgement() -> None:
    """The start-indexed lookup finds exactly what a scan of every judgement finds."""
    rng = random.Random(7)
    links = []
    for _ in range(400):
        start, length = rng.randrange(0, 2000), rng.randrange(0, 60)
        other = rng.randrange(0, 2000)
        links.append(
            Link(
                rng.choice(list(LinkKind)),
                Span(start, start + length),
                Span(other, other + rng.randrange(0, 60)),
                50.0,
            )
        )
    judged = [
        replace(
            rejection(link, L, R),
            left=Span(min(link.left.start + rng.randrange(-3, 4), link.left.end), link.left.end),
        )
        for link in rng.sample(links, 150)
        if link.left.start >= 3
    ]
    state = comparison(rejected_links=tuple(judged))
    expected = tuple(X if any(j.matches(link) for j in judged) else U for link in links)
    assert review_states(links, state, L, R) == expected
    assert X in expected and U in expected
