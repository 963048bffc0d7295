"""The default pipeline's scores are calibrated: the table is applied to every link, and on
tuning texts with truth a high score means the link is mostly right."""

from __future__ import annotations

from benchmarks.inputs import read_book
from benchmarks.quality import CliLink, gospel, judge, synoptic_cases, verse_cases
from desktop_app.core.alignment import align
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Alignment
from desktop_app.core.scores import calibrate_links


def _as_cli(alignment: Alignment) -> list[tuple[str, CliLink]]:
    return [
        ("", CliLink(link.kind.value, link.score, link.left, link.right, alignment.ordered))
        for link in alignment.links
    ]


def test_default_scores_are_the_raw_scores_through_the_table() -> None:
    kjv, bbe = read_book("mark.kjv"), read_book("mark.bbe")
    a, b = document_from_text(kjv.text[:30_000]), document_from_text(bbe.text[:30_000])
    raw = align(a, b, calibrate=False)
    default = align(a, b)
    assert [(x.left, x.right) for x in default.links] == [(x.left, x.right) for x in raw.links]
    expected = calibrate_links(raw.links, raw.ordered)
    assert [x.score for x in default.links] == [x.score for x in expected]
    assert any(x.score != y.score for x, y in zip(default.links, raw.links, strict=True))


def test_high_scores_are_mostly_right_on_tuning_texts() -> None:
    """Mark against a paraphrase (verse truth) and against Matthew (Aland's pericopes):
    links scored 70 or more are right at least 70 % of the time, and the mean score is
    near the share right (raw scores, mostly 40-70 on right links, are far from it)."""
    judged = []
    kjv, bbe = read_book("mark.kjv"), read_book("mark.bbe")
    bible = align(document_from_text(kjv.text), document_from_text(bbe.text))
    judged += judge(_as_cli(bible), verse_cases(kjv, bbe))
    mark, matthew = gospel("kjv", "Mark"), gospel("kjv", "Matt")
    synoptic = align(document_from_text(mark.text), document_from_text(matthew.text))
    judged += judge(_as_cli(synoptic), synoptic_cases(mark, matthew, "Matt"))
    high = [j for j in judged if j.score >= 70]
    assert len(high) >= 10
    assert sum(j.right for j in high) / len(high) >= 0.7
    mean_score = sum(j.score for j in judged) / len(judged) / 100
    share = sum(j.right for j in judged) / len(judged)
    assert abs(mean_score - share) <= 0.15
