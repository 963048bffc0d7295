"""Every book-length figure of issue 6 in one run, one line per figure.

    python -m benchmarks.run            # full: whole New Testament pair, 1,000-page PDF
    python -m benchmarks.run --quick    # small sizes, under a minute
    python -m benchmarks.run --only window,cli   # some figures only (see --help)

Each line: ``name  value unit  target  ratio  verdict``. The ratio is value /
target (or value / baseline for INFO lines measured against one). Every
figure is measured in a fresh Python process (``--worker``) with
``OPENBLAS_NUM_THREADS=1``, so peak memory is ``ru_maxrss`` of that process
alone: interpreter, imports, inputs and the work measured, nothing left over
from another figure. Inputs: ``benchmarks.inputs`` (KJV vs ASV New Testament
re-paragraphed every 3 verses, verse truth kept; a generated PDF of real prose).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Worker = Callable[[dict[str, Any]], dict[str, float]]


@dataclass(frozen=True, slots=True)
class Sizes:
    """How big the inputs of one mode are."""

    fraction: float  # share of the New Testament's verses in the book pair
    pdf_pages: int
    cdist_sample: int  # paragraphs per side in the cdist baseline's sample
    partial_sample: int  # ... in the (much slower) partial_ratio slice
    gui_fraction: float
    links: int
    frames: int
    launches: int  # end-to-end runs per figure (the median is printed)
    book: str  # the book of the end-to-end window and scale figures ("nt" or "mark")
    scale: int  # the scale figure's multiple of that book


MODES = {
    "full": Sizes(1.0, 1000, 300, 16, 1.0, 5000, 150, 5, "nt", 8),
    "quick": Sizes(0.25, 100, 150, 8, 1.0, 5000, 60, 3, "nt", 2),
    "tiny": Sizes(0.02, 4, 20, 2, 0.02, 5000, 5, 1, "mark", 2),
}
PAIR = {"left": "nt.kjv", "right": "nt.asv", "verses_per_paragraph": 3}
SHORT_PAIR = {"left": "mark.kjv", "right": "mark.asv", "verses_per_paragraph": 3}


@dataclass(frozen=True, slots=True)
class Figure:
    """One printed line."""

    name: str
    value: float
    unit: str
    target: str
    ratio: float | None
    verdict: str  # PASS, FAIL or INFO
    note: str = ""

    def line(self) -> str:
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}"
        value = f"{self.value:,.3f}" if abs(self.value) < 10 else f"{self.value:,.0f}"
        note = f"  ({self.note})" if self.note else ""
        return (
            f"{self.name:<34}{value:>10} {self.unit:<6}{self.target:<16}{ratio:>7}"
            f"  {self.verdict}{note}"
        )


def _limit(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:.3g}"


def below(name: str, value: float, unit: str, limit: float, note: str = "") -> Figure:
    ok = value < limit
    target = f"< {_limit(limit)} {unit}".strip()
    return Figure(name, value, unit, target, value / limit, "PASS" if ok else "FAIL", note)


def at_least(name: str, value: float, unit: str, limit: float, note: str = "") -> Figure:
    ok = value >= limit
    target = f">= {_limit(limit)} {unit}".strip()
    return Figure(name, value, unit, target, value / limit, "PASS" if ok else "FAIL", note)


def info(name: str, value: float, unit: str, note: str, ratio: float | None = None) -> Figure:
    return Figure(name, value, unit, "baseline" if ratio is None else "-", ratio, "INFO", note)


def _workers() -> dict[str, Worker]:
    """Imported lazily: a worker process imports only what its figure needs."""
    from benchmarks import speed

    def pdf_load(spec: dict[str, Any]) -> dict[str, float]:
        from benchmarks.pdf import measure_load

        return measure_load(Path(spec["path"]))

    def gui_scroll(spec: dict[str, Any]) -> dict[str, float]:
        from benchmarks.gui import measure_scroll

        return measure_scroll(spec)

    def notes(spec: dict[str, Any]) -> dict[str, float]:
        from benchmarks.annotations import measure

        return measure()

    def team(spec: dict[str, Any]) -> dict[str, float]:
        from benchmarks.team_scale import measure as measure_team

        return measure_team(spec)

    def gui_pdf(spec: dict[str, Any]) -> dict[str, float]:
        from benchmarks.gui import measure_pdf_open

        return measure_pdf_open(spec)

    return {
        "align": speed.measure_alignment,
        "cdist": speed.cdist_baseline,
        "pdf": pdf_load,
        "gui-scroll": gui_scroll,
        "gui-pdf": gui_pdf,
        "annotations": notes,
        "team": team,
    }


def measure(task: str, spec: dict[str, Any], *, isolate: bool = True) -> dict[str, float]:
    """Run one worker, in a fresh process unless ``isolate`` is false (smoke tests)."""
    if not isolate:
        return _workers()[task](spec)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--worker", task, json.dumps(spec)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {task} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def alignment_figures(sizes: Sizes, isolate: bool) -> list[Figure]:
    """Quote links and the default output (every kind) on the book pair: time, memory,
    speedup, quality, growth."""
    book = {**PAIR, "fraction": sizes.fraction}
    quarter = {**PAIR, "fraction": sizes.fraction / 4}
    # Best of several runs: other work on a shared machine only ever adds time. Quote
    # runs are short, so they get more tries; both lengths get the same number.
    quote = measure("align", {**book, "kind": "quote", "runs": 7}, isolate=isolate)
    related = measure("align", {**book, "kind": "default", "runs": 5}, isolate=isolate)
    short = measure("align", {**SHORT_PAIR, "kind": "default"}, isolate=isolate)
    quote_q = measure("align", {**quarter, "kind": "quote", "runs": 7}, isolate=isolate)
    related_q = measure("align", {**quarter, "kind": "default", "runs": 5}, isolate=isolate)
    cdist_spec = {**book, "sample": sizes.cdist_sample, "partial_sample": sizes.partial_sample}
    cdist = measure("cdist", cdist_spec, isolate=isolate)
    n = int(cdist["sample"])
    extrapolation = (
        f"JUDGED baseline: cdist(fuzz.ratio, workers=1: one core, as align uses) on {n}x{n} "
        f"paragraphs sampled from the whole books took {cdist['sample_seconds']:.3f} s; "
        f"x {cdist['left_paragraphs']:.0f}x{cdist['right_paragraphs']:.0f}/{n}x{n} pairs "
        f"x mean-length product ratio (cost ~ pairs x len^2); a {n // 2}x{n // 2} sample "
        f"extrapolates to {cdist['check_ratio']:.2f}x this"
    )
    all_cores = (
        f"same with workers=-1 ({cdist['cores']:.0f} cores; {n}x{n} took "
        f"{cdist['all_cores_sample_seconds']:.3f} s); not judged: align uses one core"
    )
    k = int(cdist["partial_sample"])
    partial = (
        f"cdist(fuzz.partial_ratio, workers=1), the scorer an all-pairs search needs to "
        f"locate a quote in a paragraph: {k}x{k} slice took "
        f"{cdist['partial_sample_seconds']:.3f} s (one run), extrapolated as above; not judged"
    )
    speedup = cdist["extrapolated_seconds"] / quote["seconds"]
    rss = "max RSS of a fresh process: interpreter + imports + both books + alignment"
    growth = "time at the book's length / at 1/4 of it; ideal 4.0"
    return [
        at_least("input.words", quote["words"], "words", 150_000, "shorter book of the pair"),
        at_least("input.paragraphs", quote["paragraphs"], "paras", 2_500, "headings included"),
        below("quote.seconds", quote["seconds"], "s", 2.0, _timing_note(quote)),
        below("quote.peak_memory", quote["max_rss_mb"], "MB", 500, rss),
        info("baseline.cdist_all_pairs", cdist["extrapolated_seconds"], "s", extrapolation),
        info(
            "baseline.cdist_all_cores",
            cdist["all_cores_extrapolated_seconds"],
            "s",
            all_cores,
            cdist["all_cores_extrapolated_seconds"] / cdist["extrapolated_seconds"],
        ),
        info(
            "baseline.cdist_partial_ratio",
            cdist["partial_extrapolated_seconds"],
            "s",
            partial,
            cdist["partial_extrapolated_seconds"] / cdist["extrapolated_seconds"],
        ),
        at_least(
            "quote.speedup_vs_cdist",
            speedup,
            "x",
            50,
            "baseline.cdist_all_pairs (fuzz.ratio, one core) / quote.seconds; "
            f"{cdist['all_cores_extrapolated_seconds'] / quote['seconds']:.1f}x vs all cores; "
            f"CPU time: {cdist['extrapolated_cpu_seconds'] / quote['cpu_seconds']:.1f}x",
        ),
        info(
            "quote.verse_precision",
            quote["precision"],
            "",
            f"recall {quote['recall']:.3f}; a quote link is right if it shares a verse",
        ),
        below("default.seconds", related["seconds"], "s", 5.0, _timing_note(related)),
        below("default.peak_memory", related["max_rss_mb"], "MB", 500, rss),
        at_least(
            "default.precision_vs_short",
            related["precision"],
            "",
            short["precision"] - 0.05,
            f"Mark (15k words) {short['precision']:.3f}; target: within 0.05 of it; links "
            "between parallel passages of different Gospels count as wrong here",
        ),
        at_least(
            "default.recall_vs_short",
            related["recall"],
            "",
            short["recall"] - 0.05,
            f"Mark (15k words) {short['recall']:.3f}; target: within 0.05 of it",
        ),
        below(
            "quote.growth_4x_length",
            quote["seconds"] / quote_q["seconds"],
            "x",
            5.0,
            f"{growth}; CPU time {quote['cpu_seconds'] / quote_q['cpu_seconds']:.2f}x",
        ),
        below(
            "default.growth_4x_length",
            related["seconds"] / related_q["seconds"],
            "x",
            5.0,
            f"{growth}; CPU time {related['cpu_seconds'] / related_q['cpu_seconds']:.2f}x",
        ),
    ]


def _timing_note(result: dict[str, float]) -> str:
    """Links found, and CPU time next to the wall time (other work on the machine shows
    as wall time well above CPU time)."""
    return (
        f"{result['links']:.0f} links; best of {result['runs']:.0f}: wall, "
        f"CPU {result['cpu_seconds']:.3f} s; one thread"
    )


def pdf_figures(sizes: Sizes, folder: Path, isolate: bool) -> list[Figure]:
    """Opening a long PDF: core extraction (progress, memory) and first text in the window."""
    from benchmarks.inputs import book_pair, make_book_pdf

    path = folder / f"book-{sizes.pdf_pages}.pdf"
    if not path.exists():
        make_book_pdf(path, sizes.pdf_pages, book_pair(fraction=0.25).left.text)
    core = measure("pdf", {"path": str(path)}, isolate=isolate)
    shown = measure("gui-pdf", {"path": str(path), "folder": str(folder)}, isolate=isolate)
    first = core["first_page_seconds"]
    pages = core["pages"]
    return [
        at_least("pdf.pages", pages, "pages", 1_000, f"{core['chars']:,.0f} chars"),
        below(
            "pdf.first_text_on_screen",
            shown["seconds"],
            "s",
            1.0,
            f"real MainWindow started 1 s before, open -> first pages' text painted (preview); "
            f"{shown['seconds'] / first:.0f}x the pymupdf page-1 baseline",
        ),
        info(
            "pdf.whole_text_on_screen",
            shown["full_seconds"],
            "s",
            "real MainWindow, open -> the whole document shown (extraction in worker processes)",
        ),
        info("baseline.pdf_first_page", first, "s", "pymupdf open + page 1 get_text alone"),
        info(
            "pdf.full_extraction",
            core["seconds"],
            "s",
            "load() of every page, in the background worker",
            core["seconds"] / first,
        ),
        at_least(
            "pdf.progress_reports",
            core["progress_reports"],
            "",
            pages / 10,
            f"first after {core['first_progress_seconds']:.3f} s; target: one per 10 pages",
        ),
        below("pdf.peak_memory", core["max_rss_mb"], "MB", 500, "max RSS of the core load"),
        below(
            "pdf.window_memory_growth",
            shown["rss_growth_mb"],
            "MB",
            500,
            "window's peak RSS growth while opening (no page pixmaps are made)",
        ),
    ]


def gui_figures(sizes: Sizes, folder: Path, isolate: bool) -> list[Figure]:
    """Scripted scroll of the reading room with many links."""
    spec = {
        **PAIR,
        "fraction": sizes.gui_fraction,
        "links": sizes.links,
        "frames": sizes.frames,
        "folder": str(folder / "gui"),
    }
    scroll = measure("gui-scroll", spec, isolate=isolate)
    return [
        at_least("gui.links", scroll["links"], "links", sizes.links, "from the verse truth"),
        at_least(
            "gui.scroll_fps",
            scroll["fps"],
            "fps",
            60,
            f"{scroll['frames']:.0f} frames of {scroll['step_px']:.0f} px, linked scroll + paint; "
            f"{scroll['link_map_paints_per_frame']:.2f} link-map paints/frame",
        ),
        below(
            "gui.frame_cost_vs_visible_only",
            scroll["cost_ratio"],
            "x",
            1.1,
            f"frame {scroll['frame_ms']:.1f} ms vs {scroll['visible_only_frame_ms']:.1f} ms with "
            f"only the {scroll['visible_links']:.0f} links on screen; ideal 1",
        ),
    ]


END_TO_END = ("cli", "demo", "book", "text", "scale")


def endtoend_figures(sizes: Sizes, folder: Path, parts: Sequence[str] = END_TO_END) -> list[Figure]:
    """As the user waits, from process start: the command line and the window.

    ``parts`` picks among ``END_TO_END`` (the cold CLI, the demo window, the book's
    window, ``verso text`` on the PDF, the scaled alignment), so one can be rerun alone.
    """
    work = folder / "endtoend"
    work.mkdir(parents=True, exist_ok=True)
    makers: dict[str, Callable[[Sizes, Path, Path], list[Figure]]] = {
        "cli": _cli_figures,
        "demo": _demo_figures,
        "book": _book_figures,
        "text": _text_figures,
        "scale": _scale_figures,
    }
    figures: list[Figure] = []
    for part in END_TO_END:
        if part in parts:
            figures += makers[part](sizes, folder, work)
    return figures


def _median_note(sizes: Sizes) -> str:
    return f"median of {sizes.launches} runs"


def _book_paths(sizes: Sizes) -> list[Path]:
    from benchmarks.inputs import PARALLEL

    return [PARALLEL / f"{sizes.book}.kjv.txt", PARALLEL / f"{sizes.book}.asv.txt"]


def _cold_note(sizes: Sizes) -> str:
    name = "New Testament" if sizes.book == "nt" else "Mark"
    return f"{name} KJV~ASV as the files come, fresh cache"


def _cli_figures(sizes: Sizes, folder: Path, work: Path) -> list[Figure]:
    from benchmarks import endtoend
    from benchmarks.inputs import PARALLEL

    # Two short texts: the first 4,000 characters of Mark in the KJV and in the BBE.
    short = []
    for name in ("mark.kjv", "mark.bbe"):
        path = work / f"short-{name}.txt"
        path.write_text((PARALLEL / f"{name}.txt").read_text("utf-8")[:4000], encoding="utf-8")
        short.append(path)
    cli = endtoend.cli_short_texts(work, short[0], short[1], sizes.launches)
    median = _median_note(sizes)
    return [
        info("baseline.python_bare", cli["bare"], "s", f"python -c pass, {median}"),
        info(
            "baseline.align_imports",
            cli["floor"],
            "s",
            f"python -c 'import {', '.join(endtoend.ALIGN_STACK)}' (what a cold verso align"
            f" imports of others'), x python -c pass in the ratio column; {median}",
            ratio=cli["floor"] / cli["bare"],
        ),
        info(
            "baseline.align_imports_no_scipy",
            cli["floor_without_scipy"],
            "s",
            f"the same without scipy.sparse, x python -c pass in the ratio column; {median}",
            ratio=cli["floor_without_scipy"] / cli["bare"],
        ),
        info(
            "baseline.align_model_load",
            cli["model_load"],
            "s",
            "python -c 'shared_encoder()': numpy, onnxruntime and the model's session, the"
            f" meaning step's floor (on a thread of its own in verso align), x python -c pass"
            f" in the ratio column; {median}",
            ratio=cli["model_load"] / cli["bare"],
        ),
        below(
            "cli.short_texts_cold",
            cli["cold"] / cli["bare"],
            "x",
            8.0,
            f"verso align --json on 4,000 characters of Mark KJV vs BBE, fresh cache: "
            f"{cli['cold']:.2f} s; x python -c pass; {median}",
        ),
        below(
            "cli.short_texts_repeat",
            cli["repeat"] / cli["bare"],
            "x",
            8.0,
            f"the same pair again (aligned before: read back from the cache): "
            f"{cli['repeat']:.2f} s; x python -c pass; {median}",
        ),
    ]


def _demo_figures(sizes: Sizes, folder: Path, work: Path) -> list[Figure]:
    from benchmarks import endtoend

    left = ROOT / "data" / "congress-victory-plan-2024.txt"
    right = ROOT / "data" / "spectator-plot-to-kill-putin-rebuttal-2024.txt"
    demo = endtoend.window_pair(work, "demo", left, right, sizes.launches, with_cli=False)
    return [
        below(
            "window.demo_shown",
            demo["cold.window_shown"],
            "s",
            1.0,
            f"python -m desktop_app on the demo pair, launch -> window drawn; "
            f"{_median_note(sizes)}",
        ),
        below(
            "window.demo_first_links",
            demo["cold.first_links"],
            "s",
            2.0,
            f"launch -> first links shown (quotes), fresh cache; settled "
            f"{demo['cold.links_settled']:.2f} s; with caches {demo['cached.first_links']:.2f} s",
        ),
    ]


def _book_figures(sizes: Sizes, folder: Path, work: Path) -> list[Figure]:
    from benchmarks import endtoend

    left, right = _book_paths(sizes)
    window = endtoend.window_pair(work, sizes.book, left, right, sizes.launches, with_cli=True)
    median = _median_note(sizes)
    cold = _cold_note(sizes)
    return [
        info("baseline.cli_book", window["cli"], "s", f"verso align --json, {cold}; {median}"),
        below(
            "window.book_first_links_cold",
            window["cold.first_links"],
            "s",
            5.0,
            f"{cold}: launch -> first links; window shown {window['cold.window_shown']:.2f} s, "
            f"documents {window['cold.documents_shown']:.2f} s, settled "
            f"{window['cold.links_settled']:.2f} s; {median}",
        ),
        below(
            "window.book_settled_cached",
            window["cached.links_settled"],
            "s",
            2.0,
            f"the same pair reopened (caches filled): launch -> settled links; first links "
            f"{window['cached.first_links']:.2f} s",
        ),
        below(
            "window.book_alignment_vs_cli",
            window["cold.alignment"] / window["cli"],
            "x",
            1.0,
            f"window's documents shown -> links settled ({window['cold.alignment']:.2f} s) / "
            f"the whole verso align run from process start; target: no slower",
        ),
    ]


def _text_figures(sizes: Sizes, folder: Path, work: Path) -> list[Figure]:
    from benchmarks import endtoend
    from benchmarks.inputs import book_pair, make_book_pdf

    pdf = folder / f"book-{sizes.pdf_pages}.pdf"
    if not pdf.exists():
        make_book_pdf(pdf, sizes.pdf_pages, book_pair(fraction=0.25).left.text)
    text = endtoend.pdf_whole_text(work, pdf, sizes.launches)
    median = _median_note(sizes)
    return [
        info(
            "baseline.pdf_get_text_loop",
            text["baseline"],
            "s",
            f"{sizes.pdf_pages}-page PDF: "
            f"a fresh python running pymupdf's page.get_text() over every page; {median}",
        ),
        below(
            "pdf.whole_text_vs_get_text",
            text["verso"] / text["baseline"],
            "x",
            2.0,
            f"verso text on the same PDF, launch -> all text written: {text['verso']:.2f} s "
            f"(reading order, furniture, worker processes); {median}",
        ),
    ]


def _scale_figures(sizes: Sizes, folder: Path, work: Path) -> list[Figure]:
    from benchmarks import endtoend
    from benchmarks.inputs import enciphered

    book = _book_paths(sizes)
    big = []
    for path in book:  # N enciphered copies of the book: N distinct parts, one pair
        scaled = work / f"{sizes.scale}x-{path.name}"
        original = path.read_text("utf-8")
        parts = (enciphered(original, key) for key in range(sizes.scale))
        scaled.write_text("\n\n".join(parts), encoding="utf-8")
        big.append(scaled)
    scale = endtoend.scaled_alignment(work, (book[0], book[1]), (big[0], big[1]))
    words = sum(len(p.read_text("utf-8").split()) for p in big)
    return [
        info(
            "baseline.align_1x",
            scale["small_seconds"],
            "s",
            f"verso align --json, {_cold_note(sizes)}",
        ),
        below(
            "scale.time_vs_1x",
            scale["large_seconds"] / scale["small_seconds"],
            "x",
            sizes.scale + 0.5,
            f"{sizes.scale}x the book on each side ({words:,} words in all; copies enciphered "
            f"with {sizes.scale} keys, so no passage recurs): "
            f"{scale['large_seconds']:.1f} s, one run",
        ),
        below(
            "scale.bytes_per_word",
            scale["large_rss_mb"] * 1024 * 1024 / words,
            "B",
            200,
            f"peak RSS {scale['large_rss_mb']:,.0f} MB of that process / input words (both sides)",
        ),
    ]


def annotation_figures(isolate: bool) -> list[Figure]:
    """10,000 notes on one document: the store's list and filters, and re-anchoring them
    (``benchmarks/annotations.py``), in a fresh process."""
    found = measure("annotations", {}, isolate=isolate)
    raw = found["raw_fetch"]
    figures = [info("baseline.notes_raw_fetch", raw, "s", "raw sqlite3 fetch of the 10,000 rows")]
    for key, what in (
        ("list_all", "list a document's notes"),
        ("filter_tag", "filter by tag"),
        ("filter_colour", "filter by colour"),
        ("filter_text", "filter by text"),
    ):
        note = f"{what}, 10,000 notes, best of 5; {found[key] / raw:.1f}x the raw fetch"
        figures.append(below(f"notes.{key}", found[key], "s", 0.3, note))
    find = found["reanchor_find_baseline"]
    figures.append(info("baseline.notes_find", find, "s", "one str.find per quote, 10,000 notes"))
    for key, what in (
        ("reanchor_edited", "an edited, reflowed New Testament"),
        ("reanchor_repetitive", "a repetitive text (the book 8 times over, edited)"),
    ):
        counts = ", ".join(
            f"{kind} {found[f'{key}.{kind}']:,.0f}"
            for kind in ("exact", "fuzzy", "orphaned")
            if f"{key}.{kind}" in found
        )
        note = f"10,000 notes re-anchored on {what}; {counts}; {found[key] / find:.0f}x str.find"
        figures.append(below(f"notes.{key}", found[key], "s", 5.0, note))
    return figures


TEAM_FIGURES = (
    (
        "team.notes_list",
        "list",
        0.3,
        "first notes list of one document in a window just opened on it: query, dock, highlights",
    ),
    ("team.filter_text", "filter_text", 0.3, "the dock filtered by a word"),
    ("team.filter_author", "filter_author", 0.3, "the dock filtered by an author"),
    ("team.filter_tag", "filter_tag", 0.3, "the dock filtered by a tag"),
    ("team.colleague_edit", "colleague_edit", 1.0, "a colleague's edit shown in its row"),
    ("team.colleague_add", "colleague_add", 1.0, "a colleague's new note shown"),
)


def team_figures(isolate: bool) -> list[Figure]:
    """100,000 notes from 10 authors on a throwaway PostgreSQL server
    (``benchmarks/team_scale.py``). Without a server every figure FAILs with the reason."""
    from benchmarks.team_scale import server_missing

    reason = server_missing()
    found: dict[str, float] = {}
    if reason is None:
        try:
            found = measure("team", {}, isolate=isolate)
        except RuntimeError as error:
            reason = str(error).strip().splitlines()[-1][:200]
    if reason is not None:
        return [
            Figure(name, 0.0, "s", f"< {limit:.3g} s", None, "FAIL", reason)
            for name, _key, limit, _what in TEAM_FIGURES
        ]
    figures = [
        info("team.fill", found["fill"], "s", f"{found['notes']:,.0f} notes written in bulk"),
        info(
            "team.list_query",
            found["list_query"],
            "s",
            "the core's shown_notes alone, read again, median of 5",
        ),
        info(
            "team.notes_list_again",
            found["list_again"],
            "s",
            "the same window's notes list refreshed again (unchanged rows and entries"
            " reused), median of 5",
        ),
    ]
    for name, key, limit, what in TEAM_FIGURES:
        note = f"{what}; {found['listed']:,.0f} of {found['notes']:,.0f} notes, 10 authors"
        if key == "filter_author":
            note += f", {found['filter_author_kept']:,.0f} kept"
        if key.startswith("colleague"):
            note = (
                f"{what}: another process's commit to the window's notes view done with it"
                " (poll -> change -> that row), the 0.4 s LISTEN poll included; median of 7,"
                f" worst of both kinds {found['colleague_max']:.2f} s;"
                f" {found['colleague_notice']:.2f} s of it until the change reaches the view;"
                f" {found['list_resets']:.0f} whole reloads of the list"
            )
        elif key == "list":
            note += ", each a fresh connection and window, median of 5"
        else:
            note += ", median of 5"
        figures.append(below(name, found[key], "s", limit, note))
    return figures


PARTS = ("align", "pdf", "gui", *END_TO_END, "notes", "team")
ALIASES = {"window": ("demo", "book"), "endtoend": END_TO_END}


def _parts(text: str) -> set[str]:
    """``--only``'s value: names from ``PARTS`` or ``ALIASES``, comma-separated."""
    chosen: set[str] = set()
    for name in filter(None, (n.strip() for n in text.split(","))):
        if name in ALIASES:
            chosen.update(ALIASES[name])
        elif name in PARTS:
            chosen.add(name)
        else:
            raise argparse.ArgumentTypeError(f"unknown part {name!r}; choose among {PARTS}")
    return chosen


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (under a minute)")
    parser.add_argument("--tiny", action="store_true", help="smallest sizes (smoke test)")
    parser.add_argument("--in-process", action="store_true", help="no fresh process per figure")
    parser.add_argument("--work", type=Path, help="folder for generated inputs (kept)")
    parser.add_argument("--no-annotations", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        type=_parts,
        metavar="PARTS",
        help=f"comma-separated figures to run, among: {', '.join(PARTS)} "
        "(window = demo,book; endtoend = " + ",".join(END_TO_END) + ")",
    )
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        task, spec = args.worker
        print(json.dumps(_workers()[task](json.loads(spec))))
        return []
    mode = "tiny" if args.tiny else "quick" if args.quick else "full"
    sizes = MODES[mode]
    isolate = not args.in_process
    chosen: set[str] = args.only or set(PARTS)
    if args.no_annotations:
        chosen -= {"notes", "team"}
    print(f"Verso benchmarks, {mode} mode{' (in one process)' if not isolate else ''}")
    print(f"{'figure':<34}{'value':>10} {'unit':<6}{'target':<16}{'ratio':>7}  verdict")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.work or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        figures: list[Figure] = []
        groups: list[Callable[[], list[Figure]]] = []
        if "align" in chosen:
            groups.append(lambda: alignment_figures(sizes, isolate))
        if "pdf" in chosen:
            groups.append(lambda: pdf_figures(sizes, folder, isolate))
        if "gui" in chosen:
            groups.append(lambda: gui_figures(sizes, folder, isolate))
        parts = [part for part in END_TO_END if part in chosen]
        if parts:
            groups.append(lambda: endtoend_figures(sizes, folder, parts))
        if "notes" in chosen:
            groups.append(lambda: annotation_figures(isolate))
        if "team" in chosen:
            groups.append(lambda: team_figures(isolate))
        for group in groups:
            try:
                produced = group()
            except RuntimeError as error:  # a worker crashed: say so, measure the rest
                last = str(error).strip().splitlines()[-1]
                produced = [Figure("error", 0.0, "", "-", None, "FAIL", last[:200])]
            for figure in produced:
                print(figure.line(), flush=True)
                figures.append(figure)
    failed = [f.name for f in figures if f.verdict == "FAIL"]
    print(f"{len(figures) - len(failed)} of {len(figures)} figures met; failed: {failed or 'none'}")
    return figures


if __name__ == "__main__":
    main()
