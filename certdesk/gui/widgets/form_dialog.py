"""A dialog of labelled fields whose Save runs one service call and shows errors in place.

The service's InvalidInput names a field; its message appears in red under that field and
the dialog stays open with everything typed kept, so the coordinator fixes one thing and
saves again. A message about no field of the form shows above the fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import EVERYTHING, Changes
from certdesk.core.errors import ChangedMeanwhile, InvalidInput, Shown
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.date_field import DateField

if TYPE_CHECKING:
    from certdesk.gui.widgets.date_field import DateField
    from certdesk.store import Store

ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    """A red, word-wrapped, initially hidden message label."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FormDialog(QDialog):
    """Fields with an error line each, Save and Cancel; subclasses say what Save does."""

    saved = Signal(object)  # the service's result, after the dialog closed
    # What Save changes, for the pages to decide whether to reload (a dialog that does not
    # say changes everything).
    changes: Changes = EVERYTHING

    def __init__(
        self,
        ops: Ops,
        title: str,
        parent: QWidget | None = None,
        *,
        save_text: str = "Save",
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._ops = ops
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._rows: dict[str, QWidget] = {}
        self._saving = False
        # What the screen showed of the record being edited (row version and field texts);
        # None for a new record. The save compares it with what is stored now.
        self.shown: Shown | None = None
        self.conflict_box: QMessageBox | None = None
        self._initial: list[object] | None = None  # the fields' values when first shown
        self.discard_box: QMessageBox | None = None  # "Discard what you typed?" while asked
        self.confirm_box: QMessageBox | None = None  # the confirmation() question while asked
        self.general_error = error_label()
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addWidget(self.general_error)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        """A labelled field; `name` is the field name the service uses in its errors."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint)
            note.setStyleSheet("color: palette(mid);")
            column.addWidget(note)
        error = error_label()
        column.addWidget(error)
        self.form.addRow(label, box)
        self._fields[name] = (widget, error)
        self._rows[name] = box
        return widget

    def set_field_visible(self, name: str, visible: bool) -> None:
        """Show or hide a field with its label."""
        self.form.setRowVisible(self._rows[name], visible)

    def field_visible(self, name: str) -> bool:
        return self.form.isRowVisible(self._rows[name])

    def error_for(self, name: str) -> str:
        """The error shown under a field ('' if none): tests and callers read it here."""
        widget_error = self._fields.get(name)
        label = widget_error[1] if widget_error else self.general_error
        return "" if label.isHidden() else label.text()

    # ---- subclasses ---------------------------------------------------------------------
    def operation(self) -> Callable[[Store], Any]:
        """The service call Save runs (built from the fields' current values)."""
        raise NotImplementedError

    def confirmation(self) -> tuple[str, str, str] | None:
        """(question, details, button text) to ask before Save runs; None saves at once."""
        return None

    # ---- save ---------------------------------------------------------------------------
    def submit(self) -> None:
        """Ask the confirmation() question if there is one, then save."""
        if self._saving or self.confirm_box is not None:
            return
        asked = self.confirmation()
        if asked is None:
            self.save_now()
            return
        question, details, button_text = asked
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            question,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(details)
        go = box.addButton(button_text, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # Enter does not record by accident
        box.setEscapeButton(cancel)

        def answered(button: QAbstractButton) -> None:
            self.confirm_box = None
            if button is go:
                self.save_now()

        box.buttonClicked.connect(answered)
        box.finished.connect(lambda _: setattr(self, "confirm_box", None))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_box = box
        box.open()

    def save_now(self) -> None:
        """Run the service call; close on success, show the problem in place on failure."""
        self._clear_errors()
        self._set_saving(True)
        self._ops.run_op(self.operation(), self._succeeded, self._failed, writes=self.changes)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._initial is None:
            self._initial = self._input_values()

    def _input_values(self) -> list[object]:
        """What every enabled input of the dialog holds now (typed text, choices, dates)."""
        values: list[object] = []
        for widget in self.findChildren(QWidget):
            if not widget.isEnabled():
                continue
            if isinstance(widget, QLineEdit) and not isinstance(
                widget.parent(), (QAbstractSpinBox, QComboBox)
            ):
                values.append(widget.text())
            elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
                values.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                values.append(widget.currentText())
            elif isinstance(widget, QAbstractSpinBox):
                values.append(widget.text())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                values.append(widget.isChecked())
        return values

    def mark_clean(self) -> None:
        """The fields now hold what is stored (filled in after opening): nothing typed yet."""
        self._initial = self._input_values()

    def has_unsaved_input(self) -> bool:
        """True when something was typed or chosen since the dialog opened."""
        return self._initial is not None and self._input_values() != self._initial

    def reject(self) -> None:
        # Cancel (or Escape) while saving would hide whether the change was made: wait for it.
        if self._saving:
            return
        if self.discard_box is None and self.has_unsaved_input():
            self._ask_before_discarding()
            return
        super().reject()

    def _ask_before_discarding(self) -> None:
        """Cancel or Escape on typed input: discard it only when the coordinator says so."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            "Discard what you typed in this dialog?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Nothing has been saved yet.")
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(button: QAbstractButton) -> None:
            self.discard_box = None
            if button is discard:
                QDialog.reject(self)

        box.buttonClicked.connect(answered)
        box.finished.connect(lambda _: setattr(self, "discard_box", None))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.discard_box = box
        box.open()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not saving)

    def _succeeded(self, result: object) -> None:
        self._set_saving(False)
        self.accept()
        self.saved.emit(result)

    def _failed(self, exc: InvalidInput) -> None:
        self._set_saving(False)
        if isinstance(exc, ChangedMeanwhile):
            self._ask_about_change(exc)
            return
        widget, label = self._fields.get(exc.field, (None, self.general_error))
        label.setText(exc.message if widget is not None else _with_field(exc))
        label.setVisible(True)
        if widget is not None:
            widget.setFocus()

    # ---- a record changed elsewhere meanwhile ----------------------------------------------
    def _ask_about_change(self, exc: ChangedMeanwhile) -> None:
        """Both values, and the choice: reload what is stored, or overwrite it knowingly."""
        rows = "\n".join(
            f"• {c.label}: shown here as {_shown(c.shown)}; now stored: {_shown(c.stored)}; "
            f"you typed: {_shown(c.yours)}"
            for c in exc.changes
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Changed outside this window",
            f"{exc.record} was changed outside this window (from the command line or another "
            f"program) after you opened it here. Nothing was saved yet.\n\n{rows}\n\n"
            "Reload puts what is stored now into the changed fields (your other edits stay). "
            "Overwrite saves what you typed over the other change.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        reload_button = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(reload_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(button) -> None:
            self.conflict_box = None
            if button is reload_button:
                self.reload_changed(exc)
            elif button is overwrite:
                self.shown = exc.stored
                self.submit()

        box.buttonClicked.connect(chosen)
        self.conflict_box = box
        self.conflict_buttons = {"reload": reload_button, "overwrite": overwrite}
        box.open()

    def reload_changed(self, exc: ChangedMeanwhile) -> None:
        """Put the stored values into the fields changed elsewhere; later saves compare with them."""
        reloaded = False
        for change in exc.changes:
            widget = self._fields.get(change.field, (None, None))[0]
            if isinstance(widget, QLineEdit):
                widget.setText(change.stored)
                reloaded = True
        self.shown = exc.stored
        if not reloaded:
            # Nothing here to put the stored value in (a path's status): close, and the
            # window shows the record as it is now; open the dialog again from there.
            self.reject()
            return
        self.general_error.setText(
            "Reloaded: the fields changed outside this window now show what is stored."
        )
        self.general_error.setVisible(True)

    def show_check(self, exc: InvalidInput | None) -> None:
        """A live check's result: its message under the field it names (nothing when None);
        Save stays enabled, the service checks everything again."""
        self._clear_errors()
        if exc is None:
            return
        widget, label = self._fields.get(exc.field, (None, self.general_error))
        label.setText(exc.message if widget is not None else _with_field(exc))
        label.setVisible(True)

    def _clear_errors(self) -> None:
        for _, label in self._fields.values():
            label.clear()
            label.setVisible(False)
        self.general_error.clear()
        self.general_error.setVisible(False)


def _shown(text: str) -> str:
    return f"“{text}”" if text else "(empty)"


def _with_field(exc: InvalidInput) -> str:
    """A message for the top of the form; names the field when it is not one shown."""
    if exc.field in ("", "file", "database", "cost_id"):
        return exc.message
    return f"{exc.field.replace('_', ' ')}: {exc.message}"


FUTURE_DAYS = 3  # a completion, signature or departure further ahead than this is asked about


def future_date_question(edit: DateField, what: str) -> tuple[str, str, str] | None:
    """FormDialog.confirmation() for a date that should not be far in the future: `what`
    ("completed", "signed") happened on the day typed; None when it is not ahead."""
    day = edit.value()
    if day is None:
        return None
    ahead = (day - dt.date.today()).days
    if ahead <= FUTURE_DAYS:
        return None
    return (
        f"{day} is {ahead} days from today. Record it as {what} on that day?",
        "A date in the future is usually a typing mistake: check the year and the month.",
        f"Record {day}",
    )


def date_edit(initial: dt.date | None = None, *, optional: bool = False) -> DateField:
    """The window's one date field: typed ISO or picked, with what it understood (defaults
    to today unless `optional`)."""

    return DateField(initial, optional=optional)


def iso_of(edit: DateField) -> str:
    """The date in a date field as typed (YYYY-MM-DD; the service checks it)."""
    return edit.iso()
