"""Aggregate counts and sums for the dashboard, navigation and status bar.

Every function is one query over the plain sqlite3 connection (`Store.conn`), so the
start-up path (navigation counts, status bar) can call them without loading sqlite-utils. Dates
are ISO strings (YYYY-MM-DD), compared as text exactly as they are stored. Money is added up in
Python (rows.sum_by_key), never with SQLite's sum(), which overflows on an absurd old amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from certdesk.core.figures import EDUCATION_KINDS, FINISHED_PATH_STATUSES, OPEN_PATH_STATUSES
from certdesk.store.rows import sum_by_key

if TYPE_CHECKING:
    import sqlite3

_OPEN = ", ".join(f"'{s}'" for s in OPEN_PATH_STATUSES)
_FINISHED = ", ".join(f"'{s}'" for s in FINISHED_PATH_STATUSES)
_EDUCATION = ", ".join(f"'{k}'" for k in EDUCATION_KINDS)
# Money spent: a company-paid line with its paid-on date (core.figures FIGURES["spend"]).
SPENT = "l.paid_by = 'company' AND l.paid_on IS NOT NULL"
# A credential expiring in a window: a completed path of an active manager whose expiry date is
# from ? to ? inclusive (FIGURES["expiring"]). The card, the status bar and the report use it.
EXPIRING_IN_WINDOW = (
    "p.status = 'completed' AND e.status = 'active' AND p.expires_on >= ? AND p.expires_on <= ?"
)


# ---- navigation ----------------------------------------------------------------------------
def agreement_count(conn: sqlite3.Connection) -> int:
    """How many agreements there are, whatever their status."""
    return conn.execute("SELECT count(*) FROM agreements").fetchone()[0]


# ---- status bar ----------------------------------------------------------------------------
def path_attention(conn: sqlite3.Connection, today: str, soon: str) -> tuple[int, int, int]:
    """(credentials expiring from today to soon, completed already expired, open past target)."""
    row = conn.execute(
        f"""
        SELECT
          coalesce(sum({EXPIRING_IN_WINDOW}), 0),
          coalesce(sum(p.status = 'completed' AND p.expires_on < ?), 0),
          coalesce(sum(p.status IN ({_OPEN}) AND p.target_date < ?), 0)
        FROM paths p JOIN employees e ON e.id = p.employee_id
        """,
        (today, soon, today, today),
    ).fetchone()
    return row[0], row[1], row[2]


def agreement_attention(conn: sqlite3.Connection) -> tuple[int, int]:
    """(agreements issued and not signed yet, agreements in repayment_due)."""
    row = conn.execute(
        "SELECT coalesce(sum(status = 'issued'), 0), coalesce(sum(status = 'repayment_due'), 0)"
        " FROM agreements"
    ).fetchone()
    return row[0], row[1]


# ---- dashboard -----------------------------------------------------------------------------
def manager_status_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(active managers, departed managers)."""
    row = conn.execute(
        "SELECT coalesce(sum(status = 'active'), 0), coalesce(sum(status = 'departed'), 0)"
        " FROM employees"
    ).fetchone()
    return row[0], row[1]


def paths_by_shown_status(conn: sqlite3.Connection, today: str) -> dict[str, int]:
    """Paths per status as shown: completed paths that expired before today count as "expired"."""
    return dict(
        conn.execute(
            "SELECT CASE WHEN status = 'completed' AND expires_on < ? THEN 'expired'"
            " ELSE status END AS shown, count(*) FROM paths GROUP BY shown",
            (today,),
        ).fetchall()
    )


def completed_expiring(
    conn: sqlite3.Connection, today: str, soon: str, later: str
) -> tuple[int, int]:
    """(credentials expiring from today to soon, ... from today to later): EXPIRING_IN_WINDOW."""
    row = conn.execute(
        f"SELECT coalesce(sum(p.expires_on <= ?), 0), count(*)"
        f" FROM paths p JOIN employees e ON e.id = p.employee_id WHERE {EXPIRING_IN_WINDOW}",
        (soon, today, later),
    ).fetchone()
    return row[0], row[1]


def expiring_path_ids(conn: sqlite3.Connection, today: str, until: str) -> list[int]:
    """The paths EXPIRING_IN_WINDOW from today to until, soonest first (the expiring report)."""
    return [
        r[0]
        for r in conn.execute(
            f"SELECT p.id FROM paths p JOIN employees e ON e.id = p.employee_id"
            f" WHERE {EXPIRING_IN_WINDOW} ORDER BY p.expires_on, e.employee_no, p.id",
            (today, until),
        )
    ]


def agreements_by_status(conn: sqlite3.Connection) -> dict[str, int]:
    """How many agreements are in each status (statuses with none are absent)."""
    return dict(conn.execute("SELECT status, count(*) FROM agreements GROUP BY status").fetchall())


def repayment_totals(conn: sqlite3.Connection) -> list[tuple[str, int, int, int, int]]:
    """Per repayment: (agreement status, owed cents, waived flag, cents paid back so far, cents
    forgiven by a hardship decision granted in part)."""
    received = sum_by_key(conn.execute("SELECT repayment_id, amount_cents FROM repayment_payments"))
    return [
        (status, owed, waived, received.get(repayment_id, 0), forgiven)
        for status, owed, waived, repayment_id, forgiven in conn.execute(
            "SELECT a.status, r.owed_cents, r.waived, r.id, r.forgiven_cents"
            " FROM repayments r JOIN agreements a ON a.id = r.agreement_id"
        )
    ]


def company_spend_by_year_and_kind(
    conn: sqlite3.Connection, first_year: int, last_year: int
) -> dict[tuple[int, str], int]:
    """Money SPENT per (calendar year of its paid-on date, spend kind), years inclusive.

    Spend kinds (core.figures.SPEND_KINDS): education (EDUCATION_KINDS, what the spend report
    counts), class_wages, travel. Added up in Python (rows.sum_by_key)."""
    return sum_by_key(
        ((year, kind), cents)
        for year, kind, cents in conn.execute(
            f"SELECT CAST(substr(l.paid_on, 1, 4) AS INTEGER),"
            f" CASE WHEN l.kind IN ({_EDUCATION}) THEN 'education' ELSE l.kind END,"
            f" l.amount_cents FROM cost_lines l"
            f" WHERE {SPENT} AND l.paid_on >= ? AND l.paid_on <= ?",
            (f"{first_year:04d}-01-01", f"{last_year:04d}-12-31"),
        )
    )


def company_unpaid_and_undated(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(cents of company-paid lines marked not yet paid, how many lines, how many company-paid
    lines have neither a paid-on date nor the mark: older files, listed by `certdesk check`)."""
    unpaid_cents = unpaid = undated = 0
    for cents, not_yet_paid, no_date in conn.execute(
        "SELECT amount_cents, not_yet_paid, paid_on IS NULL FROM cost_lines"
        " WHERE paid_by = 'company'"
    ):
        if not_yet_paid:
            unpaid_cents += cents  # Python integers: an absurd old amount never overflows
            unpaid += 1
        elif no_date:
            undated += 1
    return unpaid_cents, unpaid, undated


# ---- per certification (the dashboard's ROI table) -----------------------------------------
def certification_rows(conn: sqlite3.Connection) -> list[tuple[int, str, str, int]]:
    """Every certification as (id, code, name, active), by code."""
    return conn.execute(
        "SELECT id, code, name, active FROM certifications ORDER BY code"
    ).fetchall()


def certification_path_counts(conn: sqlite3.Connection) -> dict[int, tuple[int, int]]:
    """Per certification id: (distinct managers who completed it, paths still open)."""
    return {
        cert_id: (certified, in_progress)
        for cert_id, certified, in_progress in conn.execute(
            "SELECT certification_id, count(DISTINCT CASE WHEN status = 'completed'"
            f" THEN employee_id END), coalesce(sum(status IN ({_OPEN})), 0)"
            " FROM paths GROUP BY certification_id"
        ).fetchall()
    }


def certification_company_spend(conn: sqlite3.Connection) -> dict[int, tuple[int, int]]:
    """Per certification id: money SPENT on (finished paths, paths in progress), in cents."""
    finished = sum_by_key(
        conn.execute(
            "SELECT p.certification_id, l.amount_cents FROM cost_lines l"
            f" JOIN paths p ON p.id = l.path_id WHERE {SPENT} AND p.status IN ({_FINISHED})"
        )
    )
    in_progress = sum_by_key(
        conn.execute(
            "SELECT p.certification_id, l.amount_cents FROM cost_lines l"
            f" JOIN paths p ON p.id = l.path_id WHERE {SPENT} AND p.status IN ({_OPEN})"
        )
    )
    spent = sum_by_key(
        conn.execute(
            "SELECT p.certification_id, 0 FROM cost_lines l"
            f" JOIN paths p ON p.id = l.path_id WHERE {SPENT}"
        )
    )
    return {cert_id: (finished.get(cert_id, 0), in_progress.get(cert_id, 0)) for cert_id in spent}


def certification_plan_counts(
    conn: sqlite3.Connection, today: str
) -> dict[int, tuple[int, int, int]]:
    """Per certification id: plan items of completed paths (FIGURES["plans"]): (written down,
    done, not done and due before today)."""
    return {
        cert_id: (committed, done, overdue)
        for cert_id, committed, done, overdue in conn.execute(
            "SELECT p.certification_id, count(*), coalesce(sum(i.done_on IS NOT NULL), 0),"
            " coalesce(sum(i.done_on IS NULL AND i.due_date < ?), 0)"
            " FROM plan_items i JOIN paths p ON p.id = i.path_id"
            " WHERE p.status = 'completed' GROUP BY p.certification_id",
            (today,),
        ).fetchall()
    }


def plan_items_not_counted(conn: sqlite3.Connection) -> tuple[int, int]:
    """(plan items of paths in progress, plan items closed as not applicable)."""
    row = conn.execute(
        f"SELECT coalesce(sum(p.status IN ({_OPEN})), 0),"
        " coalesce(sum(i.not_applicable_on IS NOT NULL), 0)"
        " FROM plan_items i JOIN paths p ON p.id = i.path_id"
    ).fetchone()
    return row[0], row[1]


def certification_hours_away(conn: sqlite3.Connection) -> dict[int, float]:
    """Per certification id: class hours away from the floor over its paths' sessions."""
    return dict(
        conn.execute(
            "SELECT p.certification_id, sum(s.hours_away) FROM class_sessions s"
            " JOIN paths p ON p.id = s.path_id GROUP BY p.certification_id"
        ).fetchall()
    )
