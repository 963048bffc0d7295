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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.inputs import CORPUS, PARALLEL, Book, read_book
from benchmarks.obfuscation import OBFUSCATIONS, CasePair, generate
from benchmarks.pan import Measures, Pair, measure
from desktop_app.core.model import Link, LinkKind, Span
from desktop_app.core.semantic.gold import GoldCounts, GoldPair, evaluate, load_gold

SYNOPTIC = PARALLEL.parent / "synoptic" / "aland_pericopes.json"
_BOOK_NAMES = {"Matt": "Matthew", "Mark": "Mark", "Luke": "Luke"}


@dataclass(frozen=True, slots=True)
class CliLink:
    kind: str
    score: float
    left: Span
    right: Span


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the report: a set, its PAN measures, links by kind and the wall time."""

    name: str
    measures: Measures
    kinds: dict[str, int]
    seconds: float | None = None


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
    return [
        CliLink(link["kind"], link["score"], Span(*link["left"]), Span(*link["right"]))
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
    return Row(name, measure(verse_cases(left, right), detections), kinds_of(links), seconds)


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


def synoptic_row(other_book: str, translation: str, folder: Path, label: str) -> Row:
    mark, other = gospel("kjv", "Mark"), gospel(translation, other_book)
    paths = []
    for book in (mark, other):
        path = folder / f"{book.name}.txt"
        path.write_text(book.text, encoding="utf-8")
        paths.append(path)
    links, seconds = run_cli(paths[0], paths[1])
    detections = [Pair("", link.left, link.right) for link in links]
    cases = synoptic_cases(mark, other, other_book)
    return Row(label, measure(cases, detections), kinds_of(links), seconds)


# --- generated reuse ------------------------------------------------------------------------


def generated_row(obfuscation: str, count: int, seed: int, folder: Path) -> Row:
    measures, counts = default_measures(generate(obfuscation, count, seed=seed), folder)
    label = f"{obfuscation} (seed {seed}){'*' if seed else ''}"
    return Row(label, measures, counts)


def default_measures(pairs: Iterable[CasePair], folder: Path) -> tuple[Measures, dict[str, int]]:
    """PAN measures of the default command's links on generated pairs, and links by kind."""
    cases: list[Pair] = []
    detections: list[Pair] = []
    counts: dict[str, int] = {}
    for pair in pairs:
        source = folder / f"{pair.key}-source.txt"
        suspicious = folder / f"{pair.key}-suspicious.txt"
        source.write_text(pair.source, encoding="utf-8")
        suspicious.write_text(pair.suspicious, encoding="utf-8")
        cases.extend(Pair(pair.key, s, t) for s, t in pair.cases)
        links = cli_in_process(source, suspicious)
        detections.extend(Pair(pair.key, link.left, link.right) for link in links)
        for kind, n in kinds_of(links).items():
            counts[kind] = counts.get(kind, 0) + n
    return measure(cases, detections), counts


# --- essay gold set -------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "core" / "semantic" / "gold" / "essays.json"
GOLD_KINDS = ("quotes", "restates", "answers", "topic", "no-link")


def essay_counts(split: str) -> tuple[dict[str, GoldCounts], int]:
    """Gold counts by kind on one split of the essay gold set, from the default command's
    links for each of the ten essay pairs; and how many links it printed in all."""
    from desktop_app.core.documents import load

    documents = {path.name: load(path) for path in sorted(CORPUS.iterdir())}
    pairs = load_gold(GOLD, documents)
    groups: dict[tuple[str, str], list[GoldPair]] = {}
    for pair in pairs:
        groups.setdefault((pair.left, pair.right), []).append(pair)
    counts = {kind: GoldCounts() for kind in GOLD_KINDS}
    total = 0
    for (left, right), group in groups.items():
        links = cli_in_process(CORPUS / left, CORPUS / right)
        total += len(links)
        spans = [Link(LinkKind(k.kind), k.left, k.right, k.score) for k in links]
        for kind in GOLD_KINDS:
            chosen = [p for p in group if p.kind == kind and p.split == split]
            counts[kind] = counts[kind] + evaluate(chosen, spans)
    return counts, total


def print_essays(split: str, label: str) -> dict[str, float]:
    counts, total = essay_counts(split)
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
    return {"recall": answered.recall, "precision": every.precision, "links": float(total)}


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


def main(argv: Sequence[str] | None = None) -> dict[str, Row]:
    parser = argparse.ArgumentParser(description="alignment quality of the default output")
    parser.add_argument("--quick", action="store_true", help="Mark and 20 generated cases a kind")
    args = parser.parse_args(argv)
    rows: dict[str, Row] = {}

    def show(row: Row) -> None:
        rows[row.name] = row
        print_row(row)

    print("PAN measures of the default `verso align --json` (every link counted once; * held out)")
    print_header("Verse truth (../shared/parallel), `verso align` as a process, cold")
    for other in ("asv", "web", "bbe"):
        show(verse_row("mark.kjv", f"mark.{other}"))
    if not args.quick:
        for other in ("asv", "web", "bbe"):
            show(verse_row("nt.kjv", f"nt.{other}", label=f"nt.kjv~{other}*"))
    with tempfile.TemporaryDirectory(prefix="verso-quality-") as tmp:
        folder = Path(tmp)
        print_header("Synoptic reuse (Aland's pericopes), Mark KJV against")
        show(synoptic_row("Matt", "kjv", folder, "Matthew KJV"))
        if not args.quick:
            show(synoptic_row("Luke", "kjv", folder, "Luke KJV*"))
            show(synoptic_row("Matt", "bbe", folder, "Matthew BBE*"))
        print(
            "\nEssay gold set (tests/core/semantic/gold/essays.json, 200 judged pairs over the"
            " ten pairs of ../shared/corpus; a pair is found if a link overlaps both its passages)"
        )
        print_essays("test", "held-out half (test)*")
        if not args.quick:
            print_essays("fit", "tuning half (fit)")
        count = 20 if args.quick else 40
        print_header(f"Generated reuse ({count} document pairs a kind, 2 passages each)")
        for seed in (0,) if args.quick else (0, 1):
            for obfuscation in OBFUSCATIONS:
                show(generated_row(obfuscation, count, seed, folder))
    return rows


if __name__ == "__main__":
    main()
