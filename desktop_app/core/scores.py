"""Calibrated link scores: "70" means about 70 % of such links are right, in every pair.

The pipeline's raw scores come from different places (a quote's word similarity, a run's
length-weighted mean, the meaning step's logistic model), so a raw 65 meant one thing for a
quote and another for a paraphrase. ``calibrated`` maps a raw score through a monotone table
per group of links (``group_of``: quotes; related passages of documents aligned in order;
related passages of unordered documents) to the probability that such a link is right, as
0..100. The table (``score_table.py``) is fitted by ``python -m benchmarks.calibrate_links`` on
the tuning sets only (pool-adjacent-violators, blocks of at least ``MIN_BLOCK`` links, shrunk
toward the group's rate, never to a certainty) and re-written, identically, by re-running it.

What "right" means there (``benchmarks.pan.is_right``): at least half of the link's
characters, both sides counted, lie in true corresponding cases (verses, Aland pericopes,
generated passages) that it overlaps on both sides; on the essays, a link overlapping both
passages of a gold pair judged "link" is right, one overlapping only "no-link" pairs wrong.

``score_meaning`` is what the window's Minimum score control says: the words come from here,
not from the Qt layer. Pure Python (no numpy): the window imports it at start.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from desktop_app.core.model import Link, LinkKind, PassageLevel
from desktop_app.core.score_table import KNOTS, SHARE_AT_LEAST

Knots = tuple[tuple[float, float], ...]

QUOTE = "quote"
RELATED_ORDERED = "related-ordered"
RELATED_UNORDERED = "related-unordered"
RELATED_PARAGRAPHS = "related-paragraphs"
GROUPS = (QUOTE, RELATED_ORDERED, RELATED_UNORDERED, RELATED_PARAGRAPHS)
MIN_BLOCK = 25  # links per block of the fitted table: fewer make a step out of noise
PRIOR = 10.0  # pseudo-links at the group's rate added to every block


def group_of(
    kind: LinkKind, ordered: bool | None, level: PassageLevel = PassageLevel.SENTENCE
) -> str:
    """Which calibration a link follows: quotes alike everywhere; related passages apart
    for documents aligned in order (translations: long runs) and not (reuse, replies);
    paragraphs joined by meaning between essays apart again (a mean vector's cosine)."""
    if kind is LinkKind.QUOTE:
        return QUOTE
    if level is PassageLevel.PARAGRAPH:
        return RELATED_PARAGRAPHS
    return RELATED_ORDERED if ordered else RELATED_UNORDERED


def calibrated(raw: float, knots: Knots) -> float:
    """``raw`` (0..100) mapped through ``knots`` ((raw, probability) with both ascending),
    linearly between knots, flat beyond the ends; 0..100, one decimal."""
    if not knots:
        return round(min(100.0, max(0.0, raw)), 1)
    xs = [x for x, _ in knots]
    index = bisect_right(xs, raw)
    if index == 0:
        p = knots[0][1]
    elif index == len(knots):
        p = knots[-1][1]
    else:
        (x0, p0), (x1, p1) = knots[index - 1], knots[index]
        p = p0 + (p1 - p0) * (raw - x0) / (x1 - x0) if x1 > x0 else p1
    return round(100.0 * min(1.0, max(0.0, p)), 1)


def table_digest() -> str:
    """A short digest of the shipped table: cached alignments made with another table are
    not read back (their scores would mean something else)."""
    text = repr(sorted(KNOTS.items()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def calibrate_links(
    links: Iterable[Link], ordered: bool | None, table: Mapping[str, Knots] | None = None
) -> list[Link]:
    """Each link (and each quote inside a related passage) with its calibrated score."""
    table = KNOTS if table is None else table

    def one(link: Link) -> Link:
        knots = table.get(group_of(link.kind, ordered, link.level), ())
        inner = tuple(one(q) for q in link.quoted)
        return replace(link, score=calibrated(link.score, knots), quoted=inner)

    return [one(link) for link in links]


def fit_monotone(
    scores: Sequence[float], rights: Sequence[bool], min_block: int = MIN_BLOCK
) -> Knots:
    """Knots of a monotone (non-decreasing) map from raw score to the share right.

    Pool-adjacent-violators on the links sorted by score, then blocks smaller than
    ``min_block`` merged into their neighbour (a merge of neighbours keeps the order), then
    each block's share shrunk toward the group's rate by ``PRIOR`` pseudo-links (kept
    non-decreasing). One knot per block at its mean raw score. Deterministic: the same
    links give the same knots.
    """
    if len(scores) != len(rights):
        raise ValueError("one label per score")
    if not scores:
        return ()
    # a block: [count, rights, sum of raw scores]; links of one raw score start as one block
    tied: dict[float, list[float]] = {}
    for score, right in zip(scores, rights, strict=True):
        block = tied.setdefault(float(score), [0.0, 0.0, 0.0])
        block[0] += 1.0
        block[1] += float(right)
        block[2] += float(score)
    blocks: list[list[float]] = []
    for score in sorted(tied):
        blocks.append(tied[score])
        while len(blocks) > 1 and _rate(blocks[-2]) >= _rate(blocks[-1]):
            _merge_last(blocks)
    while len(blocks) > 1:
        smallest = min(range(len(blocks)), key=lambda b: (blocks[b][0], b))
        if blocks[smallest][0] >= min_block:
            break
        other = smallest - 1 if smallest == len(blocks) - 1 else smallest
        if 0 < smallest < len(blocks) - 1 and blocks[smallest - 1][0] < blocks[smallest + 1][0]:
            other = smallest - 1
        merged = [a + b for a, b in zip(blocks[other], blocks[other + 1], strict=True)]
        blocks[other : other + 2] = [merged]
    # the group's rate, itself with one right and one wrong pseudo-link (Laplace): sixteen
    # right links of sixteen do not make a certainty
    base = (sum(b[1] for b in blocks) + 1.0) / (sum(b[0] for b in blocks) + 2.0)
    knots: list[tuple[float, float]] = []
    for count, hits, total in blocks:
        shrunk = (hits + PRIOR * base) / (count + PRIOR)
        # shrinking a small block more than a large one may undo the order: keep it rising
        knots.append((round(total / count, 2), round(max([shrunk, *(p for _, p in knots)]), 4)))
    return tuple(knots)


def _rate(block: list[float]) -> float:
    return block[1] / block[0]


def _merge_last(blocks: list[list[float]]) -> None:
    last = blocks.pop()
    blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]


@dataclass(frozen=True, slots=True)
class ScoreMeaning:
    """What a minimum score means, in words for the window's score control."""

    label: str  # short, beside the slider
    tooltip: str  # the sentence behind it


def share_at_least(min_score: float) -> tuple[float, int] | None:
    """Share of the tuning texts' links scoring ``min_score`` or more that were right, and
    how many links that is (at the nearest tabulated threshold at or below); None where no
    tuning link scored that high."""
    best: tuple[float, int] | None = None
    for threshold, share, count in SHARE_AT_LEAST:
        if threshold <= min_score:
            best = (share, count) if count else None
    return best


def score_meaning(min_score: float) -> ScoreMeaning:
    """The words for a minimum score: a score is the chance a link is right, and how many of
    the links shown at this setting were right on the texts the scores were fitted on."""
    value = round(min_score)
    found = share_at_least(value)
    chance = (
        f"A link scored {value} was right about {value} times in 100 on our test texts."
        if value > 0
        else "Every link is shown."
    )
    if found is None:
        return ScoreMeaning(
            f"{value} · no test link this high",
            f"{chance} No link of the texts Verso is tuned on scored {value} or more.",
        )
    share, count = found
    percent = round(100 * share)
    return ScoreMeaning(
        f"{value} · ~{percent} % right",
        f"{chance} Of the links scored {value} or more, about {percent} % were right "
        f"({count} links of the Bible, synoptic, generated and essay texts Verso is tuned on).",
    )
