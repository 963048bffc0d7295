"""Paragraph pairs between essays: the meaning-level step's links where few words are shared."""

from __future__ import annotations

import numpy as np

from benchmarks.inputs import CORPUS
from benchmarks.quality import GOLD
from desktop_app.core.alignment import align
from desktop_app.core.alignment.meaning import (
    PASSAGE_SCALE,
    Meaning,
    MeaningParams,
    paragraph_pairs,
)
from desktop_app.core.alignment.pipeline import _body_sentences
from desktop_app.core.alignment.related import Units, units_of
from desktop_app.core.alignment.tokens import tokenize
from desktop_app.core.documents import load
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import LinkKind
from desktop_app.core.semantic.gold import evaluate, load_gold

LEFT = (
    "Sanctions must be tightened at once. Every loophole costs lives.\n\n"
    "The army needs long-range weapons. Without them the front will not hold.\n\n"
    "Elections should follow the war. Nobody can vote under shelling."
)
RIGHT = (
    "Weapons with longer reach are what the soldiers ask for.\n\n"
    "Closing the gaps in the embargo would starve the war machine."
)


def _units(text: str) -> Units:
    document = document_from_text(text)
    return units_of(_body_sentences(document), tokenize(document, None))


def test_each_paragraph_pairs_with_its_nearest_above_the_cosine() -> None:
    """Vectors are chosen by hand: left paragraph 1 (sanctions) is near right paragraph 2,
    left paragraph 2 (weapons) near right paragraph 1, left paragraph 3 near nothing."""
    left, right = _units(LEFT), _units(RIGHT)
    assert len(left.passages) == 6 and len(right.passages) == 2
    axes = np.eye(4, dtype=np.float32)
    left_vectors = np.stack([axes[0], axes[0], axes[1], axes[1], axes[3], axes[3]])
    right_vectors = np.stack([axes[1], axes[0]])
    params = MeaningParams(passage_cosine=0.5, passage_partners=(1, 1))
    links = paragraph_pairs(
        (left, right), (list(range(6)), [0, 1]), (left_vectors, right_vectors), params
    )
    pairs = {(link.left.of(LEFT)[:9], link.right.of(RIGHT)[:9]) for link in links}
    assert pairs == {("Sanctions", "Closing t"), ("The army ", "Weapons w")}
    assert all(link.kind is LinkKind.RELATED and link.score == PASSAGE_SCALE for link in links)
    # Each link spans its whole paragraph, from its first sentence to its last.
    assert sorted(link.left.of(LEFT) for link in links) == [
        "Sanctions must be tightened at once. Every loophole costs lives.",
        "The army needs long-range weapons. Without them the front will not hold.",
    ]


def test_the_plan_and_its_rebuttal_link_the_points_the_rebuttal_answers() -> None:
    """The user's own case, with the packaged model: most gold restatements and answers
    between the victory plan and the rebuttal are joined, few hard negatives are."""
    names = ("congress-victory-plan-2024.txt", "spectator-plot-to-kill-putin-rebuttal-2024.txt")
    documents = {path.name: load(path) for path in CORPUS.iterdir()}
    gold = [pair for pair in load_gold(GOLD, documents) if (pair.left, pair.right) == names]
    links = align(documents[names[0]], documents[names[1]], meaning=Meaning()).links
    counts = {
        kind: evaluate([p for p in gold if p.kind == kind], links)
        for kind in ("restates", "answers", "no-link")
    }
    answered = counts["restates"] + counts["answers"]
    assert answered.recall >= 0.4, answered
    assert counts["no-link"].false_positive <= counts["no-link"].true_negative, counts["no-link"]
