"""Leaves of absence: recorded per manager, they apply to every agreement of that manager.

A leave belongs to the employment, not to one agreement: a manager on unpaid leave is away from
every commitment at once. Paid leave counts toward the commitment; unpaid leave pauses it, so
every later band date moves by the leave's length (core.leave). Recording a leave that moves
the dates of an agreement in its commitment issues a new version of its commitment-start
notice (services.notices); the screen's schedule and a later departure's statement use the
moved dates. Leaves do not overlap; they are recorded while the manager is employed.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from certdesk.core.errors import InvalidInput
from certdesk.core.leave import Leave, check_leave, leave_length, length_words
from certdesk.core.validation import clean_text
from certdesk.services.agreements.notices import reissue_for_leave
from certdesk.services.managers import get_manager
from certdesk.store import Store, audit, employees
from certdesk.store import leaves as leave_store


@dataclass(frozen=True)
class LeaveResult:
    """A recorded leave and the agreements whose notice it renewed."""

    employee_no: str
    leave: Leave
    renewed_notices: tuple[str, ...]

    @property
    def length_text(self) -> str:
        return length_words(*leave_length(self.leave.first_day, self.leave.last_day))


@dataclass(frozen=True)
class LeaveRow:
    """One leave as the lists show it."""

    employee_no: str
    full_name: str
    leave: Leave

    def as_json(self) -> dict:
        return {
            "employee_no": self.employee_no,
            "full_name": self.full_name,
            "from": self.leave.first_day.isoformat(),
            "to": self.leave.last_day.isoformat(),
            "paid": self.leave.paid,
            "length": length_words(*leave_length(self.leave.first_day, self.leave.last_day)),
            "note": self.leave.note,
            "id": self.leave.id,
        }


def record_leave(
    store: Store,
    employee_no: str,
    *,
    first_day: _dt.date,
    last_day: _dt.date,
    paid: bool,
    note: str = "",
) -> LeaveResult:
    """Record a leave of absence of a manager (first and last day included).

    Refused, naming the field, with nothing stored: "to" before "from"; a leave overlapping one
    already recorded ("from"); a manager who has left ("employee_no"), or a leave starting before
    the hire date ("from").
    """
    text = clean_text(note, "note", max_len=500)
    with store.transaction() as db:
        employee = get_manager(store, employee_no)
        if employee.status == "departed":
            raise InvalidInput(
                "employee_no",
                f"{employee.full_name} left on {employee.departure_date}; leaves are recorded "
                "while a manager is employed",
            )
        before = leave_store.leaves_of_employee(db, employee.id)
        check_leave(first_day, last_day, before)
        if employee.hire_date and first_day < employee.hire_date:
            raise InvalidInput(
                "from",
                f"{first_day} is before {employee.full_name}'s hire date {employee.hire_date}",
            )
        leave = leave_store.insert_leave(db, employee.id, Leave(first_day, last_day, paid, text))
        audit.record(
            db,
            "employee",
            employee.employee_no,
            "leave",
            summary=json.dumps(
                {
                    "from": first_day.isoformat(),
                    "to": last_day.isoformat(),
                    "paid": paid,
                    "note": text,
                },
                ensure_ascii=False,
            ),
        )
        renewed = reissue_for_leave(db, employee.id, before, [*before, leave])
    return LeaveResult(employee.employee_no, leave, tuple(renewed))


def leaves_of(store: Store, employee_no: str | None = None) -> list[LeaveRow]:
    """Every recorded leave (or one manager's), by manager then date."""
    rows = [LeaveRow(*item) for item in leave_store.all_leaves(store.db)]
    if employee_no is None:
        return rows
    employee = get_manager(store, employee_no)
    return [row for row in rows if row.employee_no == employee.employee_no]


def remove_leave(store: Store, leave_id: int) -> LeaveResult:
    """Remove a leave recorded by mistake: the dates it moved move back, and every agreement in
    its commitment whose dates change gets a new notice (the earlier ones stay stored).

    Refused ("leave_id"): no such leave; a manager who has left (the departure counted it).
    """
    with store.transaction() as db:
        employee_id = leave_store.employee_of_leave(db, leave_id)
        if employee_id is None:
            raise InvalidInput("leave_id", f"there is no leave number {leave_id}")
        employee = employees.get(db, employee_id)
        if employee.status == "departed":
            raise InvalidInput(
                "leave_id",
                f"{employee.full_name} left on {employee.departure_date}; the departure counted "
                "this leave, so it stays",
            )
        before = leave_store.leaves_of_employee(db, employee_id)
        (leave,) = [item for item in before if item.id == leave_id]
        leave_store.delete_leave(db, leave_id)
        audit.record(
            db,
            "employee",
            employee.employee_no,
            "leave_removed",
            summary=json.dumps(
                {
                    "from": leave.first_day.isoformat(),
                    "to": leave.last_day.isoformat(),
                    "paid": leave.paid,
                    "note": leave.note,
                },
                ensure_ascii=False,
            ),
        )
        after = [item for item in before if item.id != leave_id]
        renewed = reissue_for_leave(db, employee_id, before, after)
    return LeaveResult(employee.employee_no, leave, tuple(renewed))
