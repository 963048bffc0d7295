"""Russian sentences: "г.", "гг.", initials, "т. е.", addresses and titles are not ends.

The gold file (``tests/core/data/sentences/ru-cases.txt``, one sentence a line)
holds the cases that once split Russian text at every "г." and initial. Cyrillic blocks
are split by razdel plus the year rule (docs/segmentation.md), which also reads
"В XIX в. Россия" right, where the regex rules before it ended a sentence.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from benchmarks.segmentation import load_gold
from desktop_app.core.model import Span
from desktop_app.core.segmentation import sentence_spans


def _paragraphs() -> list[list[str]]:
    """The sentences of each paragraph of the gold file ru-cases.txt (read as the
    segmentation benchmark reads it)."""
    found = []
    for paragraph in load_gold():
        if paragraph.source != "ru-cases":
            continue
        cuts = [0, *sorted(paragraph.boundaries), len(paragraph.text)]
        found.append([paragraph.text[a:b].rstrip() for a, b in pairwise(cuts)])
    return found


def split(text: str) -> list[str]:
    return [span.of(text) for span in sentence_spans(text, Span(0, len(text)))]


@pytest.mark.parametrize("sentences", _paragraphs())
def test_gold_paragraphs_split_into_their_sentences(sentences: list[str]) -> None:
    assert split(" ".join(sentences)) == sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Указ подписан 7 мая 2012 г. в Кремле.", 1),
        ("Встреча прошла в 2023 г. Следующая намечена на осень.", 2),
        ("Выступил В. В. Путин. Зал молчал.", 2),
        ("Книги, журналы и т. д. Это всё.", 2),
        ("Книги, журналы и т.п. Это всё.", 2),
        ("Это, т. е. почти всё, ушло.", 1),
        ("Адрес: ул. Тверская, д. 12. Вход со двора.", 2),
        ("Театр им. Станиславского открыт.", 1),
        ("Проф. Иванов и акад. Петров подписали письмо.", 1),
        ("«Он ушёл». «Куда?» — спросила она.", 2),
        ("Il a dit non. écoutez bien.", 1),  # a lowercase letter in any script
        ("Mr. Smith arrived. Everyone left.", 2),
    ],
)
def test_russian_abbreviations_and_lowercase_continuations(text: str, expected: int) -> None:
    assert len(split(text)) == expected, split(text)
