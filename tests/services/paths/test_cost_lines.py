"""Cost lines are corrected (edited, deleted) until an issued agreement froze them."""

from __future__ import annotations

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.errors import InvalidInput
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.paths import cost_lines
from certdesk.services.paths import lifecycle as paths


@pytest.fixture
def path_id(store) -> int:
    managers.add_manager(
        store, {"employee_no": "H-1", "full_name": "Nguyễn Thị Hương", "work_state": "TX"}
    )
    return paths.plan_path(store, "H-1", "SWMP")


def test_edit_then_refused_once_issued(store, path_id):
    line = paths.add_cost(store, path_id, kind="exam", amount="300.00", paid_on="2026-01-05")
    changed = cost_lines.edit_cost(
        store,
        line.id,
        kind="tuition",
        amount="1,495.00",
        paid_on="2026-01-06",
        description="SWMP course",
    )
    assert (changed.kind, changed.amount_cents, changed.description) == (
        "tuition",
        149500,
        "SWMP course",
    )
    assert paths.path_detail(store, path_id).costs == [changed]
    with pytest.raises(InvalidInput, match="wages for class hours are never repayable") as bad:
        cost_lines.edit_cost(store, line.id, kind="class_wages", amount="10.00", repayable=True)
    assert bad.value.field == "repayable"

    number = drafting.draft_agreement(
        store, parse_draft_request(path_id, months=12, schedule="prorated")
    ).agreement.agreement_no
    cost_lines.edit_cost(
        store, line.id, kind="tuition", amount="1,500.00", paid_on="2026-01-06"
    )  # a draft: fine
    issuing.issue_agreement(store, number)
    with pytest.raises(InvalidInput, match=f"part of {number}") as refused:
        cost_lines.edit_cost(store, line.id, kind="tuition", amount="1.00", paid_on="2026-01-06")
    assert refused.value.field == "cost_id" and f"Void {number}" in refused.value.message
    with pytest.raises(InvalidInput, match=f"part of {number}.*cannot be deleted"):
        cost_lines.delete_cost(store, line.id)
    assert paths.path_detail(store, path_id).costs[0].amount_cents == 150000

    lifecycle.void_agreement(store, number, "wrong amounts")
    removed = cost_lines.delete_cost(store, line.id)
    assert removed.id == line.id and paths.path_detail(store, path_id).costs == []
    actions = [
        r["action"]
        for r in store.db.query(
            "SELECT action FROM audit_log WHERE entity = 'cost_line' ORDER BY id"
        )
    ]
    assert actions == ["add", "edit", "edit", "delete"]


def test_unknown_cost_line(store, path_id):
    with pytest.raises(InvalidInput, match="no cost line number 99"):
        cost_lines.delete_cost(store, 99)


def test_a_line_becomes_not_yet_paid_when_edited(store, path_id):
    line = paths.add_cost(store, path_id, kind="exam", amount="300.00", paid_on="2026-01-05")
    with pytest.raises(InvalidInput, match="mark it as not yet paid"):
        cost_lines.edit_cost(store, line.id, kind="exam", amount="300.00")
    changed = cost_lines.edit_cost(store, line.id, kind="exam", amount="300.00", not_yet_paid=True)
    assert changed.not_yet_paid and changed.paid_on is None
