"""Fuzzing the loaders: seeded garbage and mutated valid files, for every suffix.

The only acceptable outcomes are a sane Document or a ``DocumentError`` naming
the file; anything else (a parser's own exception, a span out of bounds) fails.
Each run is bounded by a count and a wall-clock budget, so CI time stays fixed
on a slow machine (fewer inputs) and the inputs stay reproducible (fixed seeds).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from desktop_app.core.documents import SUPPORTED_SUFFIXES, load
from desktop_app.core.errors import DocumentError
from tests.helpers.hostile import mutate, mutate_zip_member, valid_seed
from tests.helpers.load_checks import assert_clear_error, assert_sane

BUDGET_SECONDS = 4.0  # per suffix group below: the whole file stays near 15 s
MAX_INPUTS = 600
ZIPPED = frozenset({".docx", ".epub"})
GROUPS = {
    "text": (".txt", ".text", ".md", ".markdown"),
    "html": (".html", ".htm", ".xhtml"),
    "zip": (".docx", ".epub"),
    "pdf": (".pdf",),
}


def test_the_groups_cover_every_supported_suffix() -> None:
    assert {s for group in GROUPS.values() for s in group} == SUPPORTED_SUFFIXES


def _check(path: Path) -> None:
    try:
        document = load(path)
    except DocumentError as error:
        assert_clear_error(error, path, ())
    else:
        assert_sane(document, path)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_mutated_files_load_or_fail_cleanly(group: str, tmp_path: Path) -> None:
    suffixes = GROUPS[group]
    seeds = {suffix: valid_seed(tmp_path, suffix).read_bytes() for suffix in suffixes}
    rng = random.Random(f"verso-fuzz-{group}")
    deadline = time.monotonic() + BUDGET_SECONDS
    done = 0
    while done < MAX_INPUTS and time.monotonic() < deadline:
        suffix = suffixes[done % len(suffixes)]
        seed = seeds[suffix]
        if suffix in ZIPPED and rng.random() < 0.6:
            data = mutate_zip_member(seed, rng)
        else:
            data = mutate(seed, rng)
        path = tmp_path / f"fuzz-{done}{suffix}"
        path.write_bytes(data)
        try:
            _check(path)
        except Exception as exc:  # keep the input: the failure must be reproducible
            raise AssertionError(f"input #{done} kept at {path}: {exc!r}") from exc
        path.unlink()
        done += 1
    assert done >= len(suffixes)  # at least one input per suffix ran
