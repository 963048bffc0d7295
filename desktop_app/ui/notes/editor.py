"""The note editor: colour, note, tags (autocompleted), and for a pair its relation.

Non-blocking (``open()``, window-modal) so the window keeps painting. Saving
calls ``on_save``; if that reports an error (disk full, read-only folder) the
dialog stays open with the analyst's text untouched and says why, so pressing
Save again once space is back stores it.

While the analyst types, the values are kept as a draft on disk (``core.drafts``:
about 1 s after the last key, at most every 10 s), so a crash or a closed laptop
loses nothing; the next opening of the same note restores it. Saving or Cancel
removes the draft; the window closing keeps it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
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
from desktop_app.core.drafts import AutosaveClock, Draft, DraftStore, retry_delay
from desktop_app.core.snippet import one_line
from desktop_app.ui.base.swatches import swatch

RELATIONS = ("agrees", "rebuts", "misquotes", "paraphrases", "extends", "contradicts")
WAIT_FOR_SERVER_MS = 1000  # while the server is away, how often a pending save looks for it


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


@dataclass(frozen=True, slots=True)
class DraftPlace:
    """Where the editor keeps its draft: the store, the note's key, its document."""

    store: DraftStore
    key: str
    document: str = ""


def values_of(draft: Draft) -> NoteValues:
    colour = Colour(draft.colour) if draft.colour in {c.value for c in Colour} else Colour.YELLOW
    return NoteValues(colour, draft.note, draft.tags, draft.relation)


class NoteEditor(QDialog):
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
        draft: DraftPlace | None = None,
        may_retry: Callable[[], bool] | None = None,
        server_answers: Callable[[], bool] | None = None,
    ) -> None:
        """``may_retry``: whether the last refused save is worth trying again by itself
        (the server was away); the editor then retries on a backing-off timer.
        ``server_answers``: whether the server is back, known without waiting on it; a
        retry waits for it rather than try (each try at a server that does not answer
        holds the window for the connect timeout)."""
        super().__init__(parent)
        self._draft = draft
        self._may_retry = may_retry
        self._server_answers = server_answers
        self._attempt = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._retry_save)
        self._clock = AutosaveClock()
        self._keep_draft = False
        restored = draft.store.load(draft.key) if draft is not None else None
        if restored is not None:
            values = values_of(restored)
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
        # Tags above the note: the completer's list opens below the field, where it would
        # cover the Save button (and a click there went to the list, not to Save).
        form.addRow("Tags", self.tags_edit)
        form.addRow("Note", self.note_edit)
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
        self.draft_label = QLabel(self)
        self.draft_label.setTextFormat(Qt.TextFormat.PlainText)
        self.draft_label.setVisible(restored is not None)
        if restored is not None:
            when = restored.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.draft_label.setText(
                f"Restored the unsaved draft of {when}. Save keeps it, Cancel discards it."
            )
        layout.insertWidget(layout.indexOf(self.error_label), self.draft_label)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self.keep_draft)
        self.note_edit.textChanged.connect(self._changed)
        self.tags_edit.textChanged.connect(self._changed)
        self.colour_box.currentIndexChanged.connect(self._changed)
        self.relation_box.currentTextChanged.connect(self._changed)
        self.resize(460, 360)
        self.note_edit.setFocus()
        self._initial = self.values()
        self._escape_armed = False
        self._field_before: dict[QLineEdit, str] = {}
        for watched in (self.tags_edit, self.relation_box, self.relation_box.lineEdit()):
            if watched is not None:
                watched.installEventFilter(self)

    def _line_of(self, widget: QObject | None) -> QLineEdit | None:
        """The one-line field ``widget`` types into (an editable combo box's line edit)."""
        if isinstance(widget, QComboBox):
            return widget.lineEdit()
        return widget if isinstance(widget, QLineEdit) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Remember a one-line field's text when it gets the focus, for Escape to restore."""
        field = self._line_of(watched)
        if field is not None and event.type() == QEvent.Type.FocusIn:
            self._field_before[field] = field.text()
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Escape undoes the field being typed in first, then asks for a second press
        before it drops unsaved text: one stray Escape in the Relation box used to close
        the dialog and discard the note."""
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)
            return
        field = self._line_of(self.focusWidget())
        before = self._field_before.get(field) if field is not None else None
        if field is not None and before is not None and field.text() != before:
            field.setText(before)
            event.accept()
            return
        if self.values() != self._initial and not self._escape_armed:
            self._escape_armed = True
            self.draft_label.setText(
                "Unsaved changes: Save keeps them; Escape again (or Cancel) discards them."
            )
            self.draft_label.show()
            event.accept()
            return
        super().keyPressEvent(event)

    def _changed(self) -> None:
        if self._draft is None:
            return
        now = time.monotonic()
        self._clock.changed(now)
        due = self._clock.due_at()
        if due is not None:
            self._autosave.start(max(0, int((due - now) * 1000)))

    def keep_draft(self) -> None:
        """Write the draft now (the autosave timer, or the window closing)."""
        if self._draft is None or self._clock.due_at() is None:
            return
        self._autosave.stop()
        values = self.values()
        place = self._draft
        draft = Draft(
            place.key,
            values.colour.value,
            values.note,
            values.tags,
            values.relation,
            document=place.document,
        )
        if place.store.save(draft):
            self._clock.saved()

    def set_aside(self) -> None:
        """Close, keeping the draft (the window closes, another note is opened)."""
        self.keep_draft()
        self._keep_draft = True
        self.reject()

    def reject(self) -> None:
        """Cancel: the analyst dropped the text, so its draft goes too."""
        self._autosave.stop()
        self._retry.stop()
        if self._draft is not None and not self._keep_draft:
            self._draft.store.discard(self._draft.key)
        super().reject()

    def values(self) -> NoteValues:
        colour = self.colour_box.currentData()
        return NoteValues(
            colour if isinstance(colour, Colour) else Colour.YELLOW,
            self.note_edit.toPlainText(),
            split_tags(self.tags_edit.text()),
            self.relation_box.currentText().strip() if self.pair else "",
        )

    def _retry_save(self) -> None:
        if self._server_answers is None or self._server_answers():
            self.save()
            return
        self.error_label.setText(
            "Not saved: the server does not answer. Your text is kept; Verso saves it as "
            "soon as the server is back, or press Save."
        )
        self._retry.start(WAIT_FOR_SERVER_MS)

    def save(self) -> bool:
        """Store the values; on failure stay open with the text as typed and show why."""
        self._retry.stop()
        error = self._on_save(self.values())
        if error:
            if self._may_retry is not None and self._may_retry():
                delay = retry_delay(self._attempt)
                self._attempt += 1
                self._retry.start(int(delay * 1000))
                self.error_label.setText(
                    f"Not saved: {error} Your text is kept; Verso saves it by itself once "
                    f"the server is back (next try in {delay:.0f} s), or press Save."
                )
            else:
                self.error_label.setText(f"Not saved: {error} Your text is kept; try Save again.")
            self.error_label.show()
            return False
        self._attempt = 0
        self.error_label.hide()
        self._autosave.stop()
        if self._draft is not None:
            self._draft.store.discard(self._draft.key)
        self.accept()
        return True
