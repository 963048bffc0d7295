"""Alignment quality of what the user gets: the default ``verso align --json``, PAN measures.

Every figure is taken on the JSON that ``verso align LEFT RIGHT --json`` prints with no flag
(extra rows name their flag), each link counted once, against known truth:

- **verse truth** (``../shared/parallel``): Mark and the New Testament, KJV against ASV (a
  revision), WEB (a modern revision) and BBE (a paraphrase); each verse pair is one case.
- **synoptic reuse** (``../shared/synoptic``): Mark against Matthew and Luke, cut out of the
  New Testament files by their verse offsets; each parallel passage of Aland's synopsis is one
  case (real reordered, edited reuse nobody here wrote).
- **generated reuse** (``benchmarks.obfuscation``): passages of the bundled texts inserted into
  unrelated others, verbatim, lightly edited, reflowed, with shuffled clauses, and across a
  paragraph break.
- **the essays** (``tests/core/semantic/gold/essays.json``): recall and precision by kind of
  200 pairs judged by hand between the five essays of ``../shared/corpus``.

Hold-out: parameters were tuned on Mark (translations), Mark~Matthew, the generated cases of
seed 0 and the essay gold set's "fit" half; the New Testament, Mark~Luke, Mark~Matthew (BBE),
seed 1 and the gold set's "test" half are held out (marked ``*``).

The Bible pairs run ``verso align`` as its own process, cold (an empty cache), and print its
wall time; the generated pairs call the command line's ``main`` in this process (the same
code and output without a process start per case).

Calibration check: the held-out sets' links are judged right or wrong
(``benchmarks.pan.is_right``; on the essays, by the gold pairs they overlap) and the share right
per score bin is set against the scores, with the expected calibration error (target <= 0.10).

Run: ``python -m benchmarks.quality`` (``--quick``: Mark and 20 generated cases per kind).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.inputs import CORPUS, PARALLEL, Book, read_book
from benchmarks.obfuscation import OBFUSCATIONS, CasePair, generate
from benchmarks.pan import Measures, Pair, is_right, measure
from desktop_app.core.model import Link, LinkKind, PassageLevel, Span
from desktop_app.core.scores import group_of
from desktop_app.core.semantic.gold import GoldCounts, GoldPair, evaluate, load_gold

SYNOPTIC = PARALLEL.parent / "synoptic" / "aland_pericopes.json"
_BOOK_NAMES = {"Matt": "Matthew", "Mark": "Mark", "Luke": "Luke"}


ECE_TARGET = 0.10
BIN_WIDTH = 10


@dataclass(frozen=True, slots=True)
class CliLink:
    kind: str
    score: float
    left: Span
    right: Span
    ordered: bool | None = None  # the alignment's order mode (the JSON's "ordered")
    level: str = PassageLevel.SENTENCE.value  # the JSON's "level": paragraphs joined by meaning


@dataclass(frozen=True, slots=True)
class Judged:
    """A link of a set with truth: its calibration group, its score, and whether it is right."""

    group: str
    score: float
    right: bool


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the report: a set, its PAN measures, links by kind and the wall time;
    and each link judged against the set's truth (for the calibration check)."""

    name: str
    measures: Measures
    kinds: dict[str, int]
    seconds: float | None = None
    judged: tuple[Judged, ...] = ()


def judge(links: Iterable[tuple[Hashable, CliLink]], cases: Iterable[Pair]) -> list[Judged]:
    """Each link (with its document pair's key) right or wrong against the ``cases``."""
    by_key: dict[Hashable, list[Pair]] = {}
    for case in cases:
        by_key.setdefault(case.key, []).append(case)
    return [
        Judged(
            group_of(LinkKind(link.kind), link.ordered, PassageLevel(link.level)),
            link.score,
            is_right(Pair(key, link.left, link.right), by_key.get(key, ())),
        )
        for key, link in links
    ]


def run_cli(left: Path, right: Path, flags: Sequence[str] = ()) -> tuple[list[CliLink], float]:
    """``verso align LEFT RIGHT --json`` as its own process with an empty cache; links, seconds."""
    with tempfile.TemporaryDirectory(prefix="verso-quality-") as home:
        env = dict(os.environ, XDG_CACHE_HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home)
        command = [sys.executable, "-m", "desktop_app", "align", str(left), str(right), "--json"]
        started = time.perf_counter()
        done = subprocess.run(
            [*command, *flags], env=env, capture_output=True, text=True, check=True
        )
        seconds = time.perf_counter() - started
    return parse_links(done.stdout), seconds


def cli_in_process(left: Path, right: Path, flags: Sequence[str] = ()) -> list[CliLink]:
    """The same command's JSON through ``desktop_app.cli.main`` in this process."""
    from desktop_app.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["align", str(left), str(right), "--json", *flags])
    if code != 0:
        raise RuntimeError(f"verso align failed on {left} {right}")
    return parse_links(out.getvalue())


def parse_links(output: str) -> list[CliLink]:
    payload = json.loads(output)
    ordered = payload.get("ordered")
    return [
        CliLink(
            link["kind"],
            link["score"],
            Span(*link["left"]),
            Span(*link["right"]),
            ordered,
            link.get("level", PassageLevel.SENTENCE.value),
        )
        for link in payload["links"]
    ]


def kinds_of(links: Iterable[CliLink]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for link in links:
        counts[link.kind] = counts.get(link.kind, 0) + 1
    return counts


# --- verse truth -------------------------------------------------------------------------


def verse_cases(left: Book, right: Book, key: str = "") -> list[Pair]:
    """One case per verse both books have: (its left span, its right span)."""
    return [
        Pair(key, span, right.verses[verse])
        for verse, span in left.verses.items()
        if verse in right.verses
    ]


def verse_row(left_name: str, right_name: str, flags: Sequence[str] = (), label: str = "") -> Row:
    left, right = read_book(left_name), read_book(right_name)
    links, seconds = run_cli(PARALLEL / f"{left_name}.txt", PARALLEL / f"{right_name}.txt", flags)
    detections = [Pair("", link.left, link.right) for link in links]
    name = label or f"{left_name}~{right_name.split('.')[-1]}"
    cases = verse_cases(left, right)
    judged = tuple(judge((("", link) for link in links), cases))
    return Row(name, measure(cases, detections), kinds_of(links), seconds, judged)


# --- synoptic reuse ------------------------------------------------------------------------


def gospel(translation: str, book: str) -> Book:
    """One gospel cut out of the New Testament file by its verse offsets (spans shifted)."""
    nt = read_book(f"nt.{translation}")
    prefix = f"{_BOOK_NAMES[book]} "
    verses = {v: s for v, s in nt.verses.items() if v.startswith(prefix)}
    start = min(s.start for s in verses.values())
    end = max(s.end for s in verses.values())
    shifted = {v[len(prefix) :]: s.shifted(-start) for v, s in verses.items()}
    return Book(f"{book.lower()}.{translation}", nt.text[start:end] + "\n", shifted)


_PART = re.compile(r"(?:(\d+):)?(\d+)[ab]?(?:-(?:(\d+):)?(\d+)[ab]?)?")


def verse_ranges(ref: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``"12:38-42; 16:1-2a,4"`` as ((chapter, verse), (chapter, verse)) inclusive ranges."""
    ranges = []
    chapter = 0
    for piece in re.split(r"[;,]\s*", ref.strip()):
        match = _PART.fullmatch(piece.strip())
        if match is None:
            raise ValueError(f"unreadable reference {ref!r}")
        c1, v1, c2, v2 = match.groups()
        chapter = int(c1) if c1 else chapter
        first = (chapter, int(v1))
        if v2 is None:
            last = first
        else:
            chapter = int(c2) if c2 else chapter
            last = (chapter, int(v2))
        ranges.append((first, last))
    return ranges


def passage_spans(book: Book, ref: str) -> list[Span]:
    """The text spans of a reference's verse ranges (verses the book lacks are skipped)."""
    numbered = {}
    for verse, span in book.verses.items():
        chapter, number = verse.split(":")
        numbered[(int(chapter), int(number))] = span
    spans = []
    for first, last in verse_ranges(ref):
        inside = [span for key, span in numbered.items() if first <= key <= last]
        if inside:
            spans.append(Span(min(s.start for s in inside), max(s.end for s in inside)))
    return spans


def synoptic_cases(mark: Book, other: Book, other_book: str) -> list[Pair]:
    """One case per Aland pericope that both Mark and ``other_book`` have (each range pair)."""
    pericopes = json.loads(SYNOPTIC.read_text(encoding="utf-8"))["pericopes"]
    cases: set[Pair] = set()
    for pericope in pericopes:
        mark_ref, other_ref = pericope["Mark"]["ref"], pericope[other_book]["ref"]
        if not mark_ref or not other_ref:
            continue
        for a in passage_spans(mark, mark_ref):
            for b in passage_spans(other, other_ref):
                cases.add(Pair("", a, b))
    return sorted(cases, key=lambda c: (c.source.start, c.suspicious.start))


def synoptic_row(
    other_book: str, translation: str, folder: Path, label: str, flags: Sequence[str] = ()
) -> Row:
    mark, other = gospel("kjv", "Mark"), gospel(translation, other_book)
    paths = []
    for book in (mark, other):
        path = folder / f"{book.name}.txt"
        path.write_text(book.text, encoding="utf-8")
        paths.append(path)
    links, seconds = run_cli(paths[0], paths[1], flags)
    detections = [Pair("", link.left, link.right) for link in links]
    cases = synoptic_cases(mark, other, other_book)
    judged = tuple(judge((("", link) for link in links), cases))
    return Row(label, measure(cases, detections), kinds_of(links), seconds, judged)


# --- generated reuse ------------------------------------------------------------------------


def generated_row(
    obfuscation: str, count: int, seed: int, folder: Path, flags: Sequence[str] = ()
) -> Row:
    cases, links = generated_links(generate(obfuscation, count, seed=seed), folder, flags)
    detections = [Pair(key, link.left, link.right) for key, link in links]
    label = f"{obfuscation} (seed {seed}){'*' if seed else ''}"
    counts = kinds_of(link for _, link in links)
    return Row(label, measure(cases, detections), counts, None, tuple(judge(links, cases)))


def generated_links(
    pairs: Iterable[CasePair], folder: Path, flags: Sequence[str] = ()
) -> tuple[list[Pair], list[tuple[Hashable, CliLink]]]:
    """The cases of generated pairs and the command's links on them, each with its pair."""
    cases: list[Pair] = []
    links: list[tuple[Hashable, CliLink]] = []
    for pair in pairs:
        source = folder / f"{pair.key}-source.txt"
        suspicious = folder / f"{pair.key}-suspicious.txt"
        source.write_text(pair.source, encoding="utf-8")
        suspicious.write_text(pair.suspicious, encoding="utf-8")
        cases.extend(Pair(pair.key, s, t) for s, t in pair.cases)
        links.extend((pair.key, link) for link in cli_in_process(source, suspicious, flags))
    return cases, links


def default_measures(pairs: Iterable[CasePair], folder: Path) -> tuple[Measures, dict[str, int]]:
    """PAN measures of the default command's links on generated pairs, and links by kind."""
    cases, links = generated_links(pairs, folder)
    detections = [Pair(key, link.left, link.right) for key, link in links]
    return measure(cases, detections), kinds_of(link for _, link in links)


# --- essay gold set -------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "core" / "semantic" / "gold" / "essays.json"
GOLD_KINDS = ("quotes", "restates", "answers", "topic", "no-link")


def essay_counts(
    split: str, flags: Sequence[str] = ()
) -> tuple[dict[str, GoldCounts], int, list[Judged]]:
    """Gold counts by kind on one split of the essay gold set, from the default command's
    links for each of the ten essay pairs; how many links it printed in all; and the links
    the split's gold pairs judge (``gold_judged``)."""
    from desktop_app.core.documents import load

    documents = {path.name: load(path) for path in sorted(CORPUS.iterdir())}
    pairs = load_gold(GOLD, documents)
    groups: dict[tuple[str, str], list[GoldPair]] = {}
    for pair in pairs:
        groups.setdefault((pair.left, pair.right), []).append(pair)
    counts = {kind: GoldCounts() for kind in GOLD_KINDS}
    total = 0
    judged: list[Judged] = []
    for (left, right), group in groups.items():
        links = cli_in_process(CORPUS / left, CORPUS / right, flags)
        total += len(links)
        spans = [Link(LinkKind(k.kind), k.left, k.right, k.score) for k in links]
        for kind in GOLD_KINDS:
            chosen = [p for p in group if p.kind == kind and p.split == split]
            counts[kind] = counts[kind] + evaluate(chosen, spans)
        judged += gold_judged([p for p in group if p.split == split], links)
    return counts, total, judged


def gold_judged(pairs: Sequence[GoldPair], links: Iterable[CliLink]) -> list[Judged]:
    """Links the gold ``pairs`` (one document pair) judge: right if a link overlaps both
    passages of a pair judged "link", wrong if it overlaps only "no-link" pairs; a link
    overlapping no gold pair is not judged (the gold set says nothing about it)."""
    judged = []
    for link in links:
        hits = [
            p
            for p in pairs
            if p.left_span.overlaps(link.left) and p.right_span.overlaps(link.right)
        ]
        if hits:
            group = group_of(LinkKind(link.kind), link.ordered, PassageLevel(link.level))
            judged.append(Judged(group, link.score, any(p.link for p in hits)))
    return judged


def print_essays(split: str, label: str) -> list[Judged]:
    """One split's line of the report; the links its gold pairs judge."""
    counts, total, judged = essay_counts(split)
    answered = counts["restates"] + counts["answers"]
    every = sum(counts.values(), GoldCounts())
    by_kind = "  ".join(
        f"{kind} {counts[kind].recall:.2f} ({counts[kind].true_positive}/"
        f"{counts[kind].true_positive + counts[kind].false_negative})"
        for kind in GOLD_KINDS[:-1]
    )
    wrong = counts["no-link"]
    print(
        f"{label:<30}links {total:>4}  recall restates+answers {answered.recall:.2f}"
        f"  precision {every.precision:.2f} (no-link pairs linked: {wrong.false_positive}/"
        f"{wrong.false_positive + wrong.true_negative})\n{'':<30}recall by kind: {by_kind}",
        flush=True,
    )
    return judged


# --- calibration check ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bin:
    low: int  # scores in [low, low + BIN_WIDTH), the last bin holding 100 too
    links: int
    mean_score: float
    share_right: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """Share right per score bin and the expected calibration error (mean over links of
    |score/100 - share right of its bin|, by bin)."""

    bins: tuple[Bin, ...]
    ece: float
    links: int


def calibration_of(judged: Sequence[Judged]) -> Calibration:
    grouped: dict[int, list[Judged]] = {}
    for link in judged:
        low = min(100 - BIN_WIDTH, int(link.score // BIN_WIDTH) * BIN_WIDTH)
        grouped.setdefault(low, []).append(link)
    bins = []
    ece = 0.0
    for low in sorted(grouped):
        inside = grouped[low]
        mean = sum(j.score for j in inside) / len(inside)
        share = sum(j.right for j in inside) / len(inside)
        bins.append(Bin(low, len(inside), mean, share))
        ece += len(inside) / len(judged) * abs(mean / 100 - share)
    return Calibration(tuple(bins), ece, len(judged))


def print_calibration(label: str, calibration: Calibration) -> None:
    verdict = "met" if calibration.ece <= ECE_TARGET else "MISS"
    bins = "  ".join(
        f"{b.low}-{b.low + BIN_WIDTH}: {b.share_right:.2f} ({b.links})" for b in calibration.bins
    )
    print(
        f"{label:<30}links {calibration.links:>5}  ECE {calibration.ece:.3f}"
        f" (target <= {ECE_TARGET:.2f}: {verdict})\n{'':<30}share right by score: {bins}",
        flush=True,
    )


# --- report ---------------------------------------------------------------------------------


def print_header(title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'set':<30}{'cases':>6}{'links':>7}{'prec':>7}{'rec':>7}{'gran':>7}{'plagdet':>9}"
        f"  {'kinds':<22}{'time':>7}"
    )


def print_row(row: Row) -> None:
    m = row.measures
    kinds = " ".join(f"{k} {n}" for k, n in sorted(row.kinds.items()))
    seconds = f"{row.seconds:6.2f}s" if row.seconds is not None else ""
    print(
        f"{row.name:<30}{m.cases:>6}{m.detections:>7}{m.precision:>7.3f}{m.recall:>7.3f}"
        f"{m.granularity:>7.3f}{m.plagdet:>9.3f}  {kinds:<22}{seconds:>7}",
        flush=True,
    )


@dataclass(frozen=True, slots=True)
class Report:
    rows: dict[str, Row]
    calibration: Calibration  # of every held-out link with truth


def main(argv: Sequence[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description="alignment quality of the default output")
    parser.add_argument("--quick", action="store_true", help="Mark and 20 generated cases a kind")
    args = parser.parse_args(argv)
    rows: dict[str, Row] = {}
    held_out: dict[str, list[Judged]] = {}  # family -> judged links of its held-out sets

    def show(row: Row, family: str) -> None:
        rows[row.name] = row
        print_row(row)
        if row.name.endswith("*"):
            held_out.setdefault(family, []).extend(row.judged)

    print("PAN measures of the default `verso align --json` (every link counted once; * held out)")
    print_header("Verse truth (../shared/parallel), `verso align` as a process, cold")
    for other in ("asv", "web", "bbe"):
        show(verse_row("mark.kjv", f"mark.{other}"), "verse truth")
    if not args.quick:
        for other in ("asv", "web", "bbe"):
            show(verse_row("nt.kjv", f"nt.{other}", label=f"nt.kjv~{other}*"), "verse truth")
    with tempfile.TemporaryDirectory(prefix="verso-quality-") as tmp:
        folder = Path(tmp)
        print_header("Synoptic reuse (Aland's pericopes), Mark KJV against")
        show(synoptic_row("Matt", "kjv", folder, "Matthew KJV"), "synoptic")
        if not args.quick:
            show(synoptic_row("Luke", "kjv", folder, "Luke KJV*"), "synoptic")
            show(synoptic_row("Matt", "bbe", folder, "Matthew BBE*"), "synoptic")
        print(
            "\nEssay gold set (tests/core/semantic/gold/essays.json, 200 judged pairs over the"
            " ten pairs of ../shared/corpus; a pair is found if a link overlaps both its passages)"
        )
        held_out["essays"] = print_essays("test", "held-out half (test)*")
        if not args.quick:
            print_essays("fit", "tuning half (fit)")
        count = 20 if args.quick else 40
        print_header(f"Generated reuse ({count} document pairs a kind, 2 passages each)")
        for seed in (0,) if args.quick else (0, 1):
            for obfuscation in OBFUSCATIONS:
                show(generated_row(obfuscation, count, seed, folder), "generated")
    print(
        "\nCalibration on the held-out sets (* above): share of links right per score bin"
        " (right: half its characters in true cases it overlaps on both sides; essays: it"
        " overlaps a gold pair judged link)"
    )
    for family, judged in held_out.items():
        print_calibration(family, calibration_of(judged))
    every = calibration_of([j for judged in held_out.values() for j in judged])
    print_calibration("every held-out link", every)
    print("\nTally (calibration on held-out links, ECE target <= 0.10)")
    for family, calibration in [
        *((f, calibration_of(j)) for f, j in held_out.items()),
        ("every held-out link", every),
    ]:
        verdict = "met" if calibration.ece <= ECE_TARGET else "MISS"
        print(f"{'ECE ' + family:<30}{calibration.ece:.3f}  {verdict}", flush=True)
    return Report(rows, every)


if __name__ == "__main__":
    main()
