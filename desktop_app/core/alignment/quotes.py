"""Quote links: near-verbatim reuse found by seed, cluster, extend and verify.

This is the PAN "text alignment" recipe. Shared word n-grams (seeds) are
grouped into runs along diagonals, runs close to each other in both documents
are joined (an edit shifts the diagonal a little), then each group is aligned
word by word with rapidfuzz and the best-scoring stretches (a local alignment:
matches gain, edits cost) become links. Spans start and end on words that
match, so they cover the reused text and not the paragraph around it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from types import ModuleType

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from desktop_app.core.alignment.seeds import ngram_keys, shared_seeds
from desktop_app.core.alignment.ticker import Ticker
from desktop_app.core.alignment.tokens import BlockArray, IntArray, Tokens
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
    passes: int = 3  # alignments of one window, each over what the earlier ones left


# Groups of seeds that belong together: token ranges [i0, i1) and [j0, j1) in one block
# pair, as four parallel arrays (i0, i1, j0, j1).
_Groups = tuple[IntArray, IntArray, IntArray, IntArray]
# A verified quote: first and last token on each side (inclusive) and its score.
_Found = tuple[int, int, int, int, float]
# The edit path a window is read along: Levenshtein's, or Indel's (longest common
# subsequence).
_Path = ModuleType
# Word ids as rapidfuzz reads them: one character per word, or a list of ints.
_Words = str | list[int]


def find_quotes(
    left: Tokens,
    right: Tokens,
    left_ids: IntArray,
    right_ids: IntArray,
    params: QuoteParams = QuoteParams(),
    progress: Progress | None = None,
    *,
    swapped: bool = False,
) -> list[Link]:
    """Quote links between the two token sequences, merged and sorted.

    ``swapped``: the caller aligned the pair in the other order; the links come
    with their sides exchanged (built once, not built and then swapped).
    """
    if progress is not None:
        progress.report(0.0, "Finding shared phrases")
    groups = _seed_groups(left, right, left_ids, right_ids, params)
    ticker = Ticker(progress, "Verifying quotes")
    a0, a1 = _window(groups[0], groups[1], left.blocks, params.pad)
    b0, b1 = _window(groups[2], groups[3], right.blocks, params.pad)
    windows = (a0.tolist(), a1.tolist(), b0.tolist(), b1.tolist())
    found = _verified(windows, as_sequence(left_ids), as_sequence(right_ids), params, ticker)
    ticker.done()
    return _links(_merge_overlapping(found), left, right, swapped)


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
    left_keys, right_keys = ngram_keys(left_ids, right_ids, n)
    seed_i, seed_j = shared_seeds(
        left_keys,
        _content_mask(left, left_ids, n),
        right_keys,
        _content_mask(right, right_ids, n),
        params.max_pairs,
    )
    if len(seed_i) == 0:
        return _no_groups()
    # 64-bit: the pair number runs to the product of the two block counts
    pair = left.blocks[seed_i].astype(np.int64) * (int(right.blocks[-1]) + 1) + right.blocks[seed_j]
    seed_i, pair, diagonal = _by_pair_diagonal(pair, seed_j - seed_i, seed_i, len(left_ids))
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


def _by_pair_diagonal(
    pair: IntArray, diagonal: IntArray, seed_i: IntArray, shift: int
) -> tuple[IntArray, IntArray, IntArray]:
    """(seed_i, pair, diagonal) of the seeds sorted by (pair, diagonal, seed_i).

    The three fit one 64-bit key (``diagonal + shift`` is not negative): a stable
    sort of keys in text order, which is nearly sorted for documents that follow
    each other, and the fields read back from the sorted keys (no argsort, no
    gathers). Keys are distinct (a seed is one (i, j)), so the order is the same
    whichever sort makes it.
    """
    offset = diagonal + shift
    widths = [int(values.max()).bit_length() for values in (pair, offset, seed_i)]
    if sum(widths) > 63:
        order = np.lexsort((seed_i, offset, pair))
        return seed_i[order], pair[order], diagonal[order]
    low, middle = widths[2], widths[1] + widths[2]
    key = np.sort((pair << middle) | (offset << low) | seed_i, kind="stable")
    return (
        key & ((1 << low) - 1),
        key >> middle,
        ((key >> low) & ((1 << widths[1]) - 1)) - shift,
    )


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
    component = components(count, np.concatenate(sources), np.concatenate(targets))
    by_component = np.argsort(component, kind="stable")
    first = np.flatnonzero(np.diff(component[by_component], prepend=-1))
    g_i0 = np.minimum.reduceat(i0[by_component], first)
    g_i1 = np.maximum.reduceat(i1[by_component], first)
    g_j0 = np.minimum.reduceat(j0[by_component], first)
    g_j1 = np.maximum.reduceat(j1[by_component], first)
    order = np.lexsort((g_j0, g_i0))
    return g_i0[order], g_i1[order], g_j0[order], g_j1[order]


def components(count: int, sources: IntArray, targets: IntArray) -> IntArray:
    """The connected component of each of ``count`` nodes joined by the undirected edges
    ``sources[k]``-``targets[k]``, numbered in the order of their lowest node (as
    scipy.sparse.csgraph numbers them).

    In numpy rather than csgraph: importing csgraph brings scipy.sparse.linalg and
    scipy.linalg, a tenth of a second a short ``verso align`` would wait for. Each
    node (and its label) takes the lowest label across its edges, then labels follow
    their own labels (pointer jumping) until nothing changes; every label stays a node
    of the same component and no higher than its node, so the fixed point is each
    component's lowest node.
    """
    label = np.arange(count, dtype=np.int64)
    while len(sources):
        low = np.minimum(label[sources], label[targets])
        lowered = label.copy()
        for nodes in (sources, targets, label[sources], label[targets]):
            np.minimum.at(lowered, nodes, low)
        while True:
            jumped = lowered[lowered]
            if np.array_equal(jumped, lowered):
                break
            lowered = jumped
        if np.array_equal(lowered, label):
            break
        label = lowered
    return np.unique(label, return_inverse=True)[1].astype(np.int64)


def _no_groups() -> _Groups:
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, empty, empty


def _window(lo: IntArray, hi: IntArray, blocks: BlockArray, pad: int) -> tuple[IntArray, IntArray]:
    """[lo, hi) grown by ``pad`` tokens on each side, without leaving the block of ``lo``."""
    change = np.flatnonzero(np.diff(blocks)) + 1
    first = np.concatenate(([0], change))  # first token of each run of one block
    last = np.concatenate((change, [len(blocks)]))
    run = np.searchsorted(first, lo, side="right") - 1
    return np.maximum(first[run], lo - pad), np.minimum(last[run], hi + pad)


def as_sequence(ids: IntArray) -> _Words:
    """Word ids as a string, one character per word (a list if an id is too big for one).

    Slicing a string copies no Python objects and rapidfuzz reads it directly,
    so each window costs a fraction of what list slices of ints cost.
    """
    if len(ids) and int(ids.max()) > sys.maxunicode - len(_BLANK_CHAR):
        return list(ids.tolist())
    return ids.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _verified(
    windows: tuple[list[int], list[int], list[int], list[int]],
    a_all: _Words,
    b_all: _Words,
    params: QuoteParams,
    ticker: Ticker,
) -> list[_Found]:
    """Quotes in the windows [s0, s1) x [t0, t1): (first, last) token of each side, score.

    ``windows`` holds the lists of s0, s1, t0 and t1. One loop with its constants in
    locals: it runs once per seed group (thousands).
    """
    found: list[_Found] = []
    split_gap, min_words, min_similarity = params.split_gap, params.min_words, params.min_similarity
    similarity, tick, count = Indel.normalized_similarity, ticker.tick, len(windows[0])
    for number, (s0, s1, t0, t1) in enumerate(zip(*windows, strict=True)):
        tick(number / count)
        a, b = a_all[s0:s1], b_all[t0:t1]
        path: _Path = Levenshtein
        for _ in range(params.passes):
            kept = []
            for x0, x1, y0, y1, matched in _local_segments(a, b, split_gap, path):
                if matched < min_words:
                    continue
                score = 100.0 * similarity(a[x0:x1], b[y0:y1])
                if score >= min_similarity:
                    kept.append((x0, x1, y0, y1))
                    found.append((s0 + x0, s0 + x1 - 1, t0 + y0, t0 + y1 - 1, round(score, 1)))
            # One alignment path cannot cross itself: clauses moved within the passage are
            # left over. Blank out what was found and align the rest again, now by the
            # longest common subsequence (Indel): a shifted clause costs Levenshtein more
            # in insertions than replacing everything, but it adds matches.
            if not kept or len(a) - sum(x1 - x0 for x0, x1, _, _ in kept) < min_words:
                break
            path = Indel
            a, b = (
                _blanked(a, [(x0, x1) for x0, x1, _, _ in kept], _BLANK_A),
                _blanked(b, [(y0, y1) for _, _, y0, y1 in kept], _BLANK_B),
            )
    return found


# Stand-ins for words already matched: never equal to a word id, nor to each other (the
# two highest code points are kept out of word strings for them, see as_sequence).
_BLANK_A, _BLANK_B = -1, -2
_BLANK_CHAR = {_BLANK_A: chr(sys.maxunicode), _BLANK_B: chr(sys.maxunicode - 1)}


def _blanked(words: _Words, ranges: list[tuple[int, int]], blank: int) -> _Words:
    """``words`` with each range replaced by ``blank`` (same length, same offsets)."""
    if isinstance(words, str):
        char = _BLANK_CHAR[blank]
        pieces, cursor = [], 0
        for start, end in sorted(ranges):
            pieces.append(words[cursor:start])
            pieces.append(char * (end - start))
            cursor = end
        pieces.append(words[cursor:])
        return "".join(pieces)
    result = list(words)
    for start, end in ranges:
        result[start:end] = [blank] * (end - start)
    return result


def _links(found: list[_Found], left: Tokens, right: Tokens, swapped: bool) -> list[Link]:
    """Links from token ranges: offsets gathered with numpy, one Link per range."""
    if not found:
        return []
    a_first, a_last, b_first, b_last, scores = zip(*found, strict=True)
    a_spans = map(Span, left.starts[list(a_first)].tolist(), left.ends[list(a_last)].tolist())
    b_spans = map(Span, right.starts[list(b_first)].tolist(), right.ends[list(b_last)].tolist())
    if swapped:
        a_spans, b_spans = b_spans, a_spans
    return list(map(partial(Link, LinkKind.QUOTE), a_spans, b_spans, scores))


def _local_segments(
    a: _Words, b: _Words, split_gap: int, path: _Path = Levenshtein
) -> list[tuple[int, int, int, int, int]]:
    """Maximal-scoring stretches of the word alignment of ``a`` and ``b``.

    Each matching word scores +1, each edited word -1 (a Kadane scan over the
    alignment's opcodes); an edit opcode longer than ``split_gap`` always ends a
    stretch. Stretches start and end on matching words.

    The scan walks the matching blocks, fewer objects than the opcodes: between
    two blocks the Levenshtein path costs max(gap in a, gap in b) however it is
    cut into opcodes, and only a gap longer than ``split_gap`` on one side whose
    two sides differ could be cut into opcodes each short enough to continue the
    stretch; such a window (rare) is scanned opcode by opcode instead.
    """
    segments: list[tuple[int, int, int, int, int]] = []
    score = best = matched = best_matched = 0
    open_ = False
    a_start = b_start = a_end = b_end = a_next = b_next = 0
    for block in path.editops(a, b).as_matching_blocks():
        size = block.size  # attributes: faster than unpacking a MatchingBlock
        if size == 0:  # the closing block
            break
        a_pos, b_pos = block.a, block.b
        if open_:
            a_gap, b_gap = a_pos - a_next, b_pos - b_next
            cost = a_gap if a_gap > b_gap else b_gap
            if cost > split_gap and a_gap and b_gap and a_gap != b_gap:
                return _local_segments_by_opcode(a, b, split_gap, path)
            score -= cost
            if cost > split_gap or score <= 0:
                segments.append((a_start, a_end, b_start, b_end, best_matched))
                open_ = False
        if not open_:
            open_, a_start, b_start, score, best, matched = True, a_pos, b_pos, 0, 0, 0
        a_next, b_next = a_pos + size, b_pos + size
        score += size
        matched += size
        if score > best:
            best, best_matched, a_end, b_end = score, matched, a_next, b_next
    if open_:
        segments.append((a_start, a_end, b_start, b_end, best_matched))
    return segments


def _local_segments_by_opcode(
    a: _Words, b: _Words, split_gap: int, path: _Path = Levenshtein
) -> list[tuple[int, int, int, int, int]]:
    """``_local_segments`` on every opcode: each edit opcode is a cost of its own."""
    segments: list[tuple[int, int, int, int, int]] = []
    score = best = matched = best_matched = 0
    start: tuple[int, int] | None = None
    end = (0, 0)
    for op in [*path.opcodes(a, b), None]:
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


def _merge_overlapping(found: list[_Found]) -> list[_Found]:
    """Join quotes that overlap in both documents (padding can make groups meet).

    Token ranges overlap exactly when their character spans do (tokens are
    disjoint and in text order), so this works on ints, before any Link exists.
    """
    found.sort(key=itemgetter(0, 2))
    merged: list[_Found] = []
    reach = -1  # the last left token any earlier quote covers
    for quote in found:
        a_first, a_last, b_first, b_last, score = quote
        if a_first > reach:  # overlaps no earlier quote: nothing to search
            merged.append(quote)
            reach = a_last
            continue
        reach = max(reach, a_last)
        for index in range(len(merged) - 1, max(-1, len(merged) - 8), -1):
            o_a_first, o_a_last, o_b_first, o_b_last, o_score = merged[index]
            if (
                o_a_first <= a_last
                and a_first <= o_a_last
                and o_b_first <= b_last
                and b_first <= o_b_last
            ):
                merged[index] = (
                    min(o_a_first, a_first),
                    max(o_a_last, a_last),
                    min(o_b_first, b_first),
                    max(o_b_last, b_last),
                    max(o_score, score),
                )
                break
        else:
            merged.append(quote)
    return merged
