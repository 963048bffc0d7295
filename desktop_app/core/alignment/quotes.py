"""Quote links: near-verbatim reuse found by seed, cluster, extend and verify.

This is the PAN "text alignment" recipe. Shared word n-grams (seeds) are
grouped into runs along diagonals, runs close to each other in both documents
are joined (an edit shifts the diagonal a little), then each group is aligned
word by word with rapidfuzz and the best-scoring stretches (a local alignment:
matches gain, edits cost) become links. Spans start and end on words that
match, so they cover the reused text and not the paragraph around it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rapidfuzz.distance import Indel, Levenshtein
from scipy.sparse.csgraph import connected_components

from desktop_app.core.alignment.seeds import ngram_hashes, shared_seeds
from desktop_app.core.alignment.ticker import Ticker
from desktop_app.core.alignment.tokens import IntArray, Tokens
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Link, LinkKind, Span


@dataclass(frozen=True, slots=True)
class QuoteParams:
    """Tuning of quote detection (defaults tuned on the PAN-style benchmark)."""

    ngram: int = 3  # words per seed
    max_pairs: int = 64  # skip n-grams that pair up more often than this
    gap: int = 12  # words between seed runs that still belong to one quote
    pad: int = 6  # words around a group that the alignment may extend into
    split_gap: int = 8  # an unmatched stretch this long ends a quote
    min_words: int = 8  # matching words a quote needs (stock phrases are shorter)
    min_similarity: float = 50.0  # word-level similarity of the two spans, 0..100


# Groups of seeds that belong together: token ranges [i0, i1) and [j0, j1) in one block
# pair, as four parallel arrays (i0, i1, j0, j1).
_Groups = tuple[IntArray, IntArray, IntArray, IntArray]


def find_quotes(
    left: Tokens,
    right: Tokens,
    left_ids: IntArray,
    right_ids: IntArray,
    params: QuoteParams = QuoteParams(),
    progress: Progress | None = None,
) -> list[Link]:
    """Quote links between the two token sequences, merged and sorted."""
    if progress is not None:
        progress.report(0.0, "Finding shared phrases")
    groups = _seed_groups(left, right, left_ids, right_ids, params)
    ticker = Ticker(progress, "Verifying quotes")
    a0, a1 = _window(groups[0], groups[1], left.blocks, params.pad)
    b0, b1 = _window(groups[2], groups[3], right.blocks, params.pad)
    a_all, b_all = left_ids.tolist(), right_ids.tolist()  # list slices beat array.tolist()
    found: list[tuple[int, int, int, int, float]] = []
    windows = list(zip(a0.tolist(), a1.tolist(), b0.tolist(), b1.tolist(), strict=True))
    for number, (s0, s1, t0, t1) in enumerate(windows):
        ticker.tick(number / len(windows))
        found.extend(_verify(a_all[s0:s1], b_all[t0:t1], s0, t0, params))
    ticker.done()
    return _merge_overlapping(_links(found, left, right))


def _content_mask(tokens: Tokens, ids: IntArray, n: int) -> np.ndarray:
    """n-grams inside one block that hold at least one word of 4+ characters."""
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=bool)
    lengths = np.fromiter(map(len, tokens.vocabulary), dtype=np.int64, count=len(tokens.vocabulary))
    long_word = lengths[tokens.ids] >= 4
    window = np.zeros(count, dtype=bool)
    for k in range(n):
        window |= long_word[k : k + count]
    same_block = tokens.blocks[:count] == tokens.blocks[n - 1 :]
    return np.asarray(window & same_block)


def _seed_groups(
    left: Tokens, right: Tokens, left_ids: IntArray, right_ids: IntArray, params: QuoteParams
) -> _Groups:
    """Token ranges [i0, i1) x [j0, j1) of seeds that belong together, sorted by (i0, j0)."""
    n = params.ngram
    seed_i, seed_j = shared_seeds(
        ngram_hashes(left_ids, n),
        _content_mask(left, left_ids, n),
        ngram_hashes(right_ids, n),
        _content_mask(right, right_ids, n),
        params.max_pairs,
    )
    if len(seed_i) == 0:
        return _no_groups()
    pair = left.blocks[seed_i] * (int(right.blocks[-1]) + 1) + right.blocks[seed_j]
    diagonal = seed_j - seed_i
    order = _order(pair, diagonal + len(left_ids), seed_i)
    seed_i, pair, diagonal = seed_i[order], pair[order], diagonal[order]
    # A run: consecutive seeds on one diagonal of one block pair, close together.
    new_pair = np.ones(len(seed_i), dtype=bool)
    new_pair[1:] = pair[1:] != pair[:-1]
    new_run = new_pair.copy()
    new_run[1:] |= (diagonal[1:] != diagonal[:-1]) | (seed_i[1:] - seed_i[:-1] > params.gap)
    starts = np.flatnonzero(new_run)
    run_i0 = seed_i[starts]
    run_i1 = np.maximum.reduceat(seed_i, starts) + n
    run_d = diagonal[starts]
    run_pair = pair[starts]
    # A block pair whose seeds cover too few words cannot hold a quote: most of the
    # seeds of long documents are such strays, and dropping them here is cheap.
    pair_index = np.cumsum(new_pair[starts]) - 1
    seeded = np.bincount(pair_index, weights=run_i1 - run_i0)
    keep = seeded[pair_index] >= params.min_words - 2
    groups = _join_runs(run_pair[keep], run_i0[keep], run_i1[keep], run_d[keep], params.gap)
    least = params.min_words - 2  # seeds covering fewer words leave too much to chance
    i0, i1, j0, j1 = groups
    wide = (i1 - i0 >= least) & (j1 - j0 >= least)
    return i0[wide], i1[wide], j0[wide], j1[wide]


def _order(major: IntArray, middle: IntArray, minor: IntArray) -> IntArray:
    """Indices sorting by (major, middle, minor), all non-negative.

    One argsort of a packed 64-bit key when the three fit (~3x faster than lexsort).
    """
    widths = [int(values.max()).bit_length() for values in (major, middle, minor)]
    if sum(widths) > 63:
        return np.lexsort((minor, middle, major))
    key = (major << (widths[1] + widths[2])) | (middle << widths[2]) | minor
    return np.argsort(key)


def _join_runs(pair: IntArray, i0: IntArray, i1: IntArray, diagonal: IntArray, gap: int) -> _Groups:
    """Connected components of runs that lie within ``gap`` words in both documents.

    Components of a symmetric relation do not depend on which document is left.
    Candidate edges join a run to the runs of its block pair that start before it
    ends (+ ``gap``) in the left document: with runs sorted by start, those are the
    next 1, 2, ... runs, so the edges come from a few vectorised shifts.
    """
    if len(i0) == 0:
        return _no_groups()
    order = np.lexsort((i0, pair))
    pair, i0, i1 = pair[order], i0[order], i1[order]
    j0 = i0 + diagonal[order]
    j1 = i1 + diagonal[order]
    count = len(i0)
    sources: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    targets: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    live = np.arange(count - 1, dtype=np.int64)  # runs that may still reach a later run
    shift = 1
    while len(live):
        other = live + shift
        near = (pair[other] == pair[live]) & (i0[other] <= i1[live] + gap)
        live, other = live[near], other[near]
        close = np.maximum(j0[live], j0[other]) - np.minimum(j1[live], j1[other]) <= gap
        sources.append(live[close])
        targets.append(other[close])
        shift += 1
        live = live[live + shift < count]
    edges = np.concatenate(sources)
    graph = sp.coo_matrix(
        (np.ones(len(edges), dtype=np.int8), (edges, np.concatenate(targets))),
        shape=(count, count),
    )
    _, component = connected_components(graph, directed=False)
    by_component = np.argsort(component, kind="stable")
    first = np.flatnonzero(np.diff(component[by_component], prepend=-1))
    g_i0 = np.minimum.reduceat(i0[by_component], first)
    g_i1 = np.maximum.reduceat(i1[by_component], first)
    g_j0 = np.minimum.reduceat(j0[by_component], first)
    g_j1 = np.maximum.reduceat(j1[by_component], first)
    order = np.lexsort((g_j0, g_i0))
    return g_i0[order], g_i1[order], g_j0[order], g_j1[order]


def _no_groups() -> _Groups:
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, empty, empty


def _window(lo: IntArray, hi: IntArray, blocks: IntArray, pad: int) -> tuple[IntArray, IntArray]:
    """[lo, hi) grown by ``pad`` tokens on each side, without leaving the block of ``lo``."""
    change = np.flatnonzero(np.diff(blocks)) + 1
    first = np.concatenate(([0], change))  # first token of each run of one block
    last = np.concatenate((change, [len(blocks)]))
    run = np.searchsorted(first, lo, side="right") - 1
    return np.maximum(first[run], lo - pad), np.minimum(last[run], hi + pad)


def _verify(
    a_words: list[int], b_words: list[int], a0: int, b0: int, params: QuoteParams
) -> list[tuple[int, int, int, int, float]]:
    """Quotes in one window: (first, last) token of each side and the score."""
    found = []
    for s0, s1, t0, t1, matched in _local_segments(a_words, b_words, params.split_gap):
        if matched < params.min_words:
            continue
        score = 100.0 * Indel.normalized_similarity(a_words[s0:s1], b_words[t0:t1])
        if score >= params.min_similarity:
            found.append((a0 + s0, a0 + s1 - 1, b0 + t0, b0 + t1 - 1, round(score, 1)))
    return found


def _links(
    found: list[tuple[int, int, int, int, float]], left: Tokens, right: Tokens
) -> list[Link]:
    """Links from token ranges: offsets gathered with numpy, one Link per range."""
    if not found:
        return []
    a_first, a_last, b_first, b_last, scores = zip(*found, strict=True)
    spans = (
        left.starts[list(a_first)].tolist(),
        left.ends[list(a_last)].tolist(),
        right.starts[list(b_first)].tolist(),
        right.ends[list(b_last)].tolist(),
    )
    return [
        Link(LinkKind.QUOTE, Span(a, b), Span(c, d), score)
        for a, b, c, d, score in zip(*spans, scores, strict=True)
    ]


def _local_segments(
    a: list[int], b: list[int], split_gap: int
) -> list[tuple[int, int, int, int, int]]:
    """Maximal-scoring stretches of the word alignment of ``a`` and ``b``.

    Each matching word scores +1, each edited word -1 (a Kadane scan over the
    alignment's blocks); an unmatched stretch longer than ``split_gap`` always
    ends a stretch. Stretches start and end on matching words.
    """
    segments: list[tuple[int, int, int, int, int]] = []
    score = best = matched = best_matched = 0
    start: tuple[int, int] | None = None
    end = (0, 0)
    for op in [*Levenshtein.opcodes(a, b), None]:
        if op is not None and op.tag == "equal":
            if start is None:
                start, score, best, matched = (op.src_start, op.dest_start), 0, 0, 0
            score += op.src_end - op.src_start
            matched += op.src_end - op.src_start
            if score > best:
                best, best_matched, end = score, matched, (op.src_end, op.dest_end)
            continue
        cost = (
            split_gap + 1
            if op is None
            else max(op.src_end - op.src_start, op.dest_end - op.dest_start)
        )
        score -= cost
        if start is not None and (cost > split_gap or score <= 0):
            segments.append((start[0], end[0], start[1], end[1], best_matched))
            start = None
    return segments


def _merge_overlapping(links: list[Link]) -> list[Link]:
    """Join links that overlap in both documents (padding can make groups meet)."""
    links.sort(key=lambda link: (link.left.start, link.right.start))
    merged: list[Link] = []
    for link in links:
        for index in range(len(merged) - 1, max(-1, len(merged) - 8), -1):
            other = merged[index]
            if other.left.overlaps(link.left) and other.right.overlaps(link.right):
                merged[index] = Link(
                    LinkKind.QUOTE,
                    other.left.union(link.left),
                    other.right.union(link.right),
                    max(other.score, link.score),
                )
                break
        else:
            merged.append(link)
    return merged
