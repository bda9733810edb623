"""Every dashboard figure on a crafted database, worked out by hand, against the dashboard model,
the cards' tooltips, the ROI table and the CSV reports: they must all say the same thing.

Today is 2026-06-15. CCCM is valid 12 months; QAMC and SWMP never expire.

| manager | status | path | costs paid by the company (paid-on) | plan items |
|---|---|---|---|---|
| H-1 Ana | active | CCCM completed 2025-07-01, expires 2026-07-01 (in 30 days) | tuition 2,000.00 (2025-06-01), exam 400.00 (2026-01-15), class wages 600.00 (2026-02-01), travel 250.00 (2026-02-01) | done; due 2026-03-01 not done (overdue); due 2026-12-31 |
| H-2 Bo | active | CCCM completed 2025-06-14, expired 2026-06-14 (yesterday) | tuition 1,800.00 (2024-05-01) | done; due 2025-01-01 not done (overdue) |
| H-3 Chloé | departed 2026-01-31, resigned | QAMC completed 2025-01-31 | tuition 2,400.00 (2025-01-10) | — |
| H-4 Dang | active | CCCM withdrawn | tuition 1,000.00 (2026-03-01) | due 2026-04-01: not applicable |
| H-4 Dang | active | SWMP enrolled | tuition 900.00 (2026-04-01); materials 150.00 NOT YET PAID | due 2026-05-01: waits |
| H-5 Émile | departed 2026-05-01, resigned | CCCM completed 2025-08-01, expires 2026-08-01 | tuition 1,000.00 (2025-07-01) | — |
| H-6 Farah | active | CCCM completed 2025-09-13, expires 2026-09-13 (today + 90) | tuition 1,500.02 (2025-08-01) | — |

H-3 signed a 24-month prorated agreement on 2,400.00 starting at completion (2025-01-31) and
left after 12 months: charged 2,400.00 × 12/24 = 1,200.00; paid 300.00 back, the rest waived.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.figures import FIGURES, RepaymentSplit
from certdesk.gui.dashboard.page import ROI_COLUMNS, cards
from certdesk.gui.widgets.table_model import RowTableModel
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.dashboard.figures import YearSpend, dashboard
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.services.reports.registers import report_csv
from certdesk.store import catalog

TODAY = dt.date(2026, 6, 15)


def _manager(store, number: str, name: str) -> None:
    managers.add_manager(
        store,
        {"employee_no": number, "full_name": name, "work_state": "TX", "hire_date": "2020-01-06"},
    )


def _completed(store, number: str, code: str, on: str, *costs: tuple[str, str, str]) -> int:
    path = paths.plan_path(store, number, code)
    for kind, amount, paid_on in costs:
        paths.add_cost(store, path, kind=kind, amount=amount, paid_on=paid_on)
    paths.complete_path(store, path, on=on)
    return path


@pytest.fixture
def crafted(store):
    with store.transaction() as db:
        catalog.update(db, replace(catalog.get_by_code(db, "CCCM"), validity_months=12))
    for number, name in [
        ("H-1", "Ana Łukasiewicz"),
        ("H-2", "Bo Nguyễn"),
        ("H-3", "Chloé 山田"),
        ("H-4", "Dang Thị"),
        ("H-5", "Émile Zoë"),
        ("H-6", "Farah Ñúñez"),
    ]:
        _manager(store, number, name)

    a = _completed(
        store,
        "H-1",
        "CCCM",
        "2025-07-01",
        ("tuition", "2,000.00", "2025-06-01"),
        ("exam", "400.00", "2026-01-15"),
        ("class_wages", "600.00", "2026-02-01"),
        ("travel", "250.00", "2026-02-01"),
    )
    done = paths.add_plan_item(store, a, commitment="Weekly calibration", due="2025-09-01")
    paths.finish_plan_item(store, done.id, on="2025-08-20")
    paths.add_plan_item(store, a, commitment="New schedule template", due="2026-03-01")
    paths.add_plan_item(store, a, commitment="Coach two team leads", due="2026-12-31")

    b = _completed(store, "H-2", "CCCM", "2025-06-14", ("tuition", "1,800.00", "2024-05-01"))
    done = paths.add_plan_item(store, b, commitment="Shrinkage report", due="2024-09-01")
    paths.finish_plan_item(store, done.id, on="2024-08-30")
    paths.add_plan_item(store, b, commitment="Intraday playbook", due="2025-01-01")

    c = paths.plan_path(store, "H-3", "QAMC")
    paths.add_cost(store, c, kind="tuition", amount="2,400.00", paid_on="2025-01-10")
    draft = drafting.draft_agreement(
        store, parse_draft_request(c, months=24, schedule="prorated"), today=dt.date(2025, 1, 10)
    )
    number = draft.agreement.agreement_no
    issuing.issue_agreement(store, number, accept_warnings=True, on="2025-01-11")
    lifecycle.sign_agreement(store, number, "2025-01-12", accept_warnings=True)
    paths.complete_path(store, c, on="2025-01-31")

    d_cccm = paths.plan_path(store, "H-4", "CCCM")
    paths.add_cost(store, d_cccm, kind="tuition", amount="1,000.00", paid_on="2026-03-01")
    paths.move_path(store, d_cccm, "approved")
    paths.move_path(store, d_cccm, "enrolled", on="2026-03-01")
    paths.add_plan_item(store, d_cccm, commitment="Forecast review", due="2026-04-01")
    paths.move_path(store, d_cccm, "withdrawn")
    d_swmp = paths.plan_path(store, "H-4", "SWMP")
    paths.add_cost(store, d_swmp, kind="tuition", amount="900.00", paid_on="2026-04-01")
    paths.add_cost(store, d_swmp, kind="materials", amount="150.00", not_yet_paid=True)
    paths.move_path(store, d_swmp, "approved")
    paths.move_path(store, d_swmp, "enrolled", on="2026-04-01")
    paths.add_plan_item(store, d_swmp, commitment="Skills-based routing", due="2026-05-01")

    _completed(store, "H-5", "CCCM", "2025-08-01", ("tuition", "1,000.00", "2025-07-01"))
    _completed(store, "H-6", "CCCM", "2025-09-13", ("tuition", "1,500.02", "2025-08-01"))

    departures.record_departure(
        store, parse_departure_request("H-3", on="2026-01-31", reason="resigned")
    )
    departures.record_payment_received(store, number, amount="300.00", on="2026-02-15")
    departures.waive_repayment(store, number, note="Goodwill: relocation for family reasons")
    departures.record_departure(
        store, parse_departure_request("H-5", on="2026-05-01", reason="resigned")
    )
    return store


def _csv(store, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(report_csv(store, name, TODAY))))


def _cents(text: str) -> int:
    whole, _, part = text.replace(",", "").partition(".")
    return int(whole) * 100 + int(part or 0)


def test_every_figure_by_hand(crafted):
    d = dashboard(crafted, TODAY)
    assert (d.managers_active, d.managers_departed) == (4, 2)
    # H-2's credential expired yesterday (not in the window); H-5's expires in the window but
    # H-5 left; H-6's expires on the window's last day.
    assert (d.expiring_soon, d.expiring_later) == (1, 2)
    assert d.paths_by_status == {
        "completed": 4,  # H-1, H-3, H-5, H-6
        "expired": 1,  # H-2
        "withdrawn": 1,
        "enrolled": 1,
    }
    # Repayments: charged = received + waived + still to come.
    assert d.repayments == RepaymentSplit(120000, 30000, 90000, 0)
    # Spend by kind and year (paid-on dates only; the 150.00 not yet paid is committed).
    assert d.spend_this_year == YearSpend(2026, 230000, 60000, 25000)  # 400 + 1,000 + 900
    assert d.spend_this_year.total_cents == 315000
    assert d.spend_last_year == YearSpend(2025, 690002, 0, 0)  # 2,000 + 2,400 + 1,000 + 1,500.02
    assert (d.committed_unpaid_cents, d.committed_unpaid_lines) == (15000, 1)
    assert d.undated_paid_lines == 0
    assert d.over_127 == []
    # Plan follow-up: items of completed paths only (H-1's three, H-2's two).
    assert (d.plan_committed, d.plan_done, d.plan_overdue) == (5, 2, 2)
    assert (d.plan_items_in_progress, d.plan_items_not_applicable) == (1, 1)

    roi = {c.code: c for c in d.certifications}
    cccm = roi["CCCM"]
    # Certified: H-1, H-2 (expired since), H-5 (left since), H-6. Finished paths: those four
    # plus H-4's withdrawn one: 3,250.00 + 1,800.00 + 1,000.00 + 1,500.02 + 1,000.00.
    assert (cccm.certified, cccm.in_progress) == (4, 0)
    assert (cccm.finished_spend_cents, cccm.open_spend_cents) == (855002, 0)
    assert cccm.spend_per_certified_cents == 213751  # 2,137.505 rounded half up
    assert (cccm.plan_committed, cccm.plan_done, cccm.plan_overdue) == (5, 2, 2)
    swmp = roi["SWMP"]
    assert (swmp.certified, swmp.in_progress, swmp.finished_spend_cents) == (0, 1, 0)
    assert swmp.open_spend_cents == 90000  # the materials not yet paid are not spent
    assert swmp.spend_per_certified_cents is None
    qamc = roi["QAMC"]
    assert (qamc.certified, qamc.finished_spend_cents, qamc.spend_per_certified_cents) == (
        1,
        240000,
        240000,
    )


def test_cards_and_tooltips_say_the_same_numbers(crafted):
    said = {c.key: c for c in cards(dashboard(crafted, TODAY))}
    for key, card in said.items():
        assert card.tooltip.startswith(FIGURES[key].definition)
    assert said["repayments"].figure == "$0.00"
    assert said["repayments"].sentence == (
        "Departed managers were charged $1,200.00: $300.00 received + $900.00 waived + "
        "$0.00 still to come."
    )
    assert said["repayments"].tooltip.endswith(
        "Charged $1,200.00 = received $300.00 + waived $900.00 + still to come $0.00."
    )
    assert said["spend"].figure == "$3,150.00"
    assert said["spend"].tooltip.endswith(
        "2026: education $2,300.00 + class wages $600.00 + travel $250.00 = $3,150.00.\n"
        "2025: education $6,900.02 + class wages $0.00 + travel $0.00 = $6,900.02.\n"
        "Committed, not yet paid: $150.00 on 1 line."
    )
    assert said["plans"].figure == "2 of 5"
    assert said["plans"].tooltip.endswith(
        "Items of completed paths: 5 (2 done, 2 overdue, 1 not due yet). Paths in progress: 1."
        " Not applicable (withdrawn or failed paths): 1."
    )
    assert said["expiring"].figure == "1"
    assert said["expiring"].tooltip.endswith(
        "From 2026-06-15 to 2026-07-15: 1. From 2026-06-15 to 2026-09-13: 2."
    )


def test_the_roi_table_shows_the_model(crafted, qapp):
    model = RowTableModel(ROI_COLUMNS)
    model.set_rows(dashboard(crafted, TODAY).certifications)
    headers = [c.header for c in ROI_COLUMNS]
    row = model.find(lambda c: c.code == "CCCM")
    shown = {h: model.index(row, i).data() for i, h in enumerate(headers)}
    assert shown["Certified"] == "4"
    assert shown["Spent, finished"] == "8,550.02"
    assert shown["Per certified"] == "2,137.51"
    assert shown["Spent, open"] == "0.00"
    assert (shown["Plan items"], shown["Done"], shown["Overdue"]) == ("5", "2", "2")
    swmp = {
        h: model.index(model.find(lambda c: c.code == "SWMP"), i).data()
        for i, h in enumerate(headers)
    }
    assert (swmp["Per certified"], swmp["Spent, open"]) == ("—", "900.00")


def test_the_csv_reports_agree_with_the_dashboard(crafted):
    d = dashboard(crafted, TODAY)
    spend = _csv(crafted, "spend")
    for year in (d.spend_this_year, d.spend_last_year):
        year_total = sum(_cents(r["company_paid"]) for r in spend if int(r["year"]) == year.year)
        assert year_total == year.education_cents

    expiring = _csv(crafted, "expiring")
    assert [(r["employee_no"], r["expires_on"]) for r in expiring] == [
        ("H-1", "2026-07-01"),
        ("H-6", "2026-09-13"),
    ]
    assert len(expiring) == d.expiring_later
    assert sum(r["expires_on"] <= "2026-07-15" for r in expiring) == d.expiring_soon

    roster = {(r["employee_no"], r["cert_code"]): r for r in _csv(crafted, "roster")}
    assert roster["H-2", "CCCM"]["status"] == "expired"
    assert roster["H-4", "CCCM"]["status"] == "withdrawn"
    assert roster["H-4", "SWMP"]["expires_on"] == ""
    assert roster["H-3", "QAMC"]["expires_on"] == ""  # never expires

    [register] = _csv(crafted, "agreements")
    split = d.repayments
    assert (
        _cents(register["owed"]),
        _cents(register["received"]),
        _cents(register["waived"]),
        _cents(register["to_come"]),
    ) == (split.charged_cents, split.received_cents, split.waived_cents, split.to_come_cents)
    assert register["status"] == "waived"
