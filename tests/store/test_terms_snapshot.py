"""The frozen terms as a typed value: its canonical JSON is byte for byte the stored text."""

from __future__ import annotations

import datetime as _dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from certdesk.core.agreements import terms_hash
from certdesk.core.repayment_types import Clock, CommitmentStart, Schedule, Tier
from certdesk.core.terms_snapshot import ABSENT, TermsSnapshot, canonical_json
from certdesk.services.demo.database import fill_demo
from certdesk.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"


def _stored_terms(store) -> list[tuple[str, str, str]]:
    return list(
        store.conn.execute(
            "SELECT agreement_no, terms_json, terms_sha256 FROM agreements"
            " WHERE terms_json IS NOT NULL ORDER BY id"
        )
    )


def _check_round_trip(rows: list[tuple[str, str, str]]) -> list[TermsSnapshot]:
    snapshots = []
    for number, text, sha in rows:
        assert terms_hash(text) == sha, f"{number}: the stored hash does not verify"
        snapshot = TermsSnapshot.from_json(text)
        assert snapshot.to_json() == text, f"{number}: the snapshot does not round-trip"
        assert TermsSnapshot.from_json(snapshot.to_json()) == snapshot
        assert terms_hash(snapshot.to_json()) == sha
        snapshots.append(snapshot)
    return snapshots


def test_snapshots_of_a_frozen_old_file_round_trip_byte_for_byte(tmp_path: Path) -> None:
    """Agreements issued by certdesk d80e2d0 (schema 2): written before before_start_bp,
    repayable_kinds, the payment terms, transferable and the payments' kinds existed."""
    copy = tmp_path / "v2.db"
    shutil.copyfile(FIXTURES / "v2_demo_departures.db", copy)
    store = open_store(copy)  # migrated to the latest schema
    try:
        snapshots = _check_round_trip(_stored_terms(store))
    finally:
        store.close()
    assert len(snapshots) >= 5
    old = snapshots[0]
    assert old.before_start_bp is ABSENT and old.repayable_kinds is ABSENT
    assert old.certification.transferable is ABSENT
    assert old.policy.payment_terms is ABSENT and old.policy.program_end_rule is ABSENT
    assert "before_start_bp" not in old.to_json()
    # Earlier spellings of waived reasons stay as they were frozen.
    assert "terminated_without_cause" in old.waived_reasons
    banded = next(s for s in snapshots if s.clock == Clock.PER_PAYMENT)
    assert banded.schedule is Schedule.TIERS
    assert banded.tiers == (Tier(6, 10000), Tier(12, 7500), Tier(18, 5000), Tier(24, 2500))
    assert banded.payments[0].paid_on == _dt.date(2026, 5, 28)
    assert banded.payments[0].kind is ABSENT


def test_snapshots_issued_today_round_trip(store) -> None:
    fill_demo(store, today=_dt.date(2026, 11, 28))
    snapshots = _check_round_trip(_stored_terms(store))
    assert snapshots
    for snapshot in snapshots:
        assert snapshot.before_start_bp == 10000
        assert isinstance(snapshot.repayable_kinds, tuple)
        assert isinstance(snapshot.start_rule, CommitmentStart)
        assert snapshot.policy.payment_terms is not ABSENT


def test_keys_of_a_later_version_are_kept() -> None:
    text = canonical_json(
        {
            "form": "CD-101",
            "agreement_no": "TA-2030-0001",
            "issued_on": "2030-01-02",
            "employee": {
                "employee_no": "E1",
                "full_name": "Łukasz Żółć",
                "job_title": "",
                "site": "",
                "work_state": "CA",
                "pronoun": "he",
            },
            "certification": {"code": "CCCM", "name": "CCCM", "issuer": "", "provider": "X"},
            "path_id": 1,
            "target_date": None,
            "policy": {"version": 1, "title": "T", "body": "B", "effective_on": "2030-01-01"},
            "costs": [],
            "amount_cents": 100,
            "months": 12,
            "schedule": "prorated",
            "tiers": "",
            "clock": "commitment",
            "payments": [],
            "start_rule": "signing",
            "waived_reasons": ["layoff"],
            "completion_deadline": None,
            "proof_days": 30,
            "completed_on": None,
            "left_out_by_law": None,
            "review_period": {"given_on": "2029-12-20", "days": 5},
        }
    )
    snapshot = TermsSnapshot.from_json(text)
    assert snapshot.to_json() == text
    assert snapshot.left_out_by_law is None
    assert dict(snapshot.extra) == {"review_period": '{"days":5,"given_on":"2029-12-20"}'}


def test_a_snapshot_is_frozen() -> None:
    conn = sqlite3.connect(f"file:{FIXTURES / 'v2_demo_departures.db'}?mode=ro", uri=True)
    try:
        text = conn.execute(
            "SELECT terms_json FROM agreements WHERE terms_json IS NOT NULL"
        ).fetchone()[0]
    finally:
        conn.close()
    snapshot = TermsSnapshot.from_json(text)
    with pytest.raises(AttributeError):
        snapshot.months = 1  # type: ignore[misc]
