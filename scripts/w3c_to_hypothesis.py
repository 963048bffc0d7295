"""Convert a Verso W3C JSON export to Hypothesis API payloads (one JSON list).

    python scripts/w3c_to_hypothesis.py notes.json > hypothesis.json
    python scripts/w3c_to_hypothesis.py notes.json --group GROUPID -o hypothesis.json

Each item is the body of one ``POST https://api.hypothes.is/api/annotations``
(with ``Authorization: Bearer <your API token>``); see docs/exports.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.core.export.errors import ImportFormatError
from desktop_app.core.export.hypothesis import WORLD, render_hypothesis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="a Verso W3C JSON export")
    parser.add_argument("--group", default=WORLD, help="Hypothesis group id (default: public)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    try:
        text = render_hypothesis(args.export.read_text(encoding="utf-8-sig"), args.group)
    except (OSError, ImportFormatError) as exc:
        print(f"w3c_to_hypothesis: {exc}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
