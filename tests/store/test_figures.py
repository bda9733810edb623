"""The store's aggregate figures, queried directly on a small database whose every number is known."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import replace

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.store import catalog, figures

TODAY = "2026-06-15"
SOON = "2026-07-15"  # TODAY + 30 days
LATER = "2026-09-13"  # TODAY + 90 days


@pytest.fixture
def known(store):
    """Three managers (one departs), five paths, costs over 2024-2026, sessions, plan items.

    - H-1: CCCM completed 2025-07-01 (valid 12 months → expires 2026-07-01), company tuition
      4,000.00 (2026) and exam 1,500.00 (2026), 100.00 paid by the manager; sessions 8 + 6.5 h;
      plan items: one done, one overdue, one due later. CCCS completed 2024-01-10 (expired),
      company exam 50.00 in 2024.
    - H-2: CCCM completed 2025-08-20 (expires 2026-08-20); company tuition 2,000.00 (2025) and
      travel 300.00 (2026); signed agreement, departs: owes 1,437.50 and pays 500.00 back.
    - H-3: QAMC enrolled with target 2026-05-01 (overdue), company exam 200.00 (2026);
      agreement issued, unsigned. SWMP planned, no target.
    """
    with store.transaction() as db:
        for code in ("CCCM", "CCCS"):
            catalog.update(db, replace(catalog.get_by_code(db, code), validity_months=12))
    for number in ("H-1", "H-2", "H-3"):
        managers.add_manager(
            store,
            {
                "employee_no": number,
                "full_name": f"Manager {number}",
                "work_state": "TX",
                "hire_date": "2020-01-06",
            },
        )

    p1 = paths.plan_path(store, "H-1", "CCCM")
    paths.add_cost(store, p1, kind="tuition", amount="4,000.00", paid_on="2026-01-10")
    paths.add_cost(store, p1, kind="exam", amount="1,500.00", paid_on="2026-02-10")
    paths.add_cost(
        store, p1, kind="materials", amount="100.00", paid_by="employee", paid_on="2026-03-01"
    )
    paths.add_session(store, p1, on="2025-05-02", hours="8")
    paths.add_session(store, p1, on="2025-05-09", hours="6.5")
    paths.complete_path(store, p1, on="2025-07-01")
    done = paths.add_plan_item(store, p1, commitment="Weekly calibration", due="2025-09-01")
    paths.finish_plan_item(store, done.id, on="2025-08-20", outcome="Scores up")
    paths.add_plan_item(store, p1, commitment="Schedule template", due="2026-01-31")
    paths.add_plan_item(store, p1, commitment="Coach team leads", due="2026-12-31")
    p5 = paths.plan_path(store, "H-1", "CCCS")
    paths.add_cost(store, p5, kind="exam", amount="50.00", paid_on="2024-01-05")
    paths.complete_path(store, p5, on="2024-01-10")

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

    p3 = paths.plan_path(store, "H-3", "QAMC", target="2026-05-01")
    paths.add_cost(store, p3, kind="exam", amount="200.00", paid_on="2026-04-02")
    paths.move_path(store, p3, "approved")
    paths.move_path(store, p3, "enrolled", on="2026-04-01")
    draft3 = drafting.draft_agreement(
        store, parse_draft_request(p3, months=12, schedule="prorated"), today=dt.date(2026, 4, 2)
    )
    issuing.issue_agreement(
        store, draft3.agreement.agreement_no, accept_warnings=True, on="2026-04-03"
    )
    paths.plan_path(store, "H-3", "SWMP")

    # 9 months served of 24 → owes 15/24 of 2,300.00 = 1,437.50.
    departures.record_departure(
        store, parse_departure_request("H-2", on="2026-06-01", reason="resigned")
    )
    departures.record_payment_received(store, number, amount="500.00", on="2026-06-10")
    return store


def by_code(conn, per_id: dict) -> dict:
    """A per-certification-id mapping re-keyed by certification code."""
    codes = {cert_id: code for cert_id, code, _, _ in figures.certification_rows(conn)}
    return {codes[cert_id]: value for cert_id, value in per_id.items()}


def test_navigation_and_status_bar_figures(known):
    conn = known.conn
    assert figures.agreement_count(conn) == 2
    assert figures.path_attention(conn, TODAY, SOON) == (1, 1, 1)
    assert figures.agreement_attention(conn) == (1, 1)


def test_people_paths_agreements_and_repayments(known):
    conn = known.conn
    assert figures.manager_status_counts(conn) == (2, 1)
    assert figures.paths_by_shown_status(conn, TODAY) == {
        "completed": 2,
        "expired": 1,
        "enrolled": 1,
        "planned": 1,
    }
    # H-2's CCCM (expires 2026-08-20) is not counted: H-2 left the company.
    assert figures.completed_expiring(conn, TODAY, SOON, LATER) == (1, 1)
    assert figures.expiring_path_ids(conn, TODAY, LATER) == [1]
    assert figures.agreements_by_status(conn) == {"issued": 1, "repayment_due": 1}
    assert figures.repayment_totals(conn) == [("repayment_due", 143750, 0, 50000, 0)]


def test_company_spend_by_calendar_year(known):
    conn = known.conn
    # 2026: education 4,000 + 1,500 + 200 (the manager's own 100.00 left out), travel 300;
    # 2025: 2,000.
    assert figures.company_spend_by_year_and_kind(conn, 2025, 2026) == {
        (2025, "education"): 200000,
        (2026, "education"): 570000,
        (2026, "travel"): 30000,
    }
    assert figures.company_spend_by_year_and_kind(conn, 2024, 2024) == {(2024, "education"): 5000}
    assert figures.company_spend_by_year_and_kind(conn, 2027, 2028) == {}
    assert figures.company_unpaid_and_undated(conn) == (0, 0, 0)


def test_per_certification(known):
    conn = known.conn
    assert [(code, bool(active)) for _, code, _, active in figures.certification_rows(conn)] == [
        ("CCCM", True),
        ("CCCS", True),
        ("QAMC", True),
        ("SWMP", True),
    ]
    assert by_code(conn, figures.certification_path_counts(conn)) == {
        "CCCM": (2, 0),
        "CCCS": (1, 0),
        "QAMC": (0, 1),
        "SWMP": (0, 1),
    }
    assert by_code(conn, figures.certification_company_spend(conn)) == {
        "CCCM": (780000, 0),
        "CCCS": (5000, 0),
        "QAMC": (0, 20000),
    }
    assert by_code(conn, figures.certification_plan_counts(conn, TODAY)) == {"CCCM": (3, 1, 1)}
    assert by_code(conn, figures.certification_hours_away(conn)) == {"CCCM": 14.5}


def test_an_empty_database(store):
    conn = store.conn
    assert figures.agreement_count(conn) == 0
    assert figures.path_attention(conn, TODAY, SOON) == (0, 0, 0)
    assert figures.agreement_attention(conn) == (0, 0)
    assert figures.manager_status_counts(conn) == (0, 0)
    assert figures.paths_by_shown_status(conn, TODAY) == {}
    assert figures.completed_expiring(conn, TODAY, SOON, LATER) == (0, 0)
    assert figures.agreements_by_status(conn) == {}
    assert figures.repayment_totals(conn) == []
    assert figures.company_spend_by_year_and_kind(conn, 2025, 2026) == {}
    assert figures.company_unpaid_and_undated(conn) == (0, 0, 0)
    assert figures.plan_items_not_counted(conn) == (0, 0)
    assert figures.certification_path_counts(conn) == {}
    assert figures.certification_company_spend(conn) == {}
    assert figures.certification_plan_counts(conn, TODAY) == {}
    assert figures.certification_hours_away(conn) == {}


def test_the_module_does_not_load_sqlite_utils():
    """The start-up path calls these functions before sqlite-utils is needed."""
    code = (
        "import sys, certdesk.store.figures, certdesk.services.paths.views; "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"
