"""Annotation speed: 10,000 notes on one document, and re-anchoring 10,000 notes on a book.

Seconds, with baselines measured in the same run (machines are noisy):
- listing/filtering through the store vs. a raw ``sqlite3`` fetch of the same rows
  (best of 5 each);
- ``resolve_all`` of 10,000 targets in an edited, reflowed New Testament (a preface,
  every 7th space a line break, "and" printed "&": most quotes changed, so most notes
  are found fuzzily);
- ``resolve_all`` of 10,000 targets made on the third of 8 copies of the New Testament
  (a book that repeats its passages), re-anchored after a new edition added a preface
  and printed "and" as "&" throughout: every quote or its edited form is in all 8
  copies with the same context, so only the position can tell the copies apart;
- one ``str.find`` per quote on that repetitive text, the least any anchoring can do.

Counts of exact / moved / fuzzy / orphaned notes (and, on the repetitive text, of notes
placed in the copy they were made on) come with each case, so a speed-up that loses
notes shows.

    .venv/bin/python -m benchmarks.annotations
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.inputs import PARALLEL
from benchmarks.timing import best_of
from desktop_app.core.anchoring import Resolution, ResolutionKind, make_target, resolve_all
from desktop_app.core.annotations import Annotation, Colour, TextTarget
from desktop_app.core.model import Span
from desktop_app.core.storage import open_database

NT = PARALLEL / "nt.kjv.txt"
DOCUMENT = "9" * 64
NOTES = 10_000
COPIES = 8
NOTED_COPY = 2  # notes on the repetitive text are made on its third copy


def book_text() -> str:
    return NT.read_text(encoding="utf-8") if NT.exists() else "lorem ipsum dolor " * 60_000


def store_figures(count: int = NOTES) -> dict[str, float]:
    """Seconds to list and filter ``count`` notes of one document, and the raw fetch."""
    rng = random.Random(5)
    text = book_text()
    colours = list(Colour)
    tags = [f"tag{i}" for i in range(40)]
    figures: dict[str, float] = {"store_notes": float(count)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        with open_database(path) as db:
            notes = []
            for i in range(count):
                start = rng.randrange(0, len(text) - 200)
                notes.append(
                    Annotation.new(
                        DOCUMENT,
                        make_target(text, Span(start, start + rng.randint(20, 180))),
                        colour=rng.choice(colours),
                        note=f"note {i} " + " ".join(rng.sample(tags, 3)),
                        tags=tuple(rng.sample(tags, 2)),
                    )
                )
            started = time.perf_counter()
            db.annotations.add_many(notes)
            figures["add_many"] = time.perf_counter() - started

            raw = sqlite3.connect(path)
            figures["raw_fetch"] = best_of(
                5,
                lambda: raw.execute(
                    "SELECT * FROM annotations WHERE document_sha256 = ? ORDER BY pos_start",
                    (DOCUMENT,),
                ).fetchall(),
            )
            raw.close()
            cases: dict[str, Callable[[], object]] = {
                "list_all": lambda: db.annotations.list(document=DOCUMENT),
                "filter_tag": lambda: db.annotations.list(document=DOCUMENT, tags=["tag7"]),
                "filter_colour": lambda: db.annotations.list(document=DOCUMENT, colour=Colour.BLUE),
                "filter_text": lambda: db.annotations.list(document=DOCUMENT, text="TAG13"),
                "tags": db.annotations.tags,
                "count": lambda: db.annotations.count(DOCUMENT),
            }
            for name, work in cases.items():
                figures[name] = best_of(5, work)
    return figures


def edited_edition(text: str) -> str:
    """A second edition: a preface, every 7th space a line break, "and" printed "&"."""
    changed = "A PREFACE TO THIS EDITION.\n\n" * 20 + text
    changed = "".join(ch if ch != " " or i % 7 else "\n" for i, ch in enumerate(changed))
    return changed.replace(" and ", " & ")


def targets_in(
    text: str, count: int, seed: int, low: int = 0, high: int | None = None
) -> list[TextTarget]:
    """``count`` targets of 40..250 characters at random places of ``text[low:high]``."""
    rng = random.Random(seed)
    high = len(text) if high is None else high
    targets = []
    for _ in range(count):
        start = rng.randrange(low, high - 300)
        targets.append(make_target(text, Span(start, start + rng.randint(40, 250))))
    return targets


def _kinds(prefix: str, results: list[Resolution]) -> dict[str, float]:
    return {
        f"{prefix}_{kind.value}": float(sum(r.kind is kind for r in results))
        for kind in ResolutionKind
    }


def _resolved(
    prefix: str, targets: list[TextTarget], text: str
) -> tuple[dict[str, float], list[Resolution]]:
    started = time.perf_counter()
    results = resolve_all(targets, text)
    figures = {prefix: time.perf_counter() - started}
    figures.update(_kinds(prefix, results))
    return figures, results


def anchoring_figures(notes: int = NOTES, copies: int = COPIES) -> dict[str, float]:
    """Seconds to re-anchor ``notes`` notes on an edited book and on a repetitive one."""
    text = book_text()
    figures, _ = _resolved("reanchor_edited", targets_in(text, notes, 11), edited_edition(text))

    separator = "\n\n* * *\n\n"
    repetitive = separator.join([text] * copies)
    noted_copy = min(NOTED_COPY, copies - 1)
    low = noted_copy * (len(text) + len(separator))
    made = targets_in(repetitive, notes, 13, low, low + len(text))
    preface = "A PREFACE TO THIS EDITION.\n\n" * 20
    changed = (preface + repetitive).replace(" and ", " & ")
    repeated, results = _resolved("reanchor_repetitive", made, changed)
    figures.update(repeated)
    # Where the noted copy lies in the new edition: between its separators.
    bounds = [0]
    position = changed.find(separator)
    while position != -1:
        bounds.append(position + len(separator))
        position = changed.find(separator, position + 1)
    bounds.append(len(changed))
    noted = (bounds[noted_copy], bounds[noted_copy + 1])
    figures["reanchor_repetitive_in_noted_copy"] = float(
        sum(r.span is not None and noted[0] <= r.span.start < noted[1] for r in results)
    )
    figures["reanchor_find_baseline"] = best_of(
        3, lambda: [changed.find(t.quote.exact) for t in made]
    )
    figures["reanchor_chars"] = float(len(changed))
    figures["reanchor_notes"] = float(notes)
    figures["reanchor_copies"] = float(copies)
    return figures


def measure() -> dict[str, float]:
    """Every figure of this benchmark, in seconds (counts as floats), keyed by name."""
    return store_figures() | anchoring_figures()


def _report(figures: dict[str, float]) -> None:
    baseline = figures["raw_fetch"]
    count, notes = int(figures["store_notes"]), int(figures["reanchor_notes"])
    print(f"add_many {count:,}: {figures['add_many']:.2f} s")
    print(f"baseline raw sqlite3 fetch of {count:,} rows: {baseline * 1000:.0f} ms")
    for key in ("list_all", "filter_tag", "filter_colour", "filter_text", "tags", "count"):
        seconds = figures[key]
        name = key.replace("_", " ") if key != "tags" else "tags()"
        print(f"{name:>14}: {seconds * 1000:6.0f} ms  ({seconds / baseline:5.1f}x raw fetch)")
    find = figures["reanchor_find_baseline"]
    for key, what in (
        ("reanchor_edited", "an edited, reflowed New Testament"),
        (
            "reanchor_repetitive",
            f"{int(figures['reanchor_copies'])} copies of the New Testament, edited",
        ),
    ):
        kinds = {kind.value: int(figures[f"{key}_{kind.value}"]) for kind in ResolutionKind}
        print(f"re-anchor {notes:,} notes on {what}: {figures[key]:.2f} s  kinds: {kinds}")
    print(
        f"  on the repetitive text ({figures['reanchor_chars'] / 1e6:.1f} M chars): "
        f"{int(figures['reanchor_repetitive_in_noted_copy']):,} placed in the copy they were "
        f"made on; {figures['reanchor_repetitive'] / find:.2f}x the time of one str.find per "
        f"quote ({find:.2f} s)"
    )


def main() -> None:
    _report(measure())


if __name__ == "__main__":
    main()
