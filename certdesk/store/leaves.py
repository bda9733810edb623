"""Leaves of absence of managers (core.leave says what they do to a commitment)."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.leave import Leave


def _leave(row: dict) -> Leave:
    return Leave(
        first_day=_dt.date.fromisoformat(row["first_day"]),
        last_day=_dt.date.fromisoformat(row["last_day"]),
        paid=bool(row["paid"]),
        note=row["note"],
        id=row["id"],
    )


def insert_leave(db: sqlite_utils.Database, employee_id: int, leave: Leave) -> Leave:
    """Store a leave of one manager; returns it with its id."""
    cursor = db.execute(
        "INSERT INTO leaves (employee_id, first_day, last_day, paid, note, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            employee_id,
            leave.first_day.isoformat(),
            leave.last_day.isoformat(),
            int(leave.paid),
            leave.note,
            _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        ],
    )
    return Leave(leave.first_day, leave.last_day, leave.paid, leave.note, cursor.lastrowid)


def leaves_of_employee(db: sqlite_utils.Database, employee_id: int) -> list[Leave]:
    """A manager's leaves, oldest first."""
    rows = db.query(
        "SELECT id, first_day, last_day, paid, note FROM leaves WHERE employee_id = ?"
        " ORDER BY first_day, id",
        [employee_id],
    )
    return [_leave(r) for r in rows]


def all_leaves(db: sqlite_utils.Database) -> list[tuple[str, str, Leave]]:
    """(employee_no, full_name, leave) for every recorded leave, by manager then date."""
    rows = db.query(
        "SELECT e.employee_no, e.full_name, l.id, l.first_day, l.last_day, l.paid, l.note"
        " FROM leaves l JOIN employees e ON e.id = l.employee_id"
        " ORDER BY e.employee_no, l.first_day, l.id"
    )
    return [(r["employee_no"], r["full_name"], _leave(r)) for r in rows]


def leaves_by_employee(db: sqlite_utils.Database) -> dict[int, list[Leave]]:
    """{employee id: their leaves, oldest first} for every manager who has had a leave."""
    found: dict[int, list[Leave]] = {}
    rows = db.query(
        "SELECT employee_id, id, first_day, last_day, paid, note FROM leaves"
        " ORDER BY employee_id, first_day, id"
    )
    for row in rows:
        found.setdefault(row["employee_id"], []).append(_leave(row))
    return found


def delete_leave(db: sqlite_utils.Database, leave_id: int) -> None:
    """Remove a leave recorded by mistake (the use case audits it and re-issues notices)."""
    db.execute("DELETE FROM leaves WHERE id = ?", [leave_id])


def employee_of_leave(db: sqlite_utils.Database, leave_id: int) -> int | None:
    """The employee id a leave belongs to (None when there is no such leave)."""
    row = db.execute("SELECT employee_id FROM leaves WHERE id = ?", [leave_id]).fetchone()
    return row[0] if row else None
