"""Why two passages are linked, told from the passages themselves."""

from __future__ import annotations

from desktop_app.core.link_evidence import Explainer, describe_evidence
from desktop_app.core.model import Link, LinkKind, RelationKind, Span

LEFT = (
    "The war goes on and the war is long. "
    "Giving Russians a chance is now no longer an option, but simply a duty of the countries "
    "of the Rammstein coalition. The war will end."
)
RIGHT = (
    "The war goes on. In fact, as they see it, it is no longer an option but simply a duty of "
    "the West to help him. The war, the war. Elsewhere the snow fell on quiet villages."
)


def span_of(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def test_a_quote_shows_its_words_and_the_rare_ones_first() -> None:
    link = Link(
        LinkKind.QUOTE,
        span_of(LEFT, "no longer an option, but simply a duty of the"),
        span_of(RIGHT, "no longer an option but simply a duty of the"),
        100.0,
        RelationKind.QUOTES,
    )
    evidence = Explainer(LEFT, RIGHT).explain(link)
    assert evidence.quoted_words == 10
    assert evidence.word_share == 1.0
    assert evidence.in_order > 95
    assert "duty" in evidence.shared and "the" not in evidence.shared  # common words left out
    assert not evidence.by_meaning
    text = describe_evidence(link, evidence)
    assert text.startswith("Quote, score 100: the right passage quotes the left one")
    assert "Quoted word for word: 10 words" in text


def test_a_pair_with_few_words_in_common_says_it_stands_on_meaning() -> None:
    link = Link(
        LinkKind.RELATED,
        span_of(LEFT, "of the Rammstein coalition. The war will end."),
        span_of(RIGHT, "Elsewhere the snow fell on quiet villages."),
        62.0,
    )
    evidence = Explainer(LEFT, RIGHT).explain(link)
    assert evidence.by_meaning
    assert "rammstein" in evidence.left_only and "villages" in evidence.right_only
    assert "linked by meaning" in describe_evidence(link, evidence)
