"""Add session…, Add plan item… and Mark done… for the selected path (see path_tabs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.paths import lifecycle as paths

if TYPE_CHECKING:
    from certdesk.core.models import PlanItem
    from certdesk.store import Store

PLAN_DUE_DAYS = 90  # a new commitment is due in about three months unless changed


def _about(path: dict) -> str:
    return f"{path['cert_code']} — {path['full_name']}"


class SessionDialog(FormDialog):
    """A class day: its date and the hours the manager spent away from the floor."""

    changes = Changes.of(Kind.PATHS)

    def __init__(self, ops: Ops, path: dict, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, f"Add a class session to {_about(path)}", parent, save_text="Add session"
        )
        self._path_id = path["id"]
        self.on = date_edit()
        self.add_field("session_date", "Date", self.on)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("7.5")
        self.hours.setMaximumWidth(100)
        self.add_field(
            "hours", "Hours away", self.hours, "Hours away from the floor that day, e.g. 7.5"
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. Module 3: forecasting")
        self.add_field("note", "Note", self.note)
        self.hours.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        path_id, on, hours, note = (
            self._path_id,
            iso_of(self.on),
            self.hours.text().strip().replace(",", "."),  # "7,5" is how half the world types it
            self.note.text(),
        )

        def add(store: Store) -> Any:

            return paths.add_session(store, path_id, on=on, hours=hours, note=note)

        return add


class PlanItemDialog(FormDialog):
    """Something the manager commits to put into practice, with a due date."""

    changes = Changes.of(Kind.PATHS)

    def __init__(self, ops: Ops, path: dict, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Add to the application plan of {_about(path)}",
            parent,
            save_text="Add plan item",
            intro="What will the manager put into practice from this certification, and by "
            "when? The dashboard counts what is done and what is overdue.",
        )
        self._path_id = path["id"]
        self.commitment = QLineEdit()
        self.commitment.setPlaceholderText("e.g. Run a weekly calibration session with the QA team")
        self.commitment.setMaxLength(500)
        self.add_field("commitment", "Commitment", self.commitment)
        self.due = date_edit(dt.date.today() + dt.timedelta(days=PLAN_DUE_DAYS))
        self.no_due = QCheckBox("No due date")
        self.no_due.toggled.connect(lambda checked: self.due.setEnabled(not checked))
        due_row = QWidget()
        row = QHBoxLayout(due_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.due)
        row.addWidget(self.no_due)
        row.addStretch(1)
        self.add_field("due", "Due", due_row)
        self.commitment.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        path_id, commitment = self._path_id, self.commitment.text()
        due = None if self.no_due.isChecked() else iso_of(self.due)

        def add(store: Store) -> Any:

            return paths.add_plan_item(store, path_id, commitment=commitment, due=due)

        return add


class PlanDoneDialog(FormDialog):
    """Mark a plan item done, with what came of it."""

    changes = Changes.of(Kind.PATHS)

    def __init__(self, ops: Ops, item: PlanItem, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            "Mark a plan item done",
            parent,
            save_text="Mark done",
            intro=f"“{item.commitment}”"
            + (f" — due {item.due_date.isoformat()}" if item.due_date else ""),
        )
        self._item_id = item.id
        self.on = date_edit()
        self.add_field("done_on", "Done on", self.on)
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.outcome.setFixedHeight(90)
        self.outcome.setPlaceholderText("What came of it, e.g. average handle time down 20 s")
        self.add_field("outcome", "Outcome", self.outcome)
        self.outcome.setFocus()

    def operation(self) -> Callable[[Store], Any]:
        item_id, on, outcome = self._item_id, iso_of(self.on), self.outcome.toPlainText()

        def finish(store: Store) -> Any:

            return paths.finish_plan_item(store, item_id, on=on, outcome=outcome)

        return finish
