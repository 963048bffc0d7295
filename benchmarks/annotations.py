"""Annotation speed: 10,000 notes on one document, and re-anchoring on a 1 MB book.

Prints seconds and ratios against baselines measured in the same run (machines are noisy):
- listing/filtering through the store vs. a raw ``sqlite3`` fetch of the same rows;
- ``resolve_all`` of 300 targets in an edited, reflowed New Testament vs. one
  ``str.find`` per quote (the least any anchoring can do).

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
from desktop_app.core.anchoring import ResolutionKind, make_target, resolve_all
from desktop_app.core.annotations import Annotation, Colour
from desktop_app.core.model import Span
from desktop_app.core.storage import open_database

NT = PARALLEL / "nt.kjv.txt"
DOCUMENT = "9" * 64


def bench_store(count: int = 10_000) -> None:
    rng = random.Random(5)
    text = NT.read_text(encoding="utf-8") if NT.exists() else "lorem ipsum dolor " * 60_000
    colours = list(Colour)
    tags = [f"tag{i}" for i in range(40)]
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
            print(f"add_many {count:,}: {time.perf_counter() - started:.2f} s")

            raw = sqlite3.connect(path)
            baseline = best_of(
                5,
                lambda: raw.execute(
                    "SELECT * FROM annotations WHERE document_sha256 = ? ORDER BY pos_start",
                    (DOCUMENT,),
                ).fetchall(),
            )
            raw.close()
            print(f"baseline raw sqlite3 fetch of {count:,} rows: {baseline * 1000:.0f} ms")
            cases: dict[str, Callable[[], object]] = {
                "list all": lambda: db.annotations.list(document=DOCUMENT),
                "filter tag": lambda: db.annotations.list(document=DOCUMENT, tags=["tag7"]),
                "filter colour": lambda: db.annotations.list(document=DOCUMENT, colour=Colour.BLUE),
                "filter text": lambda: db.annotations.list(document=DOCUMENT, text="TAG13"),
                "tags()": db.annotations.tags,
                "count": lambda: db.annotations.count(DOCUMENT),
            }
            for name, work in cases.items():
                seconds = best_of(5, work)
                print(
                    f"{name:>14}: {seconds * 1000:6.0f} ms  ({seconds / baseline:5.1f}x raw fetch)"
                )


def bench_anchoring(targets: int = 300) -> None:
    if not NT.exists():
        print("anchoring: skipped, no", NT)
        return
    text = NT.read_text(encoding="utf-8")
    rng = random.Random(11)
    spans = []
    for _ in range(targets):
        start = rng.randrange(0, len(text) - 300)
        spans.append(Span(start, start + rng.randint(40, 250)))
    made = [make_target(text, span) for span in spans]
    # An edited second edition: a preface, every 7th space a line break, some words changed.
    changed = "A PREFACE TO THIS EDITION.\n\n" * 20 + text
    changed = "".join(ch if ch != " " or i % 7 else "\n" for i, ch in enumerate(changed))
    changed = changed.replace(" and ", " & ")
    baseline = best_of(3, lambda: [changed.find(t.quote.exact) for t in made])
    started = time.perf_counter()
    results = resolve_all(made, changed)
    seconds = time.perf_counter() - started
    kinds = {kind: sum(r.kind is kind for r in results) for kind in ResolutionKind}
    print(
        f"resolve_all {targets} targets on {len(changed) / 1e6:.2f} M chars: {seconds:.2f} s "
        f"({seconds / baseline:.0f}x one str.find per quote, {baseline * 1000:.0f} ms)"
    )
    print("  kinds:", {k.value: v for k, v in kinds.items()})


def main() -> None:
    bench_store()
    bench_anchoring()


if __name__ == "__main__":
    main()
