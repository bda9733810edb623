"""After a departure: Hardship decision…, and the signed deduction authorization on file and
its revocation (one service call each; live checks call core's rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.hardship import (
    HARDSHIP_OUTCOME_WORDS,
    HardshipOutcome,
    check_decision,
    check_plan_choice,
)
from certdesk.core.money import format_cents, parse_cents
from certdesk.gui.operations.runner import Ops
from certdesk.gui.settings import preferences
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit
from certdesk.services.agreements.deduction_on_file import (
    record_authorization_on_file,
    revoke_authorization,
)
from certdesk.services.departures.followup import HardshipRequest, record_hardship_decision

if TYPE_CHECKING:
    from certdesk.store import Store

SCAN_FILTER = "Scans (*.pdf *.png *.jpg *.jpeg);;All files (*)"


def _optional_cents(text: str, field: str) -> int | None:
    return parse_cents(text, field) if text.strip() else None


def _optional_count(text: str, field: str) -> int | None:
    if not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a whole number") from None


class HardshipDialog(FormDialog):
    """Record a hardship waiver decision; a new statement prints it with the new balance and
    plan (the earlier statement stays stored)."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(
        self,
        ops: Ops,
        agreement_no: str,
        *,
        owed_cents: int,
        received_cents: int,
        departure_date: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ops,
            f"Hardship waiver decision on {agreement_no}",
            parent,
            save_text="Record decision",
            intro=f"Owed now: {format_cents(owed_cents)}, of which {format_cents(received_cents)} "
            "received. A new statement is stored and printed with the decision, the new balance "
            "and the plan.",
        )
        self._no = agreement_no
        self._owed = owed_cents
        self._received = received_cents
        self._departure = departure_date
        self.outcome = QComboBox()
        for outcome, words in HARDSHIP_OUTCOME_WORDS.items():
            self.outcome.addItem(words.capitalize(), outcome.value)
        self.add_field("outcome", "Decision", self.outcome)
        self.new_amount = QLineEdit()
        self.new_amount.setPlaceholderText("e.g. 700.00")
        self.add_field("new_amount", "New amount owed", self.new_amount, "in all, before payments")
        self.instalments = QLineEdit()
        self.instalments.setPlaceholderText("as the policy says")
        self.add_field("instalments", "Instalments", self.instalments, "of the new plan, 1 to 120")
        self.first_due = date_edit(optional=True)
        self.add_field("first_due", "First due on", self.first_due, "blank: as the policy says")
        self.decided_on = date_edit()
        self.add_field("decided_on", "Decided on", self.decided_on)
        self.decided_by = QLineEdit()
        self.decided_by.setPlaceholderText("e.g. Ana Ruiz, HR director")
        self.add_field("decided_by", "Decided by", self.decided_by)
        self.reason = QLineEdit()
        self.add_field("reason", "Reason", self.reason, "printed on the statement")
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        for edit in (self.new_amount, self.instalments, self.decided_by, self.reason):
            edit.textChanged.connect(self.check)
        self.decided_on.dateChanged.connect(self.check)
        self.first_due.dateChanged.connect(self.check)
        self._outcome_changed()
        self.outcome.setFocus()

    def chosen(self) -> HardshipOutcome:
        return HardshipOutcome(self.outcome.currentData())

    def _outcome_changed(self) -> None:
        part = self.chosen() is HardshipOutcome.GRANTED_PART
        for name in ("new_amount", "instalments", "first_due"):
            self.set_field_visible(name, part)
        self.check()

    def _request(self):

        part = self.chosen() is HardshipOutcome.GRANTED_PART
        decided_on = self.decided_on.value()
        if decided_on is None:
            raise InvalidInput("decided_on", "type the day of the decision, YYYY-MM-DD")
        first_due = self.first_due.value() if part else None
        if part and self.first_due.text().strip() and first_due is None:
            raise InvalidInput("first_due", "type a date YYYY-MM-DD, or leave it blank")
        return HardshipRequest(
            outcome=self.chosen(),
            decided_on=decided_on,
            decided_by=self.decided_by.text(),
            reason=self.reason.text(),
            new_owed_cents=_optional_cents(self.new_amount.text(), "new_amount") if part else None,
            instalment_count=_optional_count(self.instalments.text(), "instalments")
            if part
            else None,
            first_due=first_due,
        )

    def check(self) -> None:
        """The live check: core's rules for a decision and its plan, as the service runs them
        (a blank name or reason is only pointed out on Save)."""
        try:
            r = self._request()
            if r.outcome is HardshipOutcome.GRANTED_PART and r.new_owed_cents is None:
                self.show_check(None)
                return
            check_decision(
                r.outcome,
                decided_on=r.decided_on,
                decided_by=r.decided_by or "-",
                reason=r.reason or "-",
                new_owed_cents=r.new_owed_cents,
                departure_date=self._departure,
                owed_cents=self._owed,
                received_cents=self._received,
                today=dt.date.today(),
            )
            check_plan_choice(
                r.instalment_count,
                r.first_due,
                departure_date=self._departure,
                decided_on=r.decided_on,
            )
        except InvalidInput as exc:
            self.show_check(exc)
        else:
            self.show_check(None)

    def operation(self) -> Callable[[Store], Any]:
        no = self._no
        try:
            request = self._request()
        except InvalidInput as exc:
            error = exc

            def refuse(store: Store) -> Any:
                raise error

            return refuse

        def decide(store: Store) -> Any:

            return record_hardship_decision(store, no, request)

        return decide


class AuthorizationOnFileDialog(FormDialog):
    """The manager's signed CD-103 is on file: the day signed, the most per pay period, and
    optionally its scan."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(
        self, ops: Ops, agreement_no: str, full_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops,
            f"Deduction authorization on file — {agreement_no}",
            parent,
            save_text="Record on file",
            intro=f"{full_name} signed the separate payroll-deduction authorization (form "
            "CD-103). A statement proposes a deduction from final pay only while it is on file "
            "and not revoked, and only where the work state's law allows it.",
        )
        self._no = agreement_no
        self.signed_on = date_edit()
        self.add_field("signed_on", "Signed on", self.signed_on)
        self.max_per_period = QLineEdit()
        self.max_per_period.setPlaceholderText("e.g. 150.00")
        self.add_field(
            "max_per_period", "Most per pay period", self.max_per_period, "as printed on the form"
        )
        scan_row = QWidget()
        line = QHBoxLayout(scan_row)
        line.setContentsMargins(0, 0, 0, 0)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText("optional: the signed form scanned (PDF, PNG, JPEG)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        line.addWidget(self.scan, 1)
        line.addWidget(browse)
        self.add_field("scan", "Scan", scan_row)
        self.max_per_period.setFocus()

    def _browse(self) -> None:

        chosen, _ = QFileDialog.getOpenFileName(
            self, "The signed authorization", str(preferences.folder("open")), SCAN_FILTER
        )
        if chosen:
            preferences.remember_folder("open", Path(chosen))
            self.scan.setText(chosen)

    def operation(self) -> Callable[[Store], Any]:
        no = self._no
        day = self.signed_on.value()
        most_text = self.max_per_period.text()
        scan = Path(self.scan.text().strip()) if self.scan.text().strip() else None

        def record(store: Store) -> Any:

            if day is None:
                raise InvalidInput("signed_on", "type the day it was signed, YYYY-MM-DD")
            return record_authorization_on_file(
                store,
                no,
                signed_on=day,
                max_per_period_cents=parse_cents(most_text, "max_per_period"),
                scan=scan,
            )

        return record


class RevokeAuthorizationDialog(FormDialog):
    """The manager revoked the deduction authorization in writing."""

    changes = Changes.of(Kind.AGREEMENTS)

    def __init__(self, ops: Ops, agreement_no: str, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Authorization revoked — {agreement_no}",
            parent,
            save_text="Record revocation",
            intro="The day of the manager's written revocation. No deduction from pay is made "
            "from that day; what is owed is repaid directly.",
        )
        self._no = agreement_no
        self.revoked_on = date_edit()
        self.add_field("revoked_on", "Revoked on", self.revoked_on)

    def operation(self) -> Callable[[Store], Any]:
        no, day = self._no, self.revoked_on.value()

        def revoke(store: Store) -> Any:

            if day is None:
                raise InvalidInput("revoked_on", "type the day, YYYY-MM-DD")
            return revoke_authorization(store, no, revoked_on=day)

        return revoke
