"""Record departure…: date, reason and note; first what each agreement will owe (the
departure service's own computation, run on the worker and rolled back), then, once
confirmed, the recorded outcome with a Save statement… button per settled agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.agreements import AgreementStatus
from certdesk.core.changes import Changes, Kind
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents
from certdesk.core.reasons import REASON_LABELS
from certdesk.core.reasons import reason_words as reason_in_words
from certdesk.gui.agreements.files import default_name, save_document
from certdesk.gui.agreements.words import STATUS_WORDS
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FUTURE_DAYS, FormDialog, date_edit, iso_of
from certdesk.services.agreements.views import departure_preview, record_departure_outlook
from certdesk.services.departures.recording import stored_statement

if TYPE_CHECKING:
    from pathlib import Path

    from certdesk.services.agreements.views import DepartureOutlook, Settlement
    from certdesk.services.departures.recording import AgreementOutcome
    from certdesk.store import Store

HEADERS = ("Agreement", "Becomes", "Months served", "Owed", "")
WHY = {
    "fulfilled": "commitment served: nothing owed",
    "waived": "nothing owed for this reason",
}
PREVIEW_FIELDS = ("on", "reason")


class DepartureDialog(FormDialog):
    """Record that a manager left, after showing what it means for each agreement."""

    changes = Changes.of(Kind.MANAGERS, Kind.PATHS, Kind.AGREEMENTS)

    preview_ready = Signal()  # the table shows the preview for the current date and reason
    status_message = Signal(str)

    def __init__(
        self, ops: Ops, employee_no: str, full_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops,
            f"Record the departure of {full_name}",
            parent,
            save_text="Record departure",
            intro=f"{full_name} ({employee_no}) leaves the company. Recording it withdraws "
            "their open paths, voids agreements not yet signed and computes what each "
            "signed agreement owes, with its repayment statement. Until a payment is received "
            "it can be taken back with Undo departure on the manager's screen.",
        )
        self.setMinimumSize(780, 620)
        # It cannot be undone: Enter in a field must not record it; Cancel is the default.
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.intro_label: QLabel = self.layout().itemAt(0).widget()  # FormDialog's intro
        self._employee_no, self._full_name = employee_no, full_name
        self._generation = 0
        self.preview: DepartureOutlook | None = None
        self.result: DepartureOutlook | None = None
        self.statement_buttons: dict[str, QPushButton] = {}

        self.on = date_edit()
        self.add_field("on", "Last day", self.on, "the departure date")
        self.reason = QComboBox()
        for reason, label in REASON_LABELS.items():
            self.reason.addItem(label, reason.value)
        self.add_field("reason", "Reason", self.reason)
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. joined another company")
        self.add_field("note", "Note", self.note)

        self.outcome_box = QGroupBox("What each agreement will owe")
        self.summary = QLabel("Computing…")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((120, 0, 110, 100, 140)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 3 * 30)
        self.steps = QPlainTextEdit()  # how each amount was computed, as the statement says
        self.steps.setReadOnly(True)
        self.steps.setMinimumHeight(110)
        self.steps.setPlaceholderText("How each amount is computed appears here.")
        column = QVBoxLayout(self.outcome_box)
        column.addWidget(self.summary)
        column.addWidget(self.table)
        column.addWidget(QLabel("How it is computed:"))
        column.addWidget(self.steps, 1)
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.buttons), self.outcome_box, 1)

        self.on.dateChanged.connect(self.refresh_preview)
        self.reason.currentIndexChanged.connect(self.refresh_preview)
        self.refresh_preview()

    # ---- preview ------------------------------------------------------------------------
    def _values(self) -> dict[str, str]:
        return {"on": iso_of(self.on), "reason": self.reason.currentData(), "note": ""}

    def refresh_preview(self) -> None:
        """Ask the worker what the departure would do on this date for this reason."""
        if self.result is not None:
            return
        self._generation += 1
        generation, employee_no, values = self._generation, self._employee_no, self._values()
        self.preview = None
        self.summary.setText("Computing…")

        def dry_run(store: Store) -> DepartureOutlook:

            return departure_preview(store, parse_departure_request(employee_no, **values))

        self._ops.run_op(
            dry_run,
            lambda result: self._previewed(generation, result),
            lambda exc: self._preview_failed(generation, exc),
        )

    def _show_preview_error(self, exc: InvalidInput | None) -> None:
        for name in PREVIEW_FIELDS:
            _, label = self._fields[name]
            shown = exc is not None and exc.field == name
            label.setText(exc.message if shown else "")
            label.setVisible(shown)

    def _previewed(self, generation: int, result: DepartureOutlook) -> None:
        if generation != self._generation or self.result is not None:
            return
        self.preview = result
        self._show_preview_error(None)
        self._fill(result, recorded=False)
        self.preview_ready.emit()

    def _preview_failed(self, generation: int, exc: InvalidInput) -> None:
        if generation != self._generation or self.result is not None:
            return
        self._show_preview_error(exc)
        self.table.setRowCount(0)
        self.steps.clear()
        self.summary.setText(
            "Fix the date or reason above to see what each agreement will owe."
            if exc.field in PREVIEW_FIELDS
            else exc.message
        )
        self.preview_ready.emit()

    def _fill(self, outlook: DepartureOutlook, *, recorded: bool) -> None:
        result, settled = outlook.result, outlook.settlements
        outcomes = result.outcomes
        total = format_cents(result.total_owed_cents)
        if not outcomes:
            self.summary.setText("No agreement is affected: nothing is owed.")
        elif recorded:
            self.summary.setText(
                f"Recorded: {self._full_name} left on {result.departure_date} "
                f"({reason_in_words(result.reason)}). Total owed: {total}."
            )
        else:
            self.summary.setText(
                f"Leaving on {result.departure_date} for "
                f"{reason_in_words(result.reason)}, {self._full_name} will owe {total} "
                "in total:"
            )
        self.table.setRowCount(len(outcomes))
        for row, outcome in enumerate(outcomes):
            served = _months(outcome, settled.get(outcome.agreement_no))
            cells = (
                outcome.agreement_no,
                STATUS_WORDS.get(outcome.status, outcome.status)
                + (f" ({why})" if (why := _why(outcome)) else ""),
                served,
                format_cents(outcome.owed_cents),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 3 and outcome.owed_cents:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if recorded and outcome.status != AgreementStatus.VOIDED:
                button = QPushButton("Save statement…")
                button.clicked.connect(
                    lambda _=False, no=outcome.agreement_no: self.save_statement(no)
                )
                self.statement_buttons[outcome.agreement_no] = button
                self.table.setCellWidget(row, 4, button)
        self.table.resizeRowsToContents()
        warnings = [f"Warning — {w}" for w in result.warnings]
        self.steps.setPlainText(
            "\n\n".join(
                [*warnings]
                + [f"{o.agreement_no}: {_how(o, settled.get(o.agreement_no))}" for o in outcomes]
            )
        )

    def owed_texts(self) -> list[str]:
        """The Owed column as shown (tests read it)."""
        return [self.table.item(r, 3).text() for r in range(self.table.rowCount())]

    # ---- save ---------------------------------------------------------------------------
    def confirmation(self) -> tuple[str, str, str] | None:
        """Name the manager, the day and the reason before anything is recorded."""

        day = self.on.value()
        if day is None:
            return None  # not a date: the service says so under the field
        reason = reason_in_words(self.reason.currentData())
        details = (
            "Their open paths are withdrawn, agreements not yet signed are voided and each "
            "signed agreement's repayment is computed and its statement stored."
        )
        if self.preview is not None and self.preview.result.outcomes:
            details += f" Total owed: {format_cents(self.preview.result.total_owed_cents)}."
        ahead = (day - dt.date.today()).days
        if ahead > FUTURE_DAYS:
            details = f"{day} is {ahead} days from today: is that the right date? " + details
        return (
            f"Record that {self._full_name} ({self._employee_no}) left on {day} ({reason})?",
            details,
            "Record departure",
        )

    def operation(self) -> Callable[[Store], Any]:
        employee_no = self._employee_no
        values = self._values() | {"note": self.note.text()}

        def depart(store: Store) -> DepartureOutlook:

            return record_departure_outlook(store, parse_departure_request(employee_no, **values))

        return depart

    def _succeeded(self, result: object) -> None:
        """Stay open and show what was recorded, with the statements to save."""
        self._set_saving(False)
        self.result = result  # type: ignore[assignment]
        self.setWindowTitle(f"Departure of {self._full_name} recorded")
        self.intro_label.setText(
            f"{self._full_name} is recorded as having left. Save each repayment statement for "
            "the final pay and the manager; they stay stored with the agreements."
        )
        self.outcome_box.setTitle("What was recorded")
        for widget, _ in self._fields.values():
            widget.setEnabled(False)
        self.save_button.setVisible(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText("Close")
        self._fill(self.result, recorded=True)
        self.saved.emit(result)

    def save_statement(self, agreement_no: str) -> None:
        def fetch(store: Store) -> bytes:

            return stored_statement(store, agreement_no)

        save_document(
            self,
            self._ops,
            f"Save the repayment statement of {agreement_no}",
            default_name(agreement_no, self._full_name, "repayment statement"),
            fetch,
            self._saved_file,
        )

    def _saved_file(self, path: Path) -> None:
        self.status_message.emit(f"Saved {path.name} in {path.parent}")


def _months(outcome: AgreementOutcome, settled: Settlement | None) -> str:
    """Full months served: one figure, or one per payment under the per-payment clock."""
    if outcome.before_start:
        return "not started"
    if settled is not None and settled.months_served and not outcome.decided_by:
        return settled.months_text
    return "—" if outcome.months_served is None else str(outcome.months_served)


def _how(outcome: AgreementOutcome, settled: Settlement | None) -> str:
    """The calculation in a line or two: its months-served steps (the statement has all)."""
    if settled is None or outcome.decided_by:
        return outcome.note
    steps = settled.steps
    return " ".join(steps[2:-1] or steps[:1])


def _why(outcome: AgreementOutcome) -> str:
    if outcome.status == AgreementStatus.VOIDED:
        return outcome.note
    if outcome.decided_by:
        return f"{outcome.decided_by}: nothing owed"
    if outcome.before_start:
        return "left before the commitment started"
    return WHY.get(outcome.status, "")
