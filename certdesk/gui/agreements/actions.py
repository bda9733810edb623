"""The small agreement dialogs: Sign, Void, Record payment, Waive (one service call each)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.compliance import DISCLAIMER
from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents, parse_cents
from certdesk.core.plan_progress import (
    ALLOCATION_RULE,
    PAYMENT_METHOD_WORDS,
    PaymentMethod,
    check_payment,
)
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, future_date_question, iso_of
from certdesk.services.agreements.leaves import record_leave
from certdesk.services.agreements.lifecycle import sign_agreement, void_agreement
from certdesk.services.agreements.terms import warnings_for
from certdesk.services.departures.recording import record_payment_received, waive_repayment

if TYPE_CHECKING:
    from certdesk.core.deduction import AuthorizationOnFile
    from certdesk.store import Store


class SignDialog(FormDialog):
    """Record the day the manager signed the issued form."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(
        self, ops: Ops, agreement_no: str, full_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops,
            f"Record the signing of {agreement_no}",
            parent,
            save_text="Record signing",
            intro=f"The day {full_name} signed the printed form. If the commitment starts on "
            "signing, it starts that day.",
        )
        self._no = agreement_no
        self.on = date_edit()
        self.add_field("on", "Signed on", self.on)
        # The law applies by the signing day: the rules run again, and signing over a warning
        # needs this box ticked (the service refuses otherwise, naming the warnings here).
        self.accept_warnings = QCheckBox("Record the signing despite the compliance warnings")
        self.add_field("warnings", "Compliance", self.accept_warnings, DISCLAIMER)
        self.set_field_visible("warnings", False)
        self.on.dateChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        no, on = self._no, self.on.date().toPython()

        def warnings(store: Store) -> list:

            return warnings_for(store, no, on)

        self._ops.run_op(warnings, self._show_warnings, lambda exc: None)

    def _show_warnings(self, warnings: list) -> None:
        self.set_field_visible("warnings", bool(warnings))
        self.accept_warnings.setToolTip("\n".join(str(w) for w in warnings))
        self.accept_warnings.setText(
            "Record the signing despite: " + "; ".join(dict.fromkeys(w.rule for w in warnings))
            if warnings
            else ""
        )
        self.adjustSize()  # room for the box and its note once they show

    def confirmation(self) -> tuple[str, str, str] | None:
        return future_date_question(self.on, "signed")

    def operation(self) -> Callable[[Store], Any]:
        no, on, accept = self._no, self.on.date().toPython(), self.accept_warnings.isChecked()

        def sign(store: Store) -> Any:

            return sign_agreement(store, no, on, accept_warnings=accept)

        return sign


class VoidDialog(FormDialog):
    """Void an agreement that is not settled; the reason is kept with it."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(self, ops: Ops, agreement_no: str, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Void {agreement_no}",
            parent,
            save_text="Void agreement",
            intro=f"{agreement_no} will no longer apply. This cannot be undone: to change the "
            "terms, void it and draft a new agreement.",
        )
        self._no = agreement_no
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. wrong amount, drafted again")
        self.add_field("reason", "Reason", self.reason, "required; kept with the agreement")
        self.reason.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        no, reason = self._no, self.reason.text()

        def void(store: Store) -> Any:

            return void_agreement(store, no, reason)

        return void


class PaymentDialog(FormDialog):
    """Money the departed manager paid back: amount, day, how; checked live by the same rule
    as the service (core.plan_progress.check_payment)."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(
        self,
        ops: Ops,
        agreement_no: str,
        balance_cents: int,
        parent: QWidget | None = None,
        *,
        departure_date: dt.date | None = None,
        authorization: AuthorizationOnFile | None = None,
    ) -> None:
        super().__init__(
            ops,
            f"Record a payment for {agreement_no}",
            parent,
            save_text="Record payment",
            intro=f"Still owed: {format_cents(balance_cents)}. {ALLOCATION_RULE} Once the "
            "balance reaches 0.00 the agreement is repaid.",
        )
        self._no = agreement_no
        self._balance = balance_cents
        self._departure = departure_date
        self._authorization = authorization
        self.amount = QLineEdit(format_cents(balance_cents))
        self.add_field("amount", "Amount received", self.amount, "e.g. 500.00 or 1,950.00")
        self.on = date_edit()
        self.add_field("on", "Received on", self.on)
        self.method = QComboBox()
        self.method.addItem("—", "")
        for method, words in PAYMENT_METHOD_WORDS.items():
            self.method.addItem(words.capitalize(), method.value)
        self.add_field(
            "method",
            "How",
            self.method,
            "a payroll deduction only with a signed authorization on file",
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. cheque no. 1042")
        self.add_field("note", "Note", self.note)
        self.amount.textChanged.connect(self.check)
        self.on.dateChanged.connect(self.check)
        self.method.currentIndexChanged.connect(self.check)
        self.amount.setFocus()
        self.amount.selectAll()

    def check(self) -> None:
        """The live check: the amount typed, the day and the method, as the service will."""

        try:
            cents = parse_cents(self.amount.text(), "amount")
            day = self.on.value()
            if day is None or self._departure is None:
                self.show_check(None)
                return
            method_code = self.method.currentData()
            method = PaymentMethod(method_code) if method_code else None
            a = self._authorization
            check_payment(
                cents,
                day,
                departure_date=self._departure,
                balance_cents=self._balance,
                method=method,
                deduction_authorized=a is not None and a.in_force(day),
                deduction_max_cents=a.max_per_period_cents if a is not None else None,
            )
        except InvalidInput as exc:
            self.show_check(exc)
        else:
            self.show_check(None)

    def operation(self) -> Callable[[Store], Any]:
        no = self._no
        values = {
            "amount": self.amount.text(),
            "on": iso_of(self.on),
            "note": self.note.text(),
            "method": self.method.currentData() or "",
        }

        def pay(store: Store) -> Any:

            return record_payment_received(store, no, **values)

        return pay


class WaiveDialog(FormDialog):
    """Forgive what is still owed: a management decision, with its reason."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(
        self, ops: Ops, agreement_no: str, balance_cents: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops,
            f"Waive the repayment of {agreement_no}",
            parent,
            save_text="Waive repayment",
            intro=f"The {format_cents(balance_cents)} still owed will be forgiven. Say who "
            "decided and why; the note is kept with the agreement.",
        )
        self._no = agreement_no
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. approved by the HR director on 2027-04-02")
        self.add_field("note", "Reason", self.note, "required")
        self.note.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        no, note = self._no, self.note.text()

        def waive(store: Store) -> Any:

            return waive_repayment(store, no, note=note)

        return waive


class LeaveDialog(FormDialog):
    """A leave of absence of the agreement's manager (it applies to all their agreements)."""

    # The schedules, fulfilment dates and notices of the manager's agreements move.
    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(
        self,
        ops: Ops,
        employee_no: str,
        full_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ops,
            f"Record a leave of {full_name}",
            parent,
            save_text="Record leave",
            intro=f"A leave of absence of {full_name} ({employee_no}), first and last day "
            "included; it applies to every agreement of the manager. Paid leave counts toward "
            "the commitment. Unpaid leave pauses it: every later date of the schedule moves by "
            "the leave's length, and a new commitment-start notice is issued.",
        )

        self._employee_no = employee_no
        self.first_day = date_edit()
        self.add_field("from", "First day", self.first_day)
        self.last_day = date_edit()
        self.add_field("to", "Last day", self.last_day, "the last day of the leave, included")
        self.kind = QComboBox()
        self.kind.addItem("Unpaid: pauses the commitment", False)
        self.kind.addItem("Paid: counts toward the commitment", True)
        self.add_field("paid", "Leave", self.kind)
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. parental leave, approved by the site director")
        self.add_field("note", "Note", self.note)
        self.first_day.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        employee_no, note = self._employee_no, self.note.text()
        first, last = iso_of(self.first_day), iso_of(self.last_day)
        paid = bool(self.kind.currentData())

        def record(store: Store) -> Any:

            return record_leave(
                store,
                employee_no,
                first_day=parse_date(first, "from"),
                last_day=parse_date(last, "to"),
                paid=paid,
                note=note,
            )

        return record
