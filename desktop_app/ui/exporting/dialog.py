"""File ▸ Export…: choose format, scope and order, preview, write the file off the GUI thread.

The dialog only gathers choices; excerpts come from ``core.export.collect``
and files are written by ``core.export.output.write_export`` (atomically: a
temporary file beside the target, then a rename), the same calls as
``verso export``. Writing runs as a task on the document worker, because an
annotated PDF loads and writes with pymupdf, which must stay on one thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annotations import Comparison
from desktop_app.core.cancel import Progress
from desktop_app.core.export import FORMATS, AnyExcerpt, ExportOptions, GroupBy
from desktop_app.core.export.build import Order
from desktop_app.core.export.collect import collect_excerpts
from desktop_app.core.export.labels import count_label
from desktop_app.core.export.output import (
    Written,
    pdf_source_refs,
    shows_context,
    write_export,
)
from desktop_app.core.model import Alignment
from desktop_app.core.storage import Database
from desktop_app.core.workspaces import file_stem
from desktop_app.ui.base.settings import Settings
from desktop_app.ui.base.tasks import Task, TaskRunner
from desktop_app.ui.exporting.scope import ScopeBox, documents_of

PREVIEW_LIMIT = 200  # excerpts rendered in the preview; the export writes them all
EVERY_PDF = ""  # the PDF choice meaning "one annotated copy of each, into a folder"
# Context around each quote in reports: ExportOptions.context_sentences, by label.
CONTEXT_CHOICES = (
    (0, "The quote's own sentence"),
    (1, "A sentence either side"),
    (2, "Two sentences either side"),
)
_BINARY = ("pdf", "docx")


def default_name(comparison: Comparison | None) -> str:
    """The file name stem: the workspace's title made safe (``core.workspaces.file_stem``)."""
    return file_stem(comparison.name if comparison is not None else None)


class ExportDialog(QDialog):
    """Export annotated excerpts from the database in one of ``FORMATS``."""

    #: an export finished; the files written (list of Path)
    export_finished = Signal(list)

    def __init__(
        self,
        db: Database,
        settings: Settings,
        runner: TaskRunner,
        *,
        comparison: Comparison | None = None,
        alignments: Mapping[tuple[str, str], Alignment] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export notes")
        self.db = db
        self.settings = settings
        self.runner = runner
        self.comparison = comparison
        self.alignments = dict(alignments or {})
        self.excerpts: list[AnyExcerpt] = []
        self.task: Task | None = None
        self.written: list[Path] = []
        everything = collect_excerpts(db, alignments=self.alignments)
        self.scope_box = ScopeBox(comparison, db.annotations.tags(), documents_of(everything), self)
        self._build()
        self._restore_choices()
        self._wire()
        self.refresh()

    # -- construction ---------------------------------------------------------------

    def _build(self) -> None:
        self.format_combo = QComboBox(self)
        for exporter in FORMATS.values():
            self.format_combo.addItem(f"{exporter.label} ({exporter.extension})", exporter.name)
        self.order_combo = QComboBox(self)
        for order, label in (
            (Order.POSITION, "Position in the document"),
            (Order.TAG, "Tag"),
            (Order.CREATED, "Date created"),
        ):
            self.order_combo.addItem(label, order.value)
        self.group_combo = QComboBox(self)
        for group, label in (
            (GroupBy.COMPARISON, "Comparison"),
            (GroupBy.TAG, "Tag"),
            (GroupBy.NONE, "No sections"),
        ):
            self.group_combo.addItem(label, group.value)
        self.context_combo = QComboBox(self)
        for sentences, label in CONTEXT_CHOICES:
            self.context_combo.addItem(label, sentences)
        self.context_combo.setToolTip(
            "Markdown, HTML, Word and CSV show each quote inside its sentence and this much"
            " of the text around it, read from the document when the file is written (the"
            " preview shows the quotes alone)"
        )
        self.pdf_combo = QComboBox(self)
        self.pdf_label = QLabel("PDF to annotate", self)
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton("Browse…", self)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Format", self.format_combo)
        form.addRow("Order", self.order_combo)
        form.addRow("Sections", self.group_combo)
        form.addRow("Context", self.context_combo)
        form.addRow(self.pdf_label, self.pdf_combo)
        form.addRow("Save to", path_row)
        self.count_label = QLabel(self)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)  # a preview, not a browser
        self.preview.setMinimumHeight(220)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy until the task reports
        self.progress.hide()
        self.result_label = QLabel(self)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # holds paths
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton("Open folder", self)
        self.open_folder_button.hide()
        result_row = QHBoxLayout()
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.open_folder_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.scope_box)
        layout.addWidget(self.count_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.progress)
        layout.addLayout(result_row)
        layout.addWidget(self.buttons)
        self.resize(760, 680)

    def _restore_choices(self) -> None:
        index = self.format_combo.findData(self.settings.export_format)
        self.format_combo.setCurrentIndex(max(0, index))
        sentences = self.settings.export_context
        if self.context_combo.findData(sentences) < 0:  # a number set elsewhere: offer it too
            self.context_combo.addItem(f"{sentences} sentences either side", sentences)
        self.context_combo.setCurrentIndex(self.context_combo.findData(sentences))
        self.context_combo.setEnabled(shows_context(self.format))
        folder = self.settings.export_folder or Path.home()
        self.path_edit.setText(str(folder / (default_name(self.comparison) + self._extension())))

    def _wire(self) -> None:
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.order_combo.currentIndexChanged.connect(self.refresh)
        self.group_combo.currentIndexChanged.connect(self.refresh)
        self.scope_box.scope_changed.connect(self.refresh)
        self.pdf_combo.currentIndexChanged.connect(self._on_pdf_choice_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self.start_export)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- choices --------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.format_combo.currentData())

    def _extension(self) -> str:
        return FORMATS[self.format].extension

    @property
    def context_sentences(self) -> int:
        return int(self.context_combo.currentData())

    def options(self) -> ExportOptions:
        comparison = self.scope_box.scope().comparison
        title = comparison.name if comparison is not None else ""
        return ExportOptions(
            title=title or "Verso excerpts",
            group_by=GroupBy(self.group_combo.currentData()),
            context_sentences=self.context_sentences,
        )

    @property
    def output_path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _every_pdf(self) -> bool:
        return self.format == "pdf" and self.pdf_combo.count() > 1 and self.pdf_document is None

    @property
    def pdf_document(self) -> str | None:
        """The sha256 of the chosen PDF, or None for "each of them"."""
        data = self.pdf_combo.currentData()
        return str(data) if data else None

    def _on_format_changed(self, *_: object) -> None:
        self.context_combo.setEnabled(shows_context(self.format))
        self._retarget_path()
        self.refresh()

    def _on_pdf_choice_changed(self, *_: object) -> None:
        self._retarget_path()
        self._show_preview()

    def _retarget_path(self) -> None:
        """Keep the file name, change what the format or PDF choice needs (suffix or folder)."""
        path = self.output_path
        if self._every_pdf():
            self.path_edit.setText(str(path.with_suffix("")))
        else:
            self.path_edit.setText(str(path.with_suffix(self._extension())))

    def _on_browse_clicked(self) -> None:
        if self._every_pdf():
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the annotated PDFs")
        else:
            exporter = FORMATS[self.format]
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Export notes",
                str(self.output_path),
                f"{exporter.label} (*{exporter.extension})",
            )
        if chosen:
            self.path_edit.setText(chosen)

    # -- preview --------------------------------------------------------------------

    def refresh(self, *_: object) -> None:
        """Read the notes in scope again and show what the export will hold."""
        self.excerpts = collect_excerpts(
            self.db,
            self.scope_box.scope(),
            Order(self.order_combo.currentData()),
            alignments=self.alignments,
        )
        self.count_label.setText(count_label(self.excerpts))
        self._fill_pdf_choices()
        self._show_preview()

    def _fill_pdf_choices(self) -> None:
        refs = pdf_source_refs(self.excerpts) if self.format == "pdf" else []
        previous = self.pdf_combo.currentData()
        self.pdf_combo.blockSignals(True)
        self.pdf_combo.clear()
        if len(refs) > 1:
            self.pdf_combo.addItem(f"Each of the {len(refs)} PDFs, into a folder", EVERY_PDF)
        for ref in refs:
            self.pdf_combo.addItem(ref.display_name, ref.sha256)
        self.pdf_combo.setCurrentIndex(max(0, self.pdf_combo.findData(previous)))
        self.pdf_combo.blockSignals(False)
        visible = len(refs) > 1
        self.pdf_combo.setVisible(visible)
        self.pdf_label.setVisible(visible)
        if self.format == "pdf":
            self._retarget_path()

    def _show_preview(self) -> None:
        shown = self.excerpts[:PREVIEW_LIMIT]
        if self.format in _BINARY:
            self.preview.setPlainText(self._summary())
            return
        rendered = FORMATS[self.format].render(shown, self.options())
        text = rendered.data.decode("utf-8-sig")
        if len(self.excerpts) > PREVIEW_LIMIT:
            self.count_label.setText(
                f"{count_label(self.excerpts)}; the preview shows the first {PREVIEW_LIMIT}"
            )
        if self.format == "html":
            self.preview.setHtml(text)
        else:
            self.preview.setPlainText(text)

    def _summary(self) -> str:
        """What a binary export will contain, since it cannot be shown as text."""
        names = [name for name, _ in documents_of(self.excerpts)]
        lines = [f"{count_label(self.excerpts)} from {len(names)} document(s):"]
        lines += [f"  • {name}" for name in names]
        if self.format == "pdf":
            refs = pdf_source_refs(self.excerpts)
            chosen = self.pdf_document
            if not refs:
                lines.append("None of these notes is on a PDF: there is nothing to annotate.")
            elif chosen is None and len(refs) > 1:
                lines.append(f"One annotated copy of each of the {len(refs)} PDFs will be written:")
                lines += [f"  • {ref.display_name}" for ref in refs]
            else:
                name = next(r.display_name for r in refs if chosen in (None, r.sha256))
                lines.append(f"An annotated copy of {name} will be written.")
        return "\n".join(lines)

    # -- export ---------------------------------------------------------------------

    def start_export(self) -> Task:
        """Write the export on the worker; the dialog shows progress, then the path."""
        excerpts = list(self.excerpts)
        fmt, output, options = self.format, self.output_path, self.options()
        pdf_document = self.pdf_document if fmt == "pdf" else None

        def work(progress: Progress) -> list[Written]:
            return write_export(
                excerpts, fmt, output, options, pdf_document=pdf_document, progress=progress
            )

        self.task = self.runner.submit(f"export {output.name}", work)
        self.task.progress_changed.connect(self._on_progress)
        self.task.finished.connect(self._on_exported)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(lambda: self._set_busy(False))
        self._set_busy(True)
        self.result_label.setText(f"Exporting to {output}…")
        self.open_folder_button.hide()
        return self.task

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.export_button.setEnabled(not busy)

    def _on_progress(self, fraction: float, _message: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(fraction * 1000))

    def _on_exported(self, written: Sequence[Written]) -> None:
        self._set_busy(False)
        self.written = [item.path for item in written]
        warnings = [w for item in written for w in item.rendered.warnings]
        lines = ["Exported to " + ", ".join(str(p) for p in self.written)]
        lines += warnings
        self.result_label.setText("\n".join(lines))
        self.open_folder_button.setVisible(bool(self.written))
        if self.written:
            self.settings.export_folder = self.written[0].parent
        self.settings.export_format = self.format
        if shows_context(self.format):
            self.settings.export_context = self.context_sentences
        self.export_finished.emit(self.written)

    def _on_failed(self, message: str, _error: object) -> None:
        self._set_busy(False)
        self.result_label.setText(f"Not exported: {message}")

    def _on_open_folder_clicked(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written[0].parent)))

    def reject(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
        super().reject()
