"""Add cost dialog: one amount spent on a path, and who paid it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.labels import COST_KIND_HINTS, COST_KIND_LABELS, PAYER_LABELS
from certdesk.core.models import COST_KINDS
from certdesk.core.money import format_cents
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.paths import lifecycle as paths
from certdesk.services.paths.cost_lines import edit_cost

if TYPE_CHECKING:
    from certdesk.core.models import CostLine
    from certdesk.store import Store


class CostDialog(FormDialog):
    """Add a cost line to one path."""

    changes = Changes.of(Kind.PATHS, Kind.AGREEMENTS)

    def __init__(
        self, ops: Ops, path: dict, parent: QWidget | None = None, *, cost: CostLine | None = None
    ) -> None:
        super().__init__(
            ops,
            f"{'Edit a cost of' if cost else 'Add a cost to'} {path['cert_code']} — "
            f"{path['full_name']}",
            parent,
            save_text="Save changes" if cost else "Add cost",
        )
        self._path_id = path["id"]
        self._cost = cost
        self.kind = QComboBox()
        for kind in COST_KINDS:
            self.kind.addItem(COST_KIND_LABELS[kind] + COST_KIND_HINTS.get(kind, ""), kind.value)
        self.add_field("kind", "Kind", self.kind)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1234.56")
        self.add_field("amount", "Amount", self.amount, "two decimals at most, e.g. 1,495.00")
        self.paid_by = QComboBox()
        for who, label in PAYER_LABELS.items():
            self.paid_by.addItem(label, who.value)
        self.add_field("paid_by", "Paid by", self.paid_by)
        self.paid_on = date_edit()
        self.add_field("paid_on", "Paid on", self.paid_on)
        self.not_yet_paid = QCheckBox("Not yet paid (committed, not spent)")
        self.not_yet_paid.setToolTip(
            "An invoice or enrolment the company will pay later. It counts as committed, not "
            "spent, until its paid-on date is recorded."
        )
        self.not_yet_paid.toggled.connect(lambda on: self.paid_on.setEnabled(not on))
        self.add_field("not_yet_paid", "", self.not_yet_paid)
        self.description = QLineEdit()
        self.description.setPlaceholderText(f"e.g. {path['cert_code']} course tuition")
        self.add_field("description", "Description", self.description)
        self.amount.setFocus()
        if cost is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(cost.kind)))
            self.amount.setText(format_cents(cost.amount_cents))
            self.paid_by.setCurrentIndex(max(0, self.paid_by.findData(cost.paid_by)))
            if cost.paid_on is not None:
                day = cost.paid_on
                self.paid_on.setDate(QDate(day.year, day.month, day.day))
            self.description.setText(cost.description)
            self.not_yet_paid.setChecked(cost.not_yet_paid and cost.paid_on is None)

    def operation(self) -> Callable[[Store], Any]:
        path_id = self._path_id
        values = {
            "kind": self.kind.currentData(),
            "amount": self.amount.text(),
            "paid_by": self.paid_by.currentData(),
            "paid_on": None if self.not_yet_paid.isChecked() else iso_of(self.paid_on),
            "not_yet_paid": self.not_yet_paid.isChecked(),
            "description": self.description.text(),
        }

        if self._cost is not None:
            cost_id = self._cost.id

            def edit(store: Store) -> Any:

                return edit_cost(store, cost_id, **values)

            return edit

        def add(store: Store) -> Any:

            return paths.add_cost(store, path_id, **values)

        return add


class CostPaidDialog(FormDialog):
    """Record the day a cost line was paid (or that it is not paid yet after all)."""

    changes = Changes.of(Kind.PATHS, Kind.AGREEMENTS)

    def __init__(self, ops: Ops, line: CostLine, parent: QWidget | None = None) -> None:
        kind = COST_KIND_LABELS.get(line.kind, line.kind)
        what = f"{kind}: {line.description}" if line.description else kind
        super().__init__(
            ops,
            "Record the payment",
            parent,
            save_text="Save",
            intro=f"{what}, {format_cents(line.amount_cents)}. Money counts as spent (on the "
            "dashboard and in the reports) from the day it is paid; a per-payment repayment "
            "clock starts on that day.",
        )
        self._line_id = line.id
        self.paid_on = date_edit(line.paid_on)
        self.add_field("paid_on", "Paid on", self.paid_on)
        self.not_yet_paid = QCheckBox("Not yet paid (committed, not spent)")
        self.not_yet_paid.toggled.connect(lambda on: self.paid_on.setEnabled(not on))
        self.not_yet_paid.setChecked(line.not_yet_paid and line.paid_on is None)
        self.add_field("not_yet_paid", "", self.not_yet_paid)

    def operation(self) -> Callable[[Store], Any]:
        line_id = self._line_id
        unpaid, day, typed = self.not_yet_paid.isChecked(), self.paid_on.value(), self.paid_on.iso()

        def record(store: Store) -> Any:

            if not unpaid and day is None:  # the date field holds no whole date
                raise InvalidInput("paid_on", f"{typed!r} is not a date; write it as YYYY-MM-DD")
            return paths.record_cost_payment(store, line_id, None if unpaid else day)

        return record
