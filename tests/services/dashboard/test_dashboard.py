"""The dashboard's figures on a small database whose every number is known."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.figures import RepaymentSplit
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.dashboard.figures import YearSpend, dashboard
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.store import catalog

TODAY = dt.date(2026, 6, 15)


def manager(store, number: str, name: str, state: str = "TX") -> None:
    managers.add_manager(
        store,
        {"employee_no": number, "full_name": name, "work_state": state, "hire_date": "2020-01-06"},
    )


@pytest.fixture
def known(store):
    """Four managers (one departs), five paths, costs in 2025 and 2026, sessions, plans.

    - H-1 Łukasz: CCCM completed 2025-07-01 (CCCM valid 12 months → expires 2026-07-01, within
      30 days), tuition 4,000.00 + exam 1,500.00 in 2026 (over §127 by 250.00), 2 sessions
      (8 + 6.5 h), plan items: one done, one overdue, one due later.
    - H-2 Hương: CCCM completed 2025-08-20 → expires 2026-08-20 (within 90 days), tuition
      2,000.00 in 2025, travel 300.00 in 2026; signed agreement, departs (resigned): owes, pays
      part back.
    - H-3 山田: QAMC enrolled, tuition 1,000.00 paid by the manager; agreement issued, unsigned.
    - H-4 Zoë: SWMP planned; CCCS completed long ago and expired (valid 12 months).
    """
    with store.transaction() as db:
        for code in ("CCCM", "CCCS"):
            cert = catalog.get_by_code(db, code)
            catalog.update(db, replace(cert, validity_months=12))
    manager(store, "H-1", "Łukasz Żółć")
    manager(store, "H-2", "Nguyễn Thị Hương")
    manager(store, "H-3", "山田 太郎")
    manager(store, "H-4", "Zoë Van der Berg")

    p1 = paths.plan_path(store, "H-1", "CCCM")
    paths.add_cost(store, p1, kind="tuition", amount="4,000.00", paid_on="2026-01-10")
    paths.add_cost(store, p1, kind="exam", amount="1,500.00", paid_on="2026-02-10")
    paths.add_session(store, p1, on="2025-05-02", hours="8")
    paths.add_session(store, p1, on="2025-05-09", hours="6.5")
    paths.complete_path(store, p1, on="2025-07-01")
    done = paths.add_plan_item(store, p1, commitment="Run weekly calibration", due="2025-09-01")
    paths.finish_plan_item(store, done.id, on="2025-08-20", outcome="Scores up 4 points")
    paths.add_plan_item(store, p1, commitment="New schedule template", due="2026-01-31")
    paths.add_plan_item(store, p1, commitment="Coach two team leads", due="2026-12-31")

    p2 = paths.plan_path(store, "H-2", "CCCM")
    paths.add_cost(store, p2, kind="tuition", amount="2,000.00", paid_on="2025-03-01")
    paths.add_cost(store, p2, kind="travel", amount="300.00", paid_on="2026-03-01")
    paths.move_path(store, p2, "approved")
    paths.move_path(store, p2, "enrolled", on="2025-03-01")
    draft = drafting.draft_agreement(
        store, parse_draft_request(p2, months=24, schedule="prorated"), today=dt.date(2025, 3, 1)
    )
    number = draft.agreement.agreement_no
    issuing.issue_agreement(store, number, accept_warnings=True, on="2025-03-02")
    lifecycle.sign_agreement(store, number, "2025-03-03", accept_warnings=True)
    paths.complete_path(store, p2, on="2025-08-20")

    p3 = paths.plan_path(store, "H-3", "QAMC")
    paths.add_cost(
        store, p3, kind="tuition", amount="1,000.00", paid_by="employee", paid_on="2026-04-01"
    )
    paths.add_cost(store, p3, kind="exam", amount="200.00", paid_on="2026-04-02")
    paths.move_path(store, p3, "approved")
    paths.move_path(store, p3, "enrolled", on="2026-04-01")
    draft3 = drafting.draft_agreement(
        store, parse_draft_request(p3, months=12, schedule="prorated"), today=dt.date(2026, 4, 2)
    )
    issuing.issue_agreement(
        store, draft3.agreement.agreement_no, accept_warnings=True, on="2026-04-03"
    )

    paths.plan_path(store, "H-4", "SWMP")
    p5 = paths.plan_path(store, "H-4", "CCCS")
    paths.complete_path(store, p5, on="2024-01-10")

    # H-2 leaves on 2026-06-01; the commitment started at completion (2025-08-20):
    # months served 9 → owes (24 - 9) / 24 of 2,300.00 (tuition and travel are repayable)
    # = 1,437.50; 500.00 comes back.
    departures.record_departure(
        store, parse_departure_request("H-2", on="2026-06-01", reason="resigned")
    )
    departures.record_payment_received(store, number, amount="500.00", on="2026-06-10")
    return store


def test_people_paths_and_expiries(known):
    d = dashboard(known, TODAY)
    assert (d.managers_active, d.managers_departed) == (3, 1)
    assert d.paths_by_status == {
        "completed": 2,
        "expired": 1,
        "enrolled": 1,
        "planned": 1,
    }
    assert d.open_paths == 2
    # H-2's CCCM expires within 90 days too, but H-2 left the company.
    assert (d.expiring_soon, d.expiring_later) == (1, 1)


def test_agreements_and_repayments(known):
    d = dashboard(known, TODAY)
    assert d.agreements_awaiting_signature == 1
    assert d.agreements_draft == 0
    assert d.repayments == RepaymentSplit(143750, 50000, 0, 93750)


def test_spend_by_calendar_year_and_section_127(known):
    d = dashboard(known, TODAY)
    # 2026, company paid: 4,000 + 1,500 (H-1) + 300 travel (H-2) + 200 exam (H-3).
    assert d.spend_this_year == YearSpend(2026, 570000, 0, 30000)
    assert d.spend_this_year.total_cents == 600000
    assert d.spend_last_year == YearSpend(2025, 200000, 0, 0)
    assert d.section_127_limit_cents == 525000
    # Travel is not education under §127; only H-1 is over the limit this year.
    assert [(o.employee_no, o.company_paid_cents, o.over_cents) for o in d.over_127] == [
        ("H-1", 550000, 25000)
    ]
    assert dashboard(known, dt.date(2027, 1, 2)).over_127 == []


def test_return_on_each_certification(known):
    by_code = {c.code: c for c in dashboard(known, TODAY).certifications}
    assert list(by_code) == ["CCCM", "CCCS", "QAMC", "SWMP"]
    cccm = by_code["CCCM"]
    assert (cccm.certified, cccm.in_progress, cccm.finished_spend_cents) == (2, 0, 780000)
    assert (cccm.plan_committed, cccm.plan_done, cccm.plan_overdue) == (3, 1, 1)
    assert cccm.hours_away == 14.5
    assert cccm.spend_per_certified_cents == 390000
    qamc = by_code["QAMC"]
    assert (qamc.certified, qamc.in_progress, qamc.open_spend_cents) == (0, 1, 20000)
    assert qamc.spend_per_certified_cents is None
    assert by_code["CCCS"].certified == 1  # expired since, but earned
    assert by_code["SWMP"].in_progress == 1


def test_an_empty_database(store):
    d = dashboard(store, TODAY)
    assert (d.managers_active, d.managers_departed, d.paths_by_status) == (0, 0, {})
    assert (d.spend_this_year.total_cents, d.repayments, d.over_127) == (0, RepaymentSplit(), [])
    assert [c.certified for c in d.certifications] == [0, 0, 0, 0]
