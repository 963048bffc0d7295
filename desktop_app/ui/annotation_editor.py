"""The note editor: colour, note, tags (autocompleted), and for a pair its relation.

Non-blocking (``open()``, window-modal) so the window keeps painting. Saving
calls ``on_save``; if that reports an error (disk full, read-only folder) the
dialog stays open with the analyst's text untouched and says why, so pressing
Save again once space is back stores it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.annotations import Colour
from desktop_app.ui.annotation_models import one_line, swatch

RELATIONS = ("agrees", "rebuts", "misquotes", "paraphrases", "extends", "contradicts")


@dataclass(frozen=True, slots=True)
class NoteValues:
    """What the editor holds: the fields an annotation or pair annotation can change."""

    colour: Colour = Colour.YELLOW
    note: str = ""
    tags: tuple[str, ...] = ()
    relation: str = ""


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the tags before it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        completion = str(index.data())
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head = text.rsplit(",", 1)[0] + ", " if "," in text else ""
        return head + completion


SaveHandler = Callable[[NoteValues], "str | None"]


class AnnotationEditor(QDialog):
    """Edits one note (``pair=True``: a note on a linked pair, with its relation)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        quotes: list[str],
        tags_in_use: list[str],
        values: NoteValues,
        on_save: SaveHandler,
        pair: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._on_save = on_save
        self.pair = pair
        layout = QVBoxLayout(self)
        for quote in quotes:
            label = QLabel(f"“{one_line(quote, 240)}”", self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        form = QFormLayout()
        self.colour_box = QComboBox(self)
        for colour in Colour:
            self.colour_box.addItem(colour.value.capitalize(), colour)
            self.colour_box.setItemData(
                self.colour_box.count() - 1, swatch(colour), Qt.ItemDataRole.DecorationRole
            )
        self.colour_box.setCurrentIndex(list(Colour).index(values.colour))
        self.relation_box = QComboBox(self)
        self.relation_box.setEditable(True)
        self.relation_box.addItems(list(RELATIONS))
        self.relation_box.setCurrentText(values.relation)
        self.relation_box.setToolTip("How the passages relate: rebuts, misquotes, agrees…")
        self.note_edit = QPlainTextEdit(values.note, self)
        self.note_edit.setPlaceholderText("Your note")
        self.tags_edit = QLineEdit(", ".join(values.tags), self)
        self.tags_edit.setPlaceholderText("tags, separated by commas")
        self.completer = TagCompleter(QStringListModel(tags_in_use, self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(self.completer)
        form.addRow("Colour", self.colour_box)
        if pair:
            form.addRow("Relation", self.relation_box)
        else:
            self.relation_box.hide()
        form.addRow("Note", self.note_edit)
        form.addRow("Tags", self.tags_edit)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(460, 360)
        self.note_edit.setFocus()

    def values(self) -> NoteValues:
        colour = self.colour_box.currentData()
        return NoteValues(
            colour if isinstance(colour, Colour) else Colour.YELLOW,
            self.note_edit.toPlainText(),
            split_tags(self.tags_edit.text()),
            self.relation_box.currentText().strip() if self.pair else "",
        )

    def save(self) -> bool:
        """Store the values; on failure stay open with the text as typed and show why."""
        error = self._on_save(self.values())
        if error:
            self.error_label.setText(f"Not saved: {error} Your text is kept; try Save again.")
            self.error_label.show()
            return False
        self.error_label.hide()
        self.accept()
        return True
