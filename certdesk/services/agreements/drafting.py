"""Drafting an agreement for a certification path: terms checked once, warnings, the draft."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
from certdesk.core.agreement_requests import DraftRequest, check_proof_days, check_repayable
from certdesk.core.agreements import (
    IN_FORCE_STATUSES,
    Agreement,
)
from certdesk.core.compliance import (
    ComplianceWarning,
    Stage,
    check_agreement,
    cost_kinds_rule,
)
from certdesk.core.errors import InvalidInput
from certdesk.core.limits import MAX_AMOUNT_CENTS, amount_limit_text
from certdesk.core.models import CertificationPath, CostLine
from certdesk.core.money import format_cents
from certdesk.core.path_status import ENDED_WITHOUT_CREDENTIAL
from certdesk.core.repayment import (
    validate_terms,
)
from certdesk.core.repayment_types import (
    Clock,
    Terms,
)
from certdesk.services.agreements.terms import _facts, payments_of, repayable_lines
from certdesk.services.policies import ensure_default_policy
from certdesk.store import Store, audit, employees, paths
from certdesk.store import agreements as agreement_store


@dataclass(frozen=True)
class DraftResult:
    """A new draft and the compliance warnings it raises (they never block a draft)."""

    agreement: Agreement
    warnings: list[ComplianceWarning]


def draft_agreement(
    store: Store, request: DraftRequest, *, today: _dt.date | None = None
) -> DraftResult:
    """Draft an agreement for a path; the amount defaults to the company-paid repayable cost."""
    today = today or _dt.date.today()
    clock = request.clock
    with store.transaction() as db:
        path = _open_path(db, request.path_id)
        employee = employees.get(db, path.employee_id)
        if employee.status != "active":
            raise InvalidInput("path_id", f"{employee.full_name} has left; no new agreement")
        for other in agreement_store.agreements_of_path(db, path.id):
            if other.status in IN_FORCE_STATUSES:
                raise InvalidInput(
                    "path_id",
                    f"path {path.id} already has agreement {other.agreement_no} ({other.status}); "
                    "void it before drafting another",
                )
        lines, left_out = repayable_lines(
            paths.children(db, CostLine, path.id), employee.work_state
        )
        cap = sum(line.amount_cents for line in lines)
        if cap == 0:
            why = (
                f" ({cost_kinds_rule(employee.work_state)} allows only tuition, fees and "
                "required materials)"
                if left_out
                else ""
            )
            raise InvalidInput(
                "amount",
                f"this path has no company-paid repayable cost yet{why}; add the tuition first",
            )
        if clock == Clock.PER_PAYMENT:
            payments = payments_of(lines)
            for line, payment in zip(lines, payments, strict=True):
                if payment.paid_on is None:
                    state = "is not paid yet" if line.not_yet_paid else "has no paid-on date"
                    raise InvalidInput(
                        "payment",
                        f"cost line {line.id} ({payment.label}, {format_cents(line.amount_cents)}) "
                        f"{state}; record the day it was paid: the per-payment clock starts on it",
                    )
            repayable = cap
            if request.amount_cents is not None and request.amount_cents != cap:
                raise InvalidInput(
                    "amount",
                    "under the per-payment clock the repayable amount is the sum of the "
                    f"company payments ({format_cents(cap)}); it cannot be edited",
                )
        else:
            repayable = cap if request.amount_cents is None else request.amount_cents
            check_repayable(repayable, cap)
        if repayable > MAX_AMOUNT_CENTS:
            raise InvalidInput(
                "amount",
                f"{format_cents(repayable)} is more than {amount_limit_text()}, the most one "
                "agreement can hold; enter a lower repayable amount",
            )
        terms = validate_terms(
            Terms(
                amount_cents=repayable,
                months=request.months,
                schedule=request.schedule,
                tiers=request.tiers,
                clock=clock,
                waived_reasons=request.waived_reasons,
            )
        )
        policy = ensure_default_policy(db, today)
        agreement = agreement_store.insert_agreement(
            db,
            Agreement(
                agreement_no=agreement_store.next_agreement_no(db, today.year),
                path_id=path.id,
                policy_id=policy.id,
                amount_cents=terms.amount_cents,
                months=terms.months,
                schedule=terms.schedule,
                created_on=today,
                tiers=terms.tiers,
                clock=terms.clock,
                start_rule=request.start_rule,
                waived_reasons=terms.waived_reasons,
                completion_deadline=request.deadline or path.target_date,
                proof_days=check_proof_days(request.proof_days),
            ),
        )
        audit.record(db, "agreement", agreement.agreement_no, "draft", None, agreement)
        warnings = check_agreement(terms, _facts(db, agreement, Stage.DRAFT, today))
    return DraftResult(agreement, warnings)


def _open_path(db: sqlite_utils.Database, number: int) -> CertificationPath:
    path = paths.get(db, CertificationPath, number)
    if path is None:
        raise InvalidInput("path_id", f"there is no certification path number {number}")
    if path.status in ENDED_WITHOUT_CREDENTIAL:
        raise InvalidInput("path_id", f"path {number} is {path.status}; no agreement for it")
    return path
