"""The meaning-level step: sentence embeddings where words leave passages unexplained.

Words find quotes, revisions and most translations. What they miss are passages that say
the same thing, or answer it, in other words. Embedding every sentence of a book costs
minutes, so this step reads only the sentences that no link explains yet: in parallel
documents only those in the gaps of the alignment, each paired only within its own gap.
Candidates are each such sentence's nearest neighbours in embedding space; one calibrated
probability (``semantic.calibration``) scores them; mutual best pairs (a few partners a
sentence) strong alone or beside another link are kept.

Between essays (a plan and its rebuttal, two pieces by one author) a sentence's nearest
neighbour is rarely the sentence that answers it: the small model ranks the gold partner
first for about one sentence in five. A paragraph's mean vector is steadier (first or
second for over half), so there the step also links paragraphs to their best partners.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from desktop_app.core.alignment.chaining import SentenceIndex
from desktop_app.core.alignment.related import (
    RelatedParams,
    Units,
    merge_leftovers,
    monotone_chain,
    mutual_best,
)
from desktop_app.core.alignment.tokens import IntArray
from desktop_app.core.alignment.vectors import TfIdf, pair_cosine
from desktop_app.core.cache import Cache
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Document, Link, LinkKind, PassageLevel, Span
from desktop_app.core.semantic.calibration import ORDERED, UNORDERED, probability
from desktop_app.core.semantic.model import FloatMatrix
from desktop_app.core.semantic.passages import Embed, passage_embeddings

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Meaning:
    """Ask ``align`` for the meaning-level step: the embedding function and its cache."""

    embed: Embed | None = None  # None: the packaged model (semantic.model.embed)
    cache: Cache | None = None  # embeddings per document hash, so a reopened pair is quick


@dataclass(frozen=True, slots=True)
class MeaningParams:
    """Selection on the calibrated 0..100 scale (tuned in ``benchmarks/calibrate.py``)."""

    neighbours: int = 6  # embedding neighbours per sentence and direction
    # A sentence's best partners that may be linked (each way): an essay's thesis is
    # restated and answered in several places of the reply ...
    partners: int = 3
    # ... but where words already explain this share of the shorter document (reuse,
    # translation), meaning only fills the gaps, one partner each.
    reuse_share: float = 0.2
    # The calibration is fitted on translations, where most sentence pairs have a partner;
    # between essays far fewer do, so even odds there over-links.
    threshold: float = 75.0  # a best pair scoring this may stand alone as a link
    floor: float = 55.0  # ... one scoring this needs a neighbouring link
    ordered_threshold: float = 20.0
    merge_threshold: float = 20.0
    min_words: int = 7
    chunk: int = 1024  # rows per dense similarity block
    # Paragraphs of essays (few shared words): each paragraph's best partners whose mean
    # vectors have this cosine, more for the document cut into more paragraphs (a plan's
    # points each find the reply's paragraph that takes them up). Tuned on the essay gold
    # set's fit half (benchmarks/quality.py reports the held-out half).
    passage_cosine: float = 0.55
    passage_partners: tuple[int, int] = (2, 1)  # (side with more paragraphs, the other)


# Raw score of a paragraph pair per unit of cosine (calibrated as a group of its own).
PASSAGE_SCALE = 100.0


@dataclass(frozen=True, slots=True)
class Found:
    """What the meaning-level step found: sentence pairs (each with whether it may stand
    alone) and, between essays, paragraph pairs that restate or answer each other."""

    pairs: list[tuple[Link, bool]]
    passages: list[Link]


DEFAULT_MEANING = MeaningParams()
_PARTITION_ROWS = 64  # rows of a similarity block partitioned at once (dense_neighbours)


def meaning_pairs(
    documents: tuple[Document, Document],
    units: tuple[Units, Units],
    tfidf: tuple[TfIdf, TfIdf],
    links: list[Link],
    ordered: bool,
    meaning: Meaning,
    params: MeaningParams = DEFAULT_MEANING,
    progress: Progress | None = None,
) -> Found:
    """Sentence pairs that ``links`` leave unexplained, related by meaning, each with whether
    it may stand alone (in parallel documents every pair in a gap of the alignment may; in
    others only those scoring ``threshold``, weaker ones need a neighbouring link); between
    essays, also the paragraph pairs of ``paragraph_pairs``."""
    left_units, right_units = units
    rows_l, rows_r, allowed = _unexplained(units, links, ordered, params.min_words)
    if not rows_l or not rows_r:
        return Found([], [])
    # ModelUnavailable (the model's package missing) goes to the caller: the command line
    # says so and prints the word-level links, the window says so and keeps showing them.
    left_vectors = passage_embeddings(
        documents[0],
        [left_units.passages[i].span for i in rows_l],
        meaning.cache,
        progress.sub(0.0, 0.5) if progress else None,
        meaning.embed,
    )
    right_vectors = passage_embeddings(
        documents[1],
        [right_units.passages[i].span for i in rows_r],
        meaning.cache,
        progress.sub(0.5, 0.95) if progress else None,
        meaning.embed,
    )
    a, b = _pairs(left_vectors, right_vectors, (params.neighbours,) * 2, params.chunk)
    rows = np.asarray(rows_l, dtype=np.int64)[a]
    cols = np.asarray(rows_r, dtype=np.int64)[b]
    if allowed is not None:
        keep = np.asarray(
            [allowed(r, c) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)], dtype=bool
        )
        rows, cols, a, b = rows[keep], cols[keep], a[keep], b[keep]
    if not len(rows):
        return Found([], [])
    features = pair_features(
        tfidf, (left_vectors[a], right_vectors[b]), rows, cols, documents, units
    )
    scores = 100.0 * probability(features, ORDERED if ordered else UNORDERED)
    # What merge_leftovers reads: a leftover neighbour sentence joins at merge_threshold.
    selection = RelatedParams(merge_threshold=params.merge_threshold, min_words=params.min_words)
    if ordered:
        chain = monotone_chain(rows, cols, scores, params.ordered_threshold)
        pairs = merge_leftovers(rows, cols, scores, chain, left_units, right_units, selection)
        return Found(
            [
                (Link(LinkKind.RELATED, a_span, b_span, round(s, 1)), True)
                for a_span, b_span, s in pairs
            ],
            [],
        )
    # Documents that share much wording (reuse, a gospel and its source): words found the
    # passages, meaning only fills the gaps beside them, one partner each, never alone.
    reused = _explained_share(units, links, params.min_words) >= params.reuse_share
    partners = 1 if reused else params.partners
    alone = float("inf") if reused else params.threshold
    keep = mutual_best(rows, cols, scores, partners) & (scores >= params.floor)
    passages = (
        []
        if reused
        else paragraph_pairs(units, (rows_l, rows_r), (left_vectors, right_vectors), params)
    )
    sentence_pairs = [
        (
            Link(
                LinkKind.RELATED,
                left_units.passages[r].span,
                right_units.passages[c].span,
                round(float(s), 1),
            ),
            float(s) >= alone,
        )
        for r, c, s in zip(rows[keep].tolist(), cols[keep].tolist(), scores[keep], strict=True)
    ]
    return Found(sentence_pairs, passages)


def paragraph_pairs(
    units: tuple[Units, Units],
    rows: tuple[list[int], list[int]],
    vectors: tuple[FloatMatrix, FloatMatrix],
    params: MeaningParams = DEFAULT_MEANING,
) -> list[Link]:
    """Paragraph pairs whose mean sentence vectors (over the embedded sentences ``rows``)
    are each other's best: every paragraph's ``passage_partners`` nearest at cosine
    ``passage_cosine`` or more; the raw score is the cosine x ``PASSAGE_SCALE``."""
    left_spans, left_means = _paragraph_means(units[0], rows[0], vectors[0])
    right_spans, right_means = _paragraph_means(units[1], rows[1], vectors[1])
    if not left_spans or not right_spans:
        return []
    more, fewer = params.passage_partners
    per_row, per_col = (more, fewer) if len(left_spans) >= len(right_spans) else (fewer, more)
    lefts, rights = _pairs(left_means, right_means, (per_row, per_col), params.chunk)
    cosine = np.einsum("ij,ij->i", left_means[lefts], right_means[rights])
    keep = cosine >= params.passage_cosine
    return [
        Link(
            LinkKind.RELATED,
            left_spans[r],
            right_spans[c],
            round(PASSAGE_SCALE * float(value), 1),
            level=PassageLevel.PARAGRAPH,
        )
        for r, c, value in zip(
            lefts[keep].tolist(), rights[keep].tolist(), cosine[keep].tolist(), strict=True
        )
    ]


def _paragraph_means(
    units: Units, rows: list[int], vectors: FloatMatrix
) -> tuple[list[Span], FloatMatrix]:
    """Each paragraph holding an embedded sentence: its span (first to last sentence) and
    the unit-length mean of its embedded sentences' vectors."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for passage in units.passages:
        first.setdefault(passage.block_index, passage.span.start)
        last[passage.block_index] = passage.span.end
    of_row = np.asarray([units.passages[row].block_index for row in rows], dtype=np.int64)
    blocks, place = np.unique(of_row, return_inverse=True)
    means = np.zeros((len(blocks), vectors.shape[1]), dtype=np.float32)
    np.add.at(means, place, vectors)
    means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
    return [Span(first[b], last[b]) for b in blocks.tolist()], means


class _Gaps:
    """Which right sentences an unexplained left sentence may pair with in parallel
    documents: those between the links before and after it (its gap)."""

    def __init__(self, links: list[Link], units: tuple[Units, Units]) -> None:
        ordered = sorted(links, key=lambda link: link.left.start)
        self._left_ends = [link.left.end for link in ordered]
        self._right_ends = [link.right.end for link in ordered]
        self._right_starts = [link.right.start for link in ordered]
        self._left, self._right = units

    def window(self, row: int) -> tuple[int, int]:
        """Character range on the right side open to left sentence ``row``."""
        start = self._left.passages[row].span.start
        before = bisect.bisect_right(self._left_ends, start)  # links ending before the sentence
        low = self._right_ends[before - 1] if before else 0
        high = self._right_starts[before] if before < len(self._right_starts) else 1 << 62
        return low, high

    def allows(self, row: int, col: int) -> bool:
        low, high = self.window(row)
        span = self._right.passages[col].span
        return low <= span.start and span.end <= max(high, low)


def _explained_share(units: tuple[Units, Units], links: list[Link], min_words: int) -> float:
    """Share of the shorter document's sentences that the word-level links touch."""
    shares = []
    for side, spans in ((units[0], [k.left for k in links]), (units[1], [k.right for k in links])):
        long_enough = {i for i, size in enumerate(side.sizes.tolist()) if size >= min_words}
        touched = _touched(SentenceIndex(side.passages), spans) & long_enough
        shares.append(len(touched) / max(1, len(long_enough)))
    shorter = 0 if len(units[0].passages) <= len(units[1].passages) else 1
    return shares[shorter]


def _unexplained(
    units: tuple[Units, Units], links: list[Link], ordered: bool, min_words: int
) -> tuple[list[int], list[int], Callable[[int, int], bool] | None]:
    """Sentences no link touches (long enough to compare) and, for parallel documents,
    which pairs of them lie in the same gap of the alignment."""
    left, right = units
    touched_l = _touched(SentenceIndex(left.passages), [link.left for link in links])
    touched_r = _touched(SentenceIndex(right.passages), [link.right for link in links])
    rows_l = [
        i for i, size in enumerate(left.sizes.tolist()) if size >= min_words and i not in touched_l
    ]
    rows_r = [
        i for i, size in enumerate(right.sizes.tolist()) if size >= min_words and i not in touched_r
    ]
    if not ordered or not links:
        return rows_l, rows_r, None
    gaps = _Gaps(links, units)
    right_starts = [right.passages[i].span.start for i in rows_r]
    keep_l: list[int] = []
    keep_r: set[int] = set()
    for row in rows_l:
        low, high = gaps.window(row)
        first = bisect.bisect_left(right_starts, low)
        last = bisect.bisect_left(right_starts, high)
        if first < last:
            keep_l.append(row)
            keep_r.update(rows_r[first:last])
    return keep_l, sorted(keep_r), gaps.allows


def _touched(index: SentenceIndex, spans: list[Span]) -> set[int]:
    touched: set[int] = set()
    for span in spans:
        first, last = index.touched(span)
        touched.update(range(first, last + 1))
    return touched


def _pairs(
    left: FloatMatrix, right: FloatMatrix, nearest: tuple[int, int], chunk: int
) -> tuple[IntArray, IntArray]:
    """Unique (left, right) index pairs, in order: each left row's ``nearest[0]`` nearest
    right rows and each right row's ``nearest[1]`` nearest left rows."""
    a1, b1 = dense_neighbours(left, right, nearest[0], chunk)
    b2, a2 = dense_neighbours(right, left, nearest[1], chunk)
    width = max(1, len(right))
    keys = np.unique(np.concatenate([a1 * width + b1, a2 * width + b2]))
    return keys // width, keys % width


def dense_neighbours(
    a: FloatMatrix, b: FloatMatrix, k: int, chunk: int
) -> tuple[IntArray, IntArray]:
    """For each row of ``a``, the ``k`` rows of ``b`` with the highest dot product.

    A block's products are negated in place and partitioned a few rows at a time: the
    negated copy and argpartition's full-width index array of a whole block (float32
    and int64: 100 MB at eight books a side) were the meaning step's peak. Each row is
    partitioned alone either way, so the neighbours are the same.
    """
    if len(a) == 0 or len(b) == 0 or k <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    k = min(k, len(b))
    all_rows: list[IntArray] = []
    all_cols: list[IntArray] = []
    for start in range(0, len(a), chunk):
        block = a[start : start + chunk] @ b.T
        np.negative(block, out=block)
        top = np.empty((len(block), k), dtype=np.int64)
        for row in range(0, len(block), _PARTITION_ROWS):
            rows = slice(row, row + _PARTITION_ROWS)
            top[rows] = np.argpartition(block[rows], k - 1, axis=1)[:, :k]
        all_rows.append(np.repeat(np.arange(start, start + len(block), dtype=np.int64), k))
        all_cols.append(top.ravel().astype(np.int64))
    return np.concatenate(all_rows), np.concatenate(all_cols)


def pair_features(
    tfidf: tuple[TfIdf, TfIdf],
    vectors: tuple[FloatMatrix, FloatMatrix],
    rows: IntArray,
    cols: IntArray,
    documents: tuple[Document, Document],
    units: tuple[Units, Units],
) -> FloatArray:
    """Columns: TF-IDF cosine, token_set_ratio / 100, embedding cosine, position gap.

    ``vectors`` are the two sides' embeddings already gathered row by row for the pairs.
    """
    features = np.zeros((len(rows), 4), dtype=np.float64)
    if not len(rows):
        return features
    features[:, 0] = pair_cosine(tfidf[0], tfidf[1], rows, cols)
    texts_l, texts_r = units[0].texts, units[1].texts
    features[:, 1] = [
        fuzz.token_set_ratio(texts_l[r], texts_r[c]) / 100.0
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    features[:, 2] = np.einsum("ij,ij->i", vectors[0], vectors[1])
    starts_l = np.asarray([p.span.start for p in units[0].passages], dtype=np.float64)
    starts_r = np.asarray([p.span.start for p in units[1].passages], dtype=np.float64)
    features[:, 3] = np.abs(
        starts_l[rows] / max(1, len(documents[0].text))
        - starts_r[cols] / max(1, len(documents[1].text))
    )
    return features
