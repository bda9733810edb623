"""Managers (employees) table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.models import Employee
from certdesk.core.validation import manager_keys
from certdesk.store.rows import from_row, to_row


def get_by_no(db: sqlite_utils.Database, employee_no: str) -> Employee | None:
    """The employee with this employee_no, or None."""
    rows = list(db.query("SELECT * FROM employees WHERE employee_no = ?", [employee_no]))
    return from_row(Employee, rows[0]) if rows else None


def get(db: sqlite_utils.Database, employee_id: int) -> Employee | None:
    rows = list(db.query("SELECT * FROM employees WHERE id = ?", [employee_id]))
    return from_row(Employee, rows[0]) if rows else None


def all_by_no(db: sqlite_utils.Database) -> dict[str, Employee]:
    """Every employee keyed by employee_no."""
    return {r["employee_no"]: from_row(Employee, r) for r in db.query("SELECT * FROM employees")}


# Every write of a manager stores their search keys (schema migration 12) in the same
# transaction: by id for one, by employee number for a batch.
_SET_KEYS = (
    "INSERT OR REPLACE INTO employee_keys (employee_id, name_key, search_key) VALUES (?, ?, ?)"
)
_SET_KEYS_BY_NO = (
    "INSERT OR REPLACE INTO employee_keys (employee_id, name_key, search_key)"
    " SELECT id, ?, ? FROM employees WHERE employee_no = ?"
)


def _keys(employee: Employee) -> tuple[str, str]:
    return manager_keys(employee.employee_no, employee.full_name, employee.email, employee.site)


def insert(db: sqlite_utils.Database, employee: Employee) -> Employee:
    cursor = db.execute(
        "INSERT INTO employees (employee_no, full_name, email, job_title, site, work_state,"
        " hire_date, status, departure_date, departure_reason)"
        " VALUES (:employee_no, :full_name, :email, :job_title, :site, :work_state,"
        " :hire_date, :status, :departure_date, :departure_reason)",
        to_row(employee),
    )
    db.execute(_SET_KEYS, (cursor.lastrowid, *_keys(employee)))
    return replace(employee, id=cursor.lastrowid)


def update(db: sqlite_utils.Database, employee: Employee) -> None:
    row = to_row(employee)
    row["id"] = employee.id
    db.execute(
        "UPDATE employees SET employee_no = :employee_no, full_name = :full_name, email = :email,"
        " job_title = :job_title, site = :site, work_state = :work_state, hire_date = :hire_date,"
        " status = :status, departure_date = :departure_date,"
        " departure_reason = :departure_reason WHERE id = :id",
        row,
    )
    db.execute(_SET_KEYS, (employee.id, *_keys(employee)))


def insert_many(db: sqlite_utils.Database, employees: list[Employee]) -> None:
    """Insert many new employees in one statement batch (import)."""
    db.conn.executemany(
        "INSERT INTO employees (employee_no, full_name, email, job_title, site, work_state,"
        " hire_date) VALUES (:employee_no, :full_name, :email, :job_title, :site, :work_state,"
        " :hire_date)",
        [to_row(e) for e in employees],
    )
    db.conn.executemany(_SET_KEYS_BY_NO, [(*_keys(e), e.employee_no) for e in employees])


def update_many(db: sqlite_utils.Database, employees: list[Employee]) -> None:
    """Update the imported fields of many existing employees (import)."""
    db.conn.executemany(
        "UPDATE employees SET full_name = :full_name, email = :email, job_title = :job_title,"
        " site = :site, work_state = :work_state, hire_date = :hire_date"
        " WHERE employee_no = :employee_no",
        [to_row(e) for e in employees],
    )
    db.conn.executemany(_SET_KEYS_BY_NO, [(*_keys(e), e.employee_no) for e in employees])


# One pass over the paths (the covering index of migration 12, in path order within each
# manager) instead of two correlated subqueries per manager.
_LIST_SELECT = """
    SELECT e.id, e.employee_no, e.full_name, e.email, e.job_title, e.site, e.work_state,
           e.hire_date, e.status, e.row_version, a.path_codes, a.next_deadline{keys}
      FROM employees e
      LEFT JOIN (
           SELECT p.employee_id,
                  group_concat(CASE WHEN p.status NOT IN ('withdrawn', 'failed') THEN c.code END,
                               ' ') AS path_codes,
                  min(CASE WHEN p.status IN ('planned', 'approved', 'enrolled') THEN p.target_date
                           WHEN p.status = 'completed' THEN p.expires_on END) AS next_deadline
             FROM paths p JOIN certifications c ON c.id = p.certification_id
            GROUP BY p.employee_id) a ON a.employee_id = e.id{join}
     ORDER BY e.employee_no
"""
_LIST_SQL = _LIST_SELECT.format(keys="", join="")
_LIST_WITH_KEYS_SQL = _LIST_SELECT.format(
    keys=", k.name_key, k.search_key",
    join="\n      LEFT JOIN employee_keys k ON k.employee_id = e.id",
)
LIST_COLUMNS = (
    "id",
    "employee_no",
    "full_name",
    "email",
    "job_title",
    "site",
    "work_state",
    "hire_date",
    "status",
    "row_version",
    "path_codes",
    "next_deadline",
)


def iter_list_tuples(conn: sqlite3.Connection) -> Iterator[tuple]:
    """The managers list as plain tuples in LIST_COLUMNS order followed by the name key and
    the search key (None when a hand edit dropped them: fold them), streamed from the cursor.

    The window's first screen reads 10,000 of these: no dict per row, no sqlite-utils.
    """
    return conn.execute(_LIST_WITH_KEYS_SQL)


def list_rows(db: sqlite_utils.Database | sqlite3.Connection) -> list[dict]:
    """Every employee as a plain row with their paths' codes and next deadline (list page)."""
    return [dict(zip(LIST_COLUMNS, row, strict=True)) for row in db.execute(_LIST_SQL)]


def row_version(db: sqlite_utils.Database | sqlite3.Connection, employee_id: int) -> int:
    """The employee's row version (bumped by every write; schema migration 5)."""
    return db.execute("SELECT row_version FROM employees WHERE id = ?", [employee_id]).fetchone()[0]


def count(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM employees").fetchone()[0]


def by_numbers(db: sqlite_utils.Database, numbers: list[str]) -> dict[str, Employee]:
    """The employees with these employee numbers, keyed by number (import, one batch at a time)."""
    found: dict[str, Employee] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        cursor = db.conn.execute(f"SELECT * FROM employees WHERE employee_no IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            employee = from_row(Employee, dict(zip(names, row, strict=True)))
            found[employee.employee_no] = employee
    return found
