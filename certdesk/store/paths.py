"""Certification paths and their children: cost lines, class sessions, plan items."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.figures import EDUCATION_KINDS
from certdesk.core.models import CertificationPath, ClassSession, CostLine, PlanItem
from certdesk.store.rows import from_row, insert_record, sum_by_key, update_record

T = TypeVar("T", CertificationPath, CostLine, ClassSession, PlanItem)

_TABLES: dict[type, str] = {
    CertificationPath: "paths",
    CostLine: "cost_lines",
    ClassSession: "class_sessions",
    PlanItem: "plan_items",
}


def insert(db: sqlite_utils.Database, record: T) -> T:
    """Insert a path or one of its children; returns it with its new id."""
    return insert_record(db, _TABLES[type(record)], record)


def update(db: sqlite_utils.Database, record: T) -> None:
    """Write every field of an existing path or child record."""
    update_record(db, _TABLES[type(record)], record)


def row_version(db: sqlite_utils.Database, cls: type[T], record_id: int) -> int:
    """A path's (or child record's) row version, bumped by every write (schema migration 5)."""
    row = db.execute(f"SELECT row_version FROM {_TABLES[cls]} WHERE id = ?", [record_id]).fetchone()
    return row[0] if row else 0


def delete(db: sqlite_utils.Database, record: T) -> None:
    """Remove a path's child record (a cost line, session or plan item) by its id."""
    db.execute(f"DELETE FROM {_TABLES[type(record)]} WHERE id = ?", [record.id])


def reopen_plan_items(db: sqlite_utils.Database, path_id: int) -> int:
    """Plan items closed as not applicable when their path was withdrawn, open again (a
    departure taken back); returns how many."""
    cursor = db.execute(
        "UPDATE plan_items SET not_applicable_on = NULL"
        " WHERE path_id = ? AND done_on IS NULL AND not_applicable_on IS NOT NULL",
        [path_id],
    )
    return cursor.rowcount


def delete_cost_line(db: sqlite_utils.Database, cost_id: int) -> None:
    """Remove one cost line (the service checks that no issued agreement uses it)."""
    db.execute("DELETE FROM cost_lines WHERE id = ?", [cost_id])


def get(db: sqlite_utils.Database, cls: type[T], record_id: int) -> T | None:
    rows = list(db.query(f"SELECT * FROM {_TABLES[cls]} WHERE id = ?", [record_id]))
    return from_row(cls, rows[0]) if rows else None


def children(db: sqlite_utils.Database, cls: type[T], path_id: int) -> list[T]:
    """The cost lines, sessions or plan items of one path, in date then id order."""
    order = {CostLine: "paid_on, id", ClassSession: "session_date, id", PlanItem: "due_date, id"}
    rows = db.query(
        f"SELECT * FROM {_TABLES[cls]} WHERE path_id = ? ORDER BY {order[cls]}", [path_id]
    )
    return [from_row(cls, r) for r in rows]


def for_employee(db: sqlite_utils.Database, employee_id: int) -> list[dict]:
    """One employee's paths with certification code/name and company-paid totals."""
    rows = list(db.query(f"{_PATH_ROWS} WHERE p.employee_id = ? ORDER BY p.id", [employee_id]))
    paid = sum_by_key(
        db.execute(
            "SELECT l.path_id, l.amount_cents FROM cost_lines l JOIN paths p ON p.id = l.path_id"
            " WHERE p.employee_id = ? AND l.paid_by = 'company' AND NOT l.not_yet_paid",
            [employee_id],
        )
    )
    return _with_company_paid(rows, paid)


def list_rows(db: sqlite_utils.Database) -> list[dict]:
    """Every path as a plain row for lists and exports."""
    rows = list(db.query(f"{_PATH_ROWS} ORDER BY p.id"))
    paid = sum_by_key(
        db.execute(
            "SELECT path_id, amount_cents FROM cost_lines"
            " WHERE paid_by = 'company' AND NOT not_yet_paid"
        )
    )
    return _with_company_paid(rows, paid)


_LIST_TUPLES_SQL = """
    SELECT p.id, e.employee_no, e.full_name, k.name_key, e.status, c.code, c.name, p.status,
           p.target_date, p.enrolled_on, p.completed_on, p.credential_no, p.expires_on
      FROM paths p
      JOIN employees e ON e.id = p.employee_id
      JOIN certifications c ON c.id = p.certification_id
      LEFT JOIN employee_keys k ON k.employee_id = e.id
     ORDER BY p.id
"""


def iter_list_tuples(conn: sqlite3.Connection) -> Iterator[tuple]:
    """The paths list as plain tuples, streamed from the cursor, in path order: id, manager's
    employee_no, full_name, name key (None when a hand edit dropped it), status, certification
    code and name, then the path's status, target_date, enrolled_on, completed_on,
    credential_no and expires_on. 50,000 of these fill the Paths page: no dict per row."""
    return conn.execute(_LIST_TUPLES_SQL)


def company_paid_by_path(conn: sqlite3.Connection) -> dict[int, int]:
    """Company-paid cents already paid, per path id (paths without any are left out)."""
    return sum_by_key(
        conn.execute(
            "SELECT path_id, amount_cents FROM cost_lines"
            " WHERE paid_by = 'company' AND NOT not_yet_paid"
        )
    )


def _with_company_paid(rows: list[dict], paid: dict[int, int]) -> list[dict]:
    # Summed in Python (store.rows.sum_by_key): an absurd old amount never stops the list.
    for row in rows:
        row["company_paid_cents"] = paid.get(row["id"], 0)
    return rows


def count(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM paths").fetchone()[0]


_PATH_ROWS = """
    SELECT p.*, e.employee_no, e.full_name, e.site, e.status AS employee_status,
           c.code AS cert_code, c.name AS cert_name,
           c.validity_months,
           coalesce((SELECT sum(hours_away) FROM class_sessions s
                      WHERE s.path_id = p.id), 0) AS hours_away
      FROM paths p
      JOIN employees e ON e.id = p.employee_id
      JOIN certifications c ON c.id = p.certification_id
"""


def children_of_employee(db: sqlite_utils.Database, employee_id: int) -> list[CertificationPath]:
    """Every path of one employee."""
    rows = db.query("SELECT * FROM paths WHERE employee_id = ? ORDER BY id", [employee_id])
    return [from_row(CertificationPath, r) for r in rows]


# IRS §127 covers tuition, fees, books and supplies; it excludes travel, meals and lodging, and
# wages for class time are pay, not education assistance.
SECTION_127_KINDS = EDUCATION_KINDS  # core.figures: the spend card's "education"


def company_spend_by_year(db: sqlite_utils.Database) -> list[dict]:
    """Company-paid education (§127 kinds) per employee and calendar year of payment."""
    marks = ", ".join("?" for _ in SECTION_127_KINDS)
    lines = db.execute(
        f"""
        SELECT CAST(substr(l.paid_on, 1, 4) AS INTEGER), e.employee_no, e.full_name,
               l.amount_cents
          FROM cost_lines l
          JOIN paths p ON p.id = l.path_id
          JOIN employees e ON e.id = p.employee_id
         WHERE l.paid_by = 'company' AND l.paid_on IS NOT NULL AND l.kind IN ({marks})
        """,
        SECTION_127_KINDS,
    )
    totals = sum_by_key(((year, no, name), cents) for year, no, name, cents in lines)
    return [
        {"year": year, "employee_no": no, "full_name": name, "company_paid_cents": cents}
        for (year, no, name), cents in sorted(totals.items(), key=lambda item: item[0][:2])
    ]
