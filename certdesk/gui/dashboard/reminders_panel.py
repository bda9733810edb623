"""Renewals and proof on the dashboard: credentials due in 90/60/30/7 days or lapsed, and
proofs of completion overdue; a double-click opens the manager."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.columns import OVERDUE_COLOR, SOON_COLOR, fold
from certdesk.gui.widgets.data_page import DataPage, heading_label, hint_label, list_view
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.credentials.reminders import reminders

if TYPE_CHECKING:
    from certdesk.services.credentials.reminders import Reminders
    from certdesk.store import Store

ROWS_SHOWN = 6


@dataclass(frozen=True)
class ReminderRow:
    employee_no: str
    full_name: str
    cert_code: str
    what: str
    when: str
    detail: str
    urgent: bool
    order: tuple


def _color(row: ReminderRow) -> str | None:
    return OVERDUE_COLOR if row.urgent else SOON_COLOR


COLUMNS: list[Column[ReminderRow]] = [
    Column("No.", lambda r: r.employee_no),
    Column("Manager", lambda r: r.full_name, lambda r: fold(r.full_name)),
    Column("Cert.", lambda r: r.cert_code),
    Column("Reminder", lambda r: r.what, lambda r: r.order, color=_color),
    Column("When", lambda r: r.when, lambda r: r.order, color=_color),
    Column("Credits / proof", lambda r: r.detail, lambda r: fold(r.detail)),
]


def rows_of(found: Reminders) -> list[ReminderRow]:
    out = []
    for r in found.renewals:
        what = "lapsed" if r.lapsed else f"renewal due ({r.bucket} days)"
        out.append(
            ReminderRow(
                r.employee_no,
                r.full_name,
                r.cert_code,
                what,
                f"{r.when()} ({r.ends_on})",
                r.credits,
                r.lapsed or (r.days <= 7) or not r.renewal_met and r.days <= 30,
                (0 if r.lapsed else 1, r.days),
            )
        )
    for p in found.proofs_overdue:
        out.append(
            ReminderRow(
                p.employee_no,
                p.full_name,
                p.cert_code,
                "proof overdue",
                f"{p.days_overdue} day{'s' if p.days_overdue != 1 else ''} (due {p.deadline})",
                "no certificate attached",
                True,
                (0, -p.days_overdue),
            )
        )
    return sorted(out, key=lambda r: r.order)


def _load(store: Store) -> Reminders:

    return reminders(store)


class RemindersPanel(DataPage):
    manager_requested = Signal(str)
    load = staticmethod(_load)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.title = heading_label("Renewals and proof", 1.1)
        self.note = hint_label("Loading…")
        self.model: RowTableModel[ReminderRow] = RowTableModel(COLUMNS, parent=self)
        self.view = list_view(self.model, widths=(80, 230, 60, 170, 230, 0), stretch=5)
        self.view.setToolTip("Double-click to open the manager")
        self.view.doubleClicked.connect(
            lambda index: self.manager_requested.emit(self.model.row(index).employee_no)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.view)

    def show_data(self, found: Reminders) -> None:
        rows = rows_of(found)
        self.model.set_rows(rows)
        due30, lapsed, proofs = found.due_within(30), found.lapsed, len(found.proofs_overdue)
        self.note.setText(
            f"{len(found.renewals) - lapsed} renewal(s) due within 90 days ({due30} within 30), "
            f"{lapsed} lapsed, {proofs} proof(s) of completion overdue. Reminders at 90, 60, "
            "30 and 7 days; certdesk report renewals lists them."
            if rows
            else "No renewal due within 90 days, nothing lapsed, no proof overdue."
        )
        shown = min(max(len(rows), 1), ROWS_SHOWN)
        view = self.view
        height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        view.setFixedHeight(height + shown * view.verticalHeader().defaultSectionSize())
        view.setVisible(bool(rows))


def status_links(counts: dict[str, int]) -> str:
    """The status bar's renewal links ('' when nothing needs attention)."""
    parts = []
    if counts.get("due_30"):
        n = counts["due_30"]
        parts.append(f"{n} renewal{'s' if n != 1 else ''} due ≤ 30 days")
    if counts.get("lapsed"):
        n = counts["lapsed"]
        parts.append(f"{n} lapsed")
    if counts.get("proof_overdue"):
        n = counts["proof_overdue"]
        parts.append(f"{n} proof{'s' if n != 1 else ''} overdue")
    return " · ".join(f'<a href="reminders">{p}</a>' for p in parts)
