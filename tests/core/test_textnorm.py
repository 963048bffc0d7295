"""The offset map of textnorm: exact, monotone and in bounds for any sequence of edits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.model import Span
from desktop_app.core.textnorm import (
    OffsetMap,
    TextBuilder,
    append_located,
    line_of,
    line_starts,
    normalize_glyphs,
)

# An edit script over a source string: copy n chars, drop n chars, replace one
# char by a string, or insert a string.
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("copy"), st.integers(1, 6)),
        st.tuples(st.just("drop"), st.integers(1, 3)),
        st.tuples(st.just("replace"), st.text(min_size=1, max_size=3)),
        st.tuples(st.just("insert"), st.text(min_size=1, max_size=3)),
    ),
    max_size=30,
)


def _apply(source: str, ops: list[tuple[str, object]]) -> tuple[TextBuilder, list[tuple[int, int]]]:
    """Run the edit script; return the builder and (output index, source index) of copies."""
    builder = TextBuilder()
    at = 0
    copies: list[tuple[int, int]] = []
    for op, arg in ops:
        if at >= len(source):
            break
        if op == "copy":
            assert isinstance(arg, int)
            chunk = source[at : at + arg]
            copies.extend((len(builder) + i, at + i) for i in range(len(chunk)))
            builder.copy(chunk, at)
            at += len(chunk)
        elif op == "drop":
            assert isinstance(arg, int)
            at += arg
        elif op == "replace":
            assert isinstance(arg, str)
            builder.replace(arg, at)
            at += 1
        else:
            assert isinstance(arg, str)
            builder.insert(arg, at)
    return builder, copies


@given(st.text(min_size=1, max_size=60), _OPS)
def test_copied_chars_round_trip(source: str, ops: list[tuple[str, object]]) -> None:
    builder, copies = _apply(source, ops)
    mapped = builder.build(len(source))
    for out, src in copies:
        assert mapped.text[out] == source[src]
        assert mapped.offsets.to_source(out) == src
        assert mapped.offsets.from_source(src) <= out
        assert mapped.offsets.to_source_span(Span(out, out + 1)) == Span(src, src + 1)


@given(st.text(min_size=1, max_size=60), _OPS)
def test_map_is_monotone_and_in_bounds(source: str, ops: list[tuple[str, object]]) -> None:
    builder, _ = _apply(source, ops)
    mapped = builder.build(len(source))
    offsets = mapped.offsets.array
    assert len(mapped.offsets) == len(mapped.text) + 1
    assert offsets[-1] == len(source)
    assert np.all(np.diff(offsets) >= 0)
    assert np.all((offsets >= 0) & (offsets <= len(source)))
    assert mapped.synthetic.size == len(mapped.text)


@given(st.text(min_size=1, max_size=60), _OPS, st.data())
def test_span_round_trip_covers_the_source(
    source: str, ops: list[tuple[str, object]], data: st.DataObject
) -> None:
    builder, _ = _apply(source, ops)
    mapped = builder.build(len(source))
    n = len(mapped.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    src = mapped.offsets.to_source_span(Span(start, end))
    assert 0 <= src.start <= src.end <= len(source)
    back = mapped.offsets.from_source_span(src)
    assert back.start <= start  # mapping back never loses the start of the span


def test_backwards_offsets_are_refused() -> None:
    builder = TextBuilder()
    builder.copy("abc", 5)
    with pytest.raises(ValueError):
        builder.copy("x", 2)
    with pytest.raises(ValueError):
        builder.extend("xy", [9, 8])


def test_normalize_glyphs_expands_ligatures_and_drops_soft_hyphens() -> None:
    source = "the \ufb01rst de\u00adfer"
    builder = TextBuilder()
    normalize_glyphs(builder, source, 0)
    mapped = builder.build(len(source))
    assert mapped.text == "the first defer"
    i = mapped.text.index("fi")
    assert mapped.offsets.to_source(i) == mapped.offsets.to_source(i + 1) == source.index("\ufb01")
    assert mapped.offsets.to_source_span(Span(i, i + 5)) == Span(4, 8)  # "ﬁrst"


@given(st.text(alphabet="ab &;<>é\n", max_size=40), st.text(alphabet="ab &é", max_size=10))
def test_append_located_stays_monotone(source: str, piece: str) -> None:
    builder = TextBuilder()
    cursor = append_located(builder, piece, source, 0)
    mapped = builder.build(max(len(source), cursor))
    assert mapped.text == piece
    assert np.all(np.diff(mapped.offsets.array) >= 0)
    assert cursor <= len(source)


def test_append_located_finds_entities() -> None:
    source = "a &eacute;t&amp;b"
    builder = TextBuilder()
    append_located(builder, "a ét&b", source, 0)
    mapped = builder.build(len(source))
    assert [mapped.offsets.to_source(i) for i in range(6)] == [0, 1, 2, 10, 11, 16]


def test_line_helpers() -> None:
    text = "ab\ncd\r\nef"
    starts = line_starts(text)
    assert starts == [0, 3, 7]
    assert line_of(starts, 4) == 1
    assert OffsetMap.identity(3).to_source(2) == 2
