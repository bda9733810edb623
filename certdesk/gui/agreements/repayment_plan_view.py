"""The repayment plan on the agreement pane: each instalment with what is paid, late and left
(as of today), the rule that allocates payments, and the payments received."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.money import format_cents
from certdesk.core.plan_progress import (
    ALLOCATION_RULE,
    InstalmentProgress,
    InstalmentState,
    method_words,
)
from certdesk.gui.widgets.table_model import Column, RowTableModel

if TYPE_CHECKING:
    from certdesk.services.departures.followup import RepaymentFollowUp

LATE_COLOR = "#b00020"

PLAN_COLUMNS: list[Column[InstalmentProgress]] = [
    Column("No.", lambda r: str(r.number), lambda r: r.number, align_right=True),
    Column("Due on", lambda r: str(r.due_on)),
    Column(
        "Amount", lambda r: format_cents(r.amount_cents), lambda r: r.amount_cents, align_right=True
    ),
    Column("Paid", lambda r: format_cents(r.paid_cents), lambda r: r.paid_cents, align_right=True),
    Column("Left", lambda r: format_cents(r.left_cents), lambda r: r.left_cents, align_right=True),
    Column(
        "Status",
        lambda r: r.state_words,
        color=lambda r: LATE_COLOR if r.state is InstalmentState.LATE else None,
    ),
]


class RepaymentPlanView(QWidget):
    """The plan table with its one-line summary and the allocation rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model: RowTableModel[InstalmentProgress] = RowTableModel(PLAN_COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(120)
        # As wide as the pane gives it (the printed schedule beside sets the column's width):
        # its columns' contents never widen the window past a laptop screen.
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.rule = QLabel(ALLOCATION_RULE)
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: palette(placeholder-text);")
        self.payments = QLabel()
        self.payments.setWordWrap(True)
        self.payments.setTextFormat(Qt.TextFormat.PlainText)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(self.rule)
        column.addWidget(self.payments)

    def show_follow_up(self, follow: RepaymentFollowUp | None) -> None:
        """The plan of a departure's repayment (hidden when there is none to follow)."""
        progress = follow.progress if follow is not None else None
        self.setVisible(progress is not None)
        if follow is None or progress is None:
            self.model.set_rows([])
            return
        made = f"Plan of {follow.plan.issued_on}" if follow.plan else "Plan"
        self.summary.setText(f"{made}, as of {follow.as_of}: {progress.summary()}.")
        late = progress.late
        self.summary.setStyleSheet(f"color: {LATE_COLOR}; font-weight: bold;" if late else "")
        self.model.set_rows(list(progress.rows))
        lines = [
            f"{p.received_on}  {format_cents(p.amount_cents)}"
            + (f"  {method_words(p.method)}" if p.method else "")
            for p in follow.payments
        ]
        self.payments.setText("Payments received: " + "; ".join(lines) if lines else "")
        self.payments.setVisible(bool(lines))
