"""Dialogs for a credential's life: record credits, renew, attach a proof or say why there is
none, attach a receipt. Each parses what was typed and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from certdesk.core.changes import Changes, Kind
from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents
from certdesk.core.renewal import CreditUnit, RenewalMethod, parse_credits
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.credentials import renewals

if TYPE_CHECKING:
    from certdesk.services.credentials.renewals import CycleView
    from certdesk.store import Store

SCAN_FILTER = "Scans and PDFs (*.pdf *.png *.jpg *.jpeg);;All files (*)"


class FilePicker(QWidget):
    """A file name field with a Browse… button (PDF, PNG or JPEG)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("no file chosen")
        self.browse = QPushButton("Browse…")
        self.browse.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self._title, "", SCAN_FILTER)
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def setFocus(self) -> None:  # noqa: N802 (Qt's name): errors focus the field
        self.edit.setFocus()


def reason_edit(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(60)
    return edit


class ActivityDialog(FormDialog):
    """Record continuing education toward the credential's renewal."""

    changes = Changes.of(Kind.RENEWALS, Kind.PATHS)

    def __init__(
        self, ops: Ops, path: dict, categories: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops,
            f"Add credits — {path['cert_code']}, {path['full_name']}",
            parent,
            save_text="Add credits",
            intro="The activity counts in the cycle whose dates contain it; 1 CEU = 10 hours.",
        )
        self._path_id = path["id"]
        self.on = date_edit()
        self.add_field("earned_on", "Date", self.on)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Workforce forecasting webinar")
        self.add_field("title", "Activity", self.title_edit)
        self.provider = QLineEdit()
        self.add_field("provider", "Provider", self.provider)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(["", *categories])
        self.add_field("category", "Category", self.category, "caps apply per category")
        self.credits = QLineEdit()
        self.credits.setPlaceholderText("e.g. 2.5")
        self.add_field("credits", "Credits", self.credits)
        self.unit = QComboBox()
        self.unit.addItem("hours", "hours")
        self.unit.addItem("CEU", "ceu")
        self.add_field("unit", "Unit", self.unit)
        self.proof = FilePicker("Certificate of attendance")
        self.add_field("proof", "Proof", self.proof, "optional: certificate of attendance")

    def operation(self) -> Callable[[Store], Any]:

        path_id = self._path_id
        on, credits = iso_of(self.on), self.credits.text()
        title, provider = self.title_edit.text(), self.provider.text()
        category, unit = self.category.currentText(), CreditUnit(self.unit.currentData())
        proof = self.proof.path()

        def add(store: Store) -> Any:

            return renewals.add_activity(
                store,
                path_id,
                earned_on=parse_date(on, "earned_on"),
                title=title,
                credits=parse_credits(credits),
                unit=unit,
                provider=provider,
                category=category,
                proof=proof,
            )

        return add


class RenewDialog(FormDialog):
    """Renew: the next cycle starts on the current one's expiry."""

    changes = Changes.of(Kind.RENEWALS, Kind.PATHS)

    def __init__(
        self, ops: Ops, path: dict, current: CycleView, parent: QWidget | None = None
    ) -> None:
        cycle = current.cycle
        intro = (
            f"Cycle {cycle.seq} runs from {cycle.starts_on} to {cycle.ends_on}. Credits: "
            f"{current.tally.describe()}. The next cycle starts on {cycle.ends_on}, whatever "
            "the date of the renewal."
        )
        super().__init__(
            ops,
            f"Renew {path['cert_code']} — {path['full_name']}",
            parent,
            save_text="Renew",
            intro=intro,
        )
        self._path_id = path["id"]
        self.on = date_edit()
        self.add_field("on", "Renewed on", self.on)
        self.method = QComboBox()
        self.method.addItem("by continuing-education credits", "credits")
        self.method.addItem("by passing the exam again", "exam")
        if not current.tally.met:
            self.method.setCurrentIndex(1)
        self.add_field("credits", "How", self.method)
        self.fee_paid = None
        if current.rule.fee_cents:
            self.fee_paid = QCheckBox(
                f"The company paid the renewal fee ({format_cents(current.rule.fee_cents)}) "
                "on the renewal date: add it as a cost line"
            )
            self.fee_paid.setChecked(True)
            self.add_field("fee", "Fee", self.fee_paid)

    def operation(self) -> Callable[[Store], Any]:

        path_id, on = self._path_id, iso_of(self.on)
        method = RenewalMethod(self.method.currentData())
        fee = self.fee_paid is not None and self.fee_paid.isChecked()

        def renew(store: Store) -> Any:

            day = parse_date(on, "on")
            return renewals.renew(
                store, path_id, on=day, method=method, fee_paid_on=day if fee else None
            )

        return renew


class ProofDialog(FormDialog):
    """Attach the proof of completion, or record why there is none."""

    changes = Changes.of(Kind.RENEWALS, Kind.PATHS)

    def __init__(self, ops: Ops, path: dict, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Proof of completion — {path['cert_code']}, {path['full_name']}",
            parent,
            save_text="Save",
            intro="Attach the certificate or transcript; without it, say why (kept in the "
            "audit trail).",
        )
        self._path_id = path["id"]
        self.proof = FilePicker("Certificate or transcript")
        self.add_field("proof", "Proof file", self.proof)
        self.reason = reason_edit("e.g. the issuer mails certificates within six weeks")
        self.add_field("missing_reason", "Or why none", self.reason)

    def operation(self) -> Callable[[Store], Any]:
        path_id, proof, reason = self._path_id, self.proof.path(), self.reason.toPlainText()

        def save(store: Store) -> Any:

            if proof is not None:
                return renewals.attach_completion_proof(store, path_id, proof)
            if not reason.strip():
                raise InvalidInput("proof", "choose the proof file, or say why there is none")
            return renewals.record_missing_proof(store, path_id, reason)

        return save


class ReceiptDialog(FormDialog):
    """Attach the itemised receipt to a cost line."""

    changes = Changes.of(Kind.RENEWALS, Kind.PATHS)

    def __init__(self, ops: Ops, cost_line_id: int, what: str, parent: QWidget | None = None):
        super().__init__(ops, f"Receipt — {what}", parent, save_text="Attach receipt")
        self._line = cost_line_id
        self.receipt = FilePicker("Itemised receipt")
        self.add_field("receipt", "Receipt", self.receipt)

    def operation(self) -> Callable[[Store], Any]:
        line, receipt = self._line, self.receipt.path()

        def attach(store: Store) -> Any:

            if receipt is None:
                raise InvalidInput("receipt", "choose the receipt file (PDF, PNG or JPEG)")
            return renewals.attach_receipt(store, line, receipt)

        return attach
