"""Aggregate counts and sums for the dashboard, navigation and status bar.

Every function is one aggregate query over the plain sqlite3 connection (`Store.conn`), so the
start-up path (navigation counts, status bar) can call them without loading sqlite-utils. Dates
are ISO strings (YYYY-MM-DD), compared as text exactly as they are stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3


# ---- navigation ----------------------------------------------------------------------------
def agreement_count(conn: sqlite3.Connection) -> int:
    """How many agreements there are, whatever their status."""
    return conn.execute("SELECT count(*) FROM agreements").fetchone()[0]


# ---- status bar ----------------------------------------------------------------------------
def path_attention(conn: sqlite3.Connection, today: str, soon: str) -> tuple[int, int, int]:
    """(completed expiring from today to soon, completed already expired, open past target)."""
    row = conn.execute(
        """
        SELECT
          coalesce(sum(status = 'completed' AND expires_on >= ? AND expires_on <= ?), 0),
          coalesce(sum(status = 'completed' AND expires_on < ?), 0),
          coalesce(sum(status IN ('planned', 'approved', 'enrolled') AND target_date < ?), 0)
        FROM paths
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
    """(completed credentials expiring from today to soon, ... from today to later), inclusive."""
    row = conn.execute(
        "SELECT coalesce(sum(expires_on <= ?), 0), coalesce(sum(expires_on <= ?), 0)"
        " FROM paths WHERE status = 'completed' AND expires_on >= ?",
        (soon, later, today),
    ).fetchone()
    return row[0], row[1]


def agreements_by_status(conn: sqlite3.Connection) -> dict[str, int]:
    """How many agreements are in each status (statuses with none are absent)."""
    return dict(conn.execute("SELECT status, count(*) FROM agreements GROUP BY status").fetchall())


def repayment_totals(conn: sqlite3.Connection) -> list[tuple[str, int, int, int]]:
    """Per repayment: (agreement status, owed cents, waived flag, cents paid back so far)."""
    return conn.execute(
        """
        SELECT a.status, r.owed_cents, r.waived,
               coalesce((SELECT sum(amount_cents) FROM repayment_payments pp
                          WHERE pp.repayment_id = r.id), 0)
          FROM repayments r JOIN agreements a ON a.id = r.agreement_id
        """
    ).fetchall()


def company_spend_by_year(
    conn: sqlite3.Connection, first_year: int, last_year: int
) -> dict[int, int]:
    """Company-paid cost lines summed per calendar year of their paid date, years inclusive."""
    return dict(
        conn.execute(
            "SELECT CAST(substr(paid_on, 1, 4) AS INTEGER), sum(amount_cents) FROM cost_lines"
            " WHERE paid_by = 'company' AND paid_on >= ? AND paid_on <= ? GROUP BY 1",
            (f"{first_year:04d}-01-01", f"{last_year:04d}-12-31"),
        ).fetchall()
    )


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
            " THEN employee_id END), coalesce(sum(status IN ('planned', 'approved', 'enrolled')), 0)"
            " FROM paths GROUP BY certification_id"
        ).fetchall()
    }


def certification_company_spend(conn: sqlite3.Connection) -> dict[int, int]:
    """Per certification id: company-paid cost lines of its paths, in cents."""
    return dict(
        conn.execute(
            "SELECT p.certification_id, sum(l.amount_cents) FROM cost_lines l"
            " JOIN paths p ON p.id = l.path_id WHERE l.paid_by = 'company'"
            " GROUP BY p.certification_id"
        ).fetchall()
    )


def certification_plan_counts(
    conn: sqlite3.Connection, today: str
) -> dict[int, tuple[int, int, int]]:
    """Per certification id: plan items (written down, done, not done and due before today)."""
    return {
        cert_id: (committed, done, overdue)
        for cert_id, committed, done, overdue in conn.execute(
            "SELECT p.certification_id, count(*), coalesce(sum(i.done_on IS NOT NULL), 0),"
            " coalesce(sum(i.done_on IS NULL AND i.due_date < ?), 0)"
            " FROM plan_items i JOIN paths p ON p.id = i.path_id GROUP BY p.certification_id",
            (today,),
        ).fetchall()
    }


def certification_hours_away(conn: sqlite3.Connection) -> dict[int, float]:
    """Per certification id: class hours away from the floor over its paths' sessions."""
    return dict(
        conn.execute(
            "SELECT p.certification_id, sum(s.hours_away) FROM class_sessions s"
            " JOIN paths p ON p.id = s.path_id GROUP BY p.certification_id"
        ).fetchall()
    )
