"""The dashboard's figures: people, paths, expiries, agreements, repayments, spend, §127, ROI.

Read only. Every figure is one aggregate query over the store, so the page opens as fast on
10,000 managers as on ten; nothing here renders or writes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.store import Store
from certdesk.store import settings as settings_store

OPEN_STATUSES = ("planned", "approved", "enrolled")
SOON_DAYS = 30  # the status bar's window (gui_queries.attention)
LATER_DAYS = 90  # the "expiring" report's window (reports.EXPIRING_WITHIN_DAYS)


@dataclass(frozen=True)
class CertificationFigures:
    """What one certification has cost and what came of it (the ROI / application view)."""

    code: str
    name: str
    active: bool
    certified: int  # managers who earned it (credentials expired since included)
    in_progress: int  # paths planned, approved or enrolled
    spend_cents: int  # every company-paid cost line of its paths
    plan_committed: int  # application plan items written down
    plan_done: int
    plan_overdue: int  # not done and past their due date
    hours_away: float  # class hours away from the floor

    @property
    def spend_per_certified_cents(self) -> int | None:
        """Company spend divided by the managers certified (None before the first one)."""
        return self.spend_cents // self.certified if self.certified else None


@dataclass(frozen=True)
class OverLimit:
    """A manager whose company-paid education this year is above the §127 limit."""

    employee_no: str
    full_name: str
    company_paid_cents: int
    over_cents: int


@dataclass(frozen=True)
class Dashboard:
    """Every figure the dashboard shows, as of `today`."""

    today: _dt.date
    currency_symbol: str
    managers_active: int
    managers_departed: int
    paths_by_status: dict[str, int]  # completed credentials past expiry count as "expired"
    expiring_soon: int  # completed credentials expiring within SOON_DAYS (today included)
    expiring_later: int  # ... within LATER_DAYS
    agreements_awaiting_signature: int  # issued, not signed yet
    agreements_draft: int
    repayment_due_cents: int  # owed by departed managers (waived amounts left out)
    repayment_received_cents: int
    repayment_outstanding_cents: int  # still to come in on agreements in repayment_due
    spend_this_year_cents: int  # company-paid costs with a paid date in this calendar year
    spend_last_year_cents: int
    section_127_limit_cents: int
    over_127: list[OverLimit]  # this calendar year
    certifications: list[CertificationFigures]

    @property
    def open_paths(self) -> int:
        return sum(self.paths_by_status.get(s, 0) for s in OPEN_STATUSES)


def dashboard(store: Store, today: _dt.date | None = None) -> Dashboard:
    """All the dashboard's figures in one read."""
    today = today or _dt.date.today()
    conn = store.conn
    settings = settings_store.get_all(store.db)
    limit = int(settings["section_127_limit_cents"])
    now = today.isoformat()

    active, departed = conn.execute(
        "SELECT coalesce(sum(status = 'active'), 0), coalesce(sum(status = 'departed'), 0)"
        " FROM employees"
    ).fetchone()
    by_status = dict(
        conn.execute(
            "SELECT CASE WHEN status = 'completed' AND expires_on < ? THEN 'expired'"
            " ELSE status END AS shown, count(*) FROM paths GROUP BY shown",
            (now,),
        ).fetchall()
    )
    soon, later = conn.execute(
        "SELECT coalesce(sum(expires_on <= ?), 0), coalesce(sum(expires_on <= ?), 0)"
        " FROM paths WHERE status = 'completed' AND expires_on >= ?",
        (
            (today + _dt.timedelta(days=SOON_DAYS)).isoformat(),
            (today + _dt.timedelta(days=LATER_DAYS)).isoformat(),
            now,
        ),
    ).fetchone()
    agreements = dict(
        conn.execute("SELECT status, count(*) FROM agreements GROUP BY status").fetchall()
    )
    due, received, outstanding = _repayments(store)
    spend = dict(
        conn.execute(
            "SELECT CAST(substr(paid_on, 1, 4) AS INTEGER), sum(amount_cents) FROM cost_lines"
            " WHERE paid_by = 'company' AND paid_on >= ? AND paid_on <= ? GROUP BY 1",
            (f"{today.year - 1:04d}-01-01", f"{today.year:04d}-12-31"),
        ).fetchall()
    )
    return Dashboard(
        today=today,
        currency_symbol=settings["currency_symbol"],
        managers_active=active,
        managers_departed=departed,
        paths_by_status=by_status,
        expiring_soon=soon,
        expiring_later=later,
        agreements_awaiting_signature=agreements.get("issued", 0),
        agreements_draft=agreements.get("draft", 0),
        repayment_due_cents=due,
        repayment_received_cents=received,
        repayment_outstanding_cents=outstanding,
        spend_this_year_cents=spend.get(today.year, 0),
        spend_last_year_cents=spend.get(today.year - 1, 0),
        section_127_limit_cents=limit,
        over_127=_over_127(store, today.year),
        certifications=certification_figures(store, today),
    )


def _repayments(store: Store) -> tuple[int, int, int]:
    """(owed, received, still outstanding) over every departure's repayment."""
    due = received = outstanding = 0
    rows = store.conn.execute(
        """
        SELECT a.status, r.owed_cents, r.waived,
               coalesce((SELECT sum(amount_cents) FROM repayment_payments pp
                          WHERE pp.repayment_id = r.id), 0)
          FROM repayments r JOIN agreements a ON a.id = r.agreement_id
        """
    ).fetchall()
    for status, owed, waived, paid in rows:
        received += paid  # money that came in counts even if the rest was later waived
        if waived:
            continue
        due += owed
        if status == "repayment_due":
            outstanding += max(0, owed - paid)
    return due, received, outstanding


def _over_127(store: Store, year: int) -> list[OverLimit]:
    """Managers over the §127 limit in `year` (the same figures as the spend report)."""
    from certdesk.services.reports import spend_records

    return [
        OverLimit(r["employee_no"], r["full_name"], r["company_paid_cents"], r["over_127_cents"])
        for r in spend_records(store)
        if r["year"] == year and r["over_127_cents"] > 0
    ]


def certification_figures(store: Store, today: _dt.date) -> list[CertificationFigures]:
    """Per certification: managers certified, spend, the application plan and class hours."""
    conn = store.conn

    def per_cert(sql: str, *args: object) -> dict[int, tuple]:
        return {row[0]: row[1:] for row in conn.execute(sql, args).fetchall()}

    paths = per_cert(
        "SELECT certification_id, count(DISTINCT CASE WHEN status = 'completed'"
        " THEN employee_id END), coalesce(sum(status IN ('planned', 'approved', 'enrolled')), 0)"
        " FROM paths GROUP BY certification_id"
    )
    spend = per_cert(
        "SELECT p.certification_id, sum(l.amount_cents) FROM cost_lines l"
        " JOIN paths p ON p.id = l.path_id WHERE l.paid_by = 'company'"
        " GROUP BY p.certification_id"
    )
    plans = per_cert(
        "SELECT p.certification_id, count(*), coalesce(sum(i.done_on IS NOT NULL), 0),"
        " coalesce(sum(i.done_on IS NULL AND i.due_date < ?), 0)"
        " FROM plan_items i JOIN paths p ON p.id = i.path_id GROUP BY p.certification_id",
        today.isoformat(),
    )
    hours = per_cert(
        "SELECT p.certification_id, sum(s.hours_away) FROM class_sessions s"
        " JOIN paths p ON p.id = s.path_id GROUP BY p.certification_id"
    )
    figures = []
    for cert_id, code, name, active in conn.execute(
        "SELECT id, code, name, active FROM certifications ORDER BY code"
    ).fetchall():
        certified, in_progress = paths.get(cert_id, (0, 0))
        committed, done, overdue = plans.get(cert_id, (0, 0, 0))
        figures.append(
            CertificationFigures(
                code=code,
                name=name,
                active=bool(active),
                certified=certified,
                in_progress=in_progress,
                spend_cents=int(spend.get(cert_id, (0,))[0] or 0),
                plan_committed=committed,
                plan_done=done,
                plan_overdue=overdue,
                hours_away=float(hours.get(cert_id, (0.0,))[0] or 0.0),
            )
        )
    return figures
