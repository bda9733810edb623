"""The detail pane under the managers list: one manager's facts, paths and path actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.words import plural
from certdesk.gui.operations.runner import Ops
from certdesk.gui.paths.moves import next_statuses
from certdesk.gui.widgets.columns import MANAGER_PATH_COLUMNS, money
from certdesk.gui.widgets.data_page import keyboard_friendly
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.table_model import RowTableModel

if TYPE_CHECKING:
    from certdesk.gui.managers.departure_undo import DepartureUndo
    from certdesk.gui.widgets.form_dialog import FormDialog
    from certdesk.services.managers import ManagerRow
    from certdesk.store import Store


class ManagerDetail(QWidget):
    """Shows the selected manager; its buttons open the path dialogs."""

    paths_loaded = Signal()  # the paths table shows the current manager's paths
    edit_requested = Signal()
    agreement_requested = Signal(str)  # agreement_no: show it on the Agreements page
    status_message = Signal(str)  # a sentence for the status bar (e.g. a departure undone)
    binder_written = Signal(str)  # the audit binder's file

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._manager: ManagerRow | None = None
        self._generation = 0  # answers for a manager no longer selected are dropped
        self.dialog: FormDialog | None = None  # the path dialog open now (tests drive it)

        self.placeholder = QLabel("Select a manager in the list to see their details and paths.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")

        self._content: QWidget | None = None  # built when the first manager is shown

        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.placeholder)

    def _ensure_content(self) -> None:
        """Build the facts, buttons and paths table (not needed for the window's first paint)."""
        if self._content is not None:
            return
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.edit_button = QPushButton("Edit manager…")
        self.plan_button = QPushButton("Plan path…")
        self.edit_path_button = QPushButton("Edit path…")
        self.move_button = QPushButton("Move status…")
        self.complete_button = QPushButton("Record completion…")
        self.cost_button = QPushButton("Add cost…")
        self.draft_button = QPushButton("Draft agreement…")
        self.depart_button = QPushButton("Record departure…")
        self.depart_button.setToolTip("The manager leaves: see and record what each agreement owes")
        self.undo_depart_button = QPushButton("Undo departure…")
        self.undo_depart_button.setToolTip(
            "Recorded for the wrong manager or date? Take the departure back"
        )
        self.undo_depart_button.clicked.connect(self.undo_departure)
        self.departure_undo: DepartureUndo | None = None
        self.binder_button = QPushButton("Audit binder…")
        self.binder_button.setToolTip(
            "One PDF with every path, cycle, agreement, scan, payment and audit line"
        )
        self.binder_button.clicked.connect(self.open_binder)
        self.draft_button.clicked.connect(self.open_draft_agreement)
        self.depart_button.clicked.connect(self.open_departure)
        self.edit_button.clicked.connect(self.edit_requested)
        self.plan_button.clicked.connect(self.open_plan_path)
        self.move_button.clicked.connect(self.open_move_status)
        self.edit_path_button.clicked.connect(self.open_edit_path)
        self.complete_button.clicked.connect(self.open_completion)
        self.cost_button.clicked.connect(self.open_cost)
        self.path_buttons = (
            self.edit_path_button,
            self.move_button,
            self.complete_button,
            self.cost_button,
            self.draft_button,
        )
        for button in self.path_buttons:
            button.setToolTip("Select a path in the table first")

        self.paths_title = QLabel()
        self.paths_model: RowTableModel[dict] = RowTableModel(MANAGER_PATH_COLUMNS, parent=self)
        self.paths_view = QTableView()
        self.paths_view.setModel(self.paths_model)
        keyboard_friendly(self.paths_view)
        self.paths_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.paths_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.paths_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.paths_view.setAlternatingRowColors(True)
        # In the order they were planned until a header is clicked (Qt would sort by column 0).
        self.paths_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.paths_view.setSortingEnabled(True)
        self.paths_view.verticalHeader().setVisible(False)
        self.paths_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((70, 0, 100, 100, 100, 100, 110)):
            if width:
                self.paths_view.setColumnWidth(column, width)
        self.paths_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.paths_view.doubleClicked.connect(self._open_default_action)
        from certdesk.gui.paths.tabs import PathTabs  # with the pane, not at start-up

        self.path_tabs = PathTabs(self._ops)  # costs, sessions and plan of the selected path

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.facts)
        top.addLayout(text, 1)
        top.addWidget(self.binder_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.depart_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.undo_depart_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        actions = QHBoxLayout()
        actions.addWidget(self.paths_title)
        actions.addStretch(1)
        actions.addWidget(self.plan_button)
        for button in self.path_buttons:
            actions.addWidget(button)
        column.addLayout(actions)
        column.addWidget(self.paths_view, 2)
        column.addWidget(self.path_tabs, 3)  # a one-line hint while no path is selected

        self.stack.addWidget(content)
        self._content = content

    # ---- what is shown ------------------------------------------------------------------
    @property
    def manager(self) -> ManagerRow | None:
        return self._manager

    def show_manager(self, row: ManagerRow | None) -> None:
        """Show this manager (None: the placeholder) and load their paths."""
        previous = self._manager
        self._manager = row
        self._generation += 1
        if row is None:
            self.stack.setCurrentIndex(0)
            if self._content is not None:
                self.paths_model.set_rows([])
            return
        self._ensure_content()
        self.stack.setCurrentIndex(1)
        self.heading.setText(row.full_name)
        self.facts.setText(_facts_html(row))
        self.plan_button.setEnabled(row.status == "active")
        self.plan_button.setToolTip(
            "" if row.status == "active" else "This manager has left; no new path can be planned"
        )
        self.depart_button.setVisible(row.status == "active")
        self.undo_depart_button.setVisible(row.status == "departed")
        if previous is None or previous.employee_no != row.employee_no:
            self.paths_model.set_rows([])  # do not show the last manager's paths meanwhile
            self.paths_title.setText("Loading paths…")
        self._update_buttons()
        generation, employee_no = self._generation, row.employee_no

        def load(store: Store) -> list[dict]:
            from certdesk.services.paths import lifecycle as paths

            return paths.paths_of_manager(store, employee_no)

        self._ops.run_op(
            load,
            lambda rows: self._loaded(generation, rows),
            lambda exc: self._loaded(generation, []),
        )

    def reload(self) -> None:
        """Load the shown manager's paths again (after a change)."""
        self.show_manager(self._manager)

    def selected_path(self) -> dict | None:
        if self._content is None:
            return None
        rows = self.paths_view.selectionModel().selectedRows()
        return self.paths_model.row(rows[0]) if rows else None

    def _loaded(self, generation: int, rows: list[dict]) -> None:
        if generation != self._generation:
            return
        kept = self.selected_path()
        tab_loads = self.path_tabs.loads
        self.paths_model.set_rows(rows)
        paid = sum(r["company_paid_cents"] or 0 for r in rows)
        count = len(rows)
        self.paths_title.setText(
            f"<b>Certification paths</b> — {plural(count, 'path')}, company paid {money(paid)}"
            if rows
            else "<b>No certification paths yet</b> — plan one with “Plan path…”."
        )
        if kept is not None:
            row = self.paths_model.find(lambda r: r["id"] == kept["id"])
            if row >= 0:
                self.paths_view.selectRow(row)
        elif count == 1:
            self.paths_view.selectRow(0)  # the usual case: act on the only path directly
        self._update_buttons()
        if self.path_tabs.loads == tab_loads:  # the same path is still selected: reload it
            self.path_tabs.show_path(self.selected_path(), reload=True)
        self.paths_loaded.emit()

    def _update_buttons(self) -> None:
        if self._content is None:
            return
        path = self.selected_path()
        self.path_tabs.show_path(path)  # the tabs follow the selected path
        status = path["status"] if path else ""
        self.move_button.setEnabled(bool(path and next_statuses(status)))
        self.complete_button.setEnabled(status == "enrolled")
        self.cost_button.setEnabled(path is not None)
        self.edit_path_button.setEnabled(path is not None)
        draftable = self._draft_refusal(path)
        self.draft_button.setEnabled(path is not None and not draftable)
        if path is None:
            return
        self.draft_button.setToolTip(draftable or "Draft a tuition-assistance agreement for it")
        self.move_button.setToolTip(
            "" if next_statuses(status) else f"A {status} path does not move any further"
        )
        self.complete_button.setToolTip(
            "" if status == "enrolled" else "Only an enrolled path can be completed"
        )
        self.cost_button.setToolTip("")
        self.edit_path_button.setToolTip("Target date, provider and course dates")

    # ---- actions ------------------------------------------------------------------------
    # The dialogs are imported when first opened: start-up only pays for what it shows.
    def open_plan_path(self) -> None:
        from certdesk.gui.paths.plan_dialog import PlanPathDialog

        if self._manager is not None:
            m = self._manager
            self._open(PlanPathDialog(self._ops, m.employee_no, m.full_name, self))

    def open_edit_path(self) -> None:
        from certdesk.gui.paths.plan_dialog import EditPathDialog

        if (path := self.selected_path()) is not None:
            self._open(EditPathDialog(self._ops, path, self))

    def open_move_status(self) -> None:
        from certdesk.gui.paths.move_status_dialog import MoveStatusDialog

        if (path := self.selected_path()) is not None:
            self._open(MoveStatusDialog(self._ops, path, self))

    def open_completion(self) -> None:
        from certdesk.gui.paths.completion_dialog import CompletionDialog

        if (path := self.selected_path()) is not None:
            self._open(CompletionDialog(self._ops, path, self))

    def open_cost(self) -> None:
        from certdesk.gui.paths.cost_dialog import CostDialog

        if (path := self.selected_path()) is not None:
            self._open(CostDialog(self._ops, path, self))

    def _draft_refusal(self, path: dict | None) -> str:
        """Why no agreement can be drafted for this path ('' when one can)."""
        if self._manager is not None and self._manager.status != "active":
            return "This manager has left; no new agreement"
        if path is not None and path["status"] in ("withdrawn", "failed"):
            return f"A {path['status']} path gets no agreement"
        return ""

    def open_draft_agreement(self) -> None:
        from certdesk.gui.agreements.draft_dialog import DraftAgreementDialog

        if (path := self.selected_path()) is not None:
            dialog = DraftAgreementDialog(self._ops, path["id"], self)
            dialog.saved.connect(
                lambda result: self.agreement_requested.emit(result.agreement.agreement_no)
            )
            self._open(dialog)

    def open_departure(self) -> None:
        from certdesk.gui.managers.departure_dialog import DepartureDialog

        if self._manager is not None and self._manager.status == "active":
            m = self._manager
            self._open(DepartureDialog(self._ops, m.employee_no, m.full_name, self))

    def undo_departure(self) -> None:
        """Undo departure…: what it reverts, confirmed (certdesk.gui.managers.departure_undo)."""
        if self._manager is None or self._manager.status != "departed":
            return
        if self.departure_undo is None:
            from certdesk.gui.managers.departure_undo import DepartureUndo

            self.departure_undo = DepartureUndo(self._ops, self)
            self.departure_undo.undone.connect(self.status_message)
        self.departure_undo.ask(self._manager.employee_no)

    def open_binder(self) -> None:
        """Save the manager's audit binder as a PDF, then open it (to read or print)."""
        from PySide6.QtWidgets import QFileDialog

        if self._manager is None:
            return
        name = f"audit-binder-{self._manager.employee_no}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the audit binder", name, "PDF (*.pdf)")
        if chosen:
            self.write_binder(chosen)

    def write_binder(self, filename: str, *, open_after: bool = True) -> None:
        from pathlib import Path

        employee_no, target = self._manager.employee_no, Path(filename)
        self.binder_button.setEnabled(False)
        self.binder_button.setText("Writing the binder…")

        def write(store: Store) -> Path:
            from certdesk.services.reports.binder import write_binder

            return write_binder(store, employee_no, target)

        def done(path: Path) -> None:
            self._binder_finished()
            self.binder_written.emit(str(path))
            if open_after:
                from PySide6.QtCore import QUrl
                from PySide6.QtGui import QDesktopServices

                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        def failed(exc) -> None:
            from certdesk.gui.widgets.messages import show_problem

            self._binder_finished()
            show_problem(self, "The binder was not written", exc.message)

        self._ops.run_op(write, done, failed)

    def _binder_finished(self) -> None:
        self.binder_button.setEnabled(True)
        self.binder_button.setText("Audit binder…")

    def _open_default_action(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        if path["status"] == "enrolled":
            self.open_completion()
        elif next_statuses(path["status"]):
            self.open_move_status()

    def _open(self, dialog: FormDialog) -> None:
        open_owned(self, dialog)


def _facts_html(row: ManagerRow) -> str:
    """One line of facts about a manager, escaped (names are user text)."""
    import html  # here, not at start-up: only a shown manager needs it

    parts = [row.employee_no, row.job_title]
    where = ", ".join(p for p in (row.site, row.work_state) if p)
    parts.append(where)
    if row.hire_date:
        parts.append(f"hired {row.hire_date}")
    parts.append(row.email)
    text = " · ".join(html.escape(p) for p in parts if p)
    if row.status != "active":
        text += " · <span style='color:#b00020'><b>has left the company</b></span>"
    return text
