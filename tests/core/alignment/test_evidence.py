"""Links by default on real and built texts: parallel documents recognised, one link per
reused passage, stock phrases ignored, a quote inside a sentence pair kept inside it."""

from __future__ import annotations

from benchmarks.inputs import PARALLEL, BookPair, read_book, verse_quality
from desktop_app.core.alignment import align
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import AlignOptions, LinkKind

FILLER = [
    "The harbour master counted the boats that came in before the storm.",
    "Lanterns were hung along the pier so the fishermen could find their way.",
    "In the morning the market opened late because the roads were flooded.",
    "Children carried baskets of bread to the families on the hill.",
    "The council met in the old hall to discuss repairs to the bridge.",
    "A letter arrived from the capital promising money for the school.",
    "Nobody believed it, since the last promise had come to nothing.",
    "The miller's daughter wrote down every word of the meeting.",
]


def test_two_translations_of_mark_run_in_parallel_one_link_per_chapter() -> None:
    kjv, asv = read_book("mark.kjv"), read_book("mark.asv")
    alignment = align(document_from_text(kjv.text), document_from_text(asv.text))
    assert alignment.ordered is True
    assert 16 <= len(alignment.links) <= 20  # 16 chapters, one paragraph each
    precision, recall = verse_quality(
        BookPair(kjv, asv), [(link.left, link.right) for link in alignment.links]
    )
    assert precision == 1.0 and recall >= 0.99


def test_the_default_order_can_be_overridden() -> None:
    left = (PARALLEL / "mark.kjv.txt").read_text(encoding="utf-8")[:20_000]
    right = (PARALLEL / "mark.bbe.txt").read_text(encoding="utf-8")[:20_000]
    a, b = document_from_text(left), document_from_text(right)
    assert align(a, b).ordered is True
    forced = align(a, b, AlignOptions(ordered=False))
    assert forced.ordered is False and forced.options.ordered is False


def test_a_stock_phrase_found_in_several_places_makes_no_link() -> None:
    """A refrain that recurs in both texts ("he that hath ears to hear", three times in
    Mark) is no evidence that any two of its places correspond."""
    phrase = "he that hath ears to hear let him hear"
    left = " ".join([*FILLER[:3], f"And he said, {phrase}.", *FILLER[3:6], f"Again: {phrase}."])
    right = " ".join(
        [
            "Elsewhere the story is told differently.",
            f"Then he cried, {phrase}.",
            "Many went away that day and did not come back.",
            "A ship was seen far out at sea with torn sails.",
            f"And once more, {phrase}.",
            "The end of the chapter speaks of bread and fish.",
        ]
    )
    assert align(document_from_text(left), document_from_text(right)).links == ()


def test_a_passage_quoted_across_a_paragraph_break_is_one_link() -> None:
    source = "\n\n".join(
        [
            " ".join(FILLER[:3]),
            " ".join(FILLER[3:6]),
            " ".join(FILLER[6:]),
        ]
    )
    quoted = " ".join(FILLER[1:5])  # two sentences of paragraph 1, two of paragraph 2
    answer = (
        "The chronicle is worth reading in full. As it says: "
        + quoted
        + " That is how the old town remembers it, and we should too."
    )
    links = align(document_from_text(source), document_from_text(answer)).links
    (link,) = links
    assert link.kind is LinkKind.QUOTE
    assert link.left.of(source).startswith("Lanterns were hung")
    assert link.left.of(source).endswith("repairs to the bridge")
    assert "\n\n" in link.left.of(source)


def test_a_pair_found_by_meaning_beside_a_passage_found_by_words_joins_it() -> None:
    """Matthew rewrote Mark: words find most of a parallel passage and meaning the
    sentences reworded beyond them. Next to each other in both gospels, in the same order,
    they are one reused passage and one link, not a passage and its neighbour."""
    from benchmarks.quality import gospel
    from desktop_app.core.alignment.meaning import Meaning

    mark, matthew = gospel("kjv", "Mark"), gospel("kjv", "Matt")
    alignment = align(
        document_from_text(mark.text), document_from_text(matthew.text), meaning=Meaning()
    )
    assert alignment.ordered is False
    links = sorted(alignment.links, key=lambda link: link.left.start)
    assert len(links) >= 40
    touching = [
        (a, b)
        for i, a in enumerate(links)
        for b in links[i + 1 :]
        if 0 <= b.left.start - a.left.end <= 2 and 0 <= b.right.start - a.right.end <= 2
    ]
    assert touching == []
