"""PAN measures against hand-computed values, and the generator + aligner end to end."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks.obfuscation import ROOT, generate
from benchmarks.pan import Pair, measure, union_length
from benchmarks.quality import default_measures
from desktop_app.core.model import Span

CASE = Pair("doc", Span(0, 100), Span(0, 100))


def test_union_length_counts_overlaps_once() -> None:
    assert union_length([Span(0, 10), Span(5, 15), Span(20, 25), Span(21, 22)]) == 20
    assert union_length([]) == 0


def test_perfect_detection() -> None:
    m = measure([CASE], [CASE])
    assert (m.precision, m.recall, m.granularity, m.plagdet) == (1.0, 1.0, 1.0, 1.0)


def test_half_detected_case() -> None:
    m = measure([CASE], [Pair("doc", Span(0, 50), Span(0, 50))])
    assert m.precision == 1.0
    assert m.recall == 0.5  # 100 of the case's 200 characters
    assert m.plagdet == pytest.approx(2 / 3)


def test_split_detection_costs_granularity() -> None:
    halves = [Pair("doc", Span(0, 50), Span(0, 50)), Pair("doc", Span(50, 100), Span(50, 100))]
    m = measure([CASE], halves)
    assert (m.precision, m.recall, m.granularity) == (1.0, 1.0, 2.0)
    assert m.plagdet == pytest.approx(1 / math.log2(3))


def test_overlong_detection_loses_precision() -> None:
    m = measure([CASE], [Pair("doc", Span(0, 200), Span(0, 100))])
    assert m.precision == pytest.approx(200 / 300)
    assert m.recall == 1.0


def test_overlap_in_one_document_only_or_other_pair_detects_nothing() -> None:
    wrong_place = Pair("doc", Span(0, 100), Span(500, 600))
    other_pair = Pair("other", Span(0, 100), Span(0, 100))
    m = measure([CASE], [wrong_place, other_pair])
    assert (m.precision, m.recall, m.plagdet) == (0.0, 0.0, 0.0)
    assert m.granularity == 1.0


def test_macro_average_over_cases() -> None:
    second = Pair("doc", Span(200, 300), Span(200, 300))
    m = measure([CASE, second], [CASE])
    assert m.recall == 0.5 and m.precision == 1.0


def test_generated_gold_spans_hold_the_passage() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt"))]
    for pair in generate("verbatim", 3, families=[texts], seed=1):
        for source, suspicious in pair.cases:
            assert source.of(pair.source).split() == suspicious.of(pair.suspicious).split()
            assert len(source.of(pair.source).split()) >= 25


def test_verbatim_reuse_is_found_with_high_plagdet(tmp_path: Path) -> None:
    m, _ = default_measures(generate("verbatim", 4, seed=2), tmp_path)
    assert m.cases == 8
    assert m.plagdet >= 0.9


def test_light_edits_are_found(tmp_path: Path) -> None:
    m, _ = default_measures(generate("light", 4, seed=3), tmp_path)
    assert m.recall >= 0.85 and m.granularity <= 1.25


def test_crossing_passages_run_over_one_paragraph_break() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt"))]
    for pair in generate("crossing", 4, families=[texts], seed=1):
        for source, _ in pair.cases:
            quoted = source.of(pair.source)
            assert quoted.count("\n\n") == 1
            before, after = quoted.split("\n\n")
            assert len(before.split()) >= 8 and len(after.split()) >= 8
