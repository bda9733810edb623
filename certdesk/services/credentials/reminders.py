"""Reminders: credentials whose renewal falls due in 90, 60, 30 or 7 days (or that lapsed), and
proofs of completion overdue under the agreement; the dashboard, the status bar and
`certdesk report renewals` read them here."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from certdesk.core.renewal import (
    CycleState,
    ProofState,
    RenewalRule,
    cycle_state,
    reminder_bucket,
    rule_for,
    tally_credits,
)
from certdesk.files import write_csv_or_pdf
from certdesk.services.credentials.renewals import proof_views
from certdesk.services.exchange.csv_export import to_csv
from certdesk.store import Store, catalog
from certdesk.store import renewals as store
from certdesk.store import settings as settings_store


@dataclass(frozen=True)
class RenewalReminder:
    """A credential to renew soon (days ≥ 0, in a 90/60/30/7 bucket) or lapsed (days < 0)."""

    employee_no: str
    full_name: str
    site: str
    cert_code: str
    path_id: int
    cycle_seq: int
    ends_on: _dt.date
    days: int
    bucket: int | None  # 90, 60, 30, 7; None once lapsed
    credits: str
    renewal_met: bool

    @property
    def lapsed(self) -> bool:
        return self.days < 0

    def when(self) -> str:
        if self.lapsed:
            return f"lapsed {-self.days} day{'s' if self.days != -1 else ''} ago"
        return f"in {self.days} day{'s' if self.days != 1 else ''}"


@dataclass(frozen=True)
class ProofReminder:
    employee_no: str
    full_name: str
    cert_code: str
    path_id: int
    deadline: _dt.date
    days_overdue: int


@dataclass(frozen=True)
class Reminders:
    renewals: list[RenewalReminder]
    proofs_overdue: list[ProofReminder]
    today: _dt.date

    def due_within(self, days: int) -> int:
        return sum(1 for r in self.renewals if 0 <= r.days <= days)

    @property
    def lapsed(self) -> int:
        return sum(1 for r in self.renewals if r.lapsed)


def reminders(store_: Store, today: _dt.date | None = None) -> Reminders:
    """Active managers' credentials due within 90 days or lapsed, and overdue proofs."""

    today = today or _dt.date.today()
    db = store_.db
    _, _, _, latest = store.matrix_source(db)
    rows = {
        r[0]: r
        for r in db.execute(
            "SELECT p.id, e.employee_no, e.full_name, e.site, c.code, p.certification_id"
            " FROM paths p JOIN employees e ON e.id = p.employee_id"
            " JOIN certifications c ON c.id = p.certification_id"
            " WHERE p.status = 'completed' AND e.status = 'active'"
        ).fetchall()
    }
    rules = store.all_rules(db)
    validity = {c.id: c.validity_months for c in catalog.all_certifications(db)}
    wanted = []
    for path_id, cycle in latest.items():
        if path_id not in rows or cycle.ends_on is None:
            continue
        state = cycle_state(cycle, today)
        days = (cycle.ends_on - today).days
        if state == CycleState.LAPSED or reminder_bucket(days) is not None:
            wanted.append((path_id, cycle, days))
    activities = store.activities_of_cycles(db, [c.id for _, c, _ in wanted])
    out = []
    for path_id, cycle, days in wanted:
        _, number, name, site, code, cert_id = rows[path_id]
        rule = rule_for(rules.get(cert_id, []), cycle.starts_on) or RenewalRule(
            validity.get(cert_id)
        )
        tally = tally_credits(rule, activities.get(cycle.id, []))
        out.append(
            RenewalReminder(
                employee_no=number,
                full_name=name,
                site=site,
                cert_code=code,
                path_id=path_id,
                cycle_seq=cycle.seq,
                ends_on=cycle.ends_on,
                days=days,
                bucket=reminder_bucket(days),
                credits=tally.describe() if tally.needed_centihours else "no credits required",
                renewal_met=tally.met,
            )
        )
    out.sort(key=lambda r: (r.days, r.employee_no, r.cert_code))
    proofs = []
    for path_id, view in proof_views(store_, today).items():
        if view.state == ProofState.OVERDUE and path_id in rows:
            _, number, name, _, code, _ = rows[path_id]
            proofs.append(
                ProofReminder(
                    number, name, code, path_id, view.deadline, (today - view.deadline).days
                )
            )
    proofs.sort(key=lambda p: (-p.days_overdue, p.employee_no))
    return Reminders(out, proofs, today)


def attention_counts(store_: Store, today: _dt.date | None = None) -> dict[str, int]:
    """The status bar's figures: renewals due within 30 days, lapsed, proofs overdue."""
    found = reminders(store_, today)
    return {
        "due_30": found.due_within(30),
        "due_90": found.due_within(90),
        "lapsed": found.lapsed,
        "proof_overdue": len(found.proofs_overdue),
    }


RENEWAL_COLUMNS = (
    "employee_no",
    "full_name",
    "site",
    "cert_code",
    "path_id",
    "cycle",
    "ends_on",
    "days_left",
    "reminder",
    "credits",
    "renewal_met",
)


def _reminder_text(r: RenewalReminder) -> str:
    return "lapsed" if r.lapsed else f"{r.bucket} days"


def renewals_csv(found: Reminders) -> str:
    return to_csv(
        RENEWAL_COLUMNS,
        (
            [
                r.employee_no,
                r.full_name,
                r.site,
                r.cert_code,
                r.path_id,
                r.cycle_seq,
                r.ends_on.isoformat(),
                "" if r.lapsed else r.days,
                f"lapsed {-r.days} days ago" if r.lapsed else _reminder_text(r),
                r.credits,
                "yes" if r.renewal_met else "no",
            ]
            for r in found.renewals
        ),
    )


def renewals_pdf(store_: Store, found: Reminders) -> bytes:
    from certdesk.forms.reports import Column, ReportRenderer

    settings = settings_store.get_all(store_.db)
    columns = [
        Column("No.", 0.08, lambda r: r.employee_no),
        Column("Manager", 0.2, lambda r: r.full_name, user=True),
        Column("Site", 0.15, lambda r: r.site, user=True),
        Column("Cert.", 0.07, lambda r: r.cert_code),
        Column("Until", 0.1, lambda r: r.ends_on.isoformat()),
        Column("When", 0.12, lambda r: r.when()),
        Column("Credits", 0.28, lambda r: r.credits, user=True),
    ]
    due30 = found.due_within(30)
    intro = (
        f"Credentials of active managers whose renewal falls due within 90 days, with "
        f"reminders at 90, 60, 30 and 7 days, and those that lapsed without renewal. "
        f"{due30} due within 30 days; {found.lapsed} lapsed."
    )
    return ReportRenderer(
        "Renewals due",
        columns,
        found.renewals,
        company_name=settings["company_name"],
        generated_on=found.today,
        page_size=settings["page_size"],
        wide=True,
        intro=intro,
    ).render()


def write_renewals(store_: Store, output: Path | None, today: _dt.date | None = None) -> str | None:
    """`certdesk report renewals`: CSV text, or a .csv / .pdf file."""

    found = reminders(store_, today)
    return write_csv_or_pdf(
        output, lambda: renewals_csv(found), lambda: renewals_pdf(store_, found), "the report"
    )
