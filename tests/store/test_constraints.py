"""The database refuses bad rows on its own, whatever code writes them (raw SQL here)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from certdesk.store import Store, StoreError
from certdesk.store.database import connect


def add_employee(conn: sqlite3.Connection, employee_no: str = "H-1", **cols: object) -> int:
    values = {"employee_no": employee_no, "full_name": "Nguyễn Thị Hương", **cols}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return conn.execute(
        f"INSERT INTO employees ({names}) VALUES ({marks})", list(values.values())
    ).lastrowid


def cert_id(conn: sqlite3.Connection, code: str = "CCCM") -> int:
    return conn.execute("SELECT id FROM certifications WHERE code = ?", [code]).fetchone()[0]


def add_path(conn: sqlite3.Connection, employee_id: int, **cols: object) -> int:
    values = {"employee_id": employee_id, "certification_id": cert_id(conn), **cols}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return conn.execute(
        f"INSERT INTO paths ({names}) VALUES ({marks})", list(values.values())
    ).lastrowid


def insert(conn: sqlite3.Connection, table: str, **cols: object) -> int:
    names = ", ".join(cols)
    marks = ", ".join("?" for _ in cols)
    return conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", list(cols.values())
    ).lastrowid


@pytest.fixture
def conn(store: Store) -> sqlite3.Connection:
    return store.conn


@pytest.fixture
def path_id(conn: sqlite3.Connection) -> int:
    return add_path(conn, add_employee(conn, "H-100"))


def refused(conn: sqlite3.Connection, sql: str, args: list[object], needle: str) -> None:
    with pytest.raises(sqlite3.IntegrityError) as exc:
        conn.execute(sql, args)
    assert needle in str(exc.value), str(exc.value)


# --- employees ---------------------------------------------------------------------------


def test_a_valid_employee_is_accepted(conn: sqlite3.Connection) -> None:
    employee = add_employee(conn, "H-9001", full_name="山田 太郎", hire_date="2024-02-29")
    row = conn.execute(
        "SELECT full_name, status FROM employees WHERE id = ?", [employee]
    ).fetchone()
    assert row == ("山田 太郎", "active")


def test_employee_not_null(conn: sqlite3.Connection) -> None:
    refused(
        conn, "INSERT INTO employees (employee_no, full_name) VALUES ('H-1', NULL)", [], "NOT NULL"
    )
    refused(
        conn, "INSERT INTO employees (employee_no, full_name) VALUES (NULL, 'A')", [], "NOT NULL"
    )
    refused(
        conn,
        "INSERT INTO employees (employee_no, full_name, email) VALUES ('H-1', 'A', NULL)",
        [],
        "NOT NULL",
    )


@pytest.mark.parametrize("column", ["employee_no", "full_name"])
def test_employee_blank_text(conn: sqlite3.Connection, column: str) -> None:
    values = {"employee_no": "H-1", "full_name": "A", column: "   "}
    refused(
        conn,
        "INSERT INTO employees (employee_no, full_name) VALUES (?, ?)",
        [values["employee_no"], values["full_name"]],
        "CHECK",
    )


def test_employee_no_is_unique(conn: sqlite3.Connection) -> None:
    add_employee(conn, "H-1")
    refused(
        conn, "INSERT INTO employees (employee_no, full_name) VALUES ('H-1', 'Other')", [], "UNIQUE"
    )


@pytest.mark.parametrize(
    "bad", ["2026-02-30", "2026-2-3", "2026-02-03T00:00", "20260203", "2026/02/03", "", "soon"]
)
def test_dates_must_be_real_iso_days(conn: sqlite3.Connection, bad: str) -> None:
    refused(
        conn,
        "INSERT INTO employees (employee_no, full_name, hire_date) VALUES ('H-1', 'A', ?)",
        [bad],
        "CHECK",
    )


def test_every_date_column_is_checked(conn: sqlite3.Connection, path_id: int) -> None:
    bad = "2026-02-30"
    employee = add_employee(conn, "H-2")
    cases = [
        (
            "UPDATE employees SET status = 'departed', departure_date = ? WHERE id = ?",
            [bad, employee],
        ),
        ("UPDATE paths SET target_date = ? WHERE id = ?", [bad, path_id]),
        ("UPDATE paths SET enrolled_on = ? WHERE id = ?", [bad, path_id]),
        ("UPDATE paths SET status = 'completed', completed_on = ? WHERE id = ?", [bad, path_id]),
        (
            "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_on) VALUES (?, 'exam', 1, ?)",
            [path_id, bad],
        ),
        (
            "INSERT INTO class_sessions (path_id, session_date, hours_away) VALUES (?, ?, 1)",
            [path_id, bad],
        ),
        (
            "INSERT INTO plan_items (path_id, commitment, due_date) VALUES (?, 'x', ?)",
            [path_id, bad],
        ),
        (
            "INSERT INTO plan_items (path_id, commitment, done_on) VALUES (?, 'x', ?)",
            [path_id, bad],
        ),
    ]
    for sql, args in cases:
        refused(conn, sql, args, "CHECK")


def test_employee_status_rules(conn: sqlite3.Connection) -> None:
    employee = add_employee(conn, "H-1", hire_date="2020-05-01")
    refused(conn, "UPDATE employees SET status = 'gone' WHERE id = ?", [employee], "CHECK")
    # departed ⇔ departure date
    refused(conn, "UPDATE employees SET status = 'departed' WHERE id = ?", [employee], "CHECK")
    refused(
        conn, "UPDATE employees SET departure_date = '2025-01-01' WHERE id = ?", [employee], "CHECK"
    )
    refused(
        conn,
        "UPDATE employees SET status = 'departed', departure_date = '2019-12-31' WHERE id = ?",
        [employee],
        "CHECK",
    )
    conn.execute(
        "UPDATE employees SET status = 'departed', departure_date = '2025-01-01' WHERE id = ?",
        [employee],
    )


# --- catalog -------------------------------------------------------------------------------


def test_certification_rules(conn: sqlite3.Connection) -> None:
    refused(conn, "INSERT INTO certifications (code, name) VALUES ('CCCM', 'Again')", [], "UNIQUE")
    refused(
        conn,
        "INSERT INTO certifications (code, name, validity_months) VALUES ('X', 'X', 0)",
        [],
        "CHECK",
    )
    refused(
        conn, "INSERT INTO certifications (code, name, active) VALUES ('X', 'X', 2)", [], "CHECK"
    )
    refused(conn, "INSERT INTO certifications (code, name) VALUES (' ', 'X')", [], "CHECK")


# --- paths ---------------------------------------------------------------------------------


def test_path_for_a_missing_employee_fails(conn: sqlite3.Connection) -> None:
    refused(
        conn,
        "INSERT INTO paths (employee_id, certification_id) VALUES (999, ?)",
        [cert_id(conn)],
        "FOREIGN KEY",
    )


def test_path_for_a_missing_certification_fails(conn: sqlite3.Connection) -> None:
    refused(
        conn,
        "INSERT INTO paths (employee_id, certification_id) VALUES (?, 999)",
        [add_employee(conn)],
        "FOREIGN KEY",
    )


def test_children_of_a_missing_path_fail(conn: sqlite3.Connection) -> None:
    refused(
        conn,
        "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_on)"
        " VALUES (999, 'exam', 1, '2026-01-05')",
        [],
        "FOREIGN KEY",
    )
    refused(
        conn,
        "INSERT INTO class_sessions (path_id, session_date, hours_away)"
        " VALUES (999, '2026-01-05', 4)",
        [],
        "FOREIGN KEY",
    )
    refused(
        conn, "INSERT INTO plan_items (path_id, commitment) VALUES (999, 'x')", [], "FOREIGN KEY"
    )


def test_an_employee_with_paths_cannot_be_deleted(conn: sqlite3.Connection, path_id: int) -> None:
    refused(conn, "DELETE FROM employees", [], "FOREIGN KEY")
    conn.execute(
        "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_on)"
        " VALUES (?, 'exam', 100, '2026-01-05')",
        [path_id],
    )
    refused(conn, "DELETE FROM paths WHERE id = ?", [path_id], "FOREIGN KEY")


def test_every_new_connection_enforces_foreign_keys(store: Store) -> None:
    other = connect(store.path)
    try:
        assert other.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            other.execute("INSERT INTO paths (employee_id, certification_id) VALUES (999, 1)")
    finally:
        other.close()


def test_path_status_rules(conn: sqlite3.Connection, path_id: int) -> None:
    # 'expired' is derived from expires_on, never stored.
    refused(conn, "UPDATE paths SET status = 'expired' WHERE id = ?", [path_id], "CHECK")
    refused(conn, "UPDATE paths SET status = 'completed' WHERE id = ?", [path_id], "CHECK")
    refused(conn, "UPDATE paths SET completed_on = '2026-01-05' WHERE id = ?", [path_id], "CHECK")
    refused(
        conn,
        "UPDATE paths SET status = 'completed', completed_on = '2026-01-05',"
        " expires_on = '2026-01-05' WHERE id = ?",
        [path_id],
        "CHECK",
    )
    refused(conn, "UPDATE paths SET expires_on = '2029-01-05' WHERE id = ?", [path_id], "CHECK")
    conn.execute(
        "UPDATE paths SET status = 'completed', completed_on = '2026-01-05',"
        " expires_on = '2029-01-05' WHERE id = ?",
        [path_id],
    )


# --- cost lines ----------------------------------------------------------------------------

COST = (
    "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_by, repayable, paid_on)"
    " VALUES (?, ?, ?, ?, ?, '2026-01-05')"
)


def test_negative_amount_is_refused(conn: sqlite3.Connection, path_id: int) -> None:
    refused(conn, COST, [path_id, "tuition", -1, "company", 1], "CHECK")


def test_class_wages_are_never_repayable(conn: sqlite3.Connection, path_id: int) -> None:
    refused(conn, COST, [path_id, "class_wages", 96000, "company", 1], "CHECK")
    line = conn.execute(COST, [path_id, "class_wages", 96000, "company", 0]).lastrowid
    refused(conn, "UPDATE cost_lines SET repayable = 1 WHERE id = ?", [line], "CHECK")
    refused(
        conn,
        "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_on)"
        " VALUES (?, 'class_wages', 5, '2026-01-05')",
        [path_id],
        "CHECK",
    )  # the default (repayable) does not apply to wages


@pytest.mark.parametrize(
    ("kind", "amount", "paid_by", "repayable"),
    [("bonus", 1, "company", 1), ("exam", 1, "manager", 1), ("exam", 1, "company", 2)],
)
def test_cost_line_enumerations(
    conn: sqlite3.Connection, path_id: int, kind: str, amount: int, paid_by: str, repayable: int
) -> None:
    refused(conn, COST, [path_id, kind, amount, paid_by, repayable], "CHECK")


@pytest.mark.parametrize("amount", [12.5, "12.50", "abc"])
def test_amounts_are_integer_cents(conn: sqlite3.Connection, path_id: int, amount: object) -> None:
    # STRICT tables refuse what cannot be stored as an integer, instead of keeping it as text.
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(COST, [path_id, "exam", amount, "company", 1])


def test_every_cost_kind_is_accepted(conn: sqlite3.Connection, path_id: int) -> None:
    from certdesk.core.models import COST_KINDS

    for kind in COST_KINDS:
        conn.execute(COST, [path_id, kind, 100, "company", int(kind != "class_wages")])
    assert conn.execute("SELECT count(*) FROM cost_lines").fetchone()[0] == len(COST_KINDS)


def test_a_company_paid_line_is_dated_or_not_yet_paid(
    conn: sqlite3.Connection, path_id: int
) -> None:
    undated = (
        "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_by) VALUES (?, 'exam', 1, ?)"
    )
    refused(conn, undated, [path_id, "company"], "paid-on date")
    conn.execute(undated, [path_id, "employee"])  # what the manager paid needs no date
    line = conn.execute(
        "INSERT INTO cost_lines (path_id, kind, amount_cents, not_yet_paid) VALUES (?, 'exam', 1, 1)",
        [path_id],
    ).lastrowid
    refused(conn, "UPDATE cost_lines SET paid_on = '2026-01-05' WHERE id = ?", [line], "CHECK")
    refused(conn, "UPDATE cost_lines SET not_yet_paid = 0 WHERE id = ?", [line], "paid-on date")
    conn.execute(
        "UPDATE cost_lines SET not_yet_paid = 0, paid_on = '2026-01-05' WHERE id = ?", [line]
    )


def test_an_undated_line_from_an_older_file_may_still_be_edited(
    conn: sqlite3.Connection, path_id: int
) -> None:
    conn.execute("DROP TRIGGER cost_lines_paid_state_insert")  # as an older certdesk wrote it
    line = conn.execute(
        "INSERT INTO cost_lines (path_id, kind, amount_cents) VALUES (?, 'exam', 1)", [path_id]
    ).lastrowid
    conn.execute("UPDATE cost_lines SET description = 'Exam' WHERE id = ?", [line])


def test_plan_items_close_with_a_withdrawn_or_failed_path(
    conn: sqlite3.Connection, path_id: int
) -> None:
    conn.execute("INSERT INTO plan_items (path_id, commitment) VALUES (?, 'open')", [path_id])
    conn.execute(
        "INSERT INTO plan_items (path_id, commitment, done_on) VALUES (?, 'done', '2026-01-05')",
        [path_id],
    )
    conn.execute("UPDATE paths SET status = 'withdrawn' WHERE id = ?", [path_id])
    rows = dict(conn.execute("SELECT commitment, not_applicable_on FROM plan_items").fetchall())
    assert rows["done"] is None
    assert rows["open"] == dt.date.today().isoformat()
    refused(
        conn, "UPDATE plan_items SET done_on = '2026-02-01' WHERE commitment = 'open'", [], "CHECK"
    )


# --- sessions and plan items ---------------------------------------------------------------


@pytest.mark.parametrize("hours", [0, -1, 24.5])
def test_session_hours(conn: sqlite3.Connection, path_id: int, hours: float) -> None:
    refused(
        conn,
        "INSERT INTO class_sessions (path_id, session_date, hours_away) VALUES (?, ?, ?)",
        [path_id, "2026-01-05", hours],
        "CHECK",
    )


def test_session_needs_a_date(conn: sqlite3.Connection, path_id: int) -> None:
    refused(
        conn,
        "INSERT INTO class_sessions (path_id, session_date, hours_away) VALUES (?, NULL, 4)",
        [path_id],
        "NOT NULL",
    )


def test_plan_item_needs_a_commitment(conn: sqlite3.Connection, path_id: int) -> None:
    refused(
        conn, "INSERT INTO plan_items (path_id, commitment) VALUES (?, '  ')", [path_id], "CHECK"
    )


# --- the transaction wrapper -------------------------------------------------------------------


def test_transaction_turns_constraint_failures_into_store_errors(store: Store) -> None:
    with pytest.raises(StoreError) as exc:
        with store.transaction() as db:
            db.execute("INSERT INTO employees (employee_no, full_name) VALUES ('H-1', 'A')")
            db.execute("INSERT INTO employees (employee_no, full_name) VALUES ('H-1', 'B')")
    assert exc.value.field == "database"
    assert "UNIQUE" in exc.value.message
    # The whole transaction was rolled back, including the first (valid) insert.
    assert store.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == 0
    assert not store.conn.in_transaction


def test_transaction_rolls_back_on_any_error(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.transaction() as db:
            db.execute("INSERT INTO employees (employee_no, full_name) VALUES ('H-1', 'A')")
            raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == 0


def test_transaction_commits(store: Store) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO employees (employee_no, full_name) VALUES ('H-1', 'Zoë')")
    other = connect(store.path)
    try:
        assert other.execute("SELECT full_name FROM employees").fetchall() == [("Zoë",)]
    finally:
        other.close()
