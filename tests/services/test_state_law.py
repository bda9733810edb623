"""State law through the use cases: what is drafted, printed, stored and shown tells one story.

Amounts worked by hand. California AB 692 (Bus. & Prof. Code § 16608, Labor Code § 926,
contracts from 2026-01-01) and New York Labor Law § 1052 (from 2026-12-19): only tuition, fees and
required materials are repayable, nothing is owed when the employer ends the employment for any
reason but misconduct, and no lump sum is demanded. Not legal advice.
"""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.core.repayment import describe_band, row_for
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle, terms
from certdesk.services.agreements import views as agreement_views
from certdesk.services.catalog import certifications as catalog
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.store import agreements as agreement_store


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def manager_with_path(
    store, state: str, *, travel: bool = True, transferable: bool = True, target="2026-03-01"
) -> int:
    """H-7001 in `state`: CCCM tuition 2,000.00 and exam 300.00 (and travel 400.00), company paid."""
    managers.add_manager(
        store,
        {
            "employee_no": "H-7001",
            "full_name": "Zoë Ångström-Nguyễn",
            "work_state": state,
            "hire_date": "2020-01-02",
        },
    )
    catalog.edit_certification(store, "CCCM", {"transferable": transferable})
    pid = paths.plan_path(store, "H-7001", "CCCM", target)
    paths.add_cost(store, pid, kind="tuition", amount="2,000.00", paid_on="2026-01-10")
    paths.add_cost(store, pid, kind="exam", amount="300.00", paid_on="2026-01-12")
    if travel:
        paths.add_cost(store, pid, kind="travel", amount="400.00", paid_on="2026-01-12")
    return pid


def signed_agreement(store, pid, *, waive=None, on=dt.date(2026, 1, 20)) -> str:
    number = drafting.draft_agreement(
        store, parse_draft_request(pid, months=24, schedule="prorated", waive=waive), today=on
    ).agreement.agreement_no
    accept = waive is not None  # a waiver list without the dismissals: confirmed over the warning
    issuing.issue_agreement(store, number, on=on.isoformat(), accept_warnings=accept)
    # Signed once the review period (5 business days) is over.
    lifecycle.sign_agreement(store, number, on + dt.timedelta(days=7), accept_warnings=accept)
    return number


def test_california_leaves_travel_out_and_the_form_says_why(store):
    pid = manager_with_path(store, "California")  # a full name becomes the code
    assert managers.get_manager(store, "H-7001").work_state == "CA"
    draft = drafting.draft_agreement(
        store, parse_draft_request(pid, months=24, schedule="prorated"), today=dt.date(2026, 1, 20)
    )
    assert draft.agreement.amount_cents == 230000  # 2,000.00 + 300.00; travel 400.00 left out
    assert draft.warnings == []
    issued = issuing.issue_agreement(store, draft.agreement.agreement_no, on="2026-01-20")
    text = pdf_text(issued.pdf)
    assert "Not repayable (travel): under California AB 692 only tuition, fees and required" in text
    assert "not a condition of your employment" in text
    # Texas has no such rule: the travel stays in.
    with pytest.raises(InvalidInput):
        drafting.draft_agreement(
            store, parse_draft_request(pid, months=24, schedule="prorated")
        )  # one open


def test_texas_keeps_every_repayable_cost(store):
    pid = manager_with_path(store, "TX")
    draft = drafting.draft_agreement(
        store, parse_draft_request(pid, months=24, schedule="prorated")
    )
    assert draft.agreement.amount_cents == 270000


def test_a_california_dismissal_owes_nothing_whatever_the_waivers_say(store):
    pid = manager_with_path(store, "CA")
    number = signed_agreement(store, pid, waive="death,disability")
    paths.complete_path(store, pid, on="2026-03-01")
    result = departures.record_departure(
        store, parse_departure_request("H-7001", on=dt.date(2026, 9, 1), reason="dismissed_other")
    )
    (outcome,) = result.outcomes
    assert (outcome.status, outcome.owed_cents, outcome.decided_by) == (
        "waived",
        0,
        "California AB 692",
    )
    repayment = agreement_store.repayment_of(store.db, terms.get_agreement(store.db, number).id)
    assert repayment.owed_cents == 0 and repayment.waiver_note.startswith("California AB 692: ")
    text = pdf_text(departures.stored_statement(store, number))
    assert "California AB 692: the company ended the employment" in text
    assert "This statement applies that law." in text
    assert "Nothing is owed under this agreement" in text
    # The screen shows the same decision.
    detail = agreement_views.agreement_detail(store, number)
    assert detail.agreement.status == "waived"


def test_a_california_resignation_owes_the_schedule_without_a_lump_sum(store):
    pid = manager_with_path(store, "CA")
    number = signed_agreement(store, pid)
    paths.complete_path(store, pid, on="2026-03-01")
    result = departures.record_departure(
        store, parse_departure_request("H-7001", on="2026-09-01", reason="resigned")
    )
    # 6 months served of 24: 2,300.00 × 18 / 24 = 1,725.00.
    assert result.outcomes[0].owed_cents == 172500
    text = pdf_text(departures.stored_statement(store, number))
    assert "1,725.00" in text
    assert "not demanded as a lump sum and is not deducted from final pay" in text
    assert "no lump sum" in text


def test_leaving_before_completion_is_one_row_on_form_screen_and_statement(store):
    pid = manager_with_path(store, "TX", travel=False, target="2026-12-15")  # still ahead
    number = signed_agreement(store, pid)
    form = pdf_text(issuing.stored_form(store, number))
    row = "Leaving before the certification is completed 100 % 2,300.00"
    assert row in form
    # The certification is never completed; she resigns after the planned completion date.
    departures.record_departure(
        store, parse_departure_request("H-7001", on="2026-11-18", reason="resigned")
    )
    detail = agreement_views.agreement_detail(store, number)
    (block,) = detail.schedule
    assert describe_band(block.rows[0]) == (
        "leaving before the certification is completed: 100 %, 2,300.00"
    )
    # The provisional band of 2026-11-18 is not where she left: the before-start row is.
    assert row_for(block, dt.date(2026, 11, 18), started=False) is block.rows[0]
    statement = pdf_text(departures.stored_statement(store, number))
    assert "not started when the manager left" in statement
    assert "from 2026-11-18" not in statement  # never a commitment dated from the departure
    assert "not started 2,300.00 0 100 % 2,300.00" in statement
    assert "Balance due $2,300.00" in statement


def test_signing_runs_the_rules_for_the_signing_day(store):
    # New York: issued before 2026-12-19, signed after it. The credential is not marked
    # transferable, which the law requires.
    pid = manager_with_path(store, "NY", travel=False, transferable=False)
    number = drafting.draft_agreement(
        store, parse_draft_request(pid, months=24, schedule="prorated"), today=dt.date(2026, 12, 10)
    ).agreement.agreement_no
    issuing.issue_agreement(store, number, on="2026-12-10", accept_warnings=True)
    with pytest.raises(InvalidInput) as err:
        lifecycle.sign_agreement(store, number, dt.date(2026, 12, 20))
    assert err.value.field == "warnings"
    assert "New York Trapped at Work Act" in err.value.message
    assert terms.get_agreement(store.db, number).status == "issued"  # nothing stored
    signed = lifecycle.sign_agreement(store, number, dt.date(2026, 12, 20), accept_warnings=True)
    assert signed.agreement.status == "signed"
    assert [w.rule for w in signed.warnings] == ["New York Trapped at Work Act"]


def test_unknown_state_is_refused_naming_the_field(store):
    with pytest.raises(InvalidInput) as err:
        managers.add_manager(
            store, {"employee_no": "H-1", "full_name": "A B", "work_state": "Atlantis"}
        )
    assert err.value.field == "work_state"
    assert managers.list_managers(store) == []


def test_the_statement_says_when_and_how_to_repay(store):
    """Texas, resigned after 6 of 24 months: 2,700.00 × 18/24 = 2,025.00, due 30 days after the
    statement or in 12 monthly instalments of 168.75 (12 × 168.75 = 2,025.00)."""
    from certdesk.services import settings

    settings.update_settings(store, {"hr_contact": "Dana Smith, hr@example.com"})
    pid = manager_with_path(store, "TX")
    number = signed_agreement(store, pid)
    paths.complete_path(store, pid, on="2026-03-01")
    departures.record_departure(
        store, parse_departure_request("H-7001", on="2026-09-01", reason="resigned")
    )
    plan = departures.repayment_plan(store, number, today=dt.date(2026, 9, 2))
    assert plan.total_cents == 202500 and not plan.no_lump_sum
    assert [i.amount_cents for i in plan.instalments] == [16875] * 12
    # The plan the statement printed is kept: due 30 days after the day it was made (today),
    # whatever day it is read back.
    assert plan.first_due == dt.date.today() + dt.timedelta(days=30)
    text = pdf_text(departures.stored_statement(store, number))
    assert "5. How to repay" in text and "Dana Smith, hr@example.com" in text
    assert "12 monthly instalments" in text and "hardship waiver" in text


def test_no_lump_sum_spreads_over_the_months_left(store):
    pid = manager_with_path(store, "CA")
    number = signed_agreement(store, pid)
    paths.complete_path(store, pid, on="2026-03-01")
    departures.record_departure(
        store, parse_departure_request("H-7001", on="2026-09-01", reason="resigned")
    )
    plan = departures.repayment_plan(store, number, today=dt.date(2026, 9, 2))
    # 1,725.00 over the 18 months left: 17 × 95.83 + 95.89.
    assert plan.no_lump_sum and len(plan.instalments) == 18
    assert plan.instalments[-1].amount_cents == 9589 and plan.total_cents == 172500
    text = pdf_text(departures.stored_statement(store, number))
    assert "18 monthly instalments, over the months left in the commitment" in text


def test_the_deduction_authorization_is_separate_revocable_and_follows_the_law(store):
    pid = manager_with_path(store, "CA")
    number = signed_agreement(store, pid)
    text = pdf_text(issuing.deduction_authorization(store, number, max_per_period_cents=15000))
    assert "Payroll Deduction Authorization" in text and number in text
    assert "No more than $150.00 is deducted in one pay period" in text
    assert "Under California AB 692, nothing is deducted from my final pay." in text
    assert "revoke it at any time by telling HR in writing" in text
    assert "minimum wage" in text
    for bad in (0, 230001):  # more than the repayable amount 2,300.00
        with pytest.raises(InvalidInput) as err:
            issuing.deduction_authorization(store, number, max_per_period_cents=bad)
        assert err.value.field == "max_per_period"
