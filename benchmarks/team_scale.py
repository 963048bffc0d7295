"""A team's server at scale: 100,000 notes from 10 authors on one PostgreSQL server.

What an analyst waits for, on a throwaway cluster started here from Debian's
binaries (``tests/helpers/postgres.py``), in seconds:

- ``list``: the notes list of one document as the notes dock fills it: the store's
  query of the document's notes (10,000 of the 100,000, from all 10 authors), pair
  notes, their tags and authors for the filters, and the real ``NotesDock`` filled with them
  (offscreen), median of 5;
- ``filter_text`` / ``filter_author`` / ``filter_tag``: the dock narrowed as the
  analyst types a word or picks an author or a tag (the dock filters the notes it
  holds, ``core.annotation_filter``), median of 5;
- ``colleague``: another process adds a note; from its commit until this process's
  ``Workspace`` (the window's live listener: LISTEN/NOTIFY polled every 0.4 s) has
  delivered the change and the dock shows the note, median of 7.

    python -m benchmarks.team_scale          # prints the figures
"""

from __future__ import annotations

import os
import random
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

NOTES = 100_000
AUTHORS = 10
DOCUMENTS = 10  # the notes spread evenly: 10,000 on each document
TAGS = [f"tag{i}" for i in range(40)]
WORDS = [
    "claim",
    "evidence",
    "source",
    "witness",
    "archive",
    "ledger",
    "quote",
    "rebuttal",
    "motive",
    "treaty",
]
ROOT = Path(__file__).resolve().parent.parent


def server_missing() -> str | None:
    """Why no PostgreSQL server can be started here (None: it can)."""
    from tests.helpers.postgres import postgres_bin

    if postgres_bin() is None:
        return "PostgreSQL server binaries not found (apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install 'psycopg[binary]')"
    return None


def document_sha(index: int) -> str:
    return f"{index:x}" * 64 if index < 16 else f"{index:064x}"


def fill(url: str, seed: int = 7) -> dict[str, float]:
    """Write the 100,000 notes (10 authors, 10 documents) as the store writes them, in bulk
    (``convert.fill_annotation_row``'s columns, one multi-row INSERT per table: the ORM's
    ``add_many`` takes minutes on a loaded machine); returns the seconds it took."""
    from sqlalchemy import insert

    from desktop_app.core.anchoring import make_target
    from desktop_app.core.annotations import Annotation, Colour
    from desktop_app.core.model import Span
    from desktop_app.core.storage import open_database
    from desktop_app.core.storage.convert import fill_annotation_row
    from desktop_app.core.storage.documents import ensure_documents
    from desktop_app.core.storage.tables import AnnotationRow, AnnotationTagRow

    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) for _ in range(60_000))
    colours = list(Colour)
    columns = [c.key for c in AnnotationRow.__table__.columns]
    started = time.perf_counter()
    with open_database(url) as db:
        for document in range(DOCUMENTS):
            rows, tags = [], []
            for i in range(NOTES // DOCUMENTS):
                start = rng.randrange(0, len(text) - 200)
                author = f"analyst{i % AUTHORS}"
                note = Annotation.new(
                    document_sha(document),
                    make_target(text, Span(start, start + rng.randint(20, 150))),
                    colour=rng.choice(colours),
                    note=f"note {document}-{i}: {' '.join(rng.sample(WORDS, 3))}",
                    tags=tuple(rng.sample(TAGS, 2)),
                )
                row = AnnotationRow(id=note.id)
                fill_annotation_row(row, note)
                row.created_by = row.changed_by = author
                rows.append({key: getattr(row, key) for key in columns})
                tags += [
                    {"annotation_id": t.annotation_id, "tag": t.tag, "position": t.position}
                    for t in row.tags
                ]
            with db.sessions.write("fill") as session:
                ensure_documents(session, document_sha(document))
                session.execute(insert(AnnotationRow), rows)
                session.execute(insert(AnnotationTagRow), tags)
        # What autovacuum does within a minute of a bulk load on a live server: without
        # statistics the planner expects 3 notes on the document and loops over its tags.
        with db.sessions.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return {"fill": time.perf_counter() - started}


class DockFill:
    """The notes dock of one document, filled as ``ui.notes_view.NotesView.refresh`` does."""

    def __init__(self, db: object, document: str) -> None:
        from desktop_app.ui.notes.dock import NotesDock

        self.db = db
        self.document = document
        self.dock = NotesDock()
        self.dock.resize(500, 800)
        self.dock.show()

    def refresh(self) -> None:
        from desktop_app.core.annotation_filter import authors_of, tags_of
        from desktop_app.core.storage import Database
        from desktop_app.core.storage.shown_notes import Shelf
        from desktop_app.ui.notes.tree_model import Entry

        db = self.db
        assert isinstance(db, Database)
        notes = db.annotations.list(document=self.document)
        pairs = db.pairs.list((self.document, document_sha(1)))
        entries = [Entry(Shelf.NOTES, n, "focal.pdf") for n in notes]
        entries += [Entry(Shelf.PAIRS, p, "focal.pdf ↔ other.pdf") for p in pairs]
        self.dock.set_entries(entries)
        self.dock.set_tags(tags_of(entry.item for entry in entries))
        self.dock.set_documents([(self.document, "focal.pdf")])
        self.dock.set_authors(authors_of(entry.item for entry in entries))

    def shown(self) -> int:
        """The notes the dock's model holds (its Notes section's rows: cheap to ask, so
        watching for a colleague's note does not itself hold up the event loop)."""
        model = self.dock.model
        return model.rowCount(model.index(0, 0))


def _median(runs: int, work: Callable[[], object], reset: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        reset()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _filters(fill: DockFill) -> dict[str, float]:
    dock = fill.dock

    def reset() -> None:
        dock.text_edit.clear()
        dock.author_box.setCurrentIndex(0)
        dock.tag_box.setCurrentIndex(0)

    figures = {
        "filter_text": _median(5, lambda: dock.text_edit.setText("rebuttal"), reset),
        "filter_author": _median(
            5, lambda: dock.author_box.setCurrentIndex(dock.author_box.findData("analyst3")), reset
        ),
        "filter_tag": _median(
            5, lambda: dock.tag_box.setCurrentIndex(dock.tag_box.findData("tag7")), reset
        ),
    }
    reset()
    dock.author_box.setCurrentIndex(dock.author_box.findData("analyst3"))
    figures["filter_author_kept"] = float(len(dock.visible_entries()))
    reset()
    return figures


def colleague(url: str, document: str) -> None:
    """The colleague's process: for each line read, add one note and print the commit's
    wall-clock time (``python -m benchmarks.team_scale --colleague URL SHA``)."""
    from desktop_app.core.anchoring import make_target
    from desktop_app.core.annotations import Annotation
    from desktop_app.core.model import Span
    from desktop_app.core.storage import open_database

    text = "a colleague's passage on the focal document, quoted again " * 4
    with open_database(url) as db:
        print("ready", flush=True)
        for _line in sys.stdin:
            note = Annotation.new(document, make_target(text, Span(2, 40)), note="from Ben")
            db.annotations.add(note)
            print(f"{time.time():.6f}", flush=True)


def _colleague_delays(url: str, fill: DockFill, runs: int = 7) -> tuple[list[float], list[float]]:
    """Per run: commit → the dock showing the note, and commit → the refresh starting
    (the part the live listener's poll accounts for)."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.storage import Database
    from desktop_app.ui.base.workspace import Workspace

    db = fill.db
    assert isinstance(db, Database)
    workspace = Workspace(db)  # the window's listener: polls LISTEN/NOTIFY every 0.4 s
    started: list[float] = []  # when each refresh began (wall clock), to split the wait

    def refresh() -> None:
        started.append(time.time())
        fill.refresh()

    workspace.annotations_changed.connect(refresh)
    env = dict(os.environ, VERSO_ANALYST="Ben")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    writer = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.team_scale", "--colleague", url, fill.document],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert writer.stdin is not None and writer.stdout is not None
    delays: list[float] = []
    notices: list[float] = []
    try:
        assert writer.stdout.readline().strip() == "ready"
        app = QApplication.instance()
        assert app is not None
        rng = random.Random(3)
        for _ in range(runs):
            before = fill.shown()
            time.sleep(rng.uniform(0.0, 0.4))  # any phase of the window's poll
            writer.stdin.write("go\n")
            writer.stdin.flush()
            committed: float | None = None
            shown_at: float | None = None
            deadline = time.time() + 10
            while (shown_at is None or committed is None) and time.time() < deadline:
                app.processEvents()
                if shown_at is None and fill.shown() > before:
                    shown_at = time.time()
                if committed is None and select.select([writer.stdout], [], [], 0.002)[0]:
                    committed = float(writer.stdout.readline())
            if shown_at is None or committed is None:
                raise RuntimeError("the colleague's note was not shown within 10 s")
            delays.append(shown_at - committed)
            notices.append(
                min((t for t in started if t >= committed), default=shown_at) - committed
            )
            started.clear()
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
        workspace.close()
    return delays, notices


def measure(_spec: object = None) -> dict[str, float]:
    """Every figure, in seconds (counts as floats). Raises RuntimeError without a server."""
    missing = server_missing()
    if missing is not None:
        raise RuntimeError(missing)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.storage import open_database
    from tests.helpers.postgres import Cluster, postgres_bin, stop_abandoned_clusters

    binaries = postgres_bin()
    assert binaries is not None
    stop_abandoned_clusters(binaries)
    folder = Path(tempfile.mkdtemp(prefix="verso-pg-"))
    (folder / "owner.pid").write_text(str(os.getpid()), encoding="utf-8")
    if os.geteuid() == 0:
        import pwd

        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    app = QApplication.instance() or QApplication([])
    cluster = Cluster(binaries, folder)
    try:
        url = cluster.create_database()
        figures = fill(url)
        focal = document_sha(0)
        with open_database(url) as db:
            dock = DockFill(db, focal)
            figures["list"] = _median(5, dock.refresh, lambda: None)
            figures["list_query"] = _median(
                5, lambda: db.annotations.list(document=focal), lambda: None
            )
            figures["listed"] = float(dock.shown())
            figures["notes"] = float(db.annotations.count())
            figures.update(_filters(dock))
            delays, notices = _colleague_delays(url, dock)
            figures["colleague_notice"] = statistics.median(notices)
            figures["colleague"] = statistics.median(delays)
            figures["colleague_max"] = max(delays)
            dock.dock.close()
        app.processEvents()
    finally:
        cluster.stop()
    return figures


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--colleague":
        colleague(sys.argv[2], sys.argv[3])
        return
    for key, value in measure().items():
        print(f"{key:>20}: {value:,.3f}")


if __name__ == "__main__":
    main()
