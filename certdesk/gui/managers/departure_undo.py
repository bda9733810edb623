"""Undo departure: what it will revert, named and confirmed, then done on the worker.

Used by the manager's screen (Undo departure… on a manager who has left) and by Edit → Undo
(the most recently recorded departure still in place). The use case is
certdesk.services.departures.undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.reasons import reason_words
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.messages import show_message, show_problem
from certdesk.services.departures import undo as departure_undo
from certdesk.services.departures.undo import undo_departure

if TYPE_CHECKING:
    from certdesk.services.departures.undo import UndoPlan
    from certdesk.store import Store

TITLE = "Undo departure"


class DepartureUndo(QObject):
    """Asks, then undoes. `box` is the message shown now (tests read and answer it)."""

    undone = Signal(str)  # a status-bar sentence once a departure was taken back
    asked = Signal()  # the confirmation (or the refusal) is on screen

    def __init__(self, ops: Ops, parent: QWidget) -> None:
        super().__init__(parent)
        self._ops = ops
        self._parent = parent
        self.box: QMessageBox | None = None
        self.plan: UndoPlan | None = None

    def ask(self, employee_no: str | None = None) -> None:
        """Show what undoing `employee_no`'s departure (None: the latest) will revert."""

        def load(store: Store) -> UndoPlan | None:

            if employee_no is None:
                return departure_undo.latest_departure(store)
            return departure_undo.undo_plan(store, employee_no)

        self._ops.run_op(load, self._confirm, self._refused)

    def _refused(self, exc: InvalidInput) -> None:
        self.box = show_problem(self._parent, TITLE, exc.message)
        self.asked.emit()

    def _confirm(self, plan: UndoPlan | None) -> None:
        self.plan = plan
        if plan is None:
            self.box = show_message(
                self._parent, TITLE, "Nothing to undo: no departure is recorded."
            )
        elif not plan.possible:
            self.box = show_problem(
                self._parent,
                TITLE,
                f"The departure of {plan.full_name} cannot be undone: {plan.refusal}.",
            )
        else:
            self.box = self._question(plan)
        self.asked.emit()

    def _question(self, plan: UndoPlan) -> QMessageBox:
        reason = reason_words(plan.reason) if plan.reason else "no reason given"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            TITLE,
            f"Undo the departure of {plan.full_name} ({plan.employee_no}), recorded as "
            f"leaving on {plan.departure_date} ({reason})?",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "\n".join(plan.describe())
            + "\n\nThe undo is recorded in the audit trail; the departure can be recorded "
            "again with the right manager, date or reason."
        )
        go = box.addButton("Undo departure", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        employee_no, name = plan.employee_no, plan.full_name

        def answered(button: QAbstractButton) -> None:
            self.box = None
            if button is go:
                self._undo(employee_no, name)

        box.buttonClicked.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _undo(self, employee_no: str, name: str) -> None:
        def undo(store: Store) -> UndoPlan:

            return undo_departure(store, employee_no)

        self._ops.run_op(
            undo,
            lambda plan: self.undone.emit(f"The departure of {name} was undone"),
            self._refused,
            writes=Changes.of(
                Kind.MANAGERS, Kind.PATHS, Kind.AGREEMENTS, ids=[(Kind.MANAGERS, employee_no)]
            ),
        )
