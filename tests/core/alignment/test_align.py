"""align(): literal expected quote spans, related links, options, progress, cancel, symmetry."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.alignment import align
from desktop_app.core.cancel import CancelToken, Progress
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.errors import Cancelled
from desktop_app.core.model import AlignOptions, Document, Link, LinkKind, RelationKind

DATA = Path(__file__).resolve().parents[3] / "data"

EDITED_LEFT = (
    "The committee met on Tuesday.\n\nWe believe that the new bridge across the river will"
    " bring prosperity to every village in the valley. Other matters followed.\n"
)
EDITED_RIGHT = (
    "In his speech the mayor said that the new bridge over the river will bring prosperity"
    " to every village in the valley, and sat down.\n"
)
PARAPHRASE_LEFT = (
    "The central bank raised interest rates again to fight stubborn inflation. "
    "Farmers complained bitterly about the drought destroying their wheat harvest. "
    "The football team won the national championship after a dramatic final.\n"
)
PARAPHRASE_RIGHT = (
    "After a dramatic final, the national championship went to the football team. "
    "Stubborn inflation pushed the central bank to raise interest rates again. "
    "The wheat harvest was destroyed by drought, and farmers complained bitterly.\n"
)
QUOTES_ONLY = AlignOptions(kinds=frozenset({LinkKind.QUOTE}))
RELATED_ONLY = AlignOptions(kinds=frozenset({LinkKind.RELATED}))


def doc(text: str) -> Document:
    return document_from_text(text)


def texts(link: Link, left: Document, right: Document) -> tuple[str, str]:
    return link.left.of(left.text), link.right.of(right.text)


def test_demo_rebuttal_quotes_the_plan() -> None:
    plan = doc((DATA / "congress-victory-plan-2024.txt").read_text(encoding="utf-8"))
    rebuttal = doc((DATA / "spectator-plot-to-kill-putin-rebuttal-2024.txt").read_text("utf-8"))
    # The rebuttal's sentence answers the plan's and quotes eight of its words: one related
    # link, the quote's exact words inside it; asked for quotes alone, the quote itself.
    (passage,) = [link for link in align(plan, rebuttal).links if link.quoted]
    assert passage.kind is LinkKind.RELATED and passage.relation is RelationKind.QUOTES
    quotes = align(plan, rebuttal, QUOTES_ONLY).links
    assert quotes == tuple(
        Link(LinkKind.QUOTE, q.left, q.right, q.score, RelationKind.QUOTES) for q in passage.quoted
    )
    assert len(quotes) == 1
    assert passage.left.contains(quotes[0].left) and passage.right.contains(quotes[0].right)
    in_plan, in_rebuttal = texts(quotes[0], plan, rebuttal)
    assert "no longer an option, but simply a duty" in in_plan
    assert "no longer an option but simply a duty" in in_rebuttal
    # The spans cover the quoted phrase, not the paragraphs around it.
    assert len(in_plan) < 60 and len(in_rebuttal) < 60
    assert quotes[0].score >= 90


def test_quote_with_a_changed_word_has_exact_spans() -> None:
    left, right = doc(EDITED_LEFT), doc(EDITED_RIGHT)
    (link,) = align(left, right).links
    assert link.kind is LinkKind.QUOTE
    assert texts(link, left, right) == (
        "that the new bridge across the river will bring prosperity to every village in the valley",
        "that the new bridge over the river will bring prosperity to every village in the valley",
    )
    assert (link.left.start, link.left.end, link.right.start, link.right.end) == (42, 131, 29, 116)
    assert 85 <= link.score < 100


def test_hyphenated_and_reflowed_quote() -> None:
    left = doc(
        "Officials have recog-\nnised that the agreement on fishing\nrights must be renewed"
        " every five years without exception.\n"
    )
    right = doc(
        "Everyone has recognised that the agreement on fishing rights must be renewed every"
        " five years. Nobody disagreed.\n"
    )
    (link,) = align(left, right, QUOTES_ONLY, calibrate=False).links
    assert texts(link, left, right) == (
        "recog-\nnised that the agreement on fishing\nrights must be renewed every five years",
        "recognised that the agreement on fishing rights must be renewed every five years",
    )
    assert link.score == 100.0  # the raw score: the words read the same
    (calibrated,) = align(left, right, QUOTES_ONLY).links
    assert 90 <= calibrated.score < 100  # the chance such a link is right: never certain


def test_stock_phrases_are_not_quotes() -> None:
    left = doc("They discussed the war in Ukraine at length during the summit in Vienna.\n")
    right = doc("Nobody expected the war in Ukraine to dominate the harvest festival.\n")
    assert align(left, right, QUOTES_ONLY).links == ()


def test_unrelated_texts_give_no_links() -> None:
    left = doc(
        "Whisk two eggs with sugar until pale. Fold in the flour gently and bake for"
        " twenty minutes in a hot oven.\n"
    )
    right = doc(
        "Jupiter's moons were first observed by Galileo through a small telescope. Their"
        " orbits helped astronomers test theories of planetary motion.\n"
    )
    assert align(left, right).links == ()


def test_related_paraphrases_link_to_their_counterparts() -> None:
    left, right = doc(PARAPHRASE_LEFT), doc(PARAPHRASE_RIGHT)
    links = align(left, right, RELATED_ONLY).links
    # The bank and the drought follow each other in both texts: one passage, one link.
    pairs = {(a.split()[1], a.split()[-1], b.split()[0], b.split()[-1])
             for a, b in (texts(k, left, right) for k in links)}  # fmt: skip
    assert pairs == {
        ("central", "harvest.", "Stubborn", "bitterly."),
        ("football", "final.", "After", "team."),
    }
    assert all(link.kind is LinkKind.RELATED and 0 < link.score <= 100 for link in links)
    assert [(k.left.start, k.right.start) for k in links] == sorted(
        (k.left.start, k.right.start) for k in links
    )


def test_ordered_keeps_a_monotone_chain() -> None:
    left, right = doc(PARAPHRASE_LEFT), doc(PARAPHRASE_RIGHT)
    links = align(left, right, AlignOptions(kinds=RELATED_ONLY.kinds, ordered=True)).links
    # The football sentence is first on the right and last on the left: out of order.
    (link,) = links
    first = texts(link, left, right)
    assert first[0].startswith("The central bank") and first[0].endswith("wheat harvest.")
    assert first[1].startswith("Stubborn inflation") and first[1].endswith("complained bitterly.")


def test_options_filter_kinds_and_scores() -> None:
    left, right = doc(EDITED_LEFT), doc(EDITED_RIGHT)
    assert align(left, right, RELATED_ONLY).of_kind(LinkKind.QUOTE) == ()
    best = max(link.score for link in align(left, right).links)
    assert align(left, right, AlignOptions(min_score=best)).links
    assert align(left, right, AlignOptions(min_score=best + 0.1)).links == ()
    left, right = doc(PARAPHRASE_LEFT), doc(PARAPHRASE_RIGHT)
    assert align(left, right, QUOTES_ONLY).links == ()
    assert align(left, right, RELATED_ONLY).links == align(left, right).links


def test_the_order_is_decided_from_the_texts_unless_asked() -> None:
    left, right = doc(PARAPHRASE_LEFT), doc(PARAPHRASE_RIGHT)
    assert align(left, right).ordered is False  # three sentences, one out of order
    assert align(left, right, AlignOptions(ordered=True)).ordered is True
    first = " ".join(
        f"Chapter {i} tells how the {w} crossed the river at dawn."
        for i, w in enumerate(("merchant", "soldier", "teacher", "farmer", "sailor", "miller"))
    )
    second = first.replace("crossed", "went over").replace("at dawn", "early in the morning")
    assert align(doc(first), doc(second)).ordered is True
    assert align(doc(first), doc(second), AlignOptions(ordered=False)).ordered is False


@pytest.mark.parametrize(("left_text", "right_text"), [
    (EDITED_LEFT, EDITED_RIGHT),
    (PARAPHRASE_LEFT, PARAPHRASE_RIGHT),
])  # fmt: skip
def test_swapping_documents_swaps_links(left_text: str, right_text: str) -> None:
    left, right = doc(left_text), doc(right_text)
    forward = align(left, right).links
    backward = align(right, left).links
    assert forward
    assert {_unrelated(link.swapped()) for link in forward} == set(map(_unrelated, backward))


def test_symmetry_on_the_demo_pair() -> None:
    plan = doc((DATA / "congress-victory-plan-2024.txt").read_text(encoding="utf-8"))
    rebuttal = doc((DATA / "spectator-plot-to-kill-putin-rebuttal-2024.txt").read_text("utf-8"))
    forward = align(plan, rebuttal).links
    backward = align(rebuttal, plan).links
    assert {_unrelated(link.swapped()) for link in forward} == set(map(_unrelated, backward))


def _unrelated(link: Link) -> Link:
    """The link without its relation: what the right side does with the left (restates,
    answers) has a direction, so swapping the documents may change it."""
    return Link(link.kind, link.left, link.right, link.score)


def test_progress_is_monotone_and_reaches_one() -> None:
    seen: list[float] = []
    plan = doc((DATA / "congress-victory-plan-2024.txt").read_text(encoding="utf-8"))
    rebuttal = doc((DATA / "spectator-plot-to-kill-putin-rebuttal-2024.txt").read_text("utf-8"))
    align(plan, rebuttal, progress=Progress(lambda fraction, _message: seen.append(fraction)))
    assert len(seen) >= 5
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_cancelled_before_start_raises() -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        align(doc(EDITED_LEFT), doc(EDITED_RIGHT), progress=Progress(token=token))


def test_cancel_midway_raises_and_stops_reporting() -> None:
    token = CancelToken()
    seen: list[float] = []

    def on_progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        if fraction > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        align(doc(PARAPHRASE_LEFT), doc(PARAPHRASE_RIGHT), progress=Progress(on_progress, token))
    assert seen and max(seen) < 1.0
    assert sum(1 for f in seen if f > 0.3) == 1
