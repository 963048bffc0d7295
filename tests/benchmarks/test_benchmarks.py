"""Smoke tests of the benchmark machinery at a tiny size: every figure is printed with numbers.

No timing is asserted (machines are noisy); what is checked is that the
inputs keep their truth exact and that each figure line is there and parses.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from benchmarks import inputs, run

KJV = inputs.PARALLEL / "mark.kjv.txt"
needs_corpus = pytest.mark.skipif(
    not KJV.is_file(), reason="book-length parallel corpus not on this machine"
)
FIGURES = {
    "input.words",
    "input.paragraphs",
    "quote.seconds",
    "quote.peak_memory",
    "baseline.cdist_all_pairs",
    "baseline.cdist_all_cores",
    "baseline.cdist_partial_ratio",
    "quote.speedup_vs_cdist",
    "quote.verse_precision",
    "default.seconds",
    "default.peak_memory",
    "default.precision_vs_short",
    "default.recall_vs_short",
    "quote.growth_4x_length",
    "default.growth_4x_length",
    "pdf.pages",
    "pdf.first_text_on_screen",
    "pdf.whole_text_on_screen",
    "baseline.pdf_first_page",
    "pdf.full_extraction",
    "pdf.progress_reports",
    "pdf.peak_memory",
    "pdf.window_memory_growth",
    "gui.links",
    "gui.scroll_fps",
    "gui.frame_cost_vs_visible_only",
    "baseline.python_bare",
    "baseline.align_imports",
    "baseline.align_imports_no_scipy",
    "baseline.align_model_load",
    "cli.short_texts_cold",
    "cli.short_texts_repeat",
    "window.demo_shown",
    "window.demo_first_links",
    "baseline.cli_book",
    "window.book_first_links_cold",
    "window.book_settled_cached",
    "window.book_alignment_vs_cli",
    "baseline.pdf_get_text_loop",
    "pdf.whole_text_vs_get_text",
    "baseline.align_1x",
    "scale.time_vs_1x",
    "scale.bytes_per_word",
}
LINE = re.compile(
    r"^(?P<name>\S+)\s+(?P<value>-?[\d,]+(?:\.\d+)?) (?P<unit>\S*)\s+.*?"
    r"\s(?P<ratio>-|\d+\.\d\d)\s+(?P<verdict>PASS|FAIL|INFO)\b"
)


@needs_corpus
def test_split_paragraphs_keeps_every_verse_exact() -> None:
    book = inputs.read_book("mark.kjv")
    split = inputs.split_paragraphs(book, 3)
    assert split.verses.keys() == book.verses.keys()
    for verse, span in book.verses.items():
        assert split.verses[verse].of(split.text) == span.of(book.text)
    assert split.paragraphs > 3 * book.paragraphs // 2
    assert split.text.replace("\n\n", " ").split() == book.text.replace("\n\n", " ").split()


@needs_corpus
def test_cut_pair_keeps_shared_truth_only_up_to_the_cut() -> None:
    pair = inputs.book_pair("mark.kjv", "mark.asv", fraction=0.25)
    truth = pair.truth()
    assert truth
    for _, left, right in truth:
        assert left.end <= len(pair.left.text) and right.end <= len(pair.right.text)
    whole = inputs.book_pair("mark.kjv", "mark.asv")
    assert 3 * len(truth) < len(whole.truth()) < 5 * len(truth)


@needs_corpus
def test_verse_quality_of_the_truth_itself_is_perfect() -> None:
    pair = inputs.book_pair("mark.kjv", "mark.asv", fraction=0.1)
    links = [(left, right) for _, left, right in pair.truth()]
    assert inputs.verse_quality(pair, links) == (1.0, 1.0)
    shifted = links[1:] + links[:1]  # every link points at another verse
    precision, _ = inputs.verse_quality(
        pair, [(a, b) for (a, _), (_, b) in zip(links, shifted, strict=True)]
    )
    assert precision < 0.1


def test_long_pdf_has_the_pages_asked_for(tmp_path: Path) -> None:
    from benchmarks.pdf import measure_load

    text = "A sentence of the report that goes on for a while. " * 40
    path = inputs.make_book_pdf(tmp_path / "long.pdf", 12, text)
    figures = measure_load(path)
    assert figures["pages"] == 12
    assert figures["progress_reports"] >= 12
    assert figures["chars"] > 12 * 1000


@needs_corpus
def test_tiny_run_prints_every_figure_with_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = run.main(["--tiny", "--in-process", "--no-annotations", "--work", str(tmp_path)])
    assert {figure.name for figure in figures} == FIGURES
    printed = {}
    for line in capsys.readouterr().out.splitlines():
        match = LINE.match(line)
        if match:
            printed[match["name"]] = match
    assert set(printed) == FIGURES
    for name, match in printed.items():
        assert float(match["value"].replace(",", "")) >= 0, name
        assert (match["verdict"] == "INFO") == name.startswith(
            ("baseline.", "quote.verse", "pdf.full", "pdf.whole_text_on")
        )


@needs_corpus
def test_a_worker_runs_in_its_own_process() -> None:
    spec = {**run.SHORT_PAIR, "fraction": 0.05, "kind": "quote"}
    result = run.measure("align", spec, isolate=True)
    assert result["max_rss_mb"] > 10
    assert result["links"] > 0
    assert 0.0 <= result["precision"] <= 1.0


@needs_corpus
def test_annotation_figures_at_a_tiny_size_count_every_note() -> None:
    from benchmarks import annotations

    store = annotations.store_figures(count=40)
    assert {"list_all", "filter_tag", "filter_colour", "filter_text", "raw_fetch"} <= set(store)
    anchoring = annotations.anchoring_figures(notes=60, copies=3)
    kinds = ("exact", "moved", "fuzzy", "orphan")
    for case in ("reanchor_edited", "reanchor_repetitive"):
        assert anchoring[case] > 0
        assert sum(anchoring[f"{case}_{kind}"] for kind in kinds) == 60
    assert anchoring["reanchor_find_baseline"] > 0
    placed = 60 - anchoring["reanchor_repetitive_orphan"]
    assert anchoring["reanchor_repetitive_in_noted_copy"] == placed


def test_team_figures_fail_with_the_reason_when_no_server_can_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tests.helpers.postgres as postgres

    monkeypatch.setattr(postgres, "postgres_bin", lambda: None)  # as on a machine without it
    figures = run.team_figures(isolate=False)
    assert [f.name for f in figures] == [name for name, *_ in run.TEAM_FIGURES]
    assert {f.verdict for f in figures} == {"FAIL"}
    assert all("PostgreSQL server binaries not found" in f.note for f in figures)


def test_only_picks_parts_and_expands_aliases() -> None:
    assert run._parts("window,cli") == {"demo", "book", "cli"}
    assert run._parts("endtoend") == set(run.END_TO_END)
    with pytest.raises(argparse.ArgumentTypeError):
        run._parts("windows")


@needs_corpus
def test_only_runs_just_the_parts_asked_for(tmp_path: Path) -> None:
    figures = run.main(["--tiny", "--only", "cli", "--work", str(tmp_path)])
    assert {figure.name for figure in figures} == {
        "baseline.python_bare",
        "baseline.align_imports",
        "baseline.align_imports_no_scipy",
        "baseline.align_model_load",
        "cli.short_texts_cold",
        "cli.short_texts_repeat",
    }
