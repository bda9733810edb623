"""The demo's credentials: one renewed, one due in 30 days with credits short, one lapsed;
proofs attached and missing; a receipt; roles with their required certifications."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.renewal import CycleState, ProofState
from certdesk.services.catalog import roles
from certdesk.services.credentials import reminders, renewals
from certdesk.services.demo.database import fill_demo
from certdesk.services.managers import get_manager
from certdesk.store import open_store
from certdesk.store.integrity import check

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.certdesk")
    fill_demo(store, TODAY)
    yield store
    store.close()


def test_renewed_due_and_lapsed(demo) -> None:
    lukasz = get_manager(demo, "H-9001")
    cccm = next(
        c for c in renewals.credentials_of_employee(demo, lukasz.id, TODAY) if len(c.cycles) > 1
    )
    assert [v.state for v in cccm.cycles] == [CycleState.RENEWED, CycleState.CURRENT]
    assert cccm.cycles[0].tally.met
    assert cccm.cycles[1].cycle.starts_on == cccm.cycles[0].cycle.ends_on
    found = reminders.reminders(demo, TODAY)
    due = [r for r in found.renewals if not r.lapsed]
    assert [(r.employee_no, r.cert_code, r.days, r.bucket, r.renewal_met) for r in due] == [
        ("H-9002", "SWMP", 30, 30, False)
    ]
    assert due[0].credits == "18 hours of 30 hours — 12 hours short"
    assert [(r.employee_no, r.cert_code) for r in found.renewals if r.lapsed] == [
        ("H-9005", "QAMC")
    ]
    assert found.proofs_overdue, "agreements' proof deadlines passed without a certificate"


def test_proofs_receipts_roles_and_a_sound_database(demo) -> None:
    states = {v.state for v in renewals.proof_views(demo, TODAY).values()}
    assert {ProofState.ATTACHED, ProofState.MISSING, ProofState.OVERDUE} <= states
    assert demo.conn.execute("SELECT count(*) FROM cost_receipts").fetchone()[0] == 1
    assert (
        demo.conn.execute(
            "SELECT count(*) FROM credit_activities WHERE attachment_id IS NOT NULL"
        ).fetchone()[0]
        == 2
    )
    assert roles.role_requirements(demo)["Call Center Manager"] == ["CCCM"]
    assert check(demo.conn) == []
