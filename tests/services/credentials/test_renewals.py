"""Credentials over their whole life: cycles, credits, renewals, proof and receipts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.renewal import (
    CategoryCap,
    CreditUnit,
    CycleState,
    ProofState,
    RenewalMethod,
    RenewalRule,
)
from certdesk.services import managers
from certdesk.services.credentials import renewals
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store, audit
from certdesk.store.integrity import check

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def store_with_manager(store: Store) -> Store:
    managers.add_manager(
        store,
        {"employee_no": "H-1", "full_name": "Łukasz Żółć", "hire_date": "2019-04-01"},
    )
    return store


def _rule(store: Store, code: str = "CCCM", **kw) -> RenewalRule:
    base = dict(
        validity_months=24,
        credits_needed=4000,
        unit=CreditUnit.HOURS,
        caps=(CategoryCap("self-study", share_bp=5000),),
        fee_cents=15000,
        effective_on=D(2020, 1, 1),
    )
    return renewals.add_rule_version(store, code, RenewalRule(**(base | kw)))


def _completed(store: Store, on: str = "2025-03-10", **kw) -> int:
    path_id = paths.plan_path(store, "H-1", "CCCM")
    paths.complete_path(store, path_id, on=on, credential_no="CCCM-1", **kw)
    return path_id


def test_completion_starts_the_first_cycle_from_the_rule(store_with_manager: Store) -> None:
    _rule(store_with_manager)
    path_id = _completed(store_with_manager)
    assert paths.get_path(store_with_manager, path_id).expires_on == D(2027, 3, 10)
    view = renewals.credential_of_path(store_with_manager, path_id, today=D(2026, 1, 1))
    assert view is not None and len(view.cycles) == 1
    first = view.current
    assert (first.cycle.starts_on, first.cycle.ends_on) == (D(2025, 3, 10), D(2027, 3, 10))
    assert first.state == CycleState.CURRENT
    assert first.tally.describe() == "0 hours of 40 hours — 40 hours short"
    assert check(store_with_manager.conn) == []


def test_credits_and_renewal_anchor_on_the_expiry(store_with_manager: Store, tmp_path) -> None:
    s = store_with_manager
    _rule(s)
    path_id = _completed(s)
    with pytest.raises(InvalidInput, match="40 hours short"):
        renewals.renew(s, path_id, on=D(2027, 2, 1))
    proof = tmp_path / "webinar.pdf"
    proof.write_bytes(PDF)
    renewals.add_activity(
        s,
        path_id,
        earned_on=D(2026, 4, 2),
        title="Forecasting webinar",
        credits=3000,
        unit=CreditUnit.HOURS,
        category="Self-study",
        proof=proof,
    )
    renewals.add_activity(
        s,
        path_id,
        earned_on=D(2026, 9, 1),
        title="Leadership seminar",
        credits=250,
        unit=CreditUnit.CEU,
        provider="ICMI",
        category="Classroom",
    )
    view = renewals.credential_of_path(s, path_id, today=D(2027, 1, 1)).current
    # 30 h self-study capped at 20 h (50 % of 40) + 2.5 CEU = 25 h: 45 h counted, met.
    assert view.tally.counted_centihours == 4500 and view.tally.met
    assert view.state == CycleState.RENEWAL_DUE  # 68 days before 2027-03-10
    second = renewals.renew(s, path_id, on=D(2027, 1, 15), fee_paid_on=D(2027, 1, 16))
    assert (second.seq, second.starts_on, second.ends_on) == (2, D(2027, 3, 10), D(2029, 3, 10))
    # The company-paid renewal fee (150.00 in the rule) is a cost line of the path.
    fee = paths.path_detail(s, path_id).costs[-1]
    assert (fee.kind, fee.amount_cents, fee.paid_by, fee.paid_on, fee.description) == (
        "other",
        15000,
        "company",
        D(2027, 1, 16),
        "CCCM renewal fee (cycle 2)",
    )
    assert paths.get_path(s, path_id).expires_on == D(2029, 3, 10)
    history = renewals.credential_of_path(s, path_id, today=D(2027, 4, 1))
    assert [c.state for c in history.cycles] == [CycleState.RENEWED, CycleState.CURRENT]
    assert check(s.conn) == []
    # An activity outside every cycle is refused naming the field.
    with pytest.raises(InvalidInput) as exc:
        renewals.add_activity(
            s, path_id, earned_on=D(2024, 1, 1), title="x", credits=100, unit=CreditUnit.HOURS
        )
    assert exc.value.field == "earned_on"


def test_a_new_rule_version_applies_to_the_next_cycle_only(store_with_manager: Store) -> None:
    s = store_with_manager
    _rule(s)
    path_id = _completed(s)
    _rule(s, validity_months=36, credits_needed=0, caps=(), effective_on=D(2026, 6, 1))
    assert [r.version for r in renewals.rule_versions(s, "CCCM")] == [1, 2]
    current = renewals.credential_of_path(s, path_id, today=D(2026, 7, 1)).current
    assert current.rule.version == 1 and current.cycle.ends_on == D(2027, 3, 10)
    second = renewals.renew(s, path_id, on=D(2027, 3, 1), method=RenewalMethod.EXAM)
    assert second.ends_on == D(2030, 3, 10)  # version 2: 36 months
    with pytest.raises(InvalidInput, match="only move forward"):
        _rule(s, effective_on=D(2026, 1, 1))


def test_lapsed_then_renewed_late(store_with_manager: Store) -> None:
    s = store_with_manager
    _rule(s, credits_needed=0, caps=())
    path_id = _completed(s, on="2023-06-15")
    assert renewals.credential_of_path(s, path_id, today=D(2025, 7, 1)).current.state == (
        CycleState.LAPSED
    )
    renewals.renew(s, path_id, on=D(2025, 8, 1), method=RenewalMethod.EXAM)
    history = renewals.credential_of_path(s, path_id, today=D(2025, 8, 2))
    assert [c.state for c in history.cycles] == [CycleState.LAPSED, CycleState.CURRENT]
    assert history.cycles[0].cycle.renewed_late
    assert history.cycles[1].cycle.starts_on == D(2025, 6, 15)


def test_proof_at_completion_or_reason_in_the_audit(store_with_manager: Store, tmp_path) -> None:
    s = store_with_manager
    scan = tmp_path / "certificate.pdf"
    scan.write_bytes(PDF)
    with_proof = _completed(s, proof=scan)
    assert renewals.proof_of_path(s, with_proof).state == ProofState.ATTACHED
    assert renewals.proof_of_path(s, with_proof).filename == "certificate.pdf"
    without = _completed(s, missing_reason="Issuer mails certificates in 6 weeks")
    view = renewals.proof_of_path(s, without)
    assert (view.state, view.missing_reason) == (
        ProofState.MISSING,
        "Issuer mails certificates in 6 weeks",
    )
    row = audit.entries(s.db, "path", without)[0]
    assert row["action"] == "proof_missing"
    assert json.loads(row["summary"]) == {"missing_reason": "Issuer mails certificates in 6 weeks"}
    # The proof arrives later and replaces the reason.
    renewals.attach_completion_proof(s, without, scan)
    assert renewals.proof_of_path(s, without).state == ProofState.ATTACHED
    # Not a scan: refused, nothing written.
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    before = len(audit.entries(s.db))
    with pytest.raises(InvalidInput, match="not a PDF, PNG or JPEG") as exc:
        paths.complete_path(s, paths.plan_path(s, "H-1", "QAMC"), on="2026-01-01", proof=bad)
    assert exc.value.field == "proof"
    assert len(audit.entries(s.db)) == before + 1  # only the plan


def test_proof_deadline_from_the_agreement(store_with_manager: Store) -> None:
    s = store_with_manager
    path_id = _completed(s, on="2026-03-02")
    s.conn.execute(
        "INSERT INTO policies (version, title, effective_on, body, created_at)"
        " VALUES (1, 'P', '2026-01-01', 'b', 'x')"
    )
    s.conn.execute(
        "INSERT INTO agreements (agreement_no, path_id, policy_id, status, amount_cents, months,"
        " schedule, proof_days, terms_json, terms_sha256, created_on, issued_on)"
        " VALUES ('TA-2026-0001', ?, 1, 'issued', 0, 12, 'prorated', 30, '{}', ?,"
        " '2026-01-01', '2026-01-01')",
        [path_id, "0" * 64],
    )
    assert renewals.proof_of_path(s, path_id, today=D(2026, 4, 1)).state == ProofState.DUE
    late = renewals.proof_of_path(s, path_id, today=D(2026, 4, 2))
    assert (late.state, late.deadline) == (ProofState.OVERDUE, D(2026, 4, 1))
    assert renewals.proof_views(s, today=D(2026, 4, 2))[path_id].state == ProofState.OVERDUE


def test_receipt_on_a_cost_line(store_with_manager: Store, tmp_path: Path) -> None:
    s = store_with_manager
    path_id = paths.plan_path(s, "H-1", "CCCM")
    line = paths.add_cost(s, path_id, kind="tuition", amount="1200.00", paid_on="2026-01-05")
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    sha = renewals.attach_receipt(s, line.id, receipt)
    assert renewals.receipts_of_path(s, path_id)[line.id]["sha256"] == sha
    with pytest.raises(InvalidInput, match="no cost line number 999"):
        renewals.attach_receipt(s, 999, receipt)
