"""The window's agreement queries: register, detail, draft context, departure dry run."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.commitment_start import printed_start
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.core.repayment import describe_band
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.agreements import views as q
from certdesk.services.catalog import certifications as catalog
from certdesk.services.paths import lifecycle as paths

NAME = "Łukasz Żółć-Nguyễn"
DAY = dt.date(2026, 1, 5)


@pytest.fixture
def path_id(store) -> int:
    """H-9001 in New York, CCCM: tuition 3,000.00 + exam 600.00 paid by the company, class wages
    800.00 (never repayable), a study guide paid by the manager."""
    managers.add_manager(
        store,
        {"employee_no": "H-9001", "full_name": NAME, "work_state": "NY", "hire_date": "2020-01-02"},
    )
    catalog.edit_certification(store, "CCCM", {"transferable": True})
    pid = paths.plan_path(store, "H-9001", "CCCM", "2026-03-15")
    paths.add_cost(store, pid, kind="tuition", amount="3,000.00", paid_on="2026-01-15")
    paths.add_cost(store, pid, kind="exam", amount="600.00", paid_on="2026-01-20")
    paths.add_cost(store, pid, kind="class_wages", amount="800.00", paid_on="2026-01-20")
    paths.add_cost(store, pid, kind="materials", amount="50.00", paid_by="employee")
    return pid


def signed_in_commitment(store, pid) -> str:
    """The DESIGN.md example: 3,600.00 over 24 months prorated, completed 2026-03-15."""
    number = drafting.draft_agreement(
        store, parse_draft_request(pid, months=24, schedule="prorated"), today=DAY
    ).agreement.agreement_no
    issuing.issue_agreement(store, number, on=DAY.isoformat())
    lifecycle.sign_agreement(store, number, "2026-01-10", accept_warnings=True)
    paths.complete_path(store, pid, "2026-03-15", "CCCM-1")
    return number


def test_the_register_finds_accent_insensitively(store, path_id):
    number = signed_in_commitment(store, path_id)
    rows = q.list_agreements(store)
    assert [(r.agreement_no, r.status, r.amount_cents, r.owed_cents) for r in rows] == [
        (number, "in_commitment", 360000, None)
    ]
    assert q.filter_agreements(rows, "lukasz zolc") == rows
    assert q.filter_agreements(rows, "ta-2026-0001 cccm") == rows
    assert q.filter_agreements(rows, "nguyen swmp") == []
    assert q.count(store) == 1


def test_a_draft_shows_its_warnings_and_a_provisional_schedule(store, path_id):
    store.db.execute("UPDATE employees SET work_state = 'CA'")
    number = drafting.draft_agreement(
        store, parse_draft_request(path_id, months=12, schedule="full"), today=DAY
    ).agreement.agreement_no
    detail = q.agreement_detail(store, number, today=DAY)
    assert detail.terms is None and detail.documents == [] and detail.repayment is None
    assert detail.full_name == NAME and detail.cert_code == "CCCM"
    assert [w.rule for w in detail.warnings] == ["California AB 692"]
    # Counted from the planned completion date, as the printed form will.
    assert detail.schedule_note.startswith(
        "Not started yet: the commitment starts when the certification is completed; leaving "
        "before then owes the first row. The other rows count from 2026-03-15, as the form "
        "would print it today;"
    )
    assert [describe_band(r) for r in detail.schedule[0].rows] == [
        "leaving before the certification is completed: 100 %, 3,600.00",
        "leaving from 2026-03-15 to 2027-03-14: 100 %, 3,600.00",
        "leaving from 2027-03-15 on: 0 %, 0.00",
    ]


def test_an_issued_agreement_lists_its_form_without_the_bytes(store, path_id):
    number = signed_in_commitment(store, path_id)
    detail = q.agreement_detail(store, number)
    assert detail.terms.agreement_no == number
    assert detail.terms.employee.full_name == NAME
    assert detail.schedule_note == "The commitment of 24 months started on 2026-03-15."
    # As printed: issued before completion, so the form's first row is leaving before it.
    assert [describe_band(r) for r in detail.schedule[0].rows[:2]] == [
        "leaving before the certification is completed: 100 %, 3,600.00",
        "leaving from 2026-03-15 to 2026-04-14: 100 %, 3,600.00",
    ]
    doc, notice = detail.documents  # the form, then the commitment-start notice
    assert notice.kind == "commitment_notice"
    assert (doc.kind, doc.filename, doc.mime) == (
        "acknowledgment",
        f"{number}.pdf",
        "application/pdf",
    )
    assert not hasattr(doc, "content")
    name, data = q.document_content(store, number, doc.id)
    assert (name, data) == (doc.filename, issuing.stored_form(store, number))
    assert doc.size_bytes == len(data)
    with pytest.raises(InvalidInput) as err:
        q.document_content(store, number, doc.id + 99)
    assert err.value.field == "document"


def test_a_departure_preview_is_the_service_computation_and_keeps_nothing(store, path_id, db_path):
    number = signed_in_commitment(store, path_id)

    def snapshot() -> list:
        with sqlite3.connect(db_path) as conn:
            return [
                conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("employees", "agreements", "repayments", "documents", "audit_log")
            ]

    before = snapshot()
    outlook = q.departure_preview(
        store, parse_departure_request("H-9001", on="2027-03-14", reason="resigned")
    )
    [outcome] = outlook.result.outcomes
    assert (outcome.agreement_no, outcome.status, outcome.months_served, outcome.owed_cents) == (
        number,
        "repayment_due",
        11,
        195000,
    )
    settled = outlook.settlements[number]
    assert settled.months_text == "11"
    assert settled.steps[-1] == "Amount owed: 1,950.00."
    assert snapshot() == before
    with pytest.raises(InvalidInput) as err:
        q.departure_preview(
            store, parse_departure_request("H-9001", on="2019-01-01", reason="resigned")
        )
    assert err.value.field == "on"
    assert snapshot() == before


def test_the_draft_context_and_the_paths_open_to_a_draft(store, path_id):
    context = q.draft_context(store, path_id, today=DAY)
    assert (context.full_name, context.work_state, context.cert_code) == (NAME, "NY", "CCCM")
    assert context.repayable_cents == 360000  # wages and the manager's own costs left out
    assert [p.amount_cents for p in context.payments] == [300000, 60000]
    assert context.open_agreement_no == "" and context.manager_active
    assert [p.path_id for p in q.draftable_paths(store)] == [path_id]

    drafting.draft_agreement(
        store, parse_draft_request(path_id, months=24, schedule="prorated"), today=DAY
    )
    assert q.draft_context(store, path_id).open_agreement_no == "TA-2026-0001"
    assert q.draftable_paths(store) == []  # the open draft must be voided first
    lifecycle.void_agreement(store, "TA-2026-0001", "wrong amount")
    assert [p.path_id for p in q.draftable_paths(store)] == [path_id]


def test_start_from_signing_counts_from_the_day_printed(store, path_id):
    start, note = printed_start(
        months=24,
        start_rule="signing",
        issued_on=DAY,
        completed_on=None,
        deadline=None,
        target=None,
    )
    assert start == DAY and "the day you sign" in note


def test_recording_a_departure_reads_back_each_settlement(store, path_id):
    number = signed_in_commitment(store, path_id)
    outlook = q.record_departure_outlook(
        store, parse_departure_request("H-9001", on="2027-03-15", reason="resigned")
    )
    assert [o.owed_cents for o in outlook.result.outcomes] == [180000]
    assert outlook.settlements[number].months_served == (12,)
    assert q.agreement_detail(store, number).repayment.owed_cents == 180000
