"""The Credentials tab of the manager's screen: every cycle of every credential the manager
holds (the selected path's first), its credits against the rule, and the proof of completion;
buttons to add credits, renew and attach the proof."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from certdesk.core.renewal import (
    CYCLE_STATE_LABELS,
    PROOF_STATE_LABELS,
    CreditActivity,
    CycleState,
    ProofState,
    format_centihours,
    format_hundredths,
)
from certdesk.gui.managers.renewal_dialogs import ActivityDialog, ProofDialog, RenewDialog
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.columns import OVERDUE_COLOR, SOON_COLOR, fold
from certdesk.gui.widgets.data_page import hint_label, list_view
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.credentials.renewals import credential_panel

if TYPE_CHECKING:
    from certdesk.gui.widgets.form_dialog import FormDialog
    from certdesk.services.credentials.renewals import CredentialPanel, CredentialView, CycleView
    from certdesk.store import Store

RENEWED_COLOR = "#1b6e20"
STATE_COLORS = {
    CycleState.LAPSED: OVERDUE_COLOR,
    CycleState.RENEWAL_DUE: SOON_COLOR,
    CycleState.RENEWED: RENEWED_COLOR,
}


@dataclass(frozen=True)
class CycleRow:
    """One line of the cycles table."""

    credential: CredentialView
    view: CycleView
    selected_path: bool


def _state_text(row: CycleRow) -> str:
    cycle = row.view.cycle
    text = CYCLE_STATE_LABELS[row.view.state]
    if cycle.renewed_late:
        return f"lapsed, renewed late on {cycle.renewed_on}"
    if row.view.state == CycleState.RENEWED:
        how = "by exam" if cycle.renewal_method == "exam" else "by credits"
        return f"renewed {cycle.renewed_on} {how}"
    if row.view.state == CycleState.RENEWAL_DUE and cycle.ends_on:
        days = (cycle.ends_on - dt.date.today()).days
        return f"renewal due in {days} day{'s' if days != 1 else ''}"
    return text


def _credits_text(row: CycleRow) -> str:
    tally = row.view.tally
    if row.view.cycle.ends_on is None:
        return "never expires"
    if not tally.needed_centihours:
        return "no credits required"
    counted = format_centihours(tally.counted_centihours, tally.unit)
    needed = format_centihours(tally.needed_centihours, tally.unit)
    if tally.met:
        return f"{counted} of {needed}: met"
    return f"{counted} of {needed}: {format_centihours(tally.short_centihours, tally.unit)} short"


CYCLE_COLUMNS: list[Column[CycleRow]] = [
    Column(
        "Credential",
        lambda r: f"{r.credential.cert_code}{' ◀' if r.selected_path else ''}",
        lambda r: (not r.selected_path, r.credential.cert_code),
        tooltip="◀ the path selected above",
    ),
    Column("Cycle", lambda r: str(r.view.cycle.seq), lambda r: r.view.cycle.seq, align_right=True),
    Column("From", lambda r: r.view.cycle.starts_on.isoformat()),
    Column("Until", lambda r: r.view.cycle.ends_on.isoformat() if r.view.cycle.ends_on else "—"),
    Column("State", _state_text, color=lambda r: STATE_COLORS.get(r.view.state)),
    Column("Credits", _credits_text, lambda r: r.view.tally.counted_centihours),
    Column("Rule", lambda r: f"v{r.view.rule.version}" if r.view.rule.version else "catalog"),
]

ACTIVITY_COLUMNS: list[Column[CreditActivity]] = [
    Column("Date", lambda a: a.earned_on.isoformat()),
    Column("Activity", lambda a: a.title, lambda a: fold(a.title)),
    Column("Provider", lambda a: a.provider, lambda a: fold(a.provider)),
    Column("Category", lambda a: a.category, lambda a: fold(a.category)),
    Column(
        "Credits",
        lambda a: format_hundredths(a.credits, a.unit),
        lambda a: a.credits,
        align_right=True,
    ),
    Column("Proof", lambda a: "attached" if a.attachment_id else ""),
]


class CredentialTab(QWidget):
    """Loads the manager's credential panel on the worker whenever the selected path changes."""

    loaded = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._path: dict | None = None
        self._generation = 0
        self.panel: CredentialPanel | None = None
        self.dialog: FormDialog | None = None

        self.summary = hint_label(wrap=False)
        self.proof_label = QLabel()
        self.proof_label.setTextFormat(Qt.TextFormat.PlainText)
        self.add_credits_button = QPushButton("Add credits…")
        self.renew_button = QPushButton("Renew…")
        self.proof_button = QPushButton("Proof…")
        self.add_credits_button.clicked.connect(self.open_add_credits)
        self.renew_button.clicked.connect(self.open_renew)
        self.proof_button.clicked.connect(self.open_proof)
        self.buttons = (self.add_credits_button, self.renew_button, self.proof_button)

        self.cycles_model: RowTableModel[CycleRow] = RowTableModel(CYCLE_COLUMNS, parent=self)
        self.cycles_view = list_view(
            self.cycles_model, widths=(75, 40, 80, 80, 175, 0, 40), stretch=5
        )
        self.cycles_view.selectionModel().selectionChanged.connect(self._show_activities)
        self.activities_model: RowTableModel[CreditActivity] = RowTableModel(
            ACTIVITY_COLUMNS, parent=self
        )
        self.activities_view = list_view(
            self.activities_model, widths=(85, 0, 90, 90, 70, 50), stretch=1
        )
        self.activities_title = hint_label(wrap=False)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.cycles_view)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.activities_title)
        column.addWidget(self.activities_view)
        split.addWidget(right)
        split.setSizes([880, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.proof_label)
        layout.addWidget(split, 1)
        self._update_buttons()

    # ---- loading ------------------------------------------------------------------------
    def show_path(self, path: dict | None) -> None:
        self._path = path
        self._generation += 1
        if path is None:
            self.cycles_model.set_rows([])
            self.activities_model.set_rows([])
            self.panel = None
            self._update_buttons()
            return
        generation, employee_id = self._generation, path["employee_id"]

        def load(store: Store) -> CredentialPanel:

            return credential_panel(store, employee_id)

        self._ops.run_op(load, lambda panel: self._loaded(generation, panel))

    def _loaded(self, generation: int, panel: CredentialPanel) -> None:
        if generation != self._generation or self._path is None:
            return
        self.panel = panel
        path_id = self._path["id"]
        rows = [
            CycleRow(cred, view, cred.path_id == path_id)
            for cred in sorted(panel.credentials, key=lambda c: (c.path_id != path_id, c.cert_code))
            for view in reversed(cred.cycles)
        ]
        self.cycles_model.set_rows(rows)
        if rows:
            self.cycles_view.selectRow(0)  # the selected path's current cycle
        else:
            self.activities_model.set_rows([])
        self._summarise()
        self._show_activities()
        self._update_buttons()
        self.loaded.emit()

    def credential(self) -> CredentialView | None:
        if self.panel is None or self._path is None:
            return None
        return next((c for c in self.panel.credentials if c.path_id == self._path["id"]), None)

    def _summarise(self) -> None:
        cred = self.credential()
        count = sum(len(c.cycles) for c in (self.panel.credentials if self.panel else ()))
        held = len(self.panel.credentials) if self.panel else 0
        if self._path is not None and cred is None:
            self.summary.setText(
                f"{self._path['cert_code']} is {self._path['status']}: cycles start at completion"
            )
        else:
            self.summary.setText(f"{held} credential{'s' if held != 1 else ''}, {count} cycles")
        proof = self.panel.proofs.get(self._path["id"]) if self.panel and self._path else None
        if proof is None:
            self.proof_label.setText("")
            self.proof_label.setVisible(False)
            return
        self.proof_label.setVisible(True)
        text = f"Proof of completion ({self._path['cert_code']}): {PROOF_STATE_LABELS[proof.state]}"
        if proof.state == ProofState.ATTACHED:
            text += f" — {proof.filename}" if proof.filename else ""
        elif proof.deadline is not None:
            text += f" — by {proof.deadline} under the agreement"
        if proof.missing_reason and proof.state != ProofState.ATTACHED:
            text += f" — reason: {proof.missing_reason}"
        self.proof_label.setText(text)
        color = {ProofState.OVERDUE: OVERDUE_COLOR, ProofState.DUE: SOON_COLOR}.get(proof.state)
        self.proof_label.setStyleSheet(f"color: {color};" if color else "")

    def selected_cycle_row(self) -> CycleRow | None:
        rows = self.cycles_view.selectionModel().selectedRows()
        return self.cycles_model.row(rows[0]) if rows else None

    def _show_activities(self, *_: object) -> None:
        row = self.selected_cycle_row()
        if row is None:
            self.activities_model.set_rows([])
            self.activities_title.setText("Select a cycle to see its activities")
            return
        self.activities_model.set_rows(list(row.view.activities))
        count = len(row.view.activities)
        self.activities_title.setText(
            f"{row.credential.cert_code} cycle {row.view.cycle.seq}: {count} "
            f"activit{'ies' if count != 1 else 'y'}; {row.view.rule.describe()}"
        )

    def _update_buttons(self) -> None:
        cred = self.credential()
        current = cred.current if cred else None
        for button in self.buttons:
            button.setEnabled(cred is not None)
            button.setToolTip("" if cred else "Only a completed path holds a credential")
        if current is not None and current.cycle.ends_on is None:
            self.renew_button.setEnabled(False)
            self.renew_button.setToolTip("This credential never expires")

    # ---- dialogs ------------------------------------------------------------------------
    def open_add_credits(self) -> None:

        cred = self.credential()
        if cred is None or self._path is None:
            return
        categories = [c.category for c in cred.current.rule.caps] if cred.current else []
        self._open(ActivityDialog(self._ops, self._path, categories, self))

    def open_renew(self) -> None:

        cred = self.credential()
        if cred is not None and cred.current is not None and self._path is not None:
            self._open(RenewDialog(self._ops, self._path, cred.current, self))

    def open_proof(self) -> None:

        if self.credential() is not None and self._path is not None:
            self._open(ProofDialog(self._ops, self._path, self))

    def _open(self, dialog: FormDialog) -> None:
        open_owned(self, dialog)
