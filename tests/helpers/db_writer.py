"""A separate process that adds annotations in a loop, printing each id once committed.

Run as ``python -m tests.helpers.db_writer DB COUNT LABEL [wait]`` (COUNT < 0: until
killed; ``wait``: after printing "ready", start only once a line arrives on stdin, so
several writers can be released at the same moment).
The crash and concurrency tests kill or race it; every id it printed must survive.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import Annotation
from desktop_app.core.model import Span
from desktop_app.core.storage import open_database

TEXT = "The quick brown fox jumps over the lazy dog. " * 20
DOCUMENT = "d" * 64


def main(argv: list[str]) -> int:
    path, count, label = Path(argv[0]), int(argv[1]), argv[2]
    write_annotations(path, count, label, wait=argv[3:] == ["wait"])
    return 0


def write_annotations(path: Path, count: int, label: str, *, wait: bool = False) -> None:
    """Open the database, say "ready", then add ``count`` annotations (< 0: forever),
    printing each id once committed."""
    with open_database(path) as db:
        print("ready", flush=True)
        if wait:
            sys.stdin.readline()
        i = 0
        while count < 0 or i < count:
            start = (i * 7) % 800
            annotation = Annotation.new(
                DOCUMENT,
                make_target(TEXT, Span(start, start + 40)),
                note=f"{label} note {i}",
                tags=(label, f"n{i % 5}"),
            )
            db.annotations.add(annotation)
            if i % 10 == 0:
                db.annotations.list(document=DOCUMENT, tags=(label,))  # readers in between
            print(annotation.id, flush=True)
            i += 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
