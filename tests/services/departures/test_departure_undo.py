"""Undo of a departure: the database is as it was before, apart from the audit trail."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.departures import recording as departures
from certdesk.services.departures import undo as departure_undo
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store
from certdesk.store.integrity import check

DAY = dt.date(2026, 1, 5)
# The trail of the change (audit rows) and the immutable statements it stored are kept.
TRAIL = {"audit_log", "documents", "withdrawn_documents"}


def _tables(store: Store) -> list[str]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table but the trail, in rowid order. Row versions are left out:
    they count writes (so that other windows see the change) and only ever go up."""
    return {
        table: store.conn.execute(
            f"SELECT {_columns(store, table)} FROM {table} ORDER BY rowid"
        ).fetchall()
        for table in _tables(store)
        if table not in TRAIL
    }


def _columns(store: Store, table: str) -> str:
    names = [c[1] for c in store.conn.execute(f"PRAGMA table_info({table})")]
    return ", ".join(n for n in names if n != "row_version")


@pytest.fixture
def manager(store: Store) -> dict[str, str]:
    """H-1 with a signed agreement in commitment (CCCM, completed), an issued one (SWMP,
    enrolled path) and a draft (QAMC, approved path)."""
    managers.add_manager(
        store,
        {
            "employee_no": "H-1",
            "full_name": "Łukasz Żółć",
            "hire_date": "2019-06-03",
            "work_state": "TX",
        },
    )
    made = {}
    for code, path_status in (("CCCM", "completed"), ("SWMP", "enrolled"), ("QAMC", "approved")):
        pid = paths.plan_path(store, "H-1", code, "2026-03-15")
        paths.move_path(store, pid, "approved")
        paths.add_cost(store, pid, kind="tuition", amount="3,600.00", paid_on="2026-01-15")
        number = drafting.draft_agreement(
            store, parse_draft_request(pid, months=24, schedule="prorated"), today=DAY
        ).agreement.agreement_no
        made[code] = number
        if code != "QAMC":
            issuing.issue_agreement(store, number, on=DAY.isoformat())
        if path_status in ("enrolled", "completed"):
            paths.move_path(store, pid, "enrolled", on="2026-01-20")
        paths.add_plan_item(store, pid, commitment=f"Coach two supervisors with {code}")
        if code == "CCCM":
            lifecycle.sign_agreement(store, number, "2026-01-10", accept_warnings=True)
            paths.complete_path(store, pid, "2026-03-15", "CCCM-778")
    return made


def test_a_departure_undone_leaves_the_database_as_before(store, manager):
    before = snapshot(store)
    audit_before = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    result = departures.record_departure(
        store, parse_departure_request("H-1", on="2027-03-14", reason="resigned")
    )
    assert {o.status for o in result.outcomes} == {"repayment_due", "voided"}
    assert snapshot(store) != before

    plan = departure_undo.undo_plan(store, "H-1")
    assert plan.possible
    assert {p.status for p in plan.paths} == {"enrolled", "approved"}
    assert {(a.agreement_no, a.status) for a in plan.agreements} == {
        (manager["CCCM"], "in_commitment"),
        (manager["SWMP"], "issued"),
        (manager["QAMC"], "draft"),
    }
    assert any("1,950.00 is removed" in line for line in plan.describe())

    departure_undo.undo_departure(store, "H-1")
    assert snapshot(store) == before
    assert check(store.conn) == []
    # The undo is in the audit trail, one row per restored record and one for the manager.
    actions = [
        r[0]
        for r in store.conn.execute(
            "SELECT action FROM audit_log WHERE id > ? ORDER BY id", [audit_before]
        )
    ]
    assert actions.count("undo_withdrawn") == 2
    assert actions.count("undo_departure") == 3
    assert actions[-1] == "undo_depart"
    summary = json.loads(
        store.conn.execute(
            "SELECT summary FROM audit_log WHERE action = 'undo_departure' AND entity_id = ?",
            [manager["CCCM"]],
        ).fetchone()[0]
    )
    assert summary["repayment_removed"]["owed_cents"] == 195000
    # The statement handed out is kept, marked withdrawn.
    [(doc_id, kind)] = store.conn.execute(
        "SELECT d.id, d.kind FROM documents d JOIN withdrawn_documents w ON w.document_id = d.id"
    ).fetchall()
    assert kind == "repayment_statement"

    # The manager can leave again, on the right date this time: a new statement is stored.
    departures.record_departure(
        store, parse_departure_request("H-1", on="2028-03-15", reason="resigned")
    )
    assert check(store.conn) == []
    departure_undo.undo_departure(store, "H-1")
    assert snapshot(store) == before
    assert store.conn.execute("SELECT count(*) FROM withdrawn_documents").fetchone()[0] == 2


def test_refused_once_a_payment_was_received(store, manager):
    departures.record_departure(
        store, parse_departure_request("H-1", on="2027-03-14", reason="resigned")
    )
    departures.record_payment_received(store, manager["CCCM"], amount="100.00", on="2027-04-01")
    plan = departure_undo.undo_plan(store, "H-1")
    assert not plan.possible
    assert "100.00 has been received against" in plan.refusal
    assert "2027-04-01" in plan.refusal
    state = snapshot(store)
    with pytest.raises(InvalidInput, match="cannot undo the departure: 100.00 has been received"):
        departure_undo.undo_departure(store, "H-1")
    assert snapshot(store) == state


def test_nothing_to_undo_for_an_active_manager(store, manager):
    assert departure_undo.latest_departure(store) is None
    with pytest.raises(InvalidInput, match="has not left"):
        departure_undo.undo_departure(store, "H-1")
    with pytest.raises(InvalidInput, match="no manager"):
        departure_undo.undo_plan(store, "H-404")


def test_latest_departure_is_the_newest_still_in_place(store, manager):
    managers.add_manager(
        store, {"employee_no": "H-2", "full_name": "山田 太郎", "work_state": "TX"}
    )
    departures.record_departure(
        store, parse_departure_request("H-1", on="2027-03-14", reason="layoff")
    )
    departures.record_departure(
        store, parse_departure_request("H-2", on="2027-03-14", reason="resigned")
    )
    assert departure_undo.latest_departure(store).employee_no == "H-2"
    departure_undo.undo_departure(store, "H-2")
    latest = departure_undo.latest_departure(store)
    assert latest.employee_no == "H-1" and latest.full_name == "Łukasz Żółć"


def test_a_payment_dated_before_the_departure_names_both_dates(store, manager):
    departures.record_departure(
        store, parse_departure_request("H-1", on="2027-03-14", reason="resigned")
    )
    with pytest.raises(InvalidInput) as refused:
        departures.record_payment_received(store, manager["CCCM"], amount="10.00", on="2027-03-01")
    assert refused.value.message == "2027-03-01 is before the departure on 2027-03-14"
