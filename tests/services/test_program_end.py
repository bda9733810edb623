"""A program that ends without the credential, through the use cases (issue 11's first case):
a New York manager whose program failed in 2027 and who resigned in 2031 owes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pypdf
import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.core.payment_plan import PaymentTerms
from certdesk.services import managers, policies
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.agreements import terms as agreements_terms
from certdesk.services.catalog import certifications as catalog
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.services.policies import RepaymentRules


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def failed_program(store) -> str:
    managers.add_manager(
        store,
        {
            "employee_no": "H-8001",
            "full_name": "Sinéad Ní Bhriain",
            "work_state": "NY",
            "hire_date": "2019-01-02",
        },
    )
    catalog.edit_certification(store, "QAMC", {"transferable": True})
    pid = paths.plan_path(store, "H-8001", "QAMC", "2027-03-28")
    paths.add_cost(store, pid, kind="tuition", amount="1,400.00", paid_on="2026-06-01")
    number = drafting.draft_agreement(
        store,
        parse_draft_request(pid, months=24, schedule="prorated", deadline="2027-03-28"),
        today=dt.date(2026, 6, 1),
    ).agreement.agreement_no
    issued = issuing.issue_agreement(store, number, on="2026-06-01", accept_warnings=True)
    text = pdf_text(issued.pdf)
    assert "If the program ends without the credential" in text
    assert "nothing is owed for leaving on or after 2029-03-28" in text
    lifecycle.sign_agreement(store, number, dt.date(2026, 6, 3), accept_warnings=True)
    paths.move_path(store, pid, "approved")
    paths.move_path(store, pid, "enrolled", on="2026-06-10")
    paths.move_path(store, pid, "failed", on="2027-02-10")
    return number


def test_nothing_is_owed_after_the_commitment_would_have_ended(store):
    number = failed_program(store)
    result = departures.record_departure(
        store, parse_departure_request("H-8001", on="2031-06-01", reason="resigned")
    )
    (outcome,) = result.outcomes
    assert (outcome.owed_cents, outcome.status) == (0, "fulfilled")
    text = pdf_text(departures.stored_statement(store, number))
    assert "would have ended on 2029-03-27" in text


def test_a_manager_who_stays_works_the_commitment_off_from_the_failure(store):
    number = failed_program(store)
    # 11 months after 2027-02-10: 1,400.00 × 13/24 = 758.33.
    result = departures.record_departure(
        store, parse_departure_request("H-8001", on="2028-02-09", reason="resigned")
    )
    assert result.outcomes[0].owed_cents == 75833
    text = pdf_text(departures.stored_statement(store, number))
    assert "the program ended on 2027-02-10 without the credential" in text


def test_a_policy_version_sets_its_repayment_rules_and_issue_freezes_them(store):
    with pytest.raises(InvalidInput) as err:
        RepaymentRules(PaymentTerms(), "forgive_later")
    assert err.value.field == "program_end_rule"
    with pytest.raises(InvalidInput) as err:
        PaymentTerms(max_instalments=0)
    assert err.value.field == "instalments"
    policies.ensure_default_policy(store.db, dt.date(2026, 5, 1))
    version = policies.new_policy_version(
        store,
        title="Tuition Assistance",
        body="Version 2 text.",
        effective_on="2026-05-20",
        rules=RepaymentRules(PaymentTerms(14, 6, "bank transfer"), "nothing_owed"),
    )
    assert (version.payment_due_days, version.max_instalments, version.program_end_rule) == (
        14,
        6,
        "nothing_owed",
    )
    number = failed_program(store)  # drafted 2026-06-01 under version 2
    terms = json.loads(agreements_terms.get_agreement(store.db, number).terms_json)["policy"]
    assert terms["payment_terms"] == {
        "due_days": 14,
        "max_instalments": 6,
        "method": "bank transfer",
    }
    assert terms["program_end_rule"] == "nothing_owed"
    # The failed program owes nothing under this version's rule.
    result = departures.record_departure(
        store, parse_departure_request("H-8001", on="2028-02-09", reason="resigned")
    )
    assert result.outcomes[0].owed_cents == 0
