"""Tuition-assistance agreements and policies: records, statuses, the frozen terms snapshot."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from certdesk.core.errors import InvalidInput
from certdesk.core.reasons import upgrade_reason
from certdesk.core.repayment_types import Clock, CommitmentStart, Schedule, Tier


class AgreementStatus(StrEnum):
    """Where an agreement stands; the stored text is the value."""

    DRAFT = "draft"
    ISSUED = "issued"
    SIGNED = "signed"
    IN_COMMITMENT = "in_commitment"
    FULFILLED = "fulfilled"
    REPAYMENT_DUE = "repayment_due"
    REPAID = "repaid"
    WAIVED = "waived"
    VOIDED = "voided"


A = AgreementStatus
# Settled for good: nothing more can happen to the agreement but reprints.
FINAL_AGREEMENT_STATUSES = frozenset({A.FULFILLED, A.REPAID, A.WAIVED, A.VOIDED})
# Bind the manager: a departure computes what they owe.
BINDING_STATUSES = frozenset({A.SIGNED, A.IN_COMMITMENT})
# Still in force or on its way to be: a path has at most one, so another draft waits for a void.
IN_FORCE_STATUSES = frozenset({A.DRAFT, A.ISSUED, A.SIGNED, A.IN_COMMITMENT})
# Not settled yet (the Agreements page's "Open" choice): in force, or a repayment still due.
NOT_SETTLED_STATUSES = IN_FORCE_STATUSES | {A.REPAYMENT_DUE}
# Waiting for the coordinator: to issue, to have signed, to collect.
NEEDS_ACTION_STATUSES = frozenset({A.DRAFT, A.ISSUED, A.REPAYMENT_DUE})


@dataclass(frozen=True)
class Policy:
    """One version of the tuition-assistance policy text."""

    version: int
    title: str
    effective_on: _dt.date
    body: str
    # How a balance owed at departure is repaid (core.payment_plan.PaymentTerms).
    payment_due_days: int = 30
    max_instalments: int = 12
    payment_method: str = ""  # "" means core.payment_plan.DEFAULT_PAYMENT_METHOD
    # What a failed, withdrawn or overdue program means (core.repayment_types.PROGRAM_END_RULES).
    program_end_rule: str = "clock_from_end"
    # Business days the manager has to review the agreement before signing (core.review).
    review_days: int = 5
    id: int | None = None


@dataclass(frozen=True)
class Agreement:
    """A tuition-assistance agreement for one certification path."""

    agreement_no: str
    path_id: int
    policy_id: int
    amount_cents: int
    months: int
    schedule: Schedule
    created_on: _dt.date
    tiers: tuple[Tier, ...] = ()
    clock: Clock = Clock.COMMITMENT
    start_rule: CommitmentStart = CommitmentStart.COMPLETION
    # As stored, earlier spellings kept (issued terms never change); waived_tuple reads them.
    waived_reasons: tuple[str, ...] = ()
    completion_deadline: _dt.date | None = None
    proof_days: int = 30
    status: AgreementStatus = AgreementStatus.DRAFT
    terms_json: str | None = None
    terms_sha256: str | None = None
    issued_on: _dt.date | None = None
    signed_on: _dt.date | None = None
    commitment_start: _dt.date | None = None
    void_reason: str = ""
    id: int | None = None

    @property
    def waived_tuple(self) -> tuple[str, ...]:
        """The waived reasons (earlier spellings in frozen terms read as today's reasons)."""
        return tuple(dict.fromkeys(upgrade_reason(r) for r in self.waived_reasons))

    @property
    def short_hash(self) -> str:
        return (self.terms_sha256 or "")[:12]


def format_agreement_no(year: int, sequence: int) -> str:
    """TA-YYYY-NNNN (four digits, more when a year passes 9,999 agreements)."""
    return f"TA-{year:04d}-{sequence:04d}"


def check_can_void(agreement: Agreement) -> None:
    """Void only what is not final; a repayment already computed is settled, not voided."""
    if agreement.status in FINAL_AGREEMENT_STATUSES or agreement.status == A.REPAYMENT_DUE:
        raise InvalidInput(
            "status", f"{agreement.agreement_no} is {agreement.status} and cannot be voided"
        )


def canonical_json(snapshot: dict) -> str:
    """The one text form of a terms snapshot: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def terms_hash(terms_json: str) -> str:
    """SHA-256 (hex) of the canonical terms text, printed on the form."""
    return hashlib.sha256(terms_json.encode("utf-8")).hexdigest()
