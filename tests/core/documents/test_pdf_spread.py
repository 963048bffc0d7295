"""Characters' boxes spread over their word's box (numpy) are those Python floats give."""

from __future__ import annotations

import random
from array import array

import numpy as np

from desktop_app.core.documents.pdf_extract import _page_runs, _place, _spread


def _python_spread(runs: list[tuple[float, float, float, float, int]]) -> array[float]:
    """The per-character loop the numpy spread replaced: the specification."""
    return array(
        "f",
        [
            value
            for x0, step, y0, y1, count in runs
            for k in range(count)
            for value in (x0 + k * step, y0, x0 + (k + 1) * step, y1)
        ],
    )


def test_spread_boxes_are_the_per_character_ones_bit_for_bit() -> None:
    chance = random.Random(5)
    runs = [
        (chance.uniform(-50, 600), chance.uniform(0, 9) / 7, chance.uniform(0, 800),
         chance.uniform(0, 800), chance.choice([1, 2, 3, 7, 13]))
        for _ in range(5000)
    ]  # fmt: skip
    table = np.array(runs, dtype=np.float64)
    assert _spread(table).tobytes() == _python_spread(runs).tobytes()
    assert len(_spread(np.empty((0, 5)))) == 0


def test_words_are_placed_where_the_line_spells_them() -> None:
    runs = array("d")
    words = [(10.0, 1.0, 40.0, 9.0, "Three"), (50.0, 1.0, 70.0, 9.0, "words"),
             (90.0, 1.0, 100.0, 9.0, "ok")]  # fmt: skip
    assert _place("  Three words \u00a0ok ", words, (0.0, 0.0, 120.0, 10.0), runs)
    counts = [int(c) for c in runs[4::5]]
    assert counts == [2, 5, 1, 5, 2, 2, 1]  # gap, word, gap, word, gap (two delimiters), word, end
    assert sum(counts) == len("  Three words \u00a0ok ")
    assert not _place("Three-words", words[:2], (0.0, 0.0, 120.0, 10.0), array("d"))


def test_a_page_of_space_joined_lines_gets_the_runs_placing_each_word_gives() -> None:
    chance = random.Random(9)
    for _ in range(300):
        lines = []
        for _ in range(chance.randint(0, 6)):
            words = []
            x = chance.uniform(0, 100)
            for _ in range(chance.randint(0, 6)):
                word = "".join(
                    chance.choice("ab\u00e9\u00a0-") for _ in range(chance.randint(1, 6))
                )
                x0, x1 = x + chance.uniform(0, 9), x + chance.uniform(9, 60)
                words.append((x0, chance.uniform(0, 9), x1, chance.uniform(9, 20), word))
                x = x1
            text = " ".join(w[4] for w in words)
            if chance.random() < 0.2:  # not plainly joined: leading, doubled or trailing spaces
                text = (
                    chance.choice(["  ", " ", ""])
                    + text.replace(" ", chance.choice([" ", "  "]))
                    + chance.choice(["", " "])
                )
            lines.append((text, words, (0.0, chance.uniform(0, 5), 300.0, chance.uniform(10, 30))))
        expected = array("d")
        placed = all(_place(text, words, bbox, expected) for text, words, bbox in lines)
        runs = _page_runs(lines)
        if not placed:
            assert runs is None
        else:
            assert runs is not None and runs.tobytes() == expected.tobytes()
