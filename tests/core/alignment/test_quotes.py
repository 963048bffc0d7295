"""Quote verification: the fast block scan agrees with the opcode-by-opcode scan."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.alignment import align
from desktop_app.core.alignment.quotes import (
    QuoteParams,
    _local_segments,
    _local_segments_by_opcode,
    _merge_overlapping,
    as_sequence,
    components,
    find_quotes,
)
from desktop_app.core.alignment.tokens import encode, tokenize
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import AlignOptions, LinkKind, Span

# A few letters make long equal stretches and every kind of edit likely.
WORDS = st.text(alphabet="abcde", max_size=70)


@settings(max_examples=400, deadline=None)
@given(WORDS, WORDS, st.integers(min_value=1, max_value=9))
def test_block_scan_equals_opcode_scan(a: str, b: str, split_gap: int) -> None:
    expected = _local_segments_by_opcode(a, b, split_gap)
    assert _local_segments(a, b, split_gap) == expected
    assert _local_segments(list(map(ord, a)), list(map(ord, b)), split_gap) == expected


def test_word_ids_become_one_character_each_or_a_list_when_too_big() -> None:
    as_text = as_sequence(np.asarray([7, 0xD800, 0x10FFFD, 7], dtype=np.int64))
    assert isinstance(as_text, str)
    assert list(map(ord, as_text)) == [7, 0xD800, 0x10FFFD, 7]  # surrogates are ids too
    # The two highest code points stand for words already matched (a window's later passes).
    assert as_sequence(np.asarray([1, 0x10FFFE], dtype=np.int64)) == [1, 0x10FFFE]
    assert as_sequence(np.asarray([1, 0x110000], dtype=np.int64)) == [1, 0x110000]


def test_a_quote_whose_clauses_were_shuffled_is_found_whole() -> None:
    """One alignment path cannot cross itself; later passes find the moved clauses."""
    first = "the council will meet in the northern city every spring to decide the budget and taxes"
    second = "while the farmers of the valley wait for the rains"
    left = document_from_text(f"Intro words here. {first}, {second}. Outro text follows.\n")
    right = document_from_text(f"Other start. {second}, {first}. Other end.\n")
    links = align(left, right, AlignOptions(kinds=frozenset({LinkKind.QUOTE})))
    (link,) = links.links
    assert link.left.of(left.text).startswith("council") and link.left.of(left.text).endswith(
        "the rains"
    )
    assert link.right.of(right.text).startswith("while the farmers")
    assert link.right.of(right.text).endswith("and taxes")


def test_a_long_gap_cut_into_short_opcodes_does_not_split_the_quote() -> None:
    # Between the two equal stretches: 5 words replaced and 4 deleted (9 > split_gap 8
    # in all), but no single opcode is longer than 8, so the stretch goes on.
    shared = "ABCDEFGHIJ"
    a = shared + "vwxyz" + "pqrs" + shared.lower()
    b = shared + "VWXYZ" + shared.lower()
    (segment,) = _local_segments(a, b, 8)
    assert segment == (0, len(a), 0, len(b), 20)


def test_merge_joins_ranges_that_overlap_on_both_sides_only() -> None:
    found = [(10, 20, 110, 120, 80.0), (0, 12, 100, 112, 90.0), (15, 30, 300, 310, 70.0)]
    assert _merge_overlapping(found) == [(0, 20, 100, 120, 90.0), (15, 30, 300, 310, 70.0)]


Quote = tuple[int, int, int, int, float]


def _merged_by_search(found: list[Quote]) -> list[Quote]:
    """The merge rule without shortcuts: into the latest of the last 7 quotes overlapping it."""
    merged: list[Quote] = []
    for a0, a1, b0, b1, score in sorted(found, key=lambda q: (q[0], q[2])):
        for index in range(len(merged) - 1, max(-1, len(merged) - 8), -1):
            o_a0, o_a1, o_b0, o_b1, o_score = merged[index]
            if o_a0 <= a1 and a0 <= o_a1 and o_b0 <= b1 and b0 <= o_b1:
                merged[index] = (
                    min(o_a0, a0), max(o_a1, a1), min(o_b0, b0), max(o_b1, b1), max(o_score, score)
                )  # fmt: skip
                break
        else:
            merged.append((a0, a1, b0, b1, score))
    return merged


RANGE = st.tuples(st.integers(0, 60), st.integers(0, 8))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(RANGE, RANGE, st.integers(50, 100)), max_size=30))
def test_merge_equals_the_search_over_recent_quotes(
    quotes: list[tuple[tuple[int, int], tuple[int, int], int]],
) -> None:
    found = [(a, a + da, b, b + db, float(score)) for (a, da), (b, db), score in quotes]
    assert _merge_overlapping(list(found)) == _merged_by_search(found)


def test_swapped_links_are_the_links_with_sides_exchanged() -> None:
    left = document_from_text(
        "Intro words here.\n\nWe believe that the new bridge across the river will bring"
        " prosperity to every village in the valley. The end.\n"
    )
    right = document_from_text(
        "The mayor said that the new bridge over the river will bring prosperity to every"
        " village in the valley, and sat down.\n"
    )
    left_tokens, right_tokens = tokenize(left), tokenize(right)
    _, left_ids, right_ids = encode(left_tokens, right_tokens)
    links = find_quotes(left_tokens, right_tokens, left_ids, right_ids, QuoteParams())
    swapped = find_quotes(
        left_tokens, right_tokens, left_ids, right_ids, QuoteParams(), swapped=True
    )
    assert len(links) == 1
    assert swapped == [link.swapped() for link in links]
    assert links[0].left == Span(left.text.index("that the new"), left.text.index(". The end"))


@pytest.mark.parametrize("seed", range(40))
def test_components_number_them_as_scipy_csgraph_does(seed: int) -> None:
    """``components`` stands in for csgraph's (whose import is slow): the same numbers,
    so the groups come out in the same order."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(seed)
    count = int(rng.integers(1, 400))
    edges = int(rng.integers(0, 2 * count))
    if seed % 2:  # like the runs' edges: to one of the next few runs
        sources = rng.integers(0, max(count - 1, 1), edges)
        targets = np.minimum(sources + rng.integers(1, 4, edges), count - 1)
    else:
        sources, targets = rng.integers(0, count, edges), rng.integers(0, count, edges)
    graph = sp.coo_matrix((np.ones(edges, dtype=np.int8), (sources, targets)), (count, count))
    expected = connected_components(graph, directed=False)[1]
    assert components(count, sources.astype(np.int64), targets.astype(np.int64)).tolist() == (
        expected.tolist()
    )
