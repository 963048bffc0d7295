"""Export and import speed at 1,000 / 2,000 / 5,000 excerpts.

DOCX must grow linearly: the time per excerpt at 5,000 is printed as a ratio of
the time per excerpt at 1,000 (about 1 when linear; it was ~3 before python-docx
style lookups and body scans were taken out of the loop). The W3C JSON render of
the same excerpts, measured in the same run, is the baseline for the absolute
figure. Import: 5,000 notes from a JSON file into a fresh database.

    .venv/bin/python -m benchmarks.export_speed
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from benchmarks.inputs import WORDS as ALL_WORDS
from desktop_app.core.export import ExportOptions, GroupBy
from desktop_app.core.export.docx_export import render_docx
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, PairExcerpt, Quote, SourceRef
from desktop_app.core.export.importer import import_w3c
from desktop_app.core.export.w3c_json import render_w3c_json
from desktop_app.core.model import DocumentFormat, LinkKind, Span
from desktop_app.core.storage import open_database

WORDS = ALL_WORDS[:10]
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def excerpts(count: int, seed: int = 3) -> list[AnyExcerpt]:
    """``count`` excerpts over two sources, a fifth of them pairs, in four workspaces."""
    rng = random.Random(seed)
    sources = [
        SourceRef("a" * 64, "Left essay", "/docs/left.pdf", format=DocumentFormat.PDF),
        SourceRef("b" * 64, "Right reply", "/docs/right.txt", format=DocumentFormat.TEXT),
    ]

    def quote(source: SourceRef, at: int) -> Quote:
        exact = " ".join(rng.choices(WORDS, k=rng.randint(8, 40)))
        return Quote(source, exact, "before ", " after", Span(at, at + len(exact)), at // 3000)

    made: list[AnyExcerpt] = []
    for i in range(count):
        common = {
            "id": f"x{i}",
            "note": " ".join(rng.choices(WORDS, k=rng.randint(0, 30))),
            "tags": tuple(rng.sample(WORDS, rng.randint(0, 3))),
            "colour": rng.choice(["yellow", "green", "blue", "pink"]),
            "comparison": f"Workspace {i % 4}",
            "created": T0 + timedelta(seconds=i),
            "modified": T0 + timedelta(seconds=i),
        }
        if i % 5 == 0:
            made.append(
                PairExcerpt(
                    left=quote(sources[0], i * 400),
                    right=quote(sources[1], i * 300),
                    relation="restates",
                    link_kind=LinkKind.RELATED,
                    score=55.0,
                    **common,  # type: ignore[arg-type]
                )
            )
        else:
            made.append(Excerpt(quote=quote(sources[i % 2], i * 400), **common))  # type: ignore[arg-type]
    return made


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    options = ExportOptions(title="Benchmark", group_by=GroupBy.COMPARISON)
    per: dict[int, float] = {}
    for count in (1_000, 2_000, 5_000):
        items = excerpts(count)
        json_s = seconds(partial(render_w3c_json, items, options))
        docx_s = seconds(partial(render_docx, items, options))
        per[count] = docx_s / count
        print(
            f"{count:>5,} excerpts: docx {docx_s:6.2f} s, json {json_s:5.2f} s "
            f"(docx/json {docx_s / json_s:5.1f}x)"
        )
    print(f"docx time per excerpt, 5,000 vs 1,000: {per[5_000] / per[1_000]:.2f}x (1 = linear)")
    items = excerpts(5_000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.json"
        path.write_text(render_w3c_json(items, options), encoding="utf-8")
        with open_database(Path(folder) / "fresh.db") as db:
            import_s = seconds(lambda: import_w3c(db, path))
        parse_s = seconds(lambda: path.read_text(encoding="utf-8"))
    print(f"import 5,000 notes into a fresh database: {import_s:.2f} s (file read {parse_s:.3f} s)")


if __name__ == "__main__":
    main()
