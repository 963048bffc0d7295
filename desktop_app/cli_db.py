"""``verso db check|repair|restore``: look after the annotation database from the command line.

``check`` runs SQLite's full integrity check and lists the backups; ``repair`` rebuilds
the indexes (a copy of the file kept first); ``restore`` puts the newest good backup (or
``--backup FILE``) in place, keeping the file it replaces. Nothing is ever deleted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_DAMAGED = 1


def add_db_command(commands: Any) -> None:
    db_cmd = commands.add_parser(
        "db", help="check, repair or restore the annotation database (see --db)"
    )
    actions = db_cmd.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    actions.add_parser("check", help="run the full integrity check and list the backups")
    actions.add_parser("repair", help="rebuild the indexes (a copy of the file is kept first)")
    restore = actions.add_parser(
        "restore", help="put the newest good backup in place (the current file is kept aside)"
    )
    restore.add_argument("--backup", type=Path, metavar="FILE", help="this backup instead")


def run_db(args: argparse.Namespace) -> int:
    from desktop_app.core.errors import StorageError
    from desktop_app.core.storage import default_database_path
    from desktop_app.core.storage.location import (
        describe,
        location_from_environment,
        parse_location,
    )

    location = parse_location(args.db) if args.db else location_from_environment()
    path = default_database_path() if location is None else location
    if not isinstance(path, Path):
        raise StorageError(
            f"verso db {args.db_action} looks after an SQLite file; {describe(path)} is a"
            " PostgreSQL server, which its own tools check and back up (amcheck, pg_dump)."
        )
    if args.db_action == "check":
        return _check(path)
    if args.db_action == "repair":
        return _repair(path)
    return _restore(path, args.backup)


def _check(path: Path) -> int:
    import sqlite3

    from desktop_app.core.errors import StorageError
    from desktop_app.core.storage import inspect_database
    from desktop_app.core.storage.backups import list_backups
    from desktop_app.core.storage.integrity import OK, integrity_problems

    try:
        inspect_database(path)
        problems = integrity_problems(path) if path.is_file() else OK
    except StorageError as error:
        problems = str(error)
    except sqlite3.Error as error:
        raise StorageError(f"Could not check the annotation database {path}: {error}.") from None
    print(f"{path}: {problems}")
    for found in list_backups(path):
        print(f"backup: {found.label}")
    return EXIT_OK if problems == OK else EXIT_DAMAGED


def _repair(path: Path) -> int:
    from desktop_app.core.storage.integrity import repair

    kept = repair(path)
    print(f"Repaired {path}; the file as it was is kept as {kept}.")
    return EXIT_OK


def _restore(path: Path, chosen: Path | None) -> int:
    from datetime import UTC, datetime

    from desktop_app.core.errors import StorageError
    from desktop_app.core.storage.backups import Backup, restore_backup

    source = None
    if chosen is not None:
        if not chosen.is_file():
            raise StorageError(f"There is no backup file {chosen}.")
        source = Backup(chosen, datetime.fromtimestamp(chosen.stat().st_mtime, tz=UTC))
    restored = restore_backup(path, source)
    print(f"Restored {path} from {restored.source.label}.")
    if restored.kept_aside is not None:
        print(f"The file it replaced is kept as {restored.kept_aside.name}.", file=sys.stderr)
    return EXIT_OK
