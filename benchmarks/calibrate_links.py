"""Fit the calibration of final link scores (``core.scores``) and write ``core/score_table.py``.

Tuning sets only (the rows of ``benchmarks.quality`` without a ``*``): Mark KJV against ASV,
WEB and BBE (verse truth), Mark against Matthew KJV (Aland's pericopes), the generated cases
of seed 0, and the links the essay gold set's "fit" half judges. Each runs the default
``verso align --json`` with ``--raw-scores`` (the pipeline's scores before calibration) and
each link is judged right or wrong exactly as the quality report's calibration check does
(``benchmarks.quality.judge``, ``gold_judged``). One monotone table per group of links
(``scores.group_of``) maps raw score to the share right.

Run ``python -m benchmarks.calibrate_links``; a re-run on the same code writes the same file.
``--check`` prints the fit and whether the shipped table equals it, without writing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.obfuscation import OBFUSCATIONS
from benchmarks.quality import (
    Judged,
    calibration_of,
    essay_counts,
    generated_row,
    print_calibration,
    synoptic_row,
    verse_row,
)
from desktop_app.core.scores import GROUPS, Knots, calibrated, fit_monotone

RAW = ("--raw-scores",)
TABLE = Path(__file__).resolve().parent.parent / "desktop_app" / "core" / "score_table.py"
GENERATED_COUNT = 40  # document pairs a kind, as the quality report
THRESHOLDS = tuple(range(0, 101, 5))


def tuning_links() -> dict[str, list[Judged]]:
    """The tuning sets' links with raw scores, judged, by set."""
    sets: dict[str, list[Judged]] = {}
    for other in ("asv", "web", "bbe"):
        row = verse_row("mark.kjv", f"mark.{other}", RAW)
        sets[row.name] = list(row.judged)
        print(f"{row.name}: {len(row.judged)} links", flush=True)
    with tempfile.TemporaryDirectory(prefix="verso-calibrate-") as tmp:
        folder = Path(tmp)
        row = synoptic_row("Matt", "kjv", folder, "Matthew KJV", RAW)
        sets[row.name] = list(row.judged)
        print(f"{row.name}: {len(row.judged)} links", flush=True)
        for obfuscation in OBFUSCATIONS:
            row = generated_row(obfuscation, GENERATED_COUNT, 0, folder, RAW)
            sets[row.name] = list(row.judged)
            print(f"{row.name}: {len(row.judged)} links", flush=True)
    _, _, judged = essay_counts("fit", RAW)
    sets["essays (fit)"] = judged
    print(f"essays (fit): {len(judged)} links judged", flush=True)
    return sets


def fit(links: Sequence[Judged]) -> dict[str, Knots]:
    """One monotone table per group that has links."""
    table: dict[str, Knots] = {}
    for group in GROUPS:
        mine = [j for j in links if j.group == group]
        if mine:
            table[group] = fit_monotone([j.score for j in mine], [j.right for j in mine])
    return table


def applied(links: Sequence[Judged], table: dict[str, Knots]) -> list[Judged]:
    return [Judged(j.group, calibrated(j.score, table.get(j.group, ())), j.right) for j in links]


def shares(links: Sequence[Judged]) -> tuple[tuple[int, float, int], ...]:
    """(threshold, share right of links scoring at least it, how many) per threshold."""
    rows = []
    for threshold in THRESHOLDS:
        above = [j for j in links if j.score >= threshold]
        share = sum(j.right for j in above) / len(above) if above else 0.0
        rows.append((threshold, round(share, 3), len(above)))
    return tuple(rows)


def render(table: dict[str, Knots], share_rows: tuple[tuple[int, float, int], ...]) -> str:
    lines = [
        '"""The fitted calibration of link scores (``core.scores``); written by',
        '``python -m benchmarks.calibrate_links``, do not edit by hand."""',
        "",
        "# group: (raw score, probability right) knots, both ascending",
        "KNOTS: dict[str, tuple[tuple[float, float], ...]] = {",
    ]
    for group, knots in table.items():
        # as ruff would format it: one line when it fits, else one knot a line
        pairs = [f"({x!r}, {p!r})" for x, p in knots]
        inline = f"    {json.dumps(group)}: ({', '.join(pairs)}{',' if len(pairs) == 1 else ''}),"
        if len(inline) <= 100:
            lines.append(inline)
        else:
            lines += [f"    {json.dumps(group)}: (", *(f"        {p}," for p in pairs), "    ),"]
    lines += [
        "}",
        "# (minimum calibrated score, share of tuning links scoring at least that which were",
        "# right, how many links)",
        "SHARE_AT_LEAST: tuple[tuple[int, float, int], ...] = (",
        *(f"    ({t!r}, {s!r}, {n!r})," for t, s, n in share_rows),
        ")",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> dict[str, Knots]:
    parser = argparse.ArgumentParser(description="fit the calibration of link scores")
    parser.add_argument("--check", action="store_true", help="print the fit, do not write it")
    args = parser.parse_args(argv)
    sets = tuning_links()
    links = [j for judged in sets.values() for j in judged]
    table = fit(links)
    for group, knots in table.items():
        count = sum(j.group == group for j in links)
        print(f"{group}: {count} links, knots {knots}")
    print_calibration("tuning links, raw", calibration_of(links))
    calibrated_links = applied(links, table)
    print_calibration("tuning links, calibrated", calibration_of(calibrated_links))
    text = render(table, shares(calibrated_links))
    if args.check:
        same = TABLE.read_text(encoding="utf-8") == text
        print(f"{TABLE.name}: {'the same as this fit' if same else 'DIFFERS from this fit'}")
    else:
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE}")
    return table


if __name__ == "__main__":
    main()
