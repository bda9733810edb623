"""The dashboard's figures: people, paths, expiries, agreements, repayments, spend, §127, ROI.

Read only. Every figure is one aggregate query over the store, so the page opens as fast on
10,000 managers as on ten; nothing here renders or writes. What each figure means is written
once, in core.figures.FIGURES; the reports count with the same store queries.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.compliance import section_127_limit
from certdesk.core.figures import (
    EXPIRING_REPORT_DAYS,
    EXPIRING_SOON_DAYS,
    OPEN_PATH_STATUSES,
    RepaymentSplit,
    per_certified_cents,
    split_repayment,
)
from certdesk.services.reports.registers import spend_records
from certdesk.store import Store, figures
from certdesk.store import settings as settings_store

OPEN_STATUSES = OPEN_PATH_STATUSES
SOON_DAYS = EXPIRING_SOON_DAYS  # the card's figure and the status bar (services.overview.attention)
LATER_DAYS = EXPIRING_REPORT_DAYS  # the card's sentence and the "expiring" report


@dataclass(frozen=True)
class CertificationFigures:
    """What one certification has cost and what came of it (the ROI / application view).

    Every field is the figure of the same name in core.figures.FIGURES."""

    code: str
    name: str
    active: bool
    certified: int  # managers who earned it (credentials expired since included)
    in_progress: int  # paths planned, approved or enrolled
    finished_spend_cents: int  # spent on completed, withdrawn and failed paths
    open_spend_cents: int  # spent on paths still in progress
    plan_committed: int  # application plan items of completed paths
    plan_done: int
    plan_overdue: int  # not done and past their due date
    hours_away: float  # class hours away from the floor

    @property
    def spend_per_certified_cents(self) -> int | None:
        """Spend on finished paths per manager certified (None before the first one)."""
        return per_certified_cents(self.finished_spend_cents, self.certified)


@dataclass(frozen=True)
class OverLimit:
    """A manager whose company-paid education this year is above the §127 limit."""

    employee_no: str
    full_name: str
    company_paid_cents: int
    over_cents: int


@dataclass(frozen=True)
class YearSpend:
    """Money spent in one calendar year, by spend kind (FIGURES["spend"])."""

    year: int
    education_cents: int = 0  # equals the spend report's year total
    class_wages_cents: int = 0
    travel_cents: int = 0

    @property
    def total_cents(self) -> int:
        return self.education_cents + self.class_wages_cents + self.travel_cents


@dataclass(frozen=True)
class Dashboard:
    """Every figure the dashboard shows, as of `today` (definitions: core.figures.FIGURES)."""

    today: _dt.date
    currency_symbol: str
    managers_active: int
    managers_departed: int
    paths_by_status: dict[str, int]  # completed credentials past expiry count as "expired"
    expiring_soon: int  # active managers' credentials expiring within SOON_DAYS (today included)
    expiring_later: int  # ... within LATER_DAYS (the expiring report's rows)
    agreements_awaiting_signature: int  # issued, not signed yet
    agreements_draft: int
    repayments: RepaymentSplit  # charged = received + waived + still to come
    spend_this_year: YearSpend
    spend_last_year: YearSpend
    committed_unpaid_cents: int  # company-paid lines marked not yet paid (all years)
    committed_unpaid_lines: int
    undated_paid_lines: int  # company-paid lines with neither date nor mark (older files)
    section_127_limit_cents: int
    over_127: list[OverLimit]  # this calendar year
    certifications: list[CertificationFigures]
    plan_items_in_progress: int = 0  # items of open paths: not counted yet
    plan_items_not_applicable: int = 0  # items closed with a withdrawn or failed path

    @property
    def open_paths(self) -> int:
        return sum(self.paths_by_status.get(s, 0) for s in OPEN_STATUSES)

    @property
    def plan_committed(self) -> int:
        return sum(c.plan_committed for c in self.certifications)

    @property
    def plan_done(self) -> int:
        return sum(c.plan_done for c in self.certifications)

    @property
    def plan_overdue(self) -> int:
        return sum(c.plan_overdue for c in self.certifications)


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
    spend = figures.company_spend_by_year_and_kind(conn, today.year - 1, today.year)
    unpaid_cents, unpaid_lines, undated = figures.company_unpaid_and_undated(conn)
    in_progress_items, not_applicable_items = figures.plan_items_not_counted(conn)
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
        repayments=repayment_split(store),
        spend_this_year=_year_spend(spend, today.year),
        spend_last_year=_year_spend(spend, today.year - 1),
        committed_unpaid_cents=unpaid_cents,
        committed_unpaid_lines=unpaid_lines,
        undated_paid_lines=undated,
        section_127_limit_cents=limit,
        over_127=_over_127(store, today.year),
        certifications=certification_figures(store, today),
        plan_items_in_progress=in_progress_items,
        plan_items_not_applicable=not_applicable_items,
    )


def _year_spend(spend: dict[tuple[int, str], int], year: int) -> YearSpend:
    return YearSpend(
        year,
        education_cents=spend.get((year, "education"), 0),
        class_wages_cents=spend.get((year, "class_wages"), 0),
        travel_cents=spend.get((year, "travel"), 0),
    )


def repayment_split(store: Store) -> RepaymentSplit:
    """Charged, received, waived and still to come over every departure's repayment."""
    total = RepaymentSplit()
    for _status, owed, waived, paid, forgiven in figures.repayment_totals(store.conn):
        total += split_repayment(owed, bool(waived), paid, forgiven)
    return total


def _over_127(store: Store, year: int) -> list[OverLimit]:
    """Managers over the §127 limit in `year` (the same figures as the spend report)."""

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
        finished, open_spend = spend.get(cert_id, (0, 0))
        result.append(
            CertificationFigures(
                code=code,
                name=name,
                active=bool(active),
                certified=certified,
                in_progress=in_progress,
                finished_spend_cents=int(finished),
                open_spend_cents=int(open_spend),
                plan_committed=committed,
                plan_done=done,
                plan_overdue=overdue,
                hours_away=float(hours.get(cert_id) or 0.0),
            )
        )
    return result
