"""Correcting a cost line: edit or delete it while no issued agreement uses it.

An issued agreement froze the path's costs into its terms (the printed form lists them); a
cost line of a path with an issued agreement that still applies (any status but voided) is
refused with that agreement's number: void it and draft a new one to change the costs.
Drafts follow the costs as they are when issued.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from certdesk.core.agreements import AgreementStatus
from certdesk.core.errors import InvalidInput
from certdesk.core.models import CostLine
from certdesk.core.validation import parse_record_number
from certdesk.services.paths.lifecycle import validated_cost
from certdesk.store import Store, audit, paths
from certdesk.store import agreements as agreement_store

if TYPE_CHECKING:
    import sqlite_utils


def _cost(db: sqlite_utils.Database, cost_id: int | str) -> CostLine:
    number = parse_record_number(cost_id, "cost_id", "a cost line")
    found = paths.get(db, CostLine, number)
    if found is None:
        raise InvalidInput("cost_id", f"there is no cost line number {number}")
    return found


def issued_agreement_using(db: sqlite_utils.Database, path_id: int) -> str:
    """The number of an issued, not voided agreement on this path ('' if none)."""
    for agreement in agreement_store.agreements_of_path(db, path_id):
        if agreement.terms_sha256 is not None and agreement.status != AgreementStatus.VOIDED:
            return agreement.agreement_no
    return ""


def _check_free(db: sqlite_utils.Database, cost: CostLine, what: str) -> None:
    number = issued_agreement_using(db, cost.path_id)
    if number:
        raise InvalidInput(
            "cost_id",
            f"this cost is part of {number}, issued with these costs printed on it; it cannot "
            f"be {what}. Void {number} and draft a new agreement to change the costs.",
        )


def edit_cost(
    store: Store,
    cost_id: int | str,
    *,
    kind: str,
    amount: str,
    paid_by: str = "company",
    paid_on: str | None = None,
    description: str = "",
    repayable: bool | None = None,
    not_yet_paid: bool = False,
) -> CostLine:
    """Change a cost line (the same checks as adding one)."""
    checked = validated_cost(
        kind=kind,
        amount=amount,
        paid_by=paid_by,
        paid_on=paid_on,
        description=description,
        repayable=repayable,
        not_yet_paid=not_yet_paid,
    )
    with store.transaction() as db:
        before = _cost(db, cost_id)
        _check_free(db, before, "changed")
        after = replace(checked, path_id=before.path_id, id=before.id)
        paths.update(db, after)
        audit.record(db, "cost_line", before.id, "edit", before, after)
    return after


def delete_cost(store: Store, cost_id: int | str) -> CostLine:
    """Remove a cost line entered by mistake; returns what was removed."""
    with store.transaction() as db:
        before = _cost(db, cost_id)
        _check_free(db, before, "deleted")
        paths.delete_cost_line(db, before.id)
        audit.record(db, "cost_line", before.id, "delete", before, None)
    return before
