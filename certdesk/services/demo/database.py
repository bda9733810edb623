"""A realistic, deterministic sample database for trying certdesk out.

The amounts are sample figures for the demo only; the catalog itself carries no prices.
"""

from __future__ import annotations

import datetime as _dt
import random

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.course import Course
from certdesk.core.dates import add_months
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.core.models import CertificationPath
from certdesk.core.money import format_plain
from certdesk.core.review import DEFAULT_REVIEW_DAYS, review_until
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.agreements.leaves import record_leave
from certdesk.services.catalog import certifications as catalog
from certdesk.services.demo.courses import CLASS_WEEKS_PLANNED, PROVIDERS
from certdesk.services.demo.renewals import demo_credentials, demo_rules
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.services.policies import ensure_default_policy
from certdesk.store import Store, employees
from certdesk.store import agreements as agreement_store
from certdesk.store import paths as paths_store
from certdesk.store import settings as settings_store

SITES = [
    ("Gdańsk Hub", "PL"),
    ("Sacramento Contact Center", "CA"),
    ("Buffalo Service Desk", "NY"),
    ("Denver Customer Care", "CO"),
    ("Austin Support Center", "TX"),
    ("Tampa Operations", "FL"),
    ("Phoenix Care Center", "AZ"),
]

NAMES = [
    "Łukasz Żółć-Nguyễn",
    "Nguyễn Thị Hương",
    "山田 太郎",
    "Agnieszka Wróblewska",
    "José Martínez",
    "Maria O'Neill",
    "Chloé Dubois",
    "Trần Văn Minh",
    "佐藤 花子",
    "Grzegorz Brzęczyszczykiewicz",
    "Aisha Abdullah",
    "Dmitri Ivanov",
    "Sinéad Ní Bhriain",
    "Björn Ångström",
    "Priya Raghunathan",
    "Kwame Mensah",
    "Zoë Van der Berg",
    "Lê Thị Thu",
    "鈴木 一郎",
    "Małgorzata Kowalczyk",
    "Carlos Gutiérrez",
    "Emily Johnson",
    "Michael Chen",
    "Sarah Williams",
    "David Kim",
    "Fatima Zahra El Idrissi",
    "Renée Lefèvre",
    "Oluwaseun Adeyemi",
    "Hannah Schmidt",
    "Tomás Ó Súilleabháin",
    "Phạm Quốc Bảo",
    "高橋 美咲",
    "Jessica Brown",
    "Robert García",
    "Linda Nguyen",
    "Wojciech Szymański",
    "Ana Lúcia Ferreira",
    "Mehmet Yılmaz",
    "Olga Petrova",
    "Jamal Washington",
    "Ingrid Sørensen",
    "Kenji Watanabe",
    "Paulina Zając",
    "Marcus Thompson",
]
TITLES = [
    "Call Center Manager",
    "Contact Center Supervisor",
    "Workforce Manager",
    "Quality Manager",
    "Operations Manager",
    "Team Lead",
]
CERTS = ["CCCM", "SWMP", "QAMC", "CCCS"]
PLAN_ITEMS = [
    "Introduce weekly calibration sessions for QA scorers",
    "Rebuild the intraday staffing model with the new forecast method",
    "Coach team leads on first-contact-resolution root causes",
    "Publish a service-level dashboard for the floor",
    "Run a schedule-adherence pilot on one team",
]

DEMO_COMPANY = "Northwind Contact Centers (demo)"
PLAN_OUTCOMES = [
    "Running weekly since; score spread between reviewers halved",
    "Adopted by two teams; service level steadier on Mondays",
    "Piloted on one team, rolled out site-wide",
    "Done; first-contact resolution up four points in a quarter",
]


DEMO_ISSUER = "Example Certification Institute (demo)"
# Who teaches each demo course (sample training providers).


def fill_demo(store: Store, today: _dt.date | None = None) -> int:
    """Fill an empty database with sample managers and paths; returns the number of managers."""
    if employees.count(store.db) > 0:
        raise InvalidInput("database", "already holds managers; demo fills only an empty database")
    today = today or _dt.date.today()
    # One transaction for the whole demo (each use case nests as a savepoint): all or nothing.
    with store.transaction():
        return _fill(store, today)


def _fill(store: Store, today: _dt.date) -> int:

    settings_store.put(store.db, "company_name", DEMO_COMPANY)
    # Industry credentials, usable with any employer: what AB 692 calls transferable.
    for code in CERTS:
        catalog.edit_certification(store, code, {"transferable": True, "issuer": DEMO_ISSUER})
    # The policy in force before the oldest demo agreement was issued (not from today).

    ensure_default_policy(store.db, today - _dt.timedelta(days=3 * 365))

    demo_rules(store, today)  # before any completion: cycles take their length from the rules
    rng = random.Random(20260315)
    for index, name in enumerate(NAMES):
        site, state = SITES[index % len(SITES)]
        employee_no = f"H-{9001 + index}"
        local = "".join(ch for ch in name.split()[0].lower() if ch.isascii() and ch.isalpha())
        managers.add_manager(
            store,
            {
                "employee_no": employee_no,
                "full_name": name,
                "email": f"{local or 'manager'}.{9001 + index}@example.com",
                "job_title": TITLES[index % len(TITLES)],
                "site": site,
                "work_state": state,
                # Hired before any path starts (paths start at most 20 months back).
                "hire_date": (today - _dt.timedelta(days=rng.randint(700, 4000))).isoformat(),
            },
        )
        for path_no in range(1 + (index % 3 == 0)):
            _demo_path(
                store, rng, employee_no, CERTS[(index + path_no) % 4], index + path_no, today
            )
    used = _demo_agreements(store, today)
    _law_examples(store, today, used)
    _demo_leave(store, today)

    demo_credentials(store, today)
    return len(NAMES)


# (schedule, tiers, clock, start rule, waived reasons or None for the default, what happens)
AGREEMENT_PLANS = [
    ("prorated", None, "commitment", "completion", None, "signed"),
    ("prorated", None, "commitment", "signing", None, "signed"),
    ("tiers", "6:100,12:75,18:50,24:25", "per_payment", "completion", None, "signed"),
    (
        "tiers",
        "12:100,24:66,36:33",
        "commitment",
        "completion",
        "layoff,death,disability",
        "signed",
    ),
    ("stepped", None, "commitment", "completion", None, "issued"),
    ("prorated", None, "commitment", "completion", None, "draft"),
    ("full", None, "commitment", "signing", None, "departed"),
    ("prorated", None, "commitment", "completion", None, "departed_waived"),
]


def _demo_agreements(store: Store, today: _dt.date) -> set[int]:
    """Agreements in every stage for the paths that have company-paid costs; returns the
    paths used."""

    candidates = [
        r
        for r in paths_store.list_rows(store.db)
        if r["status"] in ("enrolled", "completed") and r["company_paid_cents"] > 0
    ]
    used: set[int] = set()
    for row, plan in zip(candidates, AGREEMENT_PLANS, strict=False):
        used.add(row["id"])
        schedule, tiers, clock, start, waive, stage = plan
        months = tiers.rsplit(":", 1)[0].rsplit(",", 1)[-1] if tiers else "24"
        issued_on = _dt.date.fromisoformat(row["enrolled_on"]) if row["enrolled_on"] else today
        result = drafting.draft_agreement(
            store,
            parse_draft_request(
                row["id"],
                months=months,
                schedule=schedule,
                tiers=tiers,
                clock=clock,
                start=start,
                waive=waive,
                deadline=(today + _dt.timedelta(days=90)).isoformat(),
            ),
            today=issued_on,
        )
        number = result.agreement.agreement_no
        if stage == "draft":
            continue
        issuing.issue_agreement(store, number, accept_warnings=True, on=issued_on.isoformat())
        if stage == "issued":
            continue
        # Signed once the review period is over (the default five business days).
        lifecycle.sign_agreement(
            store, number, review_until(issued_on, DEFAULT_REVIEW_DAYS), accept_warnings=True
        )
        if stage.startswith("departed"):
            left = departures.record_departure(
                store,
                parse_departure_request(
                    row["employee_no"],
                    on=(today - _dt.timedelta(days=10)).isoformat(),
                    reason="resigned",
                    note="Demo: left for another company",
                ),
            )
            owed = sum(
                o.owed_cents
                for o in left.outcomes
                if o.agreement_no == number and o.status == "repayment_due"
            )
            if stage == "departed_waived" and owed >= 300:
                # A first instalment, then management forgives the rest.
                departures.record_payment_received(
                    store, number, amount=format_plain(owed // 3), on=today.isoformat()
                )
                departures.waive_repayment(
                    store, number, note="Demo: hardship, approved by the site director"
                )
    return used


def _demo_leave(store: Store, today: _dt.date) -> None:
    """One month of unpaid leave in the first commitment that has run long enough: its dates
    move by a month and its commitment-start notice is issued again (version 2)."""

    for agreement in agreement_store.agreements_with_status(store.db, ("in_commitment",)):
        if agreement.commitment_start is None:
            continue
        first = add_months(agreement.commitment_start, 1)
        last = add_months(first, 1) - _dt.timedelta(days=1)
        if last > today:
            continue
        path = paths_store.get(store.db, CertificationPath, agreement.path_id)
        record_leave(
            store,
            employees.get(store.db, path.employee_id).employee_no,
            first_day=first,
            last_day=last,
            paid=False,
            note="Demo: unpaid family leave",
        )
        return


def _law_examples(store: Store, today: _dt.date, used: set[int]) -> None:
    """State law at work: a California dismissal the law decides (0.00 whatever the waivers
    say) and a Colorado agreement whose 36-month commitment draws a warning."""

    def candidate(state: str) -> dict | None:
        for row in paths_store.list_rows(store.db):
            manager = managers.get_manager(store, row["employee_no"])
            if (
                row["id"] not in used
                and manager.work_state == state
                and manager.status == "active"
                and row["status"] in ("enrolled", "completed")
                and row["company_paid_cents"] > 0
            ):
                used.add(row["id"])
                return row
        return None

    def signed(row: dict, months: str, waive: str | None) -> None:
        number = drafting.draft_agreement(
            store,
            parse_draft_request(
                row["id"],
                months=months,
                schedule="prorated",
                waive=waive,
                deadline=(issued_on + _dt.timedelta(days=180)).isoformat(),
            ),
            today=issued_on,
        ).agreement.agreement_no
        issuing.issue_agreement(store, number, accept_warnings=True, on=issued_on.isoformat())
        lifecycle.sign_agreement(
            store, number, review_until(issued_on, DEFAULT_REVIEW_DAYS), accept_warnings=True
        )

    # Signed after California's law took effect (2026-01-01), whatever day the demo is made.
    issued_on = max(today - _dt.timedelta(days=120), _dt.date(2026, 1, 2))
    ca = candidate("CA") if issued_on + _dt.timedelta(days=10) <= today else None
    if ca is not None:
        # A policy that waives only death and disability: the law still owes nothing for a
        # dismissal other than for misconduct.
        signed(ca, "24", "death,disability")
        departures.record_departure(
            store,
            parse_departure_request(
                ca["employee_no"],
                on=today - _dt.timedelta(days=5),
                reason="dismissed_other",
                note="Demo: position restructured",
            ),
        )
    co = candidate("CO")
    if co is not None:
        signed(co, "36", None)  # longer than Colorado's two years: a warning


def _demo_path(
    store: Store, rng: random.Random, employee_no: str, cert: str, seq: int, today: _dt.date
) -> None:
    """One path in a status chosen so that every status appears."""
    stage = [
        "planned",
        "approved",
        "enrolled",
        "completed",
        "completed",
        "withdrawn",
        "failed",
        "enrolled",
        "completed",
    ][seq % 9]
    start = add_months(today, -rng.randint(2, 20))
    first_class = start + _dt.timedelta(days=3)  # the course's first day: its first class day

    def course(weeks: int) -> Course:
        last = first_class + _dt.timedelta(days=7 * (weeks - 1))
        return Course(provider=PROVIDERS[cert], start=first_class, end=last)

    path_id = paths.plan_path(
        store,
        employee_no,
        cert,
        add_months(start, 6).isoformat(),
        course=course(CLASS_WEEKS_PLANNED),
    )
    if stage == "planned":
        return
    tuition = rng.choice([95000, 129500, 149500, 189900, 215000])
    paths.add_cost(
        store,
        path_id,
        kind="tuition",
        amount=format_plain(tuition),
        paid_on=start.isoformat(),
        description=f"{cert} course tuition",
    )
    paths.move_path(store, path_id, "approved")
    if stage == "approved":
        # The exam is booked; the invoice comes later: committed, not spent yet.
        paths.add_cost(
            store,
            path_id,
            kind="exam",
            amount=format_plain(35000),
            not_yet_paid=True,
            description=f"{cert} exam fee (invoice to come)",
        )
        return
    paths.move_path(store, path_id, "enrolled", on=start.isoformat())
    paths.add_cost(
        store,
        path_id,
        kind="exam",
        amount=format_plain(rng.choice([25000, 35000, 45000])),
        paid_on=add_months(start, 1).isoformat(),
        description=f"{cert} exam fee",
    )
    paths.add_cost(
        store,
        path_id,
        kind="materials",
        amount=format_plain(rng.choice([4500, 8900, 12000])),
        paid_by=rng.choice(["company", "employee"]),
        paid_on=start.isoformat(),
        description="Study guide",
    )
    paths.add_cost(
        store,
        path_id,
        kind="class_wages",
        amount=format_plain(rng.choice([64000, 96000])),
        paid_on=add_months(start, 1).isoformat(),
        description="Wages for class hours",
    )
    if seq % 3 == 0:  # an out-of-town class: travel, paid with the tuition
        paths.add_cost(
            store,
            path_id,
            kind="travel",
            amount=format_plain(38500),
            paid_on=start.isoformat(),
            description="Train and hotel for the class days",
        )
    weeks = rng.randint(2, 5)
    for week in range(weeks):
        paths.add_session(
            store,
            path_id,
            on=(start + _dt.timedelta(days=7 * week + 3)).isoformat(),
            hours=str(rng.choice([4, 6, 7.5, 8])),
            note="Classroom day",
        )
    if weeks != CLASS_WEEKS_PLANNED:  # the course ran shorter or longer than planned
        target = paths.get_path(store, path_id).target_date
        paths.edit_path(store, path_id, course=course(weeks), target=target)
    item = paths.add_plan_item(
        store, path_id, commitment=rng.choice(PLAN_ITEMS), due=add_months(start, 9).isoformat()
    )
    if stage == "enrolled":
        return
    if stage in ("withdrawn", "failed"):
        paths.move_path(store, path_id, stage)
        return
    done = min(add_months(start, rng.randint(3, 6)), today)
    paths.complete_path(
        store, path_id, on=done.isoformat(), credential_no=f"{cert}-{rng.randint(100000, 999999)}"
    )
    # Most certified managers have put their plan into practice a few weeks later.
    practised = add_months(done, 1)
    if practised <= today and rng.random() < 0.7:
        paths.finish_plan_item(
            store, item.id, on=practised.isoformat(), outcome=rng.choice(PLAN_OUTCOMES)
        )
