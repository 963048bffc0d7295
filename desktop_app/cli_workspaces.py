"""``verso workspaces``: the saved comparisons, numbered, so a command can name one simply.

``verso export 2 -o notes.md`` and ``verso export victory -o notes.md`` pick a
workspace by the number shown here or by the start of its name
(``core.workspaces.find_workspace``); nobody has to type "A  ↔  B".
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by the command itself: `verso align` builds this parser too
    from desktop_app.core.workspace_documents import Needed
    from desktop_app.core.workspaces import Listed

EXIT_OK = 0


def add_workspaces_command(commands: Any) -> None:
    cmd = commands.add_parser(
        "workspaces",
        help="list the saved workspaces (comparisons): number, name, documents, modified",
        description=(
            "List the saved workspaces, most recently opened first. Commands that take a"
            " WORKSPACE accept its number here, its name (the '↔' may be left out, any case),"
            " the start of its name, words from it, or its id."
        ),
    )
    cmd.add_argument("--json", action="store_true", help="print JSON (with ids and paths)")


def run_workspaces(args: argparse.Namespace) -> int:
    from desktop_app.core.export.collect import all_comparisons
    from desktop_app.core.storage import open_database
    from desktop_app.core.storage.local_paths import LocalPaths
    from desktop_app.core.workspace_documents import Presence, needed_documents
    from desktop_app.core.workspaces import listed

    database = open_database(args.db)
    if database.notice:
        print(f"verso: {database.notice}", file=sys.stderr)
    with database as db:
        rows = listed(all_comparisons(db))
        local = LocalPaths.beside(db.path)
        needs = {
            row.number: needed_documents(row.comparison, local, db.documents.last_path)
            for row in rows
        }
    if args.json:
        listing = [_json(row, needs[row.number]) for row in rows]
        json.dump(listing, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    if not rows:
        print("No saved workspaces yet: open two documents in the window to make one.")
        return EXIT_OK
    width = len(str(len(rows)))
    for row in rows:
        modified = row.comparison.modified.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{row.number:>{width}}  {row.comparison.name}")
        print(f"{'':>{width}}  {modified}  ·  {' | '.join(row.documents)}")
        for needed in needs[row.number]:
            if needed.presence is not Presence.FOUND:
                print(f"{'':>{width}}  {needed.name}: {needed.describe}")
    return EXIT_OK


def _json(row: Listed, needs: list[Needed]) -> dict[str, Any]:
    from desktop_app.core.workspace_documents import Presence

    comparison = row.comparison
    return {
        "number": row.number,
        "id": comparison.id,
        "name": comparison.name,
        "modified": comparison.modified.isoformat().replace("+00:00", "Z"),
        "documents": [
            {
                "name": name,
                "sha256": document.sha256,
                "path": str(document.path) if document.path else None,
                "status": needed.presence.value,  # found, changed or missing on this machine
                "found_at": str(needed.path) if needed.presence is Presence.FOUND else None,
            }
            for name, document, needed in zip(
                row.documents, comparison.documents, needs, strict=True
            )
        ],
    }
