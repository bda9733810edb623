"""After a departure: payments against the repayment plan (paid, late, left), hardship waiver
decisions and new statement versions. Each write is one transaction with its audit row."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.agreements import Agreement
from certdesk.core.compliance import at_departure
from certdesk.core.deduction import FinalPayProposal
from certdesk.core.errors import InvalidInput
from certdesk.core.figures import split_repayment
from certdesk.core.hardship import (
    HardshipDecision,
    HardshipOutcome,
    check_decision,
    check_plan_choice,
    owed_after,
)
from certdesk.core.payment_plan import RepaymentPlan, instalments, plan_repayment
from certdesk.core.plan_progress import PaymentMade, PlanProgress, method_words, track_plan
from certdesk.services.agreements.deduction_on_file import final_pay_of
from certdesk.services.agreements.terms import (
    get_agreement,
    governing_state,
    payment_terms_of,
    snapshot_of,
    terms_of,
)
from certdesk.services.departures.recording import (
    _plan,
    calculation_from_json,
    statement_content,
    waive_in,
)
from certdesk.store import Store, audit, repayment_followup
from certdesk.store import agreements as agreement_store
from certdesk.store.agreements import Repayment, RepaymentPayment
from certdesk.store.repayment_followup import AuthorizationRecord, StoredPlan


@dataclass(frozen=True)
class RepaymentFollowUp:
    """Where a departure's repayment stands on `as_of`: owed, forgiven, received and left; the
    plan with each instalment's progress; decisions; the deduction authorization on file."""

    agreement_no: str
    status: str
    owed_cents: int
    forgiven_cents: int
    waived: bool
    received_cents: int
    balance_cents: int
    payments: tuple[RepaymentPayment, ...]
    plan: StoredPlan | None
    progress: PlanProgress | None
    decisions: tuple[HardshipDecision, ...]
    authorization: AuthorizationRecord | None
    final_pay: FinalPayProposal | None
    as_of: _dt.date


def _law(agreement: Agreement, repayment: Repayment):
    snapshot = snapshot_of(agreement)
    return at_departure(
        terms_of(agreement),
        repayment.reason,
        work_state=governing_state(snapshot),
        signed_on=agreement.signed_on,
    )


def _plan_of(db: sqlite_utils.Database, agreement: Agreement, repayment: Repayment):
    """The plan payments are allocated to: the newest one stored; for a departure recorded
    before plans were kept, the plan its statement printed (dated the day it was computed)."""
    stored = repayment_followup.current_plan(db, repayment.id)
    if stored is not None:
        return stored

    day = _dt.date.fromisoformat(repayment.created_at[:10])
    calc = calculation_from_json(repayment.calculation_json)
    snapshot = snapshot_of(agreement)
    plan = _plan(agreement, snapshot, repayment, calc, 0, _law(agreement, repayment), day)
    return StoredPlan(1, day, plan, 0, "departure") if plan is not None else None


def _follow_up(
    db: sqlite_utils.Database, agreement: Agreement, repayment: Repayment, as_of: _dt.date
) -> RepaymentFollowUp:
    payments = tuple(agreement_store.payments_received(db, repayment.id))
    received = sum(p.amount_cents for p in payments)
    split = split_repayment(
        repayment.owed_cents, repayment.waived, received, repayment.forgiven_cents
    )
    stored = _plan_of(db, agreement, repayment)
    progress = (
        track_plan(
            stored.plan.instalments,
            [PaymentMade(p.received_on, p.amount_cents) for p in payments],
            as_of,
            credited_cents=stored.credited_cents,
        )
        if stored is not None and not repayment.waived
        else None
    )
    authorization = repayment_followup.latest_authorization(db, agreement.id)
    return RepaymentFollowUp(
        agreement_no=agreement.agreement_no,
        status=agreement.status,
        owed_cents=repayment.owed_cents,
        forgiven_cents=repayment.forgiven_cents,
        waived=repayment.waived,
        received_cents=received,
        balance_cents=split.to_come_cents,
        payments=payments,
        plan=stored,
        progress=progress,
        decisions=tuple(repayment_followup.decisions_of(db, repayment.id)),
        authorization=authorization,
        final_pay=final_pay_of(
            db, agreement, _law(agreement, repayment), split.to_come_cents, as_of
        ),
        as_of=as_of,
    )


def _repayment(db: sqlite_utils.Database, agreement_no: str) -> tuple[Agreement, Repayment]:
    agreement = get_agreement(db, agreement_no)
    repayment = agreement_store.repayment_of(db, agreement.id)
    if repayment is None or agreement.terms_json is None:
        raise InvalidInput(
            "agreement_no", f"{agreement.agreement_no} has no repayment: no departure computed one"
        )
    return agreement, repayment


def repayment_follow_up(
    store: Store, agreement_no: str, today: _dt.date | None = None
) -> RepaymentFollowUp:
    """Where the repayment of an agreement stands on `today` (a read: nothing is written)."""
    agreement, repayment = _repayment(store.db, agreement_no)
    return _follow_up(store.db, agreement, repayment, today or _dt.date.today())


def follow_up_or_none(
    store: Store, agreement: Agreement, today: _dt.date
) -> RepaymentFollowUp | None:
    """The follow-up of an agreement that has a repayment (the detail pane), else None."""
    repayment = agreement_store.repayment_of(store.db, agreement.id)
    if repayment is None or agreement.terms_json is None:
        return None
    return _follow_up(store.db, agreement, repayment, today)


# --- statements after the departure -----------------------------------------------------------


def _store_follow_up_statement(
    db: sqlite_utils.Database,
    agreement: Agreement,
    repayment: Repayment,
    today: _dt.date,
    *,
    decision: HardshipDecision | None = None,
    owed_before_cents: int = 0,
) -> int:
    """Render and store a new statement version as of `today` (earlier ones stay stored);
    returns its number."""
    from certdesk.forms.repayment_statement import StatementFollowUp, render_repayment_statement

    follow = _follow_up(db, agreement, repayment, today)
    earlier = agreement_store.documents_of(db, agreement.id, "repayment_statement")
    withdrawn = agreement_store.withdrawn_document_ids(db, agreement.id)
    number = len([d for d in earlier if d.id not in withdrawn]) + 1
    content = statement_content(db, agreement, repayment, follow.received_cents, today)
    content = replace(
        content,
        plan=follow.plan.plan if follow.plan is not None and follow.balance_cents else None,
        follow_up=StatementFollowUp(
            statement_no=number,
            payments=tuple(
                (p.received_on, p.amount_cents, method_words(p.method)) for p in follow.payments
            ),
            progress=follow.progress if follow.balance_cents or follow.payments else None,
            plan_issued_on=follow.plan.issued_on if follow.plan else None,
            decision=decision,
            owed_before_decision_cents=owed_before_cents,
        ),
    )
    pdf = render_repayment_statement(content)
    agreement_store.insert_document(
        db,
        kind="repayment_statement",
        filename=f"{agreement.agreement_no}-statement-{number}.pdf",
        mime="application/pdf",
        content=pdf,
        agreement_id=agreement.id,
    )
    audit.record(
        db,
        "agreement",
        agreement.agreement_no,
        "statement",
        summary=json.dumps(
            {
                "statement_no": number,
                "as_of": today.isoformat(),
                "received_cents": follow.received_cents,
                "balance_cents": follow.balance_cents,
            }
        ),
    )
    return number


def issue_statement(store: Store, agreement_no: str, today: _dt.date | None = None) -> int:
    """A new statement version as of `today`: payments so far, each instalment paid, late or
    left, and what is left; the earlier statements stay stored. Returns its number."""
    today = today or _dt.date.today()
    with store.transaction() as db:
        agreement, repayment = _repayment(db, agreement_no)
        if today < repayment.departure_date:
            raise InvalidInput(
                "today", f"{today} is before the departure on {repayment.departure_date}"
            )
        return _store_follow_up_statement(db, agreement, repayment, today)


# --- hardship waiver decisions ----------------------------------------------------------------


@dataclass(frozen=True)
class HardshipRequest:
    """A decision as typed in the dialog or on the command line (parsed there)."""

    outcome: HardshipOutcome
    decided_on: _dt.date
    decided_by: str
    reason: str
    new_owed_cents: int | None = None
    instalment_count: int | None = None  # the new plan (granted in part): None = the policy's
    first_due: _dt.date | None = None  # the new plan's first due date: None = the policy's


@dataclass(frozen=True)
class HardshipResult:
    agreement: Agreement
    decision: HardshipDecision
    balance_cents: int
    plan: RepaymentPlan | None  # the new plan (granted in part with a balance left)
    statement_no: int


def new_plan_after(
    balance_cents: int,
    plan_terms,
    statement_date: _dt.date,
    *,
    months_left: int,
    no_lump_sum: bool,
    instalment_count: int | None,
    first_due: _dt.date | None,
    not_before: _dt.date | None = None,
) -> RepaymentPlan:
    """The plan for the balance left after a decision: the policy's terms, or the count and
    first due date the decision set (the last instalment absorbs the cents)."""
    plan = plan_repayment(
        balance_cents,
        plan_terms,
        statement_date,
        months_left=months_left,
        no_lump_sum=no_lump_sum,
        not_before=not_before,
    )
    count = instalment_count or len(plan.instalments)
    start = first_due or plan.first_due
    return replace(plan, first_due=start, instalments=instalments(balance_cents, count, start))


def record_hardship_decision(
    store: Store, agreement_no: str, request: HardshipRequest, today: _dt.date | None = None
) -> HardshipResult:
    """Record a hardship waiver decision and issue a new statement that prints it with the new
    balance and plan. Granted in full forgives the rest (as `agreement waive` does); granted in
    part lowers what is owed and makes a new plan of what is left; refused changes nothing."""
    today = today or _dt.date.today()
    with store.transaction() as db:
        agreement, repayment = _repayment(db, agreement_no)
        if agreement.status != "repayment_due":
            raise InvalidInput(
                "agreement_no",
                f"{agreement.agreement_no} is {agreement.status}; a hardship decision is "
                "recorded while repayment is due",
            )
        received = sum(p.amount_cents for p in agreement_store.payments_received(db, repayment.id))
        owed_now = repayment.owed_cents - repayment.forgiven_cents
        decision = check_decision(
            request.outcome,
            decided_on=request.decided_on,
            decided_by=request.decided_by,
            reason=request.reason,
            new_owed_cents=request.new_owed_cents,
            departure_date=repayment.departure_date,
            owed_cents=owed_now,
            received_cents=received,
            today=today,
        )
        check_plan_choice(
            request.instalment_count,
            request.first_due,
            departure_date=repayment.departure_date,
            decided_on=request.decided_on,
        )
        if request.outcome is not HardshipOutcome.GRANTED_PART and (
            request.instalment_count is not None or request.first_due is not None
        ):
            raise InvalidInput(
                "instalments", "a new plan is set only when the waiver is granted in part"
            )
        repayment_followup.insert_decision(db, repayment.id, decision)
        new_owed = owed_after(decision, owed_now)
        balance = new_owed - received if decision.outcome is not HardshipOutcome.GRANTED_FULL else 0
        plan: RepaymentPlan | None = None
        after = agreement
        if decision.outcome is HardshipOutcome.GRANTED_FULL:
            note = (
                f"Hardship waiver granted in full on {decision.decided_on} by "
                f"{decision.decided_by}: {decision.reason}"
            )
            after = waive_in(db, agreement, repayment, note[:500])
        elif decision.outcome is HardshipOutcome.GRANTED_PART:
            forgiven = repayment.owed_cents - new_owed
            agreement_store.update_repayment(db, replace(repayment, forgiven_cents=forgiven))
            if balance == 0:
                after = replace(agreement, status="repaid")
                agreement_store.update_agreement(db, after)
            else:
                calc = calculation_from_json(repayment.calculation_json)
                served = [line.months_served for line in calc.lines if line.start is not None]
                law = _law(agreement, repayment)
                plan = new_plan_after(
                    balance,
                    payment_terms_of(snapshot_of(agreement)),
                    today,
                    months_left=agreement.months - (min(served) if served else 0),
                    no_lump_sum=bool(law.no_lump_sum),
                    instalment_count=request.instalment_count,
                    first_due=request.first_due,
                    not_before=repayment.departure_date,
                )
                repayment_followup.insert_plan(
                    db,
                    repayment.id,
                    plan,
                    issued_on=today,
                    credited_cents=received,
                    cause="hardship",
                )
        audit.record(
            db,
            "agreement",
            agreement.agreement_no,
            "hardship_decision",
            summary=json.dumps(
                {
                    "outcome": decision.outcome.value,
                    "decided_on": decision.decided_on.isoformat(),
                    "decided_by": decision.decided_by,
                    "reason": decision.reason,
                    "owed_before_cents": owed_now,
                    "new_owed_cents": new_owed,
                },
                ensure_ascii=False,
            ),
        )
        fresh = agreement_store.repayment_of(db, agreement.id)
        number = _store_follow_up_statement(
            db, after, fresh, today, decision=decision, owed_before_cents=owed_now
        )
    return HardshipResult(after, decision, balance, plan, number)
