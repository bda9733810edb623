"""Costs, class sessions and application plan of the path selected in the manager's pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from certdesk.core.changes import Changes, Kind
from certdesk.core.labels import COST_KIND_LABELS
from certdesk.core.money import format_cents
from certdesk.core.words import plural
from certdesk.gui.managers.credential_tab import CredentialTab
from certdesk.gui.managers.renewal_dialogs import ReceiptDialog
from certdesk.gui.operations.runner import Ops
from certdesk.gui.paths.cost_dialog import CostDialog, CostPaidDialog
from certdesk.gui.paths.item_dialogs import PlanDoneDialog, PlanItemDialog, SessionDialog
from certdesk.gui.widgets.columns import OVERDUE_COLOR, blanks_last, deadline_color, fold, money
from certdesk.gui.widgets.data_page import hint_label, list_view
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.messages import show_problem
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.paths.cost_lines import delete_cost
from certdesk.services.paths.lifecycle import path_detail

if TYPE_CHECKING:
    from certdesk.core.models import ClassSession, CostLine, PlanItem
    from certdesk.gui.widgets.form_dialog import FormDialog
    from certdesk.services.paths.lifecycle import PathDetail
    from certdesk.store import Store

DONE_COLOR = "#1b6e20"
NOT_APPLICABLE_COLOR = "#777777"
QWIDGETSIZE_MAX = 16777215  # Qt's "no maximum"


def _iso(day) -> str:
    return day.isoformat() if day else ""


def hours_text(hours: float) -> str:
    """7.5 → "7.5", 8.0 → "8"."""
    return f"{hours:,.2f}".rstrip("0").rstrip(".")


def plan_color(item: PlanItem) -> str | None:
    """Green once done; grey when not applicable; red past due, amber due within 30 days."""
    if item.done_on is not None:
        return DONE_COLOR
    if item.not_applicable_on is not None:
        return NOT_APPLICABLE_COLOR
    return deadline_color(_iso(item.due_date))


COST_COLUMNS: list[Column[CostLine]] = [
    Column("Kind", lambda c: COST_KIND_LABELS.get(c.kind, c.kind)),
    Column("Description", lambda c: c.description, lambda c: fold(c.description)),
    Column("Amount", lambda c: money(c.amount_cents), lambda c: c.amount_cents, align_right=True),
    Column("Paid by", lambda c: "company" if c.paid_by == "company" else "manager"),
    Column(
        "Paid on",
        lambda c: "not yet paid" if c.not_yet_paid else _iso(c.paid_on),
        lambda c: blanks_last(_iso(c.paid_on)),
        tooltip="Not yet paid: committed, not spent (the dashboard shows it apart)",
    ),
    Column(
        "Repayable",
        lambda c: "yes" if c.repayable and c.paid_by == "company" else "no",
        tooltip="Company-paid costs an agreement can ask back; wages for class hours never are",
    ),
]
SESSION_COLUMNS: list[Column[ClassSession]] = [
    Column("Date", lambda s: s.session_date.isoformat()),
    Column(
        "Hours away",
        lambda s: hours_text(s.hours_away),
        lambda s: s.hours_away,
        align_right=True,
        tooltip="Hours away from the floor",
    ),
    Column("Note", lambda s: s.note, lambda s: fold(s.note)),
]
PLAN_COLUMNS: list[Column[PlanItem]] = [
    Column("Commitment", lambda i: i.commitment, lambda i: fold(i.commitment), color=plan_color),
    Column(
        "Due",
        lambda i: _iso(i.due_date),
        lambda i: blanks_last(_iso(i.due_date)),
        tooltip="Red once past due and not done, amber within 30 days",
        color=plan_color,
    ),
    Column(
        "Done on",
        lambda i: "not applicable" if i.not_applicable_on else _iso(i.done_on),
        lambda i: blanks_last(_iso(i.done_on)),
        color=plan_color,
    ),
    Column("Outcome", lambda i: i.outcome, lambda i: fold(i.outcome)),
]


def _actions(summary: QLabel, *buttons: QPushButton) -> QWidget:
    """A tab's summary sentence and buttons, shown beside the tab titles (saves a row)."""
    summary.setWordWrap(False)  # one line beside the tab titles
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(12, 0, 0, 2)
    row.addWidget(summary, 1)
    for button in buttons:
        row.addWidget(button)
    return box


class PathTabs(QWidget):
    """Three tabs over one path's PathDetail, loaded on the worker when the path changes."""

    loaded = Signal()  # the tabs show the current path's detail

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._path: dict | None = None
        self._generation = 0
        self.loads = 0  # how many loads were started (the detail pane avoids doubling one)
        self.detail: PathDetail | None = None
        self.dialog: FormDialog | None = None

        self.costs_model: RowTableModel[CostLine] = RowTableModel(COST_COLUMNS, parent=self)
        self.costs_view = list_view(self.costs_model)
        self.costs_summary = hint_label()  # "Add cost…" is among the path buttons above
        self.paid_button = QPushButton("Paid on…")
        self.paid_button.setToolTip("Record the day the selected cost was paid")
        self.paid_button.clicked.connect(self.open_cost_paid)
        self.costs_view.selectionModel().selectionChanged.connect(self._update_paid_button)
        self.edit_cost_button = QPushButton("Edit…")
        self.edit_cost_button.clicked.connect(self.open_edit_cost)
        self.delete_cost_button = QPushButton("Delete…")
        self.delete_cost_button.clicked.connect(self.ask_delete_cost)
        self.costs_view.selectionModel().selectionChanged.connect(self._update_cost_buttons)
        self.costs_view.doubleClicked.connect(self.open_edit_cost)
        self.costs_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in (
            ("Edit cost…", self.open_edit_cost),
            ("Delete cost…", self.ask_delete_cost),
        ):
            action = QAction(text, self.costs_view)
            action.triggered.connect(slot)
            self.costs_view.addAction(action)
        self.delete_box: QMessageBox | None = None  # the delete question or refusal shown

        self.sessions_model: RowTableModel[ClassSession] = RowTableModel(
            SESSION_COLUMNS, parent=self
        )
        self.sessions_view = list_view(self.sessions_model)
        self.sessions_summary = hint_label()
        self.add_session_button = QPushButton("Add session…")
        self.add_session_button.clicked.connect(self.open_add_session)

        self.plan_model: RowTableModel[PlanItem] = RowTableModel(PLAN_COLUMNS, parent=self)
        self.plan_view = list_view(self.plan_model)
        self.plan_summary = hint_label()
        self.add_plan_button = QPushButton("Add plan item…")
        self.add_plan_button.clicked.connect(self.open_add_plan_item)
        self.done_button = QPushButton("Mark done…")
        self.done_button.clicked.connect(self.open_mark_done)
        self.plan_view.selectionModel().selectionChanged.connect(self._update_done_button)
        self.plan_view.doubleClicked.connect(self.open_mark_done)

        for view, stretch in ((self.costs_view, 1), (self.sessions_view, 2), (self.plan_view, 0)):
            view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.costs_view.setColumnWidth(0, 170)
        self.plan_view.setColumnWidth(1, 100)
        self.plan_view.setColumnWidth(2, 100)
        self.plan_view.setColumnWidth(3, 260)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.costs_view, "Costs")
        self.tabs.addTab(self.sessions_view, "Class sessions")
        self.tabs.addTab(self.plan_view, "Application plan")

        self.credential_tab = CredentialTab(self._ops)  # every cycle of every credential
        self.tabs.addTab(self.credential_tab, "Credentials")
        self.receipt_button = QPushButton("Attach receipt…")
        self.receipt_button.setToolTip("Attach the itemised receipt to the selected cost line")
        self.receipt_button.clicked.connect(self.open_receipt)
        self.costs_view.selectionModel().selectionChanged.connect(self._update_receipt_button)
        # The current tab's sentence and buttons sit in the tab bar's corner.
        self.actions = QStackedWidget()
        self.actions.addWidget(
            _actions(
                self.costs_summary,
                self.paid_button,
                self.edit_cost_button,
                self.delete_cost_button,
                self.receipt_button,
            )
        )
        self.actions.addWidget(_actions(self.sessions_summary, self.add_session_button))
        self.actions.addWidget(_actions(self.plan_summary, self.add_plan_button, self.done_button))
        self.actions.addWidget(_actions(self.credential_tab.summary, *self.credential_tab.buttons))
        self.tabs.setCornerWidget(self.actions, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self.actions.setCurrentIndex)
        self.placeholder = hint_label(
            "Select a path above to see its costs, class sessions and application plan."
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.tabs)
        self.show_path(None, reload=True)  # the hint, at its one-line height
        self._update_done_button()
        self._update_paid_button()
        self._update_cost_buttons()
        self._update_receipt_button()

    # ---- what is shown ------------------------------------------------------------------
    @property
    def path(self) -> dict | None:
        return self._path

    def show_path(self, path: dict | None, *, reload: bool = False) -> None:
        """Show this path's tabs (None: the hint); loads only if the path changed or asked."""
        same = (path or {}).get("id") == (self._path or {}).get("id")
        self._path = path
        if same and not reload:
            return
        self._generation += 1
        if path is None:
            self.stack.setCurrentIndex(0)
            # Only the hint's line: the paths table above gets the room.
            self.setMaximumHeight(self.placeholder.sizeHint().height() + 16)
            self.detail = None
            self.credential_tab.show_path(None)
            return
        self.stack.setCurrentIndex(1)
        self.setMaximumHeight(QWIDGETSIZE_MAX)
        if not same:  # do not show another path's lines while this one loads
            for model in (self.costs_model, self.sessions_model, self.plan_model):
                model.set_rows([])
            for label in (self.costs_summary, self.sessions_summary, self.plan_summary):
                label.setText("Loading…")
        self.loads += 1
        self.credential_tab.show_path(path)
        generation, path_id = self._generation, path["id"]

        def load(store: Store) -> PathDetail:

            return path_detail(store, path_id)

        self._ops.run_op(load, lambda detail: self._loaded(generation, detail))

    def _loaded(self, generation: int, detail: PathDetail) -> None:
        if generation != self._generation:
            return
        self.detail = detail
        kept_cost = self.selected_cost()
        self.costs_model.set_rows(detail.costs)
        if kept_cost is not None:  # a reload keeps the selected cost line selected
            row = self.costs_model.find(lambda c: c.id == kept_cost.id)
            if row >= 0:
                self.costs_view.selectRow(row)
        self.sessions_model.set_rows(detail.sessions)
        kept = self.selected_plan_item()
        self.plan_model.set_rows(detail.plan)
        # Keep the item selected; else select the first one still to do, so "Mark done…"
        # is ready for it.
        row = self.plan_model.find(lambda i: i.id == kept.id) if kept is not None else -1
        if row < 0:
            row = self.plan_model.find(lambda i: i.done_on is None)
        if row >= 0:
            self.plan_view.selectRow(row)
        self._summarise(detail)
        self._update_done_button()
        self._update_paid_button()
        self._update_cost_buttons()
        self._update_receipt_button()
        self.loaded.emit()

    def _summarise(self, detail: PathDetail) -> None:
        company = [c for c in detail.costs if c.paid_by == "company"]
        paid = sum(c.amount_cents for c in company if not c.not_yet_paid)
        committed = sum(c.amount_cents for c in company if c.not_yet_paid)
        repayable = sum(c.amount_cents for c in company if c.repayable)
        own = sum(c.amount_cents for c in detail.costs if c.paid_by != "company")
        self.costs_summary.setText(
            f"Company paid {money(paid)}"
            + (f" + {money(committed)} not yet paid" if committed else "")
            + f", repayable {money(repayable)}; manager paid {money(own)}"
            if detail.costs
            else "No costs recorded yet"
        )
        hours = sum(s.hours_away for s in detail.sessions)
        count = len(detail.sessions)
        self.sessions_summary.setText(
            f"{plural(count, 'session')}, {hours_text(hours)} hours away from the floor"
            if count
            else "No class sessions recorded yet"
        )
        done = sum(1 for i in detail.plan if i.done_on is not None)
        overdue = sum(1 for i in detail.plan if plan_color(i) == OVERDUE_COLOR)
        closed = sum(1 for i in detail.plan if i.not_applicable_on is not None)
        total = len(detail.plan) - closed
        ended = detail.path.status in ("withdrawn", "failed")
        self.add_plan_button.setEnabled(not ended)
        self.add_plan_button.setToolTip(
            f"The path was {detail.path.status}: there is nothing to put into practice"
            if ended
            else "What the manager commits to put into practice after certifying"
        )
        if closed:
            since = min(i.not_applicable_on for i in detail.plan if i.not_applicable_on)
            self.plan_summary.setText(
                f"{closed} not applicable since {since.isoformat()}: the path was "
                f"{detail.path.status}" + (f"; {done} done before" if done else "")
            )
        else:
            self.plan_summary.setText(
                f"{done} of {total} done" + (f"; {overdue} past due (in red)" if overdue else "")
                if total
                else "Nothing planned yet: what will they put into practice?"
            )
        self.tabs.setTabText(0, f"Costs ({len(detail.costs)})")
        self.tabs.setTabText(1, f"Class sessions ({count})")
        if total:
            plan_title = f"Application plan ({done}/{total} done)"
        elif closed:
            plan_title = "Application plan (not applicable)"
        else:
            plan_title = "Application plan (0)"
        self.tabs.setTabText(2, plan_title)

    def selected_cost(self) -> CostLine | None:
        rows = self.costs_view.selectionModel().selectedRows()
        return self.costs_model.row(rows[0]) if rows else None

    def _update_paid_button(self, *_: object) -> None:
        self.paid_button.setEnabled(self.selected_cost() is not None)

    def open_cost_paid(self) -> None:

        line = self.selected_cost()
        if line is not None:
            self._open(CostPaidDialog(self._ops, line, self))

    def selected_plan_item(self) -> PlanItem | None:
        rows = self.plan_view.selectionModel().selectedRows()
        return self.plan_model.row(rows[0]) if rows else None

    def _update_done_button(self, *_: object) -> None:
        item = self.selected_plan_item()
        self.done_button.setEnabled(
            item is not None and item.done_on is None and item.not_applicable_on is None
        )
        if item is None:
            self.done_button.setToolTip("Select a plan item first")
        elif item.not_applicable_on is not None:
            self.done_button.setToolTip("Not applicable: the path was withdrawn or failed")
        elif item.done_on is not None:
            self.done_button.setToolTip(f"Done on {item.done_on.isoformat()} already")
        else:
            self.done_button.setToolTip("Record that this commitment is done, and its outcome")

    def _update_cost_buttons(self, *_: object) -> None:
        chosen = self.selected_cost() is not None
        for button in (self.edit_cost_button, self.delete_cost_button):
            button.setEnabled(chosen)
            button.setToolTip("" if chosen else "Select a cost line first")

    def open_edit_cost(self) -> None:

        cost = self.selected_cost()
        if self._path is not None and cost is not None:
            self._open(CostDialog(self._ops, self._path, self, cost=cost))

    def ask_delete_cost(self) -> None:
        """Delete…: the line named and confirmed, then removed (refused once issued)."""

        cost = self.selected_cost()
        if cost is None:
            return
        what = f"{format_cents(cost.amount_cents)} {cost.kind.replace('_', ' ')}" + (
            f" ({cost.description})" if cost.description else ""
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete cost",
            f"Delete the cost line {what}?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Only for a line entered by mistake; the audit trail keeps it.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        cost_id = cost.id

        def remove(store: Store) -> CostLine:

            return delete_cost(store, cost_id)

        def answered(button) -> None:
            self.delete_box = None
            if button is delete:
                self._ops.run_op(
                    remove,
                    None,
                    lambda exc: setattr(
                        self,
                        "delete_box",
                        show_problem(self, "The cost was not deleted", exc.message),
                    ),
                    writes=Changes.of(Kind.PATHS, Kind.AGREEMENTS),
                )

        box.buttonClicked.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.delete_box = box
        box.open()

    # ---- dialogs (imported when first opened) -------------------------------------------
    def open_add_session(self) -> None:

        if self._path is not None:
            self._open(SessionDialog(self._ops, self._path, self))

    def open_add_plan_item(self) -> None:

        if self._path is not None:
            self._open(PlanItemDialog(self._ops, self._path, self))

    def open_mark_done(self) -> None:

        item = self.selected_plan_item()
        if item is not None and item.done_on is None:
            self._open(PlanDoneDialog(self._ops, item, self))

    def selected_cost_line(self) -> CostLine | None:
        rows = self.costs_view.selectionModel().selectedRows()
        return self.costs_model.row(rows[0]) if rows else None

    def _update_receipt_button(self, *_: object) -> None:
        self.receipt_button.setEnabled(self.selected_cost_line() is not None)

    def open_receipt(self) -> None:

        line = self.selected_cost_line()
        if line is not None:
            what = f"{COST_KIND_LABELS.get(line.kind, line.kind)} {money(line.amount_cents)}"
            self._open(ReceiptDialog(self._ops, line.id, what, self))

    def _open(self, dialog: FormDialog) -> None:
        open_owned(self, dialog)
