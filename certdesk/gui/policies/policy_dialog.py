"""New version / Edit dialog for the tuition-assistance policy text.

A version that an issued agreement printed can never change: the service refuses the edit
(its message shows at the top) and the dialog then offers "Save as new version", keeping
everything typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.payment_plan import (
    DEFAULT_PAYMENT_METHOD,
    MAX_DUE_DAYS,
    MAX_INSTALMENTS,
    PaymentTerms,
)
from certdesk.core.repayment_types import PROGRAM_END_LABELS
from certdesk.core.review import DEFAULT_REVIEW_DAYS, MAX_REVIEW_DAYS
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services import policies
from certdesk.services.policies import RepaymentRules

if TYPE_CHECKING:
    from certdesk.core.agreements import Policy
    from certdesk.services.policies import PolicyRow
    from certdesk.store import Store


class PolicyDialog(FormDialog):
    """Write a new policy version (prefilled from `base`) or edit version `edit_version`."""

    changes = Changes.of(Kind.POLICIES)

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        *,
        title: str = "",
        body: str = "",
        effective_on: dt.date | None = None,
        edit_version: int | None = None,
        next_version: int = 1,
        rules: PolicyRow | None = None,
    ) -> None:
        super().__init__(
            ops,
            f"Edit policy version {edit_version}"
            if edit_version
            else f"New policy version {next_version}",
            parent,
            save_text="Save changes" if edit_version else "Save as new version",
            intro=(
                "No issued agreement uses this version yet, so its text can still change."
                if edit_version
                else "Agreements already issued keep the version they printed; agreements "
                "drafted from now on use this new version."
            ),
        )
        self.resize(760, 640)
        self.edit_version = edit_version
        self.title = QLineEdit(title)
        self.add_field("title", "Title", self.title)
        self.effective_on = date_edit(effective_on if edit_version else None)
        self.add_field("effective_on", "Effective from", self.effective_on)
        self.body = QPlainTextEdit(body)
        self.body.setMinimumHeight(300)
        self.add_field("body", "Policy text", self.body, "Printed in full on every agreement")
        # How a balance is repaid, and what a program ending without the credential means:
        # frozen into every agreement issued under this version.
        self.due_days = QSpinBox()
        self.due_days.setRange(0, MAX_DUE_DAYS)
        self.due_days.setSuffix(" days after the statement")
        self.add_field("due_days", "Balance due", self.due_days)
        self.instalments = QSpinBox()
        self.instalments.setRange(1, MAX_INSTALMENTS)
        self.instalments.setSuffix(" monthly instalments at most")
        self.add_field(
            "instalments",
            "Instalments",
            self.instalments,
            "Where a state law forbids a lump sum, the months left in the commitment",
        )
        self.payment_method = QLineEdit()
        self.payment_method.setPlaceholderText(DEFAULT_PAYMENT_METHOD)
        self.add_field("payment_method", "How to pay", self.payment_method)
        self.program_end_rule = QComboBox()
        for value, label in PROGRAM_END_LABELS.items():
            self.program_end_rule.addItem(label, value)
        self.add_field(
            "program_end_rule",
            "Program ends without the credential",
            self.program_end_rule,
            "Nothing is ever owed after the commitment would have ended",
        )
        self.review_days = QSpinBox()
        self.review_days.setRange(0, MAX_REVIEW_DAYS)
        self.review_days.setSuffix(" business days")
        self.add_field(
            "review_days",
            "Time to review before signing",
            self.review_days,
            "The form says when it was given and until when the manager may review it",
        )
        self.review_days.setValue(rules.review_days if rules else DEFAULT_REVIEW_DAYS)
        self.due_days.setValue(rules.payment_due_days if rules else 30)
        self.instalments.setValue(rules.max_instalments if rules else 12)
        self.payment_method.setText(rules.payment_method if rules else "")
        rule = rules.program_end_rule if rules else "clock_from_end"
        self.program_end_rule.setCurrentIndex(max(0, self.program_end_rule.findData(rule)))
        self.as_new_button = QPushButton("Save as new version")
        self.buttons.addButton(self.as_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.as_new_button.setVisible(False)  # after addButton, which shows it
        self.as_new_button.clicked.connect(self.save_as_new_version)
        self.body.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        version = self.edit_version
        values = {
            "title": self.title.text(),
            "body": self.body.toPlainText(),
            "effective_on": iso_of(self.effective_on),
        }
        due, count = self.due_days.value(), self.instalments.value()
        method, rule = self.payment_method.text(), self.program_end_rule.currentData()
        review = self.review_days.value()

        def save(store: Store) -> Policy:

            values["rules"] = RepaymentRules(PaymentTerms(due, count, method), rule, review)

            if version is None:
                return policies.new_policy_version(store, **values)
            return policies.edit_policy(store, version, **values)

        return save

    def save_as_new_version(self) -> None:
        """Keep the text typed, but save it as the next version instead."""
        self.edit_version = None
        self.setWindowTitle("New policy version")
        self.save_button.setText("Save as new version")
        self.as_new_button.setVisible(False)
        self.submit()

    def _failed(self, exc: InvalidInput) -> None:
        super()._failed(exc)

        if exc.field == "version" and self.edit_version is not None:
            # The version got used by an issued agreement: it is frozen for good.
            self.general_error.setText(exc.message[:1].upper() + exc.message[1:])
            self.save_button.setEnabled(False)
            self.as_new_button.setVisible(True)
            self.as_new_button.setDefault(True)
