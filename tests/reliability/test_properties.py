"""Invariants of the core under generated input (hypothesis).

- every span a loader or the segmenter produces lies within the text and covers
  what it claims (trimmed, non-empty, inside its block);
- offset maps are monotone and round-trip: text -> source -> text never loses
  a character, and copied characters map onto the same character in the source;
- anchoring an unchanged document returns exactly the spans it was given;
- alignment is symmetric: swapping the documents swaps every link, nothing else.
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.core.alignment import align
from desktop_app.core.anchoring import ResolutionKind, make_target, resolve_all
from desktop_app.core.documents import document_from_text, load
from desktop_app.core.documents.blockwriter import BlockWriter
from desktop_app.core.documents.htmltext import extract_html
from desktop_app.core.documents.markdown import render_markdown
from desktop_app.core.model import BlockKind, Document, Span
from desktop_app.core.segmentation import paragraphs, sentences
from desktop_app.core.textnorm import MappedText

CI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = [
    *[
        "harbour",
        "council",
        "lantern",
        "meadow",
        "archive",
        "letter",
        "winter",
        "orchard",
        "bridge",
        "market",
    ],
    *[
        "promise",
        "answer",
        "garden",
        "silver",
        "theory",
        "voyage",
        "candle",
        "river",
        "stone",
        "signal",
    ],
    *[
        "Москва",
        "письмо",
        "зима",
        "café",
        "naïve",
        "ﬁnal",
        "co-operate",
        "well-known",
        "Mr.",
        "Dr.",
        "e.g.",
        "1990s",
        "42",
    ],
]
word = st.sampled_from(VOCABULARY)
sentence = st.lists(word, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + ".")
separator = st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\n", " ", "\r\r", "\n\n\n"])


@st.composite
def prose(draw: st.DrawFn, max_parts: int = 12) -> str:
    """Sentences joined by assorted whitespace, newlines of every convention included."""
    parts = draw(st.lists(sentence, min_size=1, max_size=max_parts))
    out = [parts[0]]
    for part in parts[1:]:
        out.append(draw(separator))
        out.append(part)
    return draw(st.sampled_from(["", "  ", "\n"])) + "".join(out) + draw(separator)


# Any text a person could have typed: no surrogates, no control characters but layout.
typed = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Co", "Cn"),
        whitelist_characters="\n\r\t",
    ),
    min_size=1,
    max_size=400,
)


def assert_blocks_sane(document: Document) -> None:
    text = document.text
    end = 0
    for block in document.blocks:
        assert end <= block.span.start < block.span.end <= len(text)
        chunk = block.span.of(text)
        assert chunk == chunk.strip()
        end = block.span.end


def assert_map_sane(mapped: MappedText, source: str) -> None:
    """Monotone, in bounds, and every char that was copied is the source's char."""
    offsets = mapped.offsets
    assert len(offsets) == len(mapped.text) + 1
    assert all(a <= b for a, b in pairwise(offsets))
    assert offsets[0] >= 0 and offsets[len(mapped.text)] <= len(source)
    for i, ch in enumerate(mapped.text):
        if not mapped.synthetic[i] and not ch.isspace():
            assert offsets[i] < len(source)
    # Round trip: a span of the text maps to source and back onto (at least) itself.
    for start in range(0, len(mapped.text), max(1, len(mapped.text) // 7)):
        span = Span(start, min(len(mapped.text), start + 5))
        back = offsets.from_source_span(offsets.to_source_span(span))
        assert back.contains(span) or len(span) == 0


# -- spans within bounds and on the right text -------------------------------------------------


@CI
@given(text=prose())
def test_plain_text_blocks_and_passages_cover_the_text(text: str) -> None:
    document = document_from_text(text)
    assert_blocks_sane(document)
    # Every non-space character belongs to exactly one block.
    covered = bytearray(len(text))
    for block in document.blocks:
        covered[block.span.start : block.span.end] = b"\x01" * len(block.span)
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())
    for level in (paragraphs(document), sentences(document)):
        for passage in level:
            block = document.blocks[passage.block_index]
            assert block.span.contains(passage.span) and len(passage.span) > 0
            chunk = passage.span.of(text)
            assert chunk == chunk.strip()


@CI
@given(text=typed)
def test_a_utf8_text_file_reads_back_exactly(tmp_path_factory: object, text: str) -> None:
    assume(not text.startswith("\ufeff"))
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    assume(controls == 0)
    folder = Path(tmp_path_factory.mktemp("typed"))  # type: ignore[attr-defined]
    path = folder / "typed.txt"
    path.write_bytes(text.encode("utf-8"))
    document = load(path)
    assert document.text == text
    assert_blocks_sane(document)


@CI
@given(text=prose())
def test_markdown_text_maps_onto_its_source(text: str) -> None:
    rendered, blocks, offsets, _title = render_markdown(text)
    document = Document(rendered, blocks, document_from_text("").format, "x")
    assert_blocks_sane(document)
    assert len(offsets) == len(rendered) + 1
    assert all(a <= b for a, b in pairwise(offsets))
    for i, ch in enumerate(rendered):
        if not ch.isspace():
            assert text[offsets[i]] == ch, (i, ch, offsets[i])


@CI
@given(parts=st.lists(st.tuples(st.sampled_from(["p", "li", "h2", "td", "div"]), prose(3))))
def test_html_text_maps_onto_its_source(parts: list[tuple[str, str]]) -> None:
    source = "<html><body>" + "".join(f"<{t}>{body}</{t}>" for t, body in parts) + "</body></html>"
    writer, _title = extract_html(source)
    mapped, blocks = writer.build(len(source))
    assert_map_sane(mapped, source)
    assert_blocks_sane(Document(mapped.text, blocks, document_from_text("").format, "x"))
    for i, ch in enumerate(mapped.text):
        if not mapped.synthetic[i] and not ch.isspace():
            assert source[mapped.offsets[i]] == ch


@CI
@given(
    pieces=st.lists(st.tuples(prose(2), st.integers(0, 40), st.booleans()), min_size=1, max_size=8)
)
def test_block_writer_maps_round_trip(pieces: list[tuple[str, int, bool]]) -> None:
    """Blocks written at increasing source positions: the map stays exact and invertible."""
    writer = BlockWriter()
    source: list[str] = []
    for text, gap, collapse in pieces:
        source.append("#" * gap)
        start = sum(map(len, source))
        source.append(text)
        writer.add(text, range(start, start + len(text)), BlockKind.PARAGRAPH, collapse=collapse)
    whole = "".join(source)
    mapped, _blocks = writer.build(len(whole))
    assert_map_sane(mapped, whole)
    for i, ch in enumerate(mapped.text):
        if not mapped.synthetic[i] and not ch.isspace():
            assert whole[mapped.offsets[i]] == ch


# -- anchoring an unchanged document -------------------------------------------------------------


@CI
@given(text=prose(), data=st.data())
def test_anchoring_an_unchanged_document_returns_the_same_spans(
    text: str, data: st.DataObject
) -> None:
    spans = []
    for _ in range(data.draw(st.integers(1, 5))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, min(len(text), start + 120)))
        spans.append(Span(start, end))
    targets = [make_target(text, span) for span in spans]
    results = resolve_all(targets, text)
    for span, result in zip(spans, results, strict=True):
        assert result.kind is ResolutionKind.EXACT
        assert result.span == span


# -- alignment symmetry --------------------------------------------------------------------------

shared = st.lists(word, min_size=9, max_size=16).map(" ".join)


@FEW
@given(
    planted=st.lists(shared, min_size=1, max_size=3),
    left_filler=st.lists(prose(4), min_size=1, max_size=4),
    right_filler=st.lists(prose(4), min_size=1, max_size=4),
    data=st.data(),
)
def test_alignment_is_symmetric_when_the_documents_are_swapped(
    planted: list[str], left_filler: list[str], right_filler: list[str], data: st.DataObject
) -> None:
    def plant(filler: list[str]) -> str:
        parts = list(filler)
        for phrase in planted:
            parts.insert(data.draw(st.integers(0, len(parts))), f"They wrote that {phrase}.")
        return "\n\n".join(parts)

    left, right = document_from_text(plant(left_filler)), document_from_text(plant(right_filler))
    forward = align(left, right).links
    backward = align(right, left).links
    assert {link.swapped() for link in forward} == set(backward)
    assert len(forward) == len(backward)
    for link in forward:
        assert link.left.end <= len(left.text) and link.right.end <= len(right.text)
