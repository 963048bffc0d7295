"""The main window: actions, menus, docks and status bar wired to the compare view.

Wiring only: documents load and alignments run as tasks (``Services``), results
go to the ``CompareView``; which links show is the core's ``LinkFilter``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSlider,
    QToolBar,
    QWidget,
)

from desktop_app import timeline
from desktop_app.core.errors import StorageError
from desktop_app.core.linkfilter import LinkFilter, count_by_kind, keeping, shown_by
from desktop_app.core.model import Document, LinkKind, Span
from desktop_app.core.scores import score_meaning
from desktop_app.core.triage import review_states
from desktop_app.core.workspace_documents import Presence, needed_documents
from desktop_app.core.workspaces import workspace_name
from desktop_app.ui.base.services import Services
from desktop_app.ui.base.tasks import Task
from desktop_app.ui.base.theme import THEMES, Theme, palette_for, text_size_after
from desktop_app.ui.exporting.actions import ExportActions
from desktop_app.ui.notes.controller import NotesController
from desktop_app.ui.reading.compare_view import MAX_PANES, CompareView
from desktop_app.ui.reading.document_pane import DocumentPane
from desktop_app.ui.reading.link_list import LinkList
from desktop_app.ui.reading.link_table import counted, describe_link, order_label, order_tip
from desktop_app.ui.reading.rejected_list import RejectedList
from desktop_app.ui.reading.unmatched_list import UnmatchedList
from desktop_app.ui.window.about import show_about
from desktop_app.ui.window.alignment_tasks import AlignmentTasks
from desktop_app.ui.window.changed_files import ChangedFiles
from desktop_app.ui.window.loading import DocumentLoading
from desktop_app.ui.window.needed_documents import NeededDocumentsDialog
from desktop_app.ui.window.reopen_encoding import EncodingReopen

if TYPE_CHECKING:
    from desktop_app.core.storage import Database

log = logging.getLogger(__name__)

SIDE_NAMES = ("left", "right")


_DESKTOP_LOOK: list[tuple[QPalette, str]] = []


def _desktop_look() -> tuple[QPalette, str]:
    """The palette and style the desktop gave the application, taken before Verso's theme
    changes them (a window opened later must not take a chosen dark theme for the desktop's)."""
    if not _DESKTOP_LOOK:
        style = QApplication.style().name().lower()
        _DESKTOP_LOOK.append((QPalette(QApplication.palette()), style))
    return _DESKTOP_LOOK[0]


def _side_name(slot: int) -> str:
    return SIDE_NAMES[slot] if slot < len(SIDE_NAMES) else "other"


def _with_shortcuts(action: QAction, tip: str) -> QAction:
    keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    return action


class MainWindow(QMainWindow):
    """Verso's reading room."""

    #: a document was shown in a pane (slot index)
    document_changed = Signal(int)
    #: an alignment of a pair ended: "finished", "cancelled" or "failed"
    alignment_changed = Signal(int, str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.theme = Theme(self.palette())
        # "System Colours" returns to what the desktop gave the application.
        self._system_palette, self._system_style = _desktop_look()
        self.paths: list[Path | None] = [None, None]
        self._active: list[Task] = []
        self._fractions: dict[Task, float] = {}
        self.setWindowTitle("Verso")
        self.setAcceptDrops(False)

        self.compare = CompareView(self.theme, self)
        self.setCentralWidget(self.compare)
        self.link_list = LinkList(self)
        self.link_dock = QDockWidget("Links", self)
        self.link_dock.setObjectName("links-dock")
        self.link_dock.setWidget(self.link_list)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.link_dock)
        self.resizeDocks([self.link_dock], [170], Qt.Orientation.Vertical)
        self.unmatched = UnmatchedList(self)
        self.unmatched_dock = QDockWidget("Without Counterpart", self)
        self.unmatched_dock.setObjectName("unmatched-dock")
        self.unmatched_dock.setWidget(self.unmatched)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.unmatched_dock)
        self.tabifyDockWidget(self.link_dock, self.unmatched_dock)
        self.rejected = RejectedList(self)
        self.rejected_dock = QDockWidget("Rejected Links", self)
        self.rejected_dock.setObjectName("rejected-dock")
        self.rejected_dock.setWidget(self.rejected)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.rejected_dock)
        self.tabifyDockWidget(self.unmatched_dock, self.rejected_dock)
        self.link_dock.raise_()
        self.setDockNestingEnabled(True)
        self.notes = NotesController(self, self.compare, self.link_list, services)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes.dock_widget)
        self.resizeDocks([self.notes.dock_widget], [300], Qt.Orientation.Horizontal)
        self.files = ChangedFiles(self.compare, self.notes.reload_action, self)
        self.alignments = AlignmentTasks(
            self,
            services,
            self.compare,
            lambda: self.notes.workspace.options,
            self.notes.shown_alignment,
            self.track_task,
        )
        self.loading = DocumentLoading(
            self,
            services,
            self.compare,
            self.notes.refresh_notes,
            self.alignments.start,
            self.alignments.cancel,
            self.track_task,
        )
        self.encodings = EncodingReopen(
            self.compare,
            lambda slot: self.paths[slot] if slot < len(self.paths) else None,
            lambda slot, path, encoding: self.open_document(slot, path, encoding=encoding),
            lambda: self.services.ask_encoding,
            self,
        )

        self._build_status_bar()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._wire()
        self._restore_settings()
        self._on_links_changed(0)

    # -- construction ---------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel(self)
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)  # holds a file name
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop loading or aligning (Esc)")
        self.cancel_button.clicked.connect(self.cancel_tasks)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)
        self.progress_bar.hide()
        self.cancel_button.hide()

    def _action(self, text: str, tip: str, keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts(keys)
        return _with_shortcuts(action, tip)

    def _build_actions(self) -> None:
        k = QKeySequence
        self.open_actions = [
            self._action("Open &Left…", "Open a document in the left pane", [k("Ctrl+O")]),
            self._action("Open &Right…", "Open a document in the right pane", [k("Ctrl+Shift+O")]),
        ]
        for slot, action in enumerate(self.open_actions):
            action.triggered.connect(lambda _=False, slot=slot: self._on_open_triggered(slot))
        self.add_action = self._action(
            "&Add Document to Comparison…",
            "Compare one more document with the left (focal) one",
            [k("Ctrl+Alt+O")],
        )
        self.add_action.triggered.connect(self._on_add_triggered)
        self.quit_action = self._action("&Quit", "Quit Verso", [k(k.StandardKey.Quit)])
        self.quit_action.triggered.connect(self.close)
        self.find_action = self._action("&Find…", "Find in the focused document", [k("Ctrl+F")])
        self.find_action.triggered.connect(self._on_find_triggered)
        self.find_next_action = self._action("Find &Next", "Next match", [k("F3")])
        self.find_next_action.triggered.connect(lambda: self._on_find_step(True))
        self.find_previous_action = self._action(
            "Find &Previous", "Previous match", [k("Shift+F3")]
        )
        self.find_previous_action.triggered.connect(lambda: self._on_find_step(False))
        self.kind_actions: dict[LinkKind, QAction] = {}
        for kind, label, key in (
            (LinkKind.QUOTE, "Show &Quote Links", "Ctrl+1"),
            (LinkKind.RELATED, "Show &Related Links", "Ctrl+2"),
        ):
            action = self._action(label, f"Show {kind.value} links", [k(key)])
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._on_filter_controls_changed)
            self.kind_actions[kind] = action
        self.order_group = QActionGroup(self)
        self.order_actions: dict[bool | None, QAction] = {}
        for ordered, label, tip in (
            (None, "&Decide from the Texts", "In order if the documents follow each other"),
            (True, "&In Order", "Link passages monotonically (translations, revisions, drafts)"),
            (False, "In &Any Order", "A passage may be reused anywhere (quotes, replies)"),
        ):
            action = self._action(label, tip)
            action.setCheckable(True)
            action.setChecked(ordered is None)
            action.triggered.connect(lambda _=False, o=ordered: self._on_order_chosen(o))
            self.order_group.addAction(action)
            self.order_actions[ordered] = action
        self.zoom_actions = [
            self._action(label, tip, [k(key) for key in keys])
            for label, tip, keys in (
                ("&Larger Text", "Larger text (pages of a PDF: zoom in)", ("Ctrl++", "Ctrl+=")),
                ("&Smaller Text", "Smaller text (pages of a PDF: zoom out)", ("Ctrl+-",)),
                ("&Normal Text Size", "Normal text size (pages: fit the width)", ("Ctrl+0",)),
            )
        ]
        for action, steps in zip(self.zoom_actions, (1, -1, 0), strict=True):
            action.triggered.connect(lambda _=False, steps=steps: self.zoom(steps))
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for choice, label in zip(THEMES, ("&System Colours", "&Light", "&Dark"), strict=True):
            action = self._action(label, f"{label.replace('&', '')} theme")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=choice: self.apply_theme(c))
            self.theme_group.addAction(action)
            self.theme_actions[choice] = action
        self.lock_action = self._action(
            "&Lock Scrolling", "Scroll the documents together", [k("Ctrl+L")]
        )
        self.lock_action.setCheckable(True)
        self.lock_action.setChecked(True)
        self.lock_action.toggled.connect(self._on_lock_toggled)
        self.next_action = self._action(
            "&Next Link", "Go to the next link", [k("F8"), k("Alt+Down")]
        )
        self.next_action.triggered.connect(lambda: self.compare.step_link(True))
        self.previous_action = self._action(
            "&Previous Link", "Go to the previous link", [k("Shift+F8"), k("Alt+Up")]
        )
        self.previous_action.triggered.connect(lambda: self.compare.step_link(False))
        self.about_action = self._action("&About Verso", "About Verso")
        self.about_action.triggered.connect(lambda: show_about(self))
        self.cancel_action = self._action("&Cancel", "Stop loading or aligning", [k("Esc")])
        self.cancel_action.triggered.connect(self.cancel_tasks)
        self.cancel_action.setEnabled(False)
        self.addAction(self.cancel_action)
        self.exports = ExportActions(
            self,
            self.services,
            self.compare,
            lambda: self.notes.workspace.comparison,
            self.track_task,
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for action in self.open_actions:
            file_menu.addAction(action)
        file_menu.addAction(self.add_action)
        self.recent_menu = QMenu("Recent &Comparisons", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.notes.reload_action)
        file_menu.addAction(self.encodings.action)
        file_menu.addSeparator()
        file_menu.addActions(self.exports.actions)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.notes.undo_action, self.notes.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.find_next_action, self.find_previous_action])
        notes_menu = bar.addMenu("&Notes")
        notes_menu.addActions(self.notes.note_actions[:2])
        notes_menu.addMenu(self.notes.colour_menu)
        notes_menu.addSeparator()
        notes_menu.addActions(self.notes.note_actions[2:])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(list(self.kind_actions.values()))
        order_menu = view_menu.addMenu("Alignment &Order")
        order_menu.addActions(list(self.order_actions.values()))
        view_menu.addSeparator()
        view_menu.addActions(self.zoom_actions)
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.addActions(list(self.theme_actions.values()))
        view_menu.addSeparator()
        view_menu.addAction(self.lock_action)
        view_menu.addSeparator()
        view_menu.addAction(self.link_dock.toggleViewAction())
        view_menu.addAction(self.unmatched_dock.toggleViewAction())
        view_menu.addAction(self.rejected_dock.toggleViewAction())
        view_menu.addAction(self.notes.dock_widget.toggleViewAction())
        go_menu = bar.addMenu("&Go")
        go_menu.addActions([self.next_action, self.previous_action])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._update_recent_menu()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("View", self)
        toolbar.setObjectName("view-toolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.previous_action, self.next_action])
        toolbar.addSeparator()
        toolbar.addActions(list(self.kind_actions.values()))
        self.kind_actions[LinkKind.QUOTE].setIconText("Quotes")
        self.kind_actions[LinkKind.RELATED].setIconText("Related")
        self.previous_action.setIconText("◀ Previous")
        self.next_action.setIconText("Next ▶")
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Minimum score ", self))
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.threshold_slider.setRange(0, 100)
        self.threshold_slider.setPageStep(5)
        self.threshold_slider.setMaximumWidth(180)
        self.threshold_slider.setToolTip(score_meaning(0).tooltip)
        self.threshold_slider.valueChanged.connect(self._on_filter_controls_changed)
        self.threshold_slider.sliderReleased.connect(self._on_filter_controls_changed)
        self.threshold_label = QLabel(score_meaning(0).label, self)
        self.threshold_label.setMinimumWidth(110)
        toolbar.addWidget(self.threshold_slider)
        toolbar.addWidget(self.threshold_label)
        toolbar.addSeparator()
        self.lock_action.setIconText("Lock scroll")
        toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _wire(self) -> None:
        self.compare.links_changed.connect(self._on_links_changed)
        self.compare.current_link_changed.connect(self._on_current_link_changed)
        self.compare.active_pair_changed.connect(self._on_links_changed)
        self.link_list.link_requested.connect(lambda row: self.compare.select_link(row))
        self.unmatched.passage_requested.connect(self._on_passage_requested)
        self.rejected.show_again_requested.connect(self.notes.editing.show_again)
        self.notes.workspace.comparison_changed.connect(self._update_rejected)
        self.notes.workspace.comparison_switched.connect(self._update_rejected)
        self.unmatched_dock.visibilityChanged.connect(lambda _shown: self._update_unmatched())
        self.files.reload_requested.connect(self._on_reload_requested)
        self.alignments.alignment_changed.connect(self.alignment_changed)
        self.loading.document_changed.connect(self._on_document_changed)
        self.notes.workspace.comparison_switched.connect(self._show_comparison_settings)
        self._wire_panes()

    def _wire_panes(self) -> None:
        for slot, pane in enumerate(self.compare.panes):
            if pane.property("verso-wired"):
                continue
            pane.setProperty("verso-wired", True)
            self.encodings.attach(slot)
            self.files.attach(slot)
            pane.open_requested.connect(lambda path, slot=slot: self.open_document(slot, path))

    # -- settings -------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = self.services.settings
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
        else:
            self.resize(1280, 820)
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        if settings.splitter is not None:
            self.compare.splitter.restoreState(settings.splitter)
        self.lock_action.setChecked(settings.scroll_lock)
        self.compare.set_text_size(settings.text_size)
        self.apply_theme(settings.theme, save=False)
        self._show_comparison_settings()

    def _show_comparison_settings(self) -> None:
        """Set the score, kind and order controls from the current comparison: each saved
        comparison keeps its own (a new one starts from the defaults)."""
        options = self.notes.workspace.options
        shown = shown_by(options)
        controls: list[QObject] = [self.threshold_slider, *self.kind_actions.values()]
        for control in controls:
            control.blockSignals(True)
        self.threshold_slider.setValue(round(shown.min_score))
        for kind, action in self.kind_actions.items():
            action.setChecked(kind in shown.kinds)
        for control in controls:
            control.blockSignals(False)
        self.order_actions[options.ordered].setChecked(True)
        self._on_filter_controls_changed(save=False)

    def save_settings(self) -> None:
        settings = self.services.settings
        settings.geometry = self.saveGeometry()
        settings.window_state = self.saveState()
        settings.splitter = self.compare.splitter.saveState()
        settings.scroll_lock = self.lock_action.isChecked()
        paths = [p for p in self.paths if p is not None]
        if len(paths) >= 2:
            settings.last_session = paths
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_settings()
        self.notes.close()
        self.cancel_tasks()
        super().closeEvent(event)

    def attach_database(self, database: Database | None) -> None:
        """Take the annotation database opened after the window showed (``app.run_gui``
        opens it then, so the window appears before SQLAlchemy loads); None: no notes."""
        self.services.database = database
        self.services.database_later = False
        self.notes.attach_database(database)
        self.exports.database_changed()
        self._update_recent_menu()

    # -- opening documents ----------------------------------------------------------

    def open_paths(self, paths: list[Path]) -> None:
        """Open a comparison: the focal document first, then the others (extra panes go)."""
        paths = paths[:MAX_PANES]
        self.loading.drop(range(len(paths), len(self.compare.panes)))
        self.alignments.drop(range(max(1, len(paths) - 1), self.compare.pair_count))
        self.compare.remove_panes(len(paths))
        del self.paths[max(2, len(paths)) :]
        if len(paths) >= 2:
            self.notes.workspace.begin(len(paths))
        for slot, path in enumerate(paths):
            self.open_document(slot, path)

    def add_document(self, path: Path) -> Task | None:
        """Compare ``path`` with the focal document too: the first free pane, else a new tab."""
        free = [
            slot
            for slot, pane in enumerate(self.compare.panes)
            if pane.document is None and not self.loading.has_load(slot)
        ]
        slot = free[0] if free else len(self.compare.panes)
        if slot >= MAX_PANES:
            self.statusBar().showMessage(
                f"A comparison holds at most {MAX_PANES - 1} documents besides the focal one.",
                8000,
            )
            return None
        return self.open_document(slot, path)

    def open_document(
        self, slot: int, path: Path, password: str | None = None, encoding: str | None = None
    ) -> Task:
        """Load ``path`` into pane ``slot`` in the background; the pane shows it when done.

        ``encoding`` reads a text file with that codec instead of the detected one.
        """
        self.compare.ensure_panes(slot + 1)
        self._wire_panes()
        while len(self.paths) <= slot:
            self.paths.append(None)
        return self.loading.open(slot, path, password, encoding)

    def _on_add_triggered(self) -> None:
        start = next((p for p in reversed(self.paths) if p is not None), None)
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Add a document to the comparison",
            str(start.parent) if start else "",
            self.services.file_filter,
        )
        if name:
            self.add_document(Path(name))

    def _on_open_triggered(self, slot: int) -> None:
        side = _side_name(slot)
        start = self.paths[slot] if slot < len(self.paths) and self.paths[slot] else None
        name, _ = QFileDialog.getOpenFileName(
            self,
            f"Open the {side} document",
            str(start.parent) if start else "",
            self.services.file_filter,
        )
        if name:
            self.open_document(slot, Path(name))

    def _on_document_changed(self, slot: int, path: Path, document: Document) -> None:
        """Pane ``slot`` shows ``document`` in full: notes, alignments, recent comparisons."""
        self.paths[slot] = path
        self.files.watch(slot, path)
        self.notes.document_loaded(slot, path, document)
        self.document_changed.emit(slot)
        self.encodings.update()
        if all(shown is not None for shown in self.compare.documents()):
            timeline.mark("documents_shown")
        for pair, is_right in self.compare.pairs_of(slot):
            # A partner still loading would be aligned against the document it replaces;
            # its own load starts this pair's alignment when it lands.
            if not self.loading.is_loading(0 if is_right else pair + 1):
                self.start_alignment(pair)
        paths = [p for p in self.paths if p is not None]
        settled = not any(self.loading.is_loading(s) for s in range(len(self.compare.panes)))
        if len(paths) >= 2 and all(self.paths) and settled:
            # Only a comparison whose documents have all landed is one the user opened:
            # not the mix of old and new panes seen halfway through opening a new pair.
            self.services.settings.add_recent(paths)
            self.services.settings.last_session = paths
            self._update_recent_menu()
        self.statusBar().showMessage(f"Opened {document.display_name}", 4000)

    # -- alignment ------------------------------------------------------------------

    def start_alignment(self, pair: int) -> Task | None:
        """Align the documents of ``pair`` in the background (replacing a running alignment)."""
        return self.alignments.start(pair)

    # -- progress -------------------------------------------------------------------

    def track_task(self, task: Task, label: str) -> None:
        """Show ``task`` on the shared progress bar until it ends; Esc and Cancel stop it.

        Every background job of the window goes through here (loads, alignments,
        imports), so the bar shows all running work together under ``label``.
        """
        self._active.append(task)
        task.progress_changed.connect(
            lambda fraction, message: self._on_task_progress(task, label, fraction, message)
        )
        for signal in (task.finished, task.failed, task.cancelled):
            signal.connect(lambda *_: self._on_task_ended(task))
        self._update_progress_widgets()
        self.statusBar().showMessage(label)

    def _on_task_progress(self, task: Task, label: str, fraction: float, message: str) -> None:
        """The bar shows all running work together (one alignment per other document)."""
        self._fractions[task] = fraction
        if task not in self._active:
            return
        total = sum(self._fractions.get(t, 0.0) for t in self._active) / len(self._active)
        self.progress_bar.setValue(round(total * 1000))
        if self._active[-1] is task:
            waiting = len(self._active) - 1
            more = f" (+{waiting} more)" if waiting else ""
            self.statusBar().showMessage(f"{label} {message}{more}".strip())

    def _on_task_ended(self, task: Task) -> None:
        self._fractions.pop(task, None)
        if task in self._active:
            self._active.remove(task)
        self._update_progress_widgets()
        if not self._active and task.outcome == "finished":
            self.statusBar().clearMessage()

    def _update_progress_widgets(self) -> None:
        busy = bool(self._active)
        if busy and self.progress_bar.isHidden():
            self.progress_bar.setValue(0)
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        # Esc cancels only while something runs; otherwise it closes find bars.
        self.cancel_action.setEnabled(busy)

    def cancel_tasks(self) -> None:
        """Stop every running load and alignment (their results are dropped)."""
        for task in list(self._active):
            task.cancel()

    @property
    def busy(self) -> bool:
        return bool(self._active)

    # -- view controls --------------------------------------------------------------

    def current_filter(self) -> LinkFilter:
        kinds = frozenset(k for k, a in self.kind_actions.items() if a.isChecked())
        return LinkFilter(float(self.threshold_slider.value()), kinds)

    def _on_filter_controls_changed(self, *_: object, save: bool = True) -> None:
        # what the number means comes from the core (calibrated on texts with known truth)
        meaning = score_meaning(self.threshold_slider.value())
        self.threshold_label.setText(meaning.label)
        self.threshold_label.setToolTip(meaning.tooltip)
        self.threshold_slider.setToolTip(meaning.tooltip)
        link_filter = self.current_filter()
        self.compare.set_filter(link_filter)
        self._update_counts()
        if save and not self.threshold_slider.isSliderDown():  # saved once it is let go
            workspace = self.notes.workspace
            workspace.set_options(keeping(workspace.options, link_filter))

    def _on_order_chosen(self, ordered: bool | None) -> None:
        """Align every pair again in the order mode chosen, and keep it with the comparison."""
        workspace = self.notes.workspace
        if workspace.options.ordered is ordered:
            return
        workspace.set_options(replace(workspace.options, ordered=ordered))
        for pair in range(self.compare.pair_count):
            self.start_alignment(pair)

    def apply_theme(self, choice: str, *, save: bool = True) -> None:
        """Paint the window in the desktop's colours or Verso's light or dark ones."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            palette = palette_for(choice, self._system_palette)
            style = self._system_style if choice == "system" else "fusion"  # follows any palette
            if app.style().name().lower() != style:
                app.setStyle(style)
            app.setPalette(palette)
            self.theme.adopt(palette)
            self.compare.refresh_theme()
        self.theme_actions[choice].setChecked(True)
        if save:
            self.services.settings.theme = choice

    def zoom(self, steps: int) -> None:
        """Larger (``steps`` > 0), smaller or normal (0): the pages of the focused pane when
        it shows a PDF's pages, else the text of every pane (kept for the next start)."""
        pane = self._focused_pane()
        if pane.showing_pages:
            pane.page_view.zoom_step(steps)
            return
        points = text_size_after(self.compare.text_points, steps)
        self.compare.set_text_size(points)
        self.services.settings.text_size = points

    def _on_lock_toggled(self, locked: bool) -> None:
        self.compare.set_scroll_lock(locked)

    def _on_links_changed(self, pair: int) -> None:
        if pair != self.compare.active_pair:
            return
        left, right = self.compare.pair_panes(pair)
        links = self.compare.shown_links(pair)
        states = (
            review_states(
                links, self.notes.workspace.comparison, left.document.sha256, right.document.sha256
            )
            if left.document is not None and right.document is not None
            else None
        )
        self.link_list.model.set_links(
            links,
            left.document.text if left.document else "",
            right.document.text if right.document else "",
            states,
        )
        self._update_counts()
        self._update_unmatched()
        self._update_rejected()

    def _update_rejected(self) -> None:
        """The active pair's rejected links, for review."""
        pair = self.compare.active_pair
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        self.rejected.set_pair(self.notes.workspace.comparison, left, right)

    def _update_unmatched(self) -> None:
        """The active pair's paragraphs without a counterpart, worked out only when the
        list is on screen (the slider and interim results change the links often)."""
        if self.unmatched_dock.visibleRegion().isEmpty():  # hidden, or a tab behind Links
            return
        pair = self.compare.active_pair
        left, right = (pane.document for pane in self.compare.pair_panes(pair))
        self.unmatched.set_pair(left, right, self.compare.shown_links(pair))

    def _on_passage_requested(self, side: int, span: Span) -> None:
        self.compare.pair_panes(self.compare.active_pair)[side].show_passage(span)

    def _on_current_link_changed(self, pair: int, index: int) -> None:
        if pair != self.compare.active_pair:
            return
        self.link_list.select_row(index)
        links = self.compare.shown_links(pair)
        if 0 <= index < len(links):  # say what the selected link is, relation included
            description = describe_link(links[index])
            self.statusBar().showMessage(f"Link {index + 1} of {len(links)}: {description}", 8000)

    def _update_counts(self) -> None:
        pair = self.compare.active_pair
        if self.compare.alignments[pair] is None:
            self.counts_label.setText("")
            return
        counts = count_by_kind(self.compare.shown_links(pair))
        other = self.compare.pair_panes(pair)[1].document
        prefix = f"{other.display_name}: " if self.compare.many and other is not None else ""
        order = order_label(self.compare.alignments[pair])
        quoting = sum(1 for link in self.compare.shown_links(pair) if link.quoted)
        self.counts_label.setText(
            f"{prefix}{counted(counts[LinkKind.QUOTE], 'quote link')}, "
            f"{counted(counts[LinkKind.RELATED], 'related link')}"
            f"{f' ({quoting} quoting)' if quoting else ''}"
            f"{f' · {order}' if order else ''}"
            f" · threshold {self.threshold_slider.value()}"
        )
        self.counts_label.setToolTip(order_tip(self.compare.alignments[pair]))

    def _on_find_triggered(self) -> None:
        self._focused_pane().open_find()

    def _on_find_step(self, forward: bool) -> None:
        pane = self._focused_pane()
        if not pane.find_bar.isVisible():
            pane.open_find()
            return
        pane.find_step(forward)

    def _focused_pane(self) -> DocumentPane:
        focus = QApplication.focusWidget()
        for pane in self.compare.panes:
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return pane
        visible = [p for p in self.compare.panes if p.find_bar.isVisible()]
        return visible[0] if visible else self.compare.panes[0]

    # -- recent ---------------------------------------------------------------------

    def _on_reload_requested(self, slot: int) -> None:
        path = self.paths[slot] if slot < len(self.paths) else None
        if path is not None:
            self.open_document(slot, path)

    def open_comparison(self, comparison_id: str) -> bool:
        """Reopen a saved comparison: its documents, links, scrolls. When a document is not
        where it was (missing, or changed since), a dialog lists them all with "Locate…";
        the comparison opens once each has a file (False: nothing to open)."""
        workspace = self.notes.workspace
        comparison = workspace.restore(comparison_id)
        if comparison is None:
            return False
        db = workspace.db
        try:
            needed = needed_documents(
                comparison, workspace.local, db.documents.last_path if db is not None else None
            )
        except StorageError as exc:
            self.statusBar().showMessage(str(exc))
            return False
        if all(n.presence is Presence.FOUND and n.path is not None for n in needed):
            self.open_paths([n.path for n in needed if n.path is not None])
            return True
        dialog = NeededDocumentsDialog(
            self, comparison.name, needed, self.services.locate_file, workspace.local
        )
        dialog.accepted.connect(lambda: self.open_paths(dialog.paths()))
        dialog.rejected.connect(
            lambda: self.statusBar().showMessage(
                "The workspace was not opened: a document is missing."
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal; the documents open when the user presses Open
        return True

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        comparisons = self.notes.workspace.recent()
        if comparisons:
            for comparison in comparisons:
                action = self.recent_menu.addAction(comparison.name)
                action.setToolTip("\n".join(str(d.path) for d in comparison.documents))
                action.triggered.connect(
                    lambda _=False, cid=comparison.id: self.open_comparison(cid)
                )
            self.recent_menu.setEnabled(True)
            return
        recent = self.services.settings.recent
        for paths in recent:
            label = workspace_name([p.name for p in paths])
            action = self.recent_menu.addAction(label)
            action.setToolTip("\n".join(str(p) for p in paths))
            action.triggered.connect(lambda _=False, paths=paths: self.open_paths(paths))
        self.recent_menu.setEnabled(bool(recent))
