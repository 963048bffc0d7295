"""The PDF text writer (numpy over the whole glyph stream) writes exactly what a line-by-line
``TextBuilder`` writes: the same text, offsets, synthetic marks and block spans."""

from __future__ import annotations

import random
import re
from array import array

import numpy as np
import pytest

from desktop_app.core.documents import pdf_columns
from desktop_app.core.documents.blockwriter import BLOCK_SEPARATOR
from desktop_app.core.documents.pdf import _Writer
from desktop_app.core.documents.pdf_columns import measure_lines
from desktop_app.core.documents.pdf_extract import RawLine
from desktop_app.core.textnorm import TextBuilder, normalize_glyphs

_SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")


def _reference(
    blocks: list[list[str]], hyphenated: set[str]
) -> tuple[str, list[int], list[bool], list[tuple[int, int]]]:
    """The line-by-line writer the numpy one replaced, kept here as the specification."""
    builder = TextBuilder()
    spans = []
    glyphs = 0
    for number, lines in enumerate(blocks):
        starts = []
        for text in lines:
            starts.append(glyphs)
            glyphs += len(text)
        if number:
            skip = len(lines[0]) - len(lines[0].lstrip())
            builder.insert(BLOCK_SEPARATOR, starts[0] + skip)
        start = len(builder)
        for index, text in enumerate(lines):
            begin = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            joiner: str | None = " "
            following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
            if following and end - begin >= 2 and text[end - 2].isalpha():
                last = text[end - 1]
                if last == "\u00ad" and following[0].isalpha():
                    end -= 1
                    joiner = None
                elif last in "-\u2010" and following[0].islower():
                    word = re.search(r"[^\W\d_]+$", text[begin : end - 1])
                    rest = re.match(r"[^\W\d_]+", following)
                    whole = f"{word.group(0) if word else ''}-{rest.group(0) if rest else ''}"
                    if whole.lower() not in hyphenated:
                        end -= 1
                    joiner = None
            position = begin
            segment = text[begin:end]
            for match in _SPACE_RUN.finditer(segment):
                normalize_glyphs(
                    builder, segment[position - begin : match.start()], starts[index] + position
                )
                builder.replace(" ", starts[index] + begin + match.start())
                position = begin + match.end()
            normalize_glyphs(builder, text[position:end], starts[index] + position)
            if following and joiner is not None:
                builder.insert(joiner, starts[index] + len(text))
        spans.append((start, len(builder)))
    mapped = builder.build(glyphs)
    return mapped.text, list(mapped.offsets), mapped.synthetic.tolist(), spans


def _written(
    blocks: list[list[str]], hyphenated: set[str]
) -> tuple[str, list[int], list[bool], list[tuple[int, int]]]:
    writer = _Writer("".join(text for lines in blocks for text in lines), hyphenated)
    for lines in blocks:
        writer.block([RawLine(text, array("f", [0.0] * 4 * len(text)), 10.0) for text in lines])
    result = writer.build()
    return result.text, list(result.offsets), result.synthetic.tolist(), result.spans


CASES = [
    [["Hello  world.", "Next\tline here"], ["  Second block", "ends"]],
    [["The ﬁrst ﬂoor", "ﬁne, and ﬃ"], ["ﬁrst in block", "well-", "known", "recog-", "nised"]],
    [["soft hy\u00ad", "phen", "caf\u00ade au", "\u00adlait"], ["x", "y\u00a0 z  \u2003"]],
    [["a-", "B", "ab-", "c", "end\u2010", "less"], ["  ", "   ", "lone"]],
    [[" \u3000 lead", "trail \u00a0 ", "\u00ad"], ["ﬁ", "ﬁ"], ["ﬁ-", "ﬂ"]],
]


@pytest.mark.parametrize("blocks", CASES)
def test_the_writer_writes_what_a_line_by_line_builder_writes(blocks: list[list[str]]) -> None:
    hyphenated = {"well-known"}
    assert _written(blocks, hyphenated) == _reference(blocks, hyphenated)


def test_random_lines_are_written_alike() -> None:
    chance = random.Random(11)
    alphabet = ["a", "b", "Z", " ", "  ", "\t", "\u00a0", "-", "\u00ad", "ﬁ", "ﬂ", "é", ".", "1"]
    for _ in range(200):
        blocks = [
            ["".join(chance.choice(alphabet) for _ in range(chance.randint(1, 12))) or "x"
             for _ in range(chance.randint(1, 5))]
            for _ in range(chance.randint(1, 4))
        ]  # fmt: skip
        blocks = [[text if text.strip() else "x" for text in lines] for lines in blocks]
        assert _written(blocks, {"a-b"}) == _reference(blocks, {"a-b"})


def test_measuring_in_batches_measures_each_line_as_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    chance = random.Random(3)

    def lines() -> list[RawLine]:
        chance.seed(3)
        made: list[RawLine] = []
        for _ in range(300):
            text = "".join(chance.choice("ab  \u00a0c") for _ in range(chance.randint(1, 20)))
            boxes = array(
                "f", np.cumsum(np.random.default_rng(len(made)).uniform(0, 30, 4 * len(text)))
            )
            made.append(RawLine(text, boxes, chance.choice([0.5, 8.0, 12.0])))
        return made

    whole = lines()
    measure_lines(whole)
    monkeypatch.setattr(pdf_columns, "_BATCH", 17)  # many batches, lines split across none
    batched = lines()
    measure_lines(batched)
    assert [(ln.ink, ln.cuts) for ln in batched] == [(ln.ink, ln.cuts) for ln in whole]
