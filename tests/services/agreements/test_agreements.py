"""Agreements through the services: draft, issue, sign, attach, void, and what the store forbids."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3

import pypdf
import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.agreements import terms_hash
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.services import managers, policies
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.catalog import certifications as catalog
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.store import StoreError
from certdesk.store import agreements as agreement_store

NAME = "Łukasz Żółć-Nguyễn"
DAY = dt.date(2026, 1, 5)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def path_id(store) -> int:
    """A manager in New York with a CCCM path: tuition 3,000.00 + exam 600.00 paid by the company,
    class wages 800.00 (never repayable), a study guide 50.00 paid by the manager."""
    managers.add_manager(
        store,
        {
            "employee_no": "H-9001",
            "full_name": NAME,
            "site": "Gdańsk Hub",
            "work_state": "NY",
            "hire_date": "2020-01-02",
        },
    )
    catalog.edit_certification(store, "CCCM", {"transferable": True})
    pid = paths.plan_path(store, "H-9001", "CCCM", "2026-03-15")
    paths.add_cost(
        store,
        pid,
        kind="tuition",
        amount="3,000.00",
        paid_on="2026-01-15",
        description="CCCM course",
    )
    paths.add_cost(store, pid, kind="exam", amount="600.00", paid_on="2026-01-20")
    paths.add_cost(store, pid, kind="class_wages", amount="800.00", paid_on="2026-01-20")
    paths.add_cost(store, pid, kind="materials", amount="50.00", paid_by="employee")
    return pid


def draft(store, pid, **kw):
    kw.setdefault("months", 24)
    kw.setdefault("schedule", "prorated")
    return drafting.draft_agreement(store, parse_draft_request(pid, **kw), today=DAY).agreement


def test_draft_defaults_to_company_paid_repayable_cost(store, path_id):
    agreement = draft(store, path_id)
    assert agreement.agreement_no == "TA-2026-0001"
    assert agreement.amount_cents == 360000  # wages and the manager's own costs are left out
    assert agreement.status == "draft"
    assert agreement.waived_tuple == ("dismissed_other", "layoff", "death", "disability")


def test_amount_can_be_lowered_never_raised(store, path_id):
    assert draft(store, path_id, amount="1,000.00").amount_cents == 100000
    lifecycle.void_agreement(store, "TA-2026-0001", "typo")
    with pytest.raises(InvalidInput) as err:
        draft(store, path_id, amount="3600.01")
    assert err.value.field == "amount" and "3,600.00" in err.value.message


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "12,34.5"}, "amount"),
        ({"months": 0}, "months"),
        ({"schedule": "weekly"}, "schedule"),
        ({"schedule": "tiers", "tiers": "12:100,6:50", "months": 12}, "tiers"),
        ({"schedule": "tiers", "tiers": "6:100,12:110", "months": 12}, "tiers"),
        ({"schedule": "tiers", "tiers": "6:100,12:75", "months": 24}, "tiers"),
        ({"waive": "layoff,holiday"}, "waive"),
        ({"start": "tomorrow"}, "start"),
    ],
)
def test_bad_draft_input_is_rejected_and_nothing_stored(store, path_id, kw, field):
    with pytest.raises(InvalidInput) as err:
        draft(store, path_id, **kw)
    assert err.value.field == field
    assert agreement_store.register_rows(store.db) == []


def test_numbers_have_no_gaps_and_a_failed_draft_uses_none(store, path_id):
    first = draft(store, path_id)
    lifecycle.void_agreement(store, first.agreement_no, "wrong schedule")
    with pytest.raises(InvalidInput):
        draft(store, path_id, months=0)
    second = draft(store, path_id)
    assert [first.agreement_no, second.agreement_no] == ["TA-2026-0001", "TA-2026-0002"]


def test_only_one_open_agreement_per_path(store, path_id):
    draft(store, path_id)
    with pytest.raises(InvalidInput, match="already has agreement TA-2026-0001"):
        draft(store, path_id)


def test_issue_freezes_terms_and_prints_every_fact(store, path_id):
    number = draft(store, path_id).agreement_no
    result = issuing.issue_agreement(store, number, today=DAY)
    issued = result.agreement
    assert issued.status == "issued" and issued.issued_on == DAY
    assert terms_hash(issued.terms_json) == issued.terms_sha256
    snapshot = json.loads(issued.terms_json)
    assert snapshot["employee"]["full_name"] == NAME
    assert snapshot["amount_cents"] == 360000

    text = pdf_text(result.pdf)
    for expected in (
        NAME,
        number,
        "3,000.00",
        "600.00",
        "800.00",
        "50.00",
        "3,600.00",
        "24 months",
        issued.terms_sha256[:12],
        "page 1 of",
    ):
        assert expected in text, expected
    # Reprinting gives the stored bytes, not a re-render.
    assert issuing.stored_form(store, number) == result.pdf


def test_issuing_twice_and_signing_a_draft_are_refused(store, path_id):
    number = draft(store, path_id).agreement_no
    with pytest.raises(InvalidInput, match="issue it before signing"):
        lifecycle.sign_agreement(store, number, "2026-01-06", accept_warnings=True)
    issuing.issue_agreement(store, number, today=DAY)
    with pytest.raises(InvalidInput, match="already issued"):
        issuing.issue_agreement(store, number, today=DAY)
    with pytest.raises(InvalidInput) as err:
        lifecycle.sign_agreement(store, number, "2026-01-04", accept_warnings=True)
    assert err.value.field == "on"


def test_compliance_warnings_need_confirmation(store, path_id):
    # New York's Trapped at Work Act applies to agreements from 2026-12-19: stepped is warned.
    number = drafting.draft_agreement(
        store,
        parse_draft_request(path_id, months=24, schedule="stepped"),
        today=dt.date(2026, 12, 20),
    ).agreement.agreement_no
    with pytest.raises(InvalidInput) as err:
        issuing.issue_agreement(store, number, today=dt.date(2026, 12, 20))
    assert err.value.field == "warnings" and "New York" in err.value.message
    assert agreement_store.agreement_by_no(store.db, number).status == "draft"
    result = issuing.issue_agreement(
        store, number, accept_warnings=True, today=dt.date(2026, 12, 20)
    )
    assert result.warnings and result.agreement.status == "issued"
    assert "not a condition of your employment" in pdf_text(result.pdf).replace("\n", " ")


def test_issued_terms_cannot_change_even_through_the_store(store, path_id):
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    with pytest.raises(sqlite3.IntegrityError, match="cannot change"):
        store.db.execute("UPDATE agreements SET amount_cents = 1 WHERE agreement_no = ?", [number])
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        store.db.execute("DELETE FROM agreements WHERE agreement_no = ?", [number])
    with pytest.raises(sqlite3.IntegrityError, match="never change"):
        store.db.execute("UPDATE documents SET content = x'00'")


def test_a_policy_version_used_by_an_issued_agreement_is_immutable(store, path_id):
    number = draft(store, path_id).agreement_no
    policy = policies.list_policies(store)[0]
    edited = policies.edit_policy(
        store,
        policy.version,
        title="Edited while a draft",
        body="New text.",
        effective_on="2026-01-01",
    )
    assert edited.body == "New text."
    issuing.issue_agreement(store, number, today=DAY)
    with pytest.raises(InvalidInput, match="new version"):
        policies.edit_policy(store, policy.version, title="x", body="y", effective_on="2026-01-01")
    newer = policies.new_policy_version(
        store, title="2027 policy", body="Text.", effective_on="2027-01-01"
    )
    assert newer.version == 2


def test_signing_starts_the_commitment_as_agreed(store, path_id):
    number = draft(store, path_id).agreement_no  # starts on completion
    issuing.issue_agreement(store, number, today=DAY)
    signed = lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True).agreement
    assert signed.status == "signed" and signed.commitment_start is None
    paths.complete_path(store, path_id, on="2026-03-15", credential_no="CCCM-1")
    now = agreement_store.agreement_by_no(store.db, number)
    assert now.status == "in_commitment" and now.commitment_start == dt.date(2026, 3, 15)


def test_attach_accepts_pdf_png_jpeg_only(store, path_id, tmp_path):
    number = draft(store, path_id).agreement_no
    scan = tmp_path / "signed.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(InvalidInput, match="draft"):
        lifecycle.attach_signed_copy(store, number, scan)
    issuing.issue_agreement(store, number, today=DAY)
    sha = lifecycle.attach_signed_copy(store, number, scan)
    docs = agreement_store.documents_of(store.db, 1, "signed_copy")
    assert docs[0].sha256 == sha and docs[0].mime == "image/png"
    text = tmp_path / "notes.txt"
    text.write_text("not a scan")
    with pytest.raises(InvalidInput, match="not a PDF, PNG or JPEG"):
        lifecycle.attach_signed_copy(store, number, text)


def test_departure_owes_the_design_example(store, path_id):
    """DESIGN.md: A = 3,600.00, S = 2026-03-15, N = 24, prorated, resigned 2027-03-14 → 1,950.00."""
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True)
    paths.complete_path(store, path_id, on="2026-03-15")
    result = departures.record_departure(
        store, parse_departure_request("H-9001", on="2027-03-14", reason="resigned")
    )
    assert [(o.agreement_no, o.status, o.owed_cents, o.months_served) for o in result.outcomes] == [
        (number, "repayment_due", 195000, 11)
    ]
    statement = pdf_text(departures.stored_statement(store, number))
    assert "1,950.00" in statement and NAME in statement
    # Paid back in two parts: the agreement is repaid when the balance reaches zero.
    assert (
        departures.record_payment_received(store, number, amount="950.00", on="2027-03-20").status
        == "repayment_due"
    )
    with pytest.raises(InvalidInput, match="more than the balance"):
        departures.record_payment_received(store, number, amount="1000.01", on="2027-03-21")
    assert (
        departures.record_payment_received(store, number, amount="1000.00", on="2027-04-20").status
        == "repaid"
    )


def test_departure_for_a_waived_reason_owes_nothing(store, path_id):
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True)
    result = departures.record_departure(
        store, parse_departure_request("H-9001", on="2026-06-01", reason="layoff")
    )
    assert (result.outcomes[0].status, result.outcomes[0].owed_cents) == ("waived", 0)


def test_departure_before_completion_owes_the_whole_amount(store, path_id):
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True)
    result = departures.record_departure(
        store, parse_departure_request("H-9001", on="2026-02-01", reason="resigned")
    )
    assert result.outcomes[0].owed_cents == 360000
    assert paths.get_path(store, path_id).status == "withdrawn"


def test_unsigned_agreements_are_voided_at_departure(store, path_id):
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    result = departures.record_departure(
        store, parse_departure_request("H-9001", on="2026-02-01", reason="resigned")
    )
    assert (result.outcomes[0].status, result.total_owed_cents) == ("voided", 0)


@pytest.mark.parametrize(
    ("on", "reason", "field"),
    [
        ("2019-12-31", "resigned", "on"),
        ("2026-02-30", "resigned", "on"),
        ("2026-06-01", "quit", "reason"),
    ],
)
def test_bad_departures_change_nothing(
    store, path_id, db_path, file_fingerprint, on, reason, field
):
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = file_fingerprint(db_path)
    with pytest.raises(InvalidInput) as err:
        departures.record_departure(store, parse_departure_request("H-9001", on=on, reason=reason))
    assert err.value.field == field
    assert file_fingerprint(db_path) == before
    assert managers.get_manager(store, "H-9001").status == "active"


def test_per_payment_tiers_use_each_cost_lines_own_clock(store):
    """DESIGN.md: tiers 6:100,12:75,18:50,24:25; 2,000.00 paid 2026-01-15 and 1,500.00 paid
    2026-07-20; leaving 2027-02-10 → 50 % of 2,000.00 + 75 % of 1,500.00 = 2,125.00."""
    managers.add_manager(
        store,
        {
            "employee_no": "H-1",
            "full_name": "Nguyễn Thị Hương",
            "work_state": "TX",
            "hire_date": "2019-05-01",
        },
    )
    pid = paths.plan_path(store, "H-1", "SWMP")
    paths.add_cost(store, pid, kind="tuition", amount="2000.00", paid_on="2026-01-15")
    paths.add_cost(store, pid, kind="tuition", amount="1500.00", paid_on="2026-07-20")
    number = drafting.draft_agreement(
        store,
        parse_draft_request(
            pid, months="", schedule="tiers", tiers="6:100,12:75,18:50,24:25", clock="per-payment"
        ),
        today=dt.date(2026, 1, 10),
    ).agreement.agreement_no
    issued = issuing.issue_agreement(store, number, today=dt.date(2026, 1, 10))
    form = pdf_text(issued.pdf)
    assert "2,000.00" in form and "1,500.00" in form and "2026-07-20" in form
    lifecycle.sign_agreement(store, number, "2026-01-12", accept_warnings=True)
    result = departures.record_departure(
        store, parse_departure_request("H-1", on="2027-02-10", reason="resigned")
    )
    assert result.total_owed_cents == 212500
    statement = pdf_text(departures.stored_statement(store, number))
    assert "2,125.00" in statement and "1,000.00" in statement and "1,125.00" in statement


def test_waived_list_can_leave_dismissal_without_cause_repayable(store, path_id):
    number = draft(store, path_id, waive="layoff").agreement_no
    issuing.issue_agreement(store, number, accept_warnings=True, today=DAY)
    lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True)
    paths.complete_path(store, path_id, on="2026-03-15")
    result = departures.record_departure(
        store, parse_departure_request("H-9001", on="2027-03-15", reason="terminated_without_cause")
    )
    assert result.total_owed_cents == 180000


def test_per_payment_needs_paid_dates(store):
    managers.add_manager(store, {"employee_no": "H-2", "full_name": "山田 太郎"})
    pid = paths.plan_path(store, "H-2", "QAMC")
    paths.add_cost(store, pid, kind="tuition", amount="900.00", not_yet_paid=True)
    with pytest.raises(InvalidInput, match="not paid yet; record the day it was paid") as err:
        drafting.draft_agreement(
            store,
            parse_draft_request(pid, months=12, schedule="prorated", clock="per_payment"),
            today=DAY,
        )
    assert err.value.field == "payment"


def test_store_error_is_an_invalid_input():
    assert issubclass(StoreError, InvalidInput)


def test_served_commitments_become_fulfilled(store, path_id):
    number = draft(store, path_id, start="signing").agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True)
    assert lifecycle.refresh_statuses(store, today=dt.date(2028, 1, 6)) == 0
    assert lifecycle.refresh_statuses(store, today=dt.date(2028, 1, 7)) == 1
    assert agreement_store.agreement_by_no(store.db, number).status == "fulfilled"
    with pytest.raises(InvalidInput, match="cannot be voided"):
        lifecycle.void_agreement(store, number, "too late")


def test_a_repayment_can_be_waived_with_a_reason(store, path_id):
    number = draft(store, path_id).agreement_no
    issuing.issue_agreement(store, number, today=DAY)
    lifecycle.sign_agreement(store, number, "2026-01-07", accept_warnings=True)
    departures.record_departure(
        store, parse_departure_request("H-9001", on="2026-02-01", reason="resigned")
    )
    with pytest.raises(InvalidInput) as err:
        departures.waive_repayment(store, number, note="  ")
    assert err.value.field == "note"
    assert departures.waive_repayment(store, number, note="Approved by the COO").status == "waived"
    with pytest.raises(InvalidInput, match="nothing is owed"):
        departures.record_payment_received(store, number, amount="10.00", on="2026-03-01")
