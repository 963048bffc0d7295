"""Composition root of the desktop app: builds the services once and hands them to the window.

Everything the window uses (loader, aligner, settings, worker threads) is made
here and passed in, so tests and the screenshot script build the same window
with their own settings file and nothing global.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import __version__, timeline
from desktop_app.core.alignment.cached import CachedAligner
from desktop_app.core.cache import Cache
from desktop_app.core.documents import load, pdf_worker
from desktop_app.core.errors import VersoError
from desktop_app.desktop_entry import APP_ID, ICON
from desktop_app.display_libraries import window_problem
from desktop_app.ui.base.services import Aligner, Services
from desktop_app.ui.base.settings import Settings
from desktop_app.ui.base.tasks import TaskRunner
from desktop_app.ui.window.main_window import MainWindow

if TYPE_CHECKING:  # SQLAlchemy loads when the database opens, after the window shows
    from desktop_app.core.storage import Database
    from desktop_app.core.storage.recovery import Choice, Chooser, Refused

log = logging.getLogger(__name__)

DEMO_FILES = (
    "congress-victory-plan-2024.txt",
    "spectator-plot-to-kill-putin-rebuttal-2024.txt",
)


class DisplayUnavailableError(VersoError):
    """The window's platform plugin cannot load (system libraries missing)."""


def demo_paths() -> list[Path]:
    """The bundled demo pair: the repository's ``data/`` if present, else the package copy."""
    package = Path(__file__).resolve().parent
    for folder in (package.parent / "data", package / "data"):
        paths = [folder / name for name in DEMO_FILES]
        if all(p.is_file() for p in paths):
            return paths
    return []


def startup_paths(paths: Sequence[Path], settings: Settings) -> list[Path]:
    """What to open: the command line, else the last session, else (first run) the demo pair."""
    if paths:
        return list(paths)
    if settings.has_session:
        last = settings.last_session
        if last and all(p.is_file() for p in last):
            return last
        return []
    return demo_paths()


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication (created once, with Verso's names)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Verso")
    QCoreApplication.setApplicationName("Verso")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    identify_application()
    return app


def identify_application() -> None:
    """The desktop entry's id (Wayland and task bars match windows to it) and the icon."""
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setWindowIcon(QIcon(str(ICON)))


def build_services(
    settings_path: Path | None = None,
    database: Database | None = None,
    *,
    cache: Cache | None = None,
    warm_up_pdf: bool = False,
    database_later: bool = False,
) -> Services:
    """The real services: core loader and aligner, settings, two worker threads, the DB.

    With a ``cache`` the aligner is the one ``verso align`` runs (meaning-level step
    included), its results and embeddings cached so a reopened pair is quick; without,
    the word-level pipeline alone (tests). With ``warm_up_pdf`` a PDF worker process
    starts now, off the GUI thread, so the first PDF opened skips the interpreter's
    start-up. With ``database_later`` the window gets its database after it shows
    (``MainWindow.attach_database``).
    """
    if warm_up_pdf:
        threading.Thread(target=pdf_worker.warm_up, name="verso-pdf-warm-up", daemon=True).start()
    aligner: Aligner
    if cache is None:
        from desktop_app.core.alignment import align

        aligner = align
    else:
        aligner = CachedAligner(cache, meaning=True)
    return Services(
        load=load,
        align=aligner,
        settings=Settings.at(settings_path),
        loads=TaskRunner("load"),
        alignments=TaskRunner("align"),
        database=database,
        database_later=database_later,
    )


def ask_database_choice(refused: Refused) -> Choice:
    """Tell the user the database cannot be written and ask what to do instead."""
    from desktop_app.core.storage.recovery import Choice

    box = QMessageBox(QMessageBox.Icon.Warning, "Verso: annotation database", "")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message holds a path
    lines = [refused.message, ""]
    buttons: dict[object, Choice] = {}
    if refused.backup is not None:
        lines.append(f"The newest good backup is {refused.backup.label}.")
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        buttons[restore] = Choice.RESTORE
        box.setDefaultButton(restore)
    if refused.local:
        fresh = box.addButton("Open a fresh database", QMessageBox.ButtonRole.ActionRole)
        buttons[fresh] = Choice.FRESH
    if refused.readable:
        buttons[box.addButton("Read without writing", QMessageBox.ButtonRole.ActionRole)] = (
            Choice.READ_ONLY
        )
    buttons[box.addButton("Run without notes", QMessageBox.ButtonRole.RejectRole)] = Choice.NONE
    lines.append("Nothing is deleted: a replaced or damaged file is kept for rescue.")
    box.setText("\n".join(lines))
    box.exec()
    return buttons.get(box.clickedButton(), Choice.NONE)


def open_annotation_database(
    path: Path | str | None, choose: Chooser | None = None
) -> Database | None:
    """The annotation database at ``path`` (a file or a server URL; default: ``VERSO_DB``,
    else the user data dir), checked at start.

    A refused file is reported through ``choose``: restore a backup, a fresh database
    beside it, read it without writing, or no notes (``storage.recovery``). None means
    Verso runs without notes. A server that cannot be reached offers only the last.
    """
    from desktop_app.core.storage import default_database_path
    from desktop_app.core.storage.location import location_from_environment
    from desktop_app.core.storage.recovery import open_or_recover

    if path is None:
        path = location_from_environment() or default_database_path()
    return open_or_recover(path, choose or ask_database_choice)


def shutdown_services(services: Services, window: MainWindow | None = None) -> None:
    """Cancel running work and join the worker threads (before the QApplication goes)."""
    if window is not None:
        window.cancel_tasks()
    services.alignments.shutdown()
    services.loads.shutdown()
    if isinstance(services.align, CachedAligner):
        services.align.join()
    if services.database is not None:
        services.database.close()


def run_gui(
    paths: Sequence[Path],
    *,
    db_path: Path | str | None = None,
    settings_path: Path | None = None,
) -> int:
    """Open the reading room on ``paths`` and run until the window closes; the exit code.

    ``db_path`` is the annotation database (``--db``: a file or a server URL; default:
    ``VERSO_DB``, else the user data dir).
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    problem = window_problem()
    if problem is not None:
        # Qt would abort (SIGABRT) naming only the first missing library: say them all.
        raise DisplayUnavailableError(problem)
    app = ensure_application()
    with Cache() as cache:
        services = build_services(settings_path, cache=cache, database_later=True)
        window = MainWindow(services)
        window.show()
        timeline.quit_with(lambda: QTimer.singleShot(0, window.close))

        def fill_in() -> None:
            """Once the loop has drawn the window: the database (SQLAlchemy, a check, maybe
            a question), then the documents, then their links."""
            timeline.mark("window_shown")
            window.attach_database(open_annotation_database(db_path))
            if services.database is not None and services.database.notice:
                window.statusBar().showMessage(services.database.notice, 20_000)
            opened = startup_paths(paths, services.settings)
            window.open_paths(opened)
            # The pipeline's imports on a spare thread while the documents load and show
            # (Qt lays them out without the GIL), unless the cache holds the pair: then
            # they would only slow it down. The model loads after the quotes (align).
            if isinstance(services.align, CachedAligner):
                services.align.warm_up_soon(opened)
            threading.Thread(
                target=pdf_worker.warm_up, name="verso-pdf-warm-up", daemon=True
            ).start()

        QTimer.singleShot(0, fill_in)
        try:
            return app.exec()
        finally:
            shutdown_services(services, window)
