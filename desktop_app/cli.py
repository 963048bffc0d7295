"""Verso's command line: ``verso [open] [A B]`` opens the window, sub-commands script the core.

``verso export WORKSPACE|--all --format md|html|csv|json|pdf|docx -o PATH`` writes the
annotated excerpts (printing each file written); ``verso workspaces`` lists the saved
workspaces, numbered, for WORKSPACE; ``verso import FILE.json`` reads a JSON export
back into the database.

Only the ``open`` path imports Qt, so ``verso text`` and ``verso align`` start fast and
run on machines without a display. Expected failures (``VersoError``) print one line on
stderr and exit 1; usage errors exit 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop_app import __version__
from desktop_app.cli_db import add_db_command, run_db
from desktop_app.cli_workspaces import add_workspaces_command, run_workspaces
from desktop_app.core.cancel import Progress
from desktop_app.core.collector import collect_rarely
from desktop_app.core.colours import Colour
from desktop_app.core.errors import PasswordRequired, VersoError
from desktop_app.core.model import (
    MAX_OTHER_DOCUMENTS,
    Alignment,
    AlignOptions,
    Document,
    Link,
    LinkKind,
)
from desktop_app.core.snippet import one_line

if TYPE_CHECKING:  # the storage layer (SQLAlchemy) is imported only by the commands using it
    from desktop_app.core.storage import Database

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130

# Spelled out so building the parser does not import the exporters (pymupdf, python-docx);
# tests check they match core.export's FORMATS, Order and GroupBy.
EXPORT_FORMATS = ("md", "html", "csv", "json", "pdf", "docx")
EXPORT_ORDERS = ("position", "tag", "created")
EXPORT_GROUPS = ("comparison", "tag", "none")
EXPORT_COLOURS = tuple(c.value for c in Colour)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verso",
        description="Read documents against each other. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"verso {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="annotation database: a file, or a PostgreSQL server as"
        " postgresql+psycopg://[user@]host/dbname (login from ~/.pgpass or PG* variables;"
        " default: $VERSO_DB, else a file in the user data dir)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_cmd = commands.add_parser(
        "open", help="open documents in the window: FOCAL, then the documents to compare with it"
    )
    open_cmd.add_argument("paths", nargs="*", type=Path, metavar="FILE")

    text_cmd = commands.add_parser("text", help="print a document's text exactly as Verso reads it")
    text_cmd.add_argument("path", type=Path, metavar="FILE")
    text_cmd.add_argument(
        "--include-hidden",
        action="store_true",
        help="also print the text a reader cannot see (invisible, white on white, tiny),"
        " after the document's text",
    )
    _add_reading_options(text_cmd)

    align_cmd = commands.add_parser(
        "align", help="align a document against one or more others and print the links"
    )
    align_cmd.add_argument("left", type=Path, metavar="LEFT")
    align_cmd.add_argument("rights", nargs="+", type=Path, metavar="RIGHT")
    align_cmd.add_argument("--json", action="store_true", help="print JSON instead of a table")
    align_cmd.add_argument(
        "--kinds",
        type=_parse_kinds,
        default=frozenset(LinkKind),
        metavar="KINDS",
        help="comma-separated link kinds to find: quote,related (default: both)",
    )
    align_cmd.add_argument(
        "--min-score",
        type=_parse_score,
        default=0.0,
        metavar="N",
        help="drop links scoring below N (0-100; a score is the chance in 100 a link is right)",
    )
    # The pipeline's scores before calibration: what benchmarks.calibrate_links fits on.
    align_cmd.add_argument("--raw-scores", action="store_true", help=argparse.SUPPRESS)
    order = align_cmd.add_mutually_exclusive_group()
    order.add_argument(
        "--ordered",
        dest="ordered",
        action="store_const",
        const=True,
        default=None,
        help="align in order: the documents follow each other (default: decided from the texts)",
    )
    order.add_argument(
        "--unordered",
        dest="ordered",
        action="store_const",
        const=False,
        help="align out of order: passages reused anywhere (default: decided from the texts)",
    )
    align_cmd.add_argument(
        "--fast",
        action="store_true",
        help="word-level links only: skip the meaning-level step (sentence embeddings)",
    )
    _add_reading_options(align_cmd)
    _add_export_command(commands)
    commands.add_parser(
        "install-desktop",
        help="add Verso to the desktop's menu and to 'Open with' (this user, no root needed)",
    )
    import_cmd = commands.add_parser(
        "import",
        help="import annotations from a W3C JSON file (`verso export --format json`, or"
        " another tool's Web Annotations)",
        description=(
            "Import a W3C Web Annotation file. Annotations from other tools name their"
            " document by URL or path: they are placed by their quoted text in the --document"
            " files, else in the documents the database knows that are still on disk."
        ),
    )
    import_cmd.add_argument("path", type=Path, metavar="FILE.json")
    import_cmd.add_argument(
        "--document",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a document the annotations may quote (repeatable); searched first",
    )
    _add_reading_options(import_cmd)
    add_workspaces_command(commands)
    add_db_command(commands)
    return parser


def _add_export_command(commands: Any) -> None:
    export_cmd = commands.add_parser(
        "export",
        help="export annotations (a workspace's or all) as md, html, csv, json, pdf or docx",
        description=(
            "Export annotated excerpts. With --format pdf and several PDFs in scope, "
            "-o is a folder that receives one annotated copy of each PDF "
            "(NAME-annotated.pdf), unless --document picks the one PDF to annotate."
        ),
    )
    which = export_cmd.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "workspace",
        nargs="?",
        metavar="WORKSPACE",
        help="a saved workspace: its number in `verso workspaces`, its name (no need for the"
        " '↔'), the start of the name, or its id",
    )
    which.add_argument("--all", action="store_true", help="every annotation in the database")
    export_cmd.add_argument(
        "--format", "-f", choices=EXPORT_FORMATS, help="output format (default: from -o's suffix)"
    )
    export_cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PATH",
        help="the file (or folder, for several PDFs); - for standard output (text formats)",
    )
    export_cmd.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="only notes with this tag (repeat for any of several)",
    )
    export_cmd.add_argument(
        "--colour",
        "--color",
        action="append",
        default=[],
        choices=EXPORT_COLOURS,
        metavar="COLOUR",
        help="only notes of this colour (repeatable): " + ", ".join(EXPORT_COLOURS),
    )
    export_cmd.add_argument("--order", choices=EXPORT_ORDERS, default=EXPORT_ORDERS[0])
    export_cmd.add_argument("--group-by", choices=EXPORT_GROUPS, default=EXPORT_GROUPS[0])
    export_cmd.add_argument("--title", default=None, help="the report's title")
    export_cmd.add_argument(
        "--context",
        type=int,
        default=1,
        metavar="N",
        help="md, html, docx, csv: sentences shown either side of each quote (default: 1)",
    )
    export_cmd.add_argument(
        "--document",
        metavar="PDF",
        help="with --format pdf: the PDF to annotate (file name, title or sha256 prefix)",
    )


def _add_reading_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--encoding", metavar="NAME", help="decode text files with this encoding (default: detect)"
    )
    command.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help=f"read an encrypted PDF's password from FILE's first line (or set {PASSWORD_ENV};"
        " at a terminal Verso asks)",
    )
    # Kept for old scripts, hidden: a password on the command line shows in `ps` and history.
    command.add_argument("--password", help=argparse.SUPPRESS)


def _parse_kinds(value: str) -> frozenset[LinkKind]:
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    valid = {kind.value: kind for kind in LinkKind}
    unknown = [name for name in names if name not in valid]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown link kind {', '.join(unknown) or value!r}; choose from {', '.join(valid)}"
        )
    return frozenset(valid[name] for name in names)


def _parse_score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= score <= 100.0:
        raise argparse.ArgumentTypeError("the score must be between 0 and 100")
    return score


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "text":
            return _run_text(args)
        if args.command == "align":
            return _run_align(args)
        if args.command == "export":
            return _run_export(args, parser)
        if args.command == "import":
            return _run_import(args)
        if args.command == "workspaces":
            return run_workspaces(args)
        if args.command == "db":
            return run_db(args)
        if args.command == "install-desktop":
            return _run_install_desktop()
        paths: list[Path] = list(getattr(args, "paths", []) or [])
        return _run_gui(paths, args.db)
    except VersoError as error:
        print(f"verso: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("verso: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `verso text big.pdf | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return EXIT_OK


PASSWORD_ENV = "VERSO_PDF_PASSWORD"


def _load(path: Path, args: argparse.Namespace) -> Document:
    """Load ``path``; an encrypted PDF's password comes from ``--password-file``, the
    environment or, at a terminal, a prompt that does not echo (never from the command
    line, where ``ps`` and the shell history would show it)."""
    from desktop_app.core.documents import load
    from desktop_app.core.documents.encoding import encoding_notice

    password = _password(args)
    try:
        document = load(path, encoding=args.encoding, password=password)
    except PasswordRequired:
        if password is not None or not sys.stdin.isatty():
            raise
        try:
            asked = getpass.getpass(f"Password for {path.name}: ")
        except EOFError:
            raise VersoError(f"{path.name} is encrypted and no password was given.") from None
        document = load(path, encoding=args.encoding, password=asked)
    notice = encoding_notice(path.name, document.encoding, document.encoding_confidence)
    if notice:  # a weak guess: say which encoding, so the reader can choose another
        print(f"verso: {notice[:-1]} (--encoding NAME).", file=sys.stderr)
    return document


def _password(args: argparse.Namespace) -> str | None:
    if args.password is not None:
        print(
            f"verso: --password shows in `ps` and the shell history; use --password-file"
            f" or {PASSWORD_ENV}",
            file=sys.stderr,
        )
        return str(args.password)
    if args.password_file is not None:
        try:
            lines = args.password_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            reason = error.strerror or str(error)
            raise VersoError(
                f"Cannot read the password file {args.password_file}: {reason}"
            ) from None
        return lines[0] if lines else ""
    return os.environ.get(PASSWORD_ENV)


def _run_text(args: argparse.Namespace) -> int:
    # No linear algebra here: numpy's BLAS need not start (and spin) a thread per core
    # while the PDF workers want those cores. A user's own setting is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # One document's objects, built once and printed: the collector's passes over a long
    # PDF's hundred thousand lines were a tenth of this process's time.
    collect_rarely()
    from desktop_app.core.documents.pdf_hidden import hidden_notice

    document = _load(args.path, args)
    text = document.text
    if args.include_hidden and document.hidden_text:
        listed = "".join(
            f"[page {run.page + 1}, {run.reason}] {run.text}\n" for run in document.hidden_text
        )
        text += f"\n\n--- hidden text, not part of the document ---\n{listed}"
    elif document.hidden_text:
        notice = hidden_notice(document.hidden_text)
        print(f"verso: {notice} --include-hidden shows them.", file=sys.stderr)
    # Bytes, not print(): the text must come out exactly, whatever the terminal's encoding.
    sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
    sys.stdout.flush()
    return EXIT_OK


def _run_align(args: argparse.Namespace) -> int:
    from desktop_app.core.alignment.cached import CachedAligner
    from desktop_app.core.cache import Cache
    from desktop_app.core.errors import ModelUnavailable

    options = AlignOptions(kinds=args.kinds, min_score=args.min_score, ordered=args.ordered)
    left = _load(args.left, args)
    results: list[tuple[Document, Alignment]] = []
    # The window's settled links, through the window's cache: the meaning-level step
    # included unless --fast; a pair aligned before (here or in the window) is read back.
    with Cache() as cache:
        aligner = CachedAligner(cache, meaning=not args.fast, calibrate=not args.raw_scores)
        for right_path in args.rights:
            right = _load(right_path, args)
            try:
                alignment = aligner(left, right, options, _terminal_progress())
            except ModelUnavailable as error:
                print(f"verso: word-level links only: {error}", file=sys.stderr)
                aligner = CachedAligner(cache, calibrate=not args.raw_scores)
                alignment = aligner(left, right, options, _terminal_progress())
            results.append((right, alignment))
    if args.json:
        payloads = [alignment_to_json(left, right, alignment) for right, alignment in results]
        # One pair: exactly the documented shape. Several: one such object per pair.
        json.dump(payloads[0] if len(payloads) == 1 else payloads, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for right, alignment in results:
            write_table(left, right, alignment, sys.stdout)
    return EXIT_OK


def _terminal_progress() -> Progress | None:
    """A progress reporter drawing a one-line bar on stderr when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def draw(fraction: float, message: str) -> None:
        width = 30
        filled = int(fraction * width)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if fraction >= 1.0 else ""
        sys.stderr.write(f"\r[{bar}] {fraction:4.0%} {message[:40]:<40}{end}")
        sys.stderr.flush()

    return Progress(draw)


def _document_json(document: Document) -> dict[str, Any]:
    return {
        "path": str(document.path) if document.path else None,
        "chars": len(document.text),
        "encoding": document.encoding,
    }


def alignment_to_json(left: Document, right: Document, alignment: Alignment) -> dict[str, Any]:
    """The documented ``verso align --json`` shape for one pair of documents."""
    return {
        "left": _document_json(left),
        "right": _document_json(right),
        "ordered": alignment.ordered,
        "links": [
            {
                "kind": link.kind.value,
                "score": round(link.score, 1),
                "relation": link.relation.value if link.relation is not None else None,
                "level": link.level.value,
                "quoted": [
                    {
                        "score": round(inner.score, 1),
                        "left": [inner.left.start, inner.left.end],
                        "right": [inner.right.start, inner.right.end],
                    }
                    for inner in link.quoted
                ],
                "left": [link.left.start, link.left.end],
                "right": [link.right.start, link.right.end],
            }
            for link in alignment.links
        ],
    }


def write_table(left: Document, right: Document, alignment: Alignment, out: TextIO) -> None:
    """A readable table of links: kind, score, spans and a snippet of each side."""
    counts = {kind: len(alignment.of_kind(kind)) for kind in LinkKind}
    summary = ", ".join(f"{n} {kind.value}" for kind, n in counts.items())
    out.write(f"{left.display_name}  ⟷  {right.display_name}: {summary} links\n")
    if not alignment.links:
        return
    total = shutil.get_terminal_size((120, 24)).columns
    fixed = 8 + 6 + 16 + 16 + 5 * 2
    snippet_width = max(16, (total - fixed) // 2)
    header = (
        f"{'kind':<8}  {'score':>5}  {'left':<14}  {'right':<14}  "
        f"{'left text':<{snippet_width}}  right text"
    )
    out.write(header + "\n")
    for link in alignment.links:
        out.write(_table_row(left, right, link, snippet_width) + "\n")


def _table_row(left: Document, right: Document, link: Link, width: int) -> str:
    left_span = f"{link.left.start}-{link.left.end}"
    right_span = f"{link.right.start}-{link.right.end}"
    return (
        f"{link.kind.value:<8}  {link.score:>5.1f}  {left_span:<14}  {right_span:<14}  "
        f"{one_line(link.left.of(left.text), width):<{width}}  "
        f"{one_line(link.right.of(right.text), width)}"
    )


def _run_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from desktop_app.core.export import ExportOptions, GroupBy
    from desktop_app.core.export.build import Order, Scope
    from desktop_app.core.export.collect import collect_excerpts, find_comparison
    from desktop_app.core.export.output import TEXT_FORMATS, render_text_export, write_export
    from desktop_app.core.storage import open_database

    output: Path = args.output
    fmt = args.format or ("md" if str(output) == "-" else output.suffix.lower().lstrip("."))
    if fmt == "markdown":
        fmt = "md"
    if fmt not in EXPORT_FORMATS:
        parser.error(f"give --format ({', '.join(EXPORT_FORMATS)}); {output} has no known suffix")
    if args.document is not None and fmt != "pdf":
        parser.error("--document picks the PDF to annotate; it needs --format pdf")
    if str(output) == "-" and fmt not in TEXT_FORMATS:
        parser.error(f"-o - writes text to standard output: {', '.join(sorted(TEXT_FORMATS))}")
    with _opened(open_database(args.db)) as db:
        comparison = None if args.all else find_comparison(db, args.workspace)
        scope = Scope(
            comparison=comparison,
            tags=frozenset(args.tag),
            colours=frozenset(Colour(c) for c in args.colour),
        )
        excerpts = collect_excerpts(db, scope, Order(args.order))
    title = args.title or (comparison.name if comparison is not None else "Verso excerpts")
    if args.context < 0:
        parser.error("--context is a number of sentences: 0 or more")
    options = ExportOptions(
        title=title, group_by=GroupBy(args.group_by), context_sentences=args.context
    )
    if not excerpts:
        print("verso: warning: no annotation matches; the export is empty", file=sys.stderr)
    if str(output) == "-":  # standard output: the bytes exactly as a file would hold them
        rendered = render_text_export(excerpts, fmt, options)
        sys.stdout.buffer.write(rendered.data)
        sys.stdout.flush()
        for warning in rendered.warnings:
            print(f"verso: warning: {warning}", file=sys.stderr)
        return EXIT_OK
    written = write_export(
        excerpts,
        fmt,
        output,
        options,
        pdf_document=args.document,
        progress=_terminal_progress(),
    )
    for item in written:
        print(item.path)
        for warning in item.rendered.warnings:
            print(f"verso: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    from desktop_app.core.export.importer import import_w3c
    from desktop_app.core.storage import open_database

    documents = [_load(path, args) for path in args.document]
    with _opened(open_database(args.db)) as db:
        summary = import_w3c(db, args.path, documents=documents)
    print(f"Imported {args.path.name}: {summary.text}.")
    for message in summary.messages:
        print(f"verso: {message}", file=sys.stderr)
    return EXIT_OK


def _opened(database: Database) -> Database:
    """``database``, having said on stderr what the user should know about opening it."""
    if database.notice:
        print(f"verso: {database.notice}", file=sys.stderr)
    return database


def _run_install_desktop() -> int:
    from desktop_app.desktop_entry import install

    for path in install():
        print(path)
    return EXIT_OK


def main_gui() -> int:
    """The ``verso-gui`` entry point: the window, with no console on Windows."""
    return main(sys.argv[1:] or ["open"])


def _run_gui(paths: list[Path], db_path: str | None) -> int:
    if len(paths) > 1 + MAX_OTHER_DOCUMENTS:
        raise VersoError(
            f"Verso compares one focal document with at most {MAX_OTHER_DOCUMENTS} others;"
            f" {len(paths)} files were given. Open the focal document and up to"
            f" {MAX_OTHER_DOCUMENTS} more, or use `verso align FOCAL OTHER...` for any number."
        )
    from desktop_app.app import run_gui

    return run_gui(paths, db_path=db_path)
