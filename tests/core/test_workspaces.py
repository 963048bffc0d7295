"""Workspaces named as people type them, and their names as file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.annotations import Comparison, ComparisonDocument
from desktop_app.core.errors import VersoError
from desktop_app.core.workspaces import (
    FALLBACK_STEM,
    MAX_STEM,
    file_stem,
    find_workspace,
    workspace_name,
)

PLAN = "Congress victory plan  ↔  Spectator rebuttal"
PLAN_RU = "План победы  ↔  Ответ «Спектейтора»"
MEMO = "memo.pdf  ↔  annex.pdf"
MEMO_OLD = "memo.pdf  ↔  annex (draft).pdf"


def _workspaces(*names: str) -> list[Comparison]:
    return [
        Comparison.new(name, (ComparisonDocument("a" * 64, Path("/x/a.txt"), "A"),))
        for name in names
    ]


@pytest.fixture
def saved() -> list[Comparison]:
    return _workspaces(PLAN, PLAN_RU, MEMO, MEMO_OLD)


@pytest.mark.parametrize(
    ("key", "index"),
    [
        ("1", 0),
        ("3", 2),
        (" 2 ", 1),
        ("congress victory plan spectator rebuttal", 0),  # whole name, no arrow
        ("Congress victory plan ↔ Spectator rebuttal", 0),  # one space each side
        (PLAN, 0),
        ("congress", 0),  # the start of the name
        ("план", 1),  # Cyrillic, any case
        ("spectator", 0),  # words inside the name
        ("memo.pdf annex.pdf", 2),  # whole name wins over the longer one it starts
        ("draft", 3),
    ],
)
def test_a_workspace_is_found_as_people_type_it(
    saved: list[Comparison], key: str, index: int
) -> None:
    assert find_workspace(saved, key) is saved[index]


def test_ids_and_id_prefixes(saved: list[Comparison]) -> None:
    assert find_workspace(saved, saved[3].id) is saved[3]
    assert find_workspace(saved, saved[3].id[:8]) is saved[3]


def test_a_name_made_of_digits_is_a_name_before_a_number() -> None:
    saved = _workspaces("Notes", "1")
    assert find_workspace(saved, "1") is saved[1]
    assert find_workspace(saved, "notes") is saved[0]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("memo", r"Several workspaces match 'memo'.*3: memo\.pdf.*4: memo\.pdf"),
        ("9", "no workspace number 9: 4 are saved"),
        ("0", "no workspace number 0"),
        ("nothing like it", r"Unknown workspace 'nothing like it'; known workspaces: 1: Congress"),
        ("  ", "No workspace named"),
    ],
)
def test_what_cannot_be_told_apart_is_one_line_with_the_choices(
    saved: list[Comparison], key: str, message: str
) -> None:
    with pytest.raises(VersoError, match=message) as caught:
        find_workspace(saved, key)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        (PLAN, "Congress victory plan vs Spectator rebuttal"),
        (PLAN_RU, "План победы vs Ответ «Спектейтора»"),
        (MEMO, "memo vs annex"),
        (
            "/home/ann/Documents/reports/memo.pdf  ↔  /home/ann/Documents/reports/annex.pdf",
            "memo vs annex",
        ),
        ("C:\\Users\\ann\\memo.docx  ↔  D:\\annex.txt", "memo vs annex"),
        ('Q3: "costs"? <draft>|final', "Q3- -costs- -draft-final"),
        ("Victory plan vs rebuttal", "Victory plan vs rebuttal"),
        ("v1.2 notes", "v1.2 notes"),
        ("...", FALLBACK_STEM),
        ("", FALLBACK_STEM),
        ("CON", "CON-workspace"),
    ],
)
def test_file_stem_of_a_workspace_name(name: str, stem: str) -> None:
    assert file_stem(name) == stem


def test_a_long_name_is_cut_at_a_word() -> None:
    name = "  ↔  ".join(["The quite long title of a report on the budget"] * 3)
    stem = file_stem(name)
    assert len(stem) <= MAX_STEM
    assert name.replace("  ↔  ", " vs ").startswith(stem)
    assert not stem.endswith((" ", "v", "vs"))


def test_a_new_workspace_is_named_after_its_documents_and_found_by_that_name() -> None:
    assert workspace_name(["Congress victory plan", "Spectator rebuttal"]) == PLAN
    assert workspace_name(["only.txt"]) == "only.txt"
