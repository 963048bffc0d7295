"""Related links: passages that say the same thing in other words.

Sentences are compared as TF-IDF vectors. Candidates come from sparse
products of the word part (common words dropped) in row chunks, keeping each
sentence's top few partners in both directions, so no all-pairs matrix is ever
built. Only candidates get the full score: cosine over words and character
n-grams, blended with rapidfuzz's ``token_set_ratio``. A pair is kept if each
side is among the other's best partners (mutual) and the score clears a
threshold; for documents that run in parallel a monotone chain (weighted longest
increasing subsequence) is kept instead, and a sentence left over between two
chained ones is merged into its neighbour's pair (1-2 and 2-1 alignments). The
pipeline chooses (``chaining``), this module scores and selects.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from rapidfuzz import fuzz

from desktop_app.core.alignment.ticker import Ticker
from desktop_app.core.alignment.tokens import IntArray, Tokens
from desktop_app.core.alignment.vectors import CharGrams, TfIdf, pair_cosine, passage_vectors
from desktop_app.core.cancel import Progress
from desktop_app.core.memory import release_freed
from desktop_app.core.model import Passage, Span

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RelatedParams:
    """Tuning of related-passage detection (tuned on the parallel Bible texts)."""

    candidates: int = 5  # partners kept per passage and direction from the sparse product
    max_df: float = 0.02  # words in more than this share of passages do not make candidates
    min_df_cap: int = 20  # ... unless in fewer passages than this (short documents)
    # ... and never if in more passages than this, whatever the length: a word in d
    # passages of each side adds d x d entries to the candidate product, so a share
    # alone makes that product (and its sort) grow with the square of the length.
    max_df_count: int = 80
    fuzz_weight: float = 0.3  # share of token_set_ratio in the score
    threshold: float = 40.0  # score a link needs to be kept whatever the density (unordered)
    # Weaker mutual-best links (floor..threshold) are kept only up to a density budget,
    # strongest first: one per this many characters of the shorter document. Rebuttals
    # and essays answer each other in few shared words, so a fixed high threshold shows
    # nothing there, and a low one shows a hairball on long texts.
    floor: float = 28.0
    chars_per_weak_link: int = 1500
    ordered_threshold: float = 25.0  # score a link in the monotone chain needs
    merge_threshold: float = 20.0  # score a leftover sentence needs to join a neighbour
    min_words: int = 7  # shorter passages ("There is no answer to that.") match on chance
    chunk: int = 512  # passages per sparse-product chunk


@dataclass(frozen=True, slots=True)
class Units:
    """A document's passages with the tokens that fall in each."""

    passages: tuple[Passage, ...]
    of_token: IntArray  # passage index of each token, -1 if in none
    texts: tuple[str, ...]  # normalised words of each passage, space-joined
    sizes: IntArray  # tokens per passage


def units_of(passages: tuple[Passage, ...], tokens: Tokens) -> Units:
    """Assign each token to the passage whose span contains it."""
    starts = np.asarray([p.span.start for p in passages], dtype=np.int64)
    ends = np.asarray([p.span.end for p in passages], dtype=np.int64)
    index = np.searchsorted(starts, tokens.starts, side="right") - 1
    inside = index >= 0
    inside[inside] &= tokens.starts[inside] < ends[index[inside]]
    of_token = np.where(inside, index, -1).astype(np.int64)
    sizes = np.bincount(of_token[of_token >= 0], minlength=len(passages)).astype(np.int64)
    # Passages are in text order (searchsorted needs it), so each passage's tokens
    # are one slice of the tokens inside passages.
    words = list(map(tokens.vocabulary.__getitem__, tokens.ids[of_token >= 0].tolist()))
    bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()
    texts = tuple(" ".join(words[a:b]) for a, b in pairwise(bounds))
    return Units(passages, of_token, texts, sizes)


@dataclass(frozen=True, slots=True)
class Scored:
    """Candidate sentence pairs (left index, right index) and their 0..100 scores."""

    rows: IntArray
    cols: IntArray
    scores: FloatArray
    left_tfidf: TfIdf  # each sentence's TF-IDF row (words and character n-grams)
    right_tfidf: TfIdf


def scored_pairs(
    left: Units,
    right: Units,
    left_ids: IntArray,
    right_ids: IntArray,
    vocabulary: list[str],
    params: RelatedParams = RelatedParams(),
    progress: Progress | None = None,
) -> Scored:
    """Each sentence's likely partners (rare shared words) with their full score."""
    empty = np.zeros(0, dtype=np.int64)
    if not left.passages or not right.passages:
        nothing = sp.csr_matrix((0, 1), dtype=np.float32)
        grams = sp.csr_matrix((1, 1), dtype=np.float32)
        none = TfIdf(nothing, CharGrams(nothing, grams, np.ones(1, np.float32), 1.0), 1.0)
        return Scored(empty, empty, np.zeros(0, dtype=np.float64), none, none)
    if progress is not None:
        progress.report(0.0, "Weighing words")
    vectors = passage_vectors(
        vocabulary,
        left_ids,
        left.of_token,
        len(left.passages),
        right_ids,
        right.of_token,
        len(right.passages),
    )
    sub = progress.sub(0.2, 0.8) if progress is not None else None
    rows, cols = candidates(vectors.left_words, vectors.right_words, params, sub)
    ok = (left.sizes[rows] >= params.min_words) & (right.sizes[cols] >= params.min_words)
    rows, cols = rows[ok], cols[ok]
    ticker = Ticker(progress.sub(0.8, 1.0) if progress is not None else None, "Scoring")
    scores = _scores(vectors.left, vectors.right, rows, cols, left, right, params, ticker)
    ticker.done()
    return Scored(rows, cols, scores, vectors.left, vectors.right)


def candidates(
    left: sp.csr_matrix, right: sp.csr_matrix, params: RelatedParams, progress: Progress | None
) -> tuple[IntArray, IntArray]:
    """Union of each passage's top partners in both directions (rare words only)."""
    units = left.shape[0] + right.shape[0]
    df = np.bincount(left.indices, minlength=left.shape[1]) + np.bincount(
        right.indices, minlength=right.shape[1]
    )
    common = df > min(params.max_df_count, max(params.min_df_cap, params.max_df * units))
    left, right = _without(left, common), _without(right, common)
    forward = _top_k(left, right, params, progress.sub(0.0, 0.5) if progress else None)
    backward = _top_k(right, left, params, progress.sub(0.5, 1.0) if progress else None)
    width = right.shape[0]
    keys = np.union1d(forward[0] * width + forward[1], backward[1] * width + backward[0])
    return keys // width, keys % width


def _without(matrix: sp.csr_matrix, columns: npt.NDArray[np.bool_]) -> sp.csr_matrix:
    result = matrix.copy()
    result.data[columns[result.indices]] = 0.0
    result.eliminate_zeros()
    return result


def _top_k(
    a: sp.csr_matrix, b: sp.csr_matrix, params: RelatedParams, progress: Progress | None
) -> tuple[IntArray, IntArray]:
    """For each row of ``a``, the ``params.candidates`` rows of ``b`` most similar to it."""
    ticker = Ticker(progress, "Finding candidate passages")
    b_t = sp.csr_matrix(b.T)
    all_rows: list[IntArray] = []
    all_cols: list[IntArray] = []
    for start in range(0, a.shape[0], params.chunk):
        ticker.tick(start / a.shape[0])
        product = sp.csr_matrix(a[start : start + params.chunk] @ b_t)
        if product.nnz == 0:
            continue
        counts = np.diff(product.indptr)
        rows = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        # One float sort instead of lexsort((-value, row)): row + (1 - value/scale)
        # orders by row, then by value descending (ties keep the product's order).
        scale = float(product.data.max()) * (1.0 + 1e-9)
        order = np.argsort(rows + (1.0 - product.data / scale), kind="stable")
        rank = np.arange(len(rows)) - np.repeat(product.indptr[:-1], counts)
        keep = order[rank < params.candidates]
        all_rows.append(rows[keep] + start)
        all_cols.append(product.indices[keep].astype(np.int64))
    ticker.done()
    if not all_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(all_rows), np.concatenate(all_cols)


def _scores(
    left: TfIdf,
    right: TfIdf,
    rows: IntArray,
    cols: IntArray,
    left_units: Units,
    right_units: Units,
    params: RelatedParams,
    ticker: Ticker,
) -> FloatArray:
    """0..100: cosine of the full vectors blended with token_set_ratio."""
    cosine = np.zeros(len(rows), dtype=np.float64)
    step = 65536
    for start in range(0, len(rows), step):
        ticker.tick(0.5 * start / max(1, len(rows)))
        part = slice(start, start + step)
        cosine[part] = pair_cosine(left, right, rows[part], cols[part])
    release_freed()  # the character rows' scratch, before the long loop below
    fuzzy = np.zeros(len(rows), dtype=np.float64)
    texts_l, texts_r = left_units.texts, right_units.texts
    block = 1024  # pairs as Python ints at a time (all at once: 27 MB at 8x a book)
    for start in range(0, len(rows), block):
        ticker.tick(0.5 + 0.5 * start / max(1, len(rows)))
        end = start + block
        pairs = zip(rows[start:end].tolist(), cols[start:end].tolist(), strict=True)
        fuzzy[start:end] = [fuzz.token_set_ratio(texts_l[r], texts_r[c]) for r, c in pairs]
    return np.asarray(
        100.0 * (1.0 - params.fuzz_weight) * cosine + params.fuzz_weight * fuzzy,
        dtype=np.float64,
    )


def _ranks(owner: IntArray, scores: FloatArray) -> IntArray:
    """Rank (0 = best) of each pair among the pairs of the same owner passage."""
    order = np.lexsort((-scores, owner))
    sorted_owner = owner[order]
    rank = np.empty(len(owner), dtype=np.int64)
    rank[order] = np.arange(len(owner)) - np.searchsorted(sorted_owner, sorted_owner, "left")
    return rank


def mutual_best(
    rows: IntArray, cols: IntArray, scores: FloatArray, partners: int
) -> npt.NDArray[np.bool_]:
    """Pairs where each side is among the other's ``partners`` best."""
    return np.asarray((_ranks(rows, scores) < partners) & (_ranks(cols, scores) < partners))


def readable_selection(
    rows: IntArray,
    cols: IntArray,
    scores: FloatArray,
    partners: int,
    left: Units,
    right: Units,
    params: RelatedParams,
) -> npt.NDArray[np.bool_]:
    """Mutual best pairs: all strong ones, and the best weak ones up to the density budget."""
    mutual = mutual_best(rows, cols, scores, partners)
    keep = mutual & (scores >= params.threshold)
    weak = np.flatnonzero(mutual & (scores >= params.floor) & ~keep)
    shorter = min(_covered_chars(left), _covered_chars(right))
    budget = shorter // params.chars_per_weak_link
    if budget and len(weak):
        best_first = weak[np.argsort(-scores[weak], kind="stable")]
        keep[best_first[:budget]] = True
    return np.asarray(keep)


def _covered_chars(units: Units) -> int:
    return sum(len(passage.span) for passage in units.passages)


def monotone_chain(
    rows: IntArray, cols: IntArray, scores: FloatArray, threshold: float
) -> list[int]:
    """Pairs of the heaviest chain increasing in both documents (weight: score - threshold)."""
    usable = np.flatnonzero(scores > threshold)
    order = usable[np.lexsort((-cols[usable], rows[usable]))]
    size = int(cols.max()) + 2 if len(cols) else 1
    tree_value = [0.0] * (size + 1)
    tree_index = [-1] * (size + 1)
    best = [0.0] * len(rows)
    previous = [-1] * len(rows)
    top_value, top_index = 0.0, -1
    for pair in order.tolist():
        col = int(cols[pair]) + 1
        value, index, k = 0.0, -1, col - 1  # best chain ending strictly before col
        while k > 0:
            if tree_value[k] > value:
                value, index = tree_value[k], tree_index[k]
            k -= k & -k
        best[pair] = value + float(scores[pair]) - threshold
        previous[pair] = index
        k = col
        while k <= size:
            if best[pair] > tree_value[k]:
                tree_value[k], tree_index[k] = best[pair], pair
            k += k & -k
        if best[pair] > top_value:
            top_value, top_index = best[pair], pair
    chain = []
    while top_index >= 0:
        chain.append(top_index)
        top_index = previous[top_index]
    return chain[::-1]


def merge_leftovers(
    rows: IntArray,
    cols: IntArray,
    scores: FloatArray,
    chain: list[int],
    left: Units,
    right: Units,
    params: RelatedParams,
) -> list[tuple[Span, Span, float]]:
    """Chain pairs as span pairs; an unchained neighbour on one side joins the link."""
    chained = np.asarray(chain, dtype=np.int64)
    chain_rows, chain_cols = rows[chained], cols[chained]
    # The four neighbours' scores of every chained pair, looked up at once among the
    # candidates (a dict of every candidate pair was 57 MB at eight books a side).
    above, below = (_scores_at(rows, cols, scores, chain_rows + d, chain_cols) for d in (-1, 1))
    before, after = (_scores_at(rows, cols, scores, chain_rows, chain_cols + d) for d in (-1, 1))
    chained_l = set(chain_rows.tolist())
    chained_r = set(chain_cols.tolist())
    result = []
    for number, pair in enumerate(chain):
        r, c, score = int(rows[pair]), int(cols[pair]), float(scores[pair])
        span_l, span_r = left.passages[r].span, right.passages[c].span
        for nr, neighbour in ((r - 1, above[number]), (r + 1, below[number])):
            if nr not in chained_l and neighbour >= params.merge_threshold:
                span_l = _joined(span_l, left.passages, nr, r)
        for nc, neighbour in ((c - 1, before[number]), (c + 1, after[number])):
            if nc not in chained_r and neighbour >= params.merge_threshold:
                span_r = _joined(span_r, right.passages, nc, c)
        result.append((span_l, span_r, score))
    return result


def _scores_at(
    rows: IntArray, cols: IntArray, scores: FloatArray, at_rows: IntArray, at_cols: IntArray
) -> list[float]:
    """The score of each pair (``at_rows[i]``, ``at_cols[i]``) among the (unique) candidate
    pairs ``rows`` x ``cols``; 0 for a pair that is not a candidate."""
    if not len(rows):
        return [0.0] * len(at_rows)
    width = int(cols.max()) + 2  # a column -1 or max + 1 never reads a real pair
    keys = rows.astype(np.int64) * width + cols
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    wanted = at_rows.astype(np.int64) * width + at_cols
    place = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = (keys[place] == wanted) & (at_rows >= 0) & (at_cols >= 0)
    at: list[float] = np.where(found, np.asarray(scores, np.float64)[order][place], 0.0).tolist()
    return at


def _joined(span: Span, passages: tuple[Passage, ...], other: int, own: int) -> Span:
    """``span`` grown to cover passage ``other`` if it is in the same block as ``own``."""
    if 0 <= other < len(passages) and passages[other].block_index == passages[own].block_index:
        return span.union(passages[other].span)
    return span
