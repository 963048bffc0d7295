"""A team's server at scale: 100,000 notes from 10 authors on one PostgreSQL server.

What an analyst waits for, on a throwaway cluster started here from Debian's
binaries (``tests/helpers/postgres.py``), in seconds, through the window's own parts:
the real ``CompareView`` showing the document (10,000 of the 100,000 notes, from all 10
authors) and its partner, ``NotesView`` with the real ``NotesDock`` (offscreen), and the
``Workspace``'s live poll wired to ``NotesView.apply`` as the notes controller wires it:

- ``list``: the first notes list of the document in a window just opened on it
  (``NotesView.refresh``: ``shown_notes``, the dock filled, the panes' highlights), each
  run a fresh connection and window, median of 5; ``list_again``: the same window's list
  refreshed again (rows and entries unchanged are reused), median of 5; ``list_query``:
  the core's ``shown_notes`` alone, read again;
- ``filter_text`` / ``filter_author`` / ``filter_tag``: the dock narrowed as the
  analyst types a word or picks an author or a tag (the dock filters the notes it
  holds, ``core.annotation_filter``), median of 5;
- ``colleague_edit`` / ``colleague_add``: another process edits one listed note / adds
  one; from its commit until the view is done with it (poll -> ``Change`` ->
  ``shown_notes.placed`` -> that row updated or inserted, the filters' choices and the
  highlights), median of 7 each; ``colleague_notice``: the part
  until the change reached the view (the 0.4 s poll); ``list_resets``: how often the
  list was reloaded whole meanwhile (0: row by row).

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


def corpus_text(rng: random.Random) -> str:
    """The text every note anchors in (the first draw of the fill's generator)."""
    return " ".join(rng.choice(WORDS) for _ in range(60_000))


def write_documents(folder: Path, seed: int = 7) -> tuple[Path, Path]:
    """The focal document and its partner as files (the same text: the notes anchor in it;
    one more line in the partner, so another hash)."""
    text = corpus_text(random.Random(seed))
    focal, other = folder / "focal.txt", folder / "other.txt"
    focal.write_text(text, encoding="utf-8")
    other.write_text(text + "\n\nA reply.", encoding="utf-8")
    return focal, other


def fill(url: str, hashes: list[str], seed: int = 7) -> dict[str, float]:
    """Write the 100,000 notes (10 authors, on the documents ``hashes``) as the store writes
    them, in bulk (``convert.fill_annotation_row``'s columns, one multi-row INSERT per
    table: the ORM's ``add_many`` takes minutes on a loaded machine); returns the seconds."""
    from sqlalchemy import insert

    from desktop_app.core.anchoring import make_target
    from desktop_app.core.annotations import Annotation, Colour
    from desktop_app.core.model import Span
    from desktop_app.core.storage import open_database
    from desktop_app.core.storage.convert import fill_annotation_row
    from desktop_app.core.storage.documents import ensure_documents
    from desktop_app.core.storage.tables import AnnotationRow, AnnotationTagRow

    rng = random.Random(seed)
    text = corpus_text(rng)
    colours = list(Colour)
    columns = [c.key for c in AnnotationRow.__table__.columns]
    started = time.perf_counter()
    with open_database(url) as db:
        for sha in hashes:
            rows, tags = [], []
            for i in range(NOTES // len(hashes)):
                start = rng.randrange(0, len(text) - 200)
                author = f"analyst{i % AUTHORS}"
                note = Annotation.new(
                    sha,
                    make_target(text, Span(start, start + rng.randint(20, 150))),
                    colour=rng.choice(colours),
                    note=f"note {sha[:4]}-{i}: {' '.join(rng.sample(WORDS, 3))}",
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
                ensure_documents(session, sha)
                session.execute(insert(AnnotationRow), rows)
                session.execute(insert(AnnotationTagRow), tags)
        # What autovacuum does within a minute of a bulk load on a live server: without
        # statistics the planner expects 3 notes on the document and loops over its tags.
        with db.sessions.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return {"fill": time.perf_counter() - started}


class WindowNotes:
    """The notes side of the window on the focal document and its partner: the real
    ``CompareView`` showing both, ``NotesView`` filling the real ``NotesDock`` and the
    highlights, and the ``Workspace``'s live poll wired to ``NotesView.apply`` as
    ``NotesController`` wires it."""

    def __init__(self, db: object, focal: Path, other: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop_app.core.documents import load
        from desktop_app.core.storage import Database
        from desktop_app.ui.base.theme import Theme
        from desktop_app.ui.base.workspace import Workspace
        from desktop_app.ui.notes.dock import NotesDock
        from desktop_app.ui.notes.view import NotesView
        from desktop_app.ui.reading.compare_view import CompareView

        assert isinstance(db, Database)
        self.db = db
        self.compare = CompareView(Theme(QApplication.palette()))
        self.compare.resize(1200, 800)
        self.compare.set_document(0, load(focal))
        self.compare.set_document(1, load(other))
        self.compare.show()
        self.dock = NotesDock()
        self.dock.resize(500, 800)
        self.dock.show()
        self.errors: list[str] = []
        self.view = NotesView(
            self.compare, db, self.dock, self.errors.append, lambda _message: None, self.dock
        )
        self.view.attach_panes()
        self.workspace = Workspace(db)  # polls LISTEN/NOTIFY every 0.4 s once attached
        self.applied: list[float] = []  # when each change reached the view (wall clock)
        self.workspace.annotations_changed.connect(lambda _change: self.applied.append(time.time()))
        self.workspace.annotations_changed.connect(self.view.apply)
        # When the view was done with it (the row, the filters' choices, the highlights).
        self.done: list[float] = []
        self.workspace.annotations_changed.connect(lambda _change: self.done.append(time.time()))
        self.rows: list[float] = []  # when a row was updated or inserted
        self.resets = 0
        model = self.dock.model
        model.dataChanged.connect(lambda *_: self.rows.append(time.time()))
        model.rowsInserted.connect(lambda *_: self.rows.append(time.time()))
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1

    @property
    def focal(self) -> str:
        document = self.compare.panes[0].document
        assert document is not None
        return document.sha256

    def shown(self) -> int:
        """The notes the dock's model holds (its Notes section's rows)."""
        model = self.dock.model
        return model.rowCount(model.index(0, 0))

    def close(self) -> None:
        self.workspace.close()
        self.dock.close()
        self.compare.close()


def _median(runs: int, work: Callable[[], object], reset: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        reset()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _shown(action: Callable[[], object]) -> Callable[[], None]:
    """``action`` and the events it posts handled: the tree lays out and filters its rows
    on the next turn of the event loop, which the analyst waits for too."""
    from PySide6.QtWidgets import QApplication

    def work() -> None:
        action()
        QApplication.processEvents()

    return work


def _first_lists(url: str, focal: Path, other: Path, runs: int = 5) -> float:
    """The first list of a window just opened on the document, median of ``runs``: each
    run a fresh database connection and window (nothing read before in this process),
    built, its documents laid out, and closed outside the time; timed, the first refresh
    and its events."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.storage import open_database

    times = []
    for _ in range(runs):
        with open_database(url) as db:
            db.annotations.count()  # the connection made, as it is once the window is open
            window = WindowNotes(db, focal, other)
            # Qt lays a long text out in steps after it is set: the documents' own layout
            # is opening them, not their notes list.
            settled = time.perf_counter() + 0.5
            while time.perf_counter() < settled:
                QApplication.processEvents()
                time.sleep(0.005)
            start = time.perf_counter()
            _shown(window.view.refresh)()
            times.append(time.perf_counter() - start)
            window.close()
            QApplication.processEvents()
    return statistics.median(times)


def _filters(window: WindowNotes) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    dock = window.dock

    def reset() -> None:
        dock.text_edit.clear()
        dock.author_box.setCurrentIndex(0)
        dock.tag_box.setCurrentIndex(0)
        QApplication.processEvents()

    author, tag = dock.author_box.findData("analyst3"), dock.tag_box.findData("tag7")
    figures = {
        "filter_text": _median(5, _shown(lambda: dock.text_edit.setText("rebuttal")), reset),
        "filter_author": _median(5, _shown(lambda: dock.author_box.setCurrentIndex(author)), reset),
        "filter_tag": _median(5, _shown(lambda: dock.tag_box.setCurrentIndex(tag)), reset),
    }
    reset()
    dock.author_box.setCurrentIndex(dock.author_box.findData("analyst3"))
    figures["filter_author_kept"] = float(len(dock.visible_entries()))
    reset()
    return figures


def colleague(url: str, document: str) -> None:
    """The colleague's process: for each line read ("add", or "edit ID"), add a note or
    edit note ID and print the commit's wall-clock time
    (``python -m benchmarks.team_scale --colleague URL SHA``)."""
    from desktop_app.core.anchoring import make_target
    from desktop_app.core.annotations import Annotation
    from desktop_app.core.model import Span
    from desktop_app.core.storage import open_database

    text = "a colleague's passage on the focal document, quoted again " * 4
    with open_database(url) as db:
        print("ready", flush=True)
        for line in sys.stdin:
            command = line.split()
            if command[:1] == ["edit"]:
                note = db.annotations.get(command[1])
                assert note is not None
                db.annotations.update(note.edited(note=f"Ben's reading {time.time()}"), base=note)
            else:
                added = Annotation.new(document, make_target(text, Span(2, 40)), note="from Ben")
                db.annotations.add(added)
            print(f"{time.time():.6f}", flush=True)


def _colleague_delays(url: str, window: WindowNotes, runs: int = 7) -> dict[str, list[float]]:
    """Per run of each kind (an edit of a listed note, a new note): commit -> the row
    shows it, and commit -> the change reaching the view (the poll's part)."""
    from PySide6.QtWidgets import QApplication

    env = dict(os.environ, VERSO_ANALYST="Ben")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    writer = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.team_scale", "--colleague", url, window.focal],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert writer.stdin is not None and writer.stdout is not None
    found: dict[str, list[float]] = {"edit": [], "add": [], "notice": []}
    try:
        assert writer.stdout.readline().strip() == "ready"
        app = QApplication.instance()
        assert app is not None
        rng = random.Random(3)
        listed = [entry.id for entry in window.dock.model.entries()]
        for kind in ["edit", "add"] * runs:
            time.sleep(rng.uniform(0.0, 0.4))  # any phase of the window's poll
            app.processEvents()
            window.rows.clear()
            window.applied.clear()
            window.done.clear()
            command = f"edit {rng.choice(listed)}" if kind == "edit" else "add"
            writer.stdin.write(command + "\n")
            writer.stdin.flush()
            committed: float | None = None
            deadline = time.time() + 10
            while (not window.done or committed is None) and time.time() < deadline:
                app.processEvents()
                if committed is None and select.select([writer.stdout], [], [], 0.002)[0]:
                    committed = float(writer.stdout.readline())
            if not window.rows or not window.done or committed is None:
                raise RuntimeError(f"the colleague's {kind} was not shown within 10 s")
            found[kind].append(window.done[0] - committed)
            found["notice"].append(window.applied[0] - committed)
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    return found


def measure(_spec: object = None) -> dict[str, float]:
    """Every figure, in seconds (counts as floats). Raises RuntimeError without a server."""
    missing = server_missing()
    if missing is not None:
        raise RuntimeError(missing)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.storage import open_database
    from desktop_app.core.storage.shown_notes import shown_notes
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
        focal, other = write_documents(folder)
        from desktop_app.core.documents import load

        # The notes on the focal document; its partner (shown beside it) has none of them.
        hashes = [load(focal).sha256] + [document_sha(i) for i in range(1, DOCUMENTS)]
        figures = fill(url, hashes)
        figures["list"] = _first_lists(url, focal, other)
        with open_database(url) as db:
            window = WindowNotes(db, focal, other)
            _shown(window.view.refresh)()
            figures["list_again"] = _median(5, _shown(window.view.refresh), lambda: None)
            figures["list_query"] = _median(
                5, lambda: shown_notes(db, *window.view.shown()), lambda: None
            )
            figures["listed"] = float(window.shown())
            figures["notes"] = float(db.annotations.count())
            figures.update(_filters(window))
            resets = window.resets
            delays = _colleague_delays(url, window)
            figures["list_resets"] = float(window.resets - resets)
            figures["colleague_edit"] = statistics.median(delays["edit"])
            figures["colleague_add"] = statistics.median(delays["add"])
            figures["colleague_notice"] = statistics.median(delays["notice"])
            figures["colleague_max"] = max(delays["edit"] + delays["add"])
            window.close()
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
