"""The dashboard's figures: people, paths, expiries, agreements, repayments, spend, §127, ROI.

Read only. Every figure is one aggregate query over the store, so the page opens as fast on
10,000 managers as on ten; nothing here renders or writes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.compliance import section_127_limit
from certdesk.store import Store, figures
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
    limit = section_127_limit(today.year, int(settings["section_127_limit_cents"]))
    now = today.isoformat()

    active, departed = figures.manager_status_counts(conn)
    by_status = figures.paths_by_shown_status(conn, now)
    soon, later = figures.completed_expiring(
        conn,
        now,
        (today + _dt.timedelta(days=SOON_DAYS)).isoformat(),
        (today + _dt.timedelta(days=LATER_DAYS)).isoformat(),
    )
    agreements = figures.agreements_by_status(conn)
    due, received, outstanding = _repayments(store)
    spend = figures.company_spend_by_year(conn, today.year - 1, today.year)
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
    rows = figures.repayment_totals(store.conn)
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
    paths = figures.certification_path_counts(conn)
    spend = figures.certification_company_spend(conn)
    plans = figures.certification_plan_counts(conn, today.isoformat())
    hours = figures.certification_hours_away(conn)
    result = []
    for cert_id, code, name, active in figures.certification_rows(conn):
        certified, in_progress = paths.get(cert_id, (0, 0))
        committed, done, overdue = plans.get(cert_id, (0, 0, 0))
        result.append(
            CertificationFigures(
                code=code,
                name=name,
                active=bool(active),
                certified=certified,
                in_progress=in_progress,
                spend_cents=int(spend.get(cert_id) or 0),
                plan_committed=committed,
                plan_done=done,
                plan_overdue=overdue,
                hours_away=float(hours.get(cert_id) or 0.0),
            )
        )
    return result
