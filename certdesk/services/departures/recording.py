"""Use cases at a manager's departure: what each agreement owes, statements, payments back."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.agreements import BINDING_STATUSES, Agreement, AgreementStatus
from certdesk.core.compliance import ComplianceWarning, DepartureLaw, at_departure, settle
from certdesk.core.dates import parse_date
from certdesk.core.departure_requests import DepartureRequest
from certdesk.core.errors import InvalidInput
from certdesk.core.leave import months_served, pause_words
from certdesk.core.models import CertificationPath
from certdesk.core.money import format_plain, parse_cents
from certdesk.core.payment_plan import RepaymentPlan, plan_repayment
from certdesk.core.plan_progress import PaymentMethod, check_payment, parse_method
from certdesk.core.reasons import DepartureReason
from certdesk.core.repayment_types import (
    Calculation,
    CalculationLine,
    Clock,
    CommitmentStart,
    ProgramEnd,
)
from certdesk.core.terms_snapshot import TermsSnapshot
from certdesk.core.validation import clean_text
from certdesk.services.agreements.deduction_on_file import authorization_in_force, final_pay_of
from certdesk.services.agreements.terms import (
    get_agreement,
    governing_state,
    payment_terms_of,
    payments_of_snapshot,
    snapshot_of,
    terms_of,
)
from certdesk.services.managers import get_manager
from certdesk.store import Store, audit, employees, paths, repayment_followup
from certdesk.store import agreements as agreement_store
from certdesk.store import leaves as leave_store
from certdesk.store import settings as settings_store
from certdesk.store.agreements import Repayment, RepaymentPayment


@dataclass(frozen=True)
class AgreementOutcome:
    """What a departure did to one agreement."""

    agreement_no: str
    status: str
    owed_cents: int
    months_served: int | None
    waived: bool
    note: str
    decided_by: str = ""  # the state law that decided the amount
    before_start: bool = False  # left before the commitment started
    warnings: tuple[ComplianceWarning, ...] = ()

    def as_json(self) -> dict:
        data = asdict(self)
        data["owed"] = format_plain(data.pop("owed_cents"))
        data["warnings"] = [str(w) for w in self.warnings]
        return data


@dataclass(frozen=True)
class DepartureResult:
    """The departure and one outcome per agreement of the manager."""

    employee_no: str
    departure_date: _dt.date
    reason: str
    outcomes: list[AgreementOutcome]
    notes: tuple[str, ...] = ()  # e.g. an earlier spelling of the reason was used

    @property
    def total_owed_cents(self) -> int:
        return sum(o.owed_cents for o in self.outcomes)

    @property
    def warnings(self) -> list[ComplianceWarning]:
        """Every agreement's compliance warnings, each once."""
        return list(dict.fromkeys(w for o in self.outcomes for w in o.warnings))

    def as_json(self) -> dict:
        return {
            "employee_no": self.employee_no,
            "departure_date": self.departure_date.isoformat(),
            "reason": self.reason,
            "total_owed": format_plain(self.total_owed_cents),
            "agreements": [o.as_json() for o in self.outcomes],
        }


def _calculation_json(calc: Calculation) -> str:
    def line(item: CalculationLine) -> dict:
        data = asdict(item)
        data["start"] = item.start.isoformat() if item.start else None
        return data

    return json.dumps(
        {
            "owed_cents": calc.owed_cents,
            "amount_cents": calc.amount_cents,
            "reason": calc.reason,
            "waived": calc.waived,
            "lines": [line(i) for i in calc.lines],
            "steps": list(calc.steps),
            "before_start": calc.before_start,
            "decided_by": calc.decided_by,
            "law_note": calc.law_note,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def calculation_from_json(text: str) -> Calculation:
    """A stored calculation back as core's Calculation (for reprinting the statement)."""
    data = json.loads(text)
    lines = tuple(
        CalculationLine(
            **(item | {"start": _dt.date.fromisoformat(item["start"]) if item["start"] else None})
        )
        for item in data["lines"]
    )
    return Calculation(
        owed_cents=data["owed_cents"],
        amount_cents=data["amount_cents"],
        reason=data["reason"],
        waived=data["waived"],
        lines=lines,
        steps=tuple(data["steps"]),
        before_start=data.get("before_start", False),
        decided_by=data.get("decided_by", ""),
        law_note=data.get("law_note", ""),
    )


def program_end(
    agreement: Agreement, snapshot: TermsSnapshot, path: CertificationPath, departure: _dt.date
) -> ProgramEnd | None:
    """The program ended without the credential before the departure: withdrawn or failed
    before it, or its completion deadline passed uncompleted (None otherwise, and for clocks
    that do not wait for completion)."""
    if agreement.clock == Clock.PER_PAYMENT or agreement.commitment_start is not None:
        return None
    rule = snapshot.policy.program_end_rule or "clock_from_end"
    deadline = agreement.completion_deadline
    if path.status in ("withdrawn", "failed") and path.ended_on and path.ended_on < departure:
        return ProgramEnd(path.ended_on, deadline, rule)
    if path.completed_on is None and deadline is not None and deadline < departure:
        return ProgramEnd(deadline, deadline, rule)
    return None


def _not_started_text(agreement: Agreement, snapshot: TermsSnapshot) -> str:
    """When a commitment that had not started would have started, in words."""
    if agreement.start_rule == CommitmentStart.SIGNING:
        return "when the agreement is signed"
    planned = snapshot.completion_deadline or snapshot.target_date
    planned_text = f" (planned for {planned})" if planned else ""
    return f"when the certification is completed{planned_text}"


def _statement_pdf(
    db: sqlite_utils.Database, agreement: Agreement, repayment: Repayment, received_cents: int
) -> bytes:
    from certdesk.forms.repayment_statement import render_repayment_statement

    content = statement_content(db, agreement, repayment, received_cents, _dt.date.today())
    return render_repayment_statement(content)


def statement_content(
    db: sqlite_utils.Database,
    agreement: Agreement,
    repayment: Repayment,
    received_cents: int,
    statement_date: _dt.date,
):
    """What a repayment statement dated `statement_date` prints (the plan from that day)."""
    from certdesk.forms.repayment_statement import RepaymentStatementContent

    snapshot = snapshot_of(agreement)
    settings = settings_store.get_all(db)
    calc = calculation_from_json(repayment.calculation_json)
    law = at_departure(
        terms_of(agreement),
        repayment.reason,
        work_state=governing_state(snapshot),
        signed_on=agreement.signed_on,
    )
    if agreement.clock == Clock.PER_PAYMENT:
        commitment = f"{agreement.months} months from each payment date"
    elif agreement.commitment_start is not None:
        commitment = f"{agreement.months} months from {agreement.commitment_start}"
    else:
        commitment = (
            f"{agreement.months} months, to start {_not_started_text(agreement, snapshot)}; "
            f"not started when the manager left"
        )
    content = RepaymentStatementContent(
        company_name=settings["company_name"],
        agreement_no=agreement.agreement_no,
        terms_hash=agreement.terms_sha256,
        employee_name=snapshot.employee.full_name,
        employee_no=snapshot.employee.employee_no,
        certification=f"{snapshot.certification.code} — {snapshot.certification.name}",
        departure_date=repayment.departure_date,
        reason=repayment.reason,
        commitment_text=commitment,
        commitment_months=agreement.months,
        calculation=calc,
        waived_reasons=agreement.waived_tuple,
        payments_received_cents=received_cents,
        amount_owed_cents=0 if repayment.waived else repayment.owed_cents,
        statement_date=statement_date,
        clock=agreement.clock,
        currency_symbol=settings["currency_symbol"],
        page_size=settings["page_size"],
        no_lump_sum_rules=law.no_lump_sum,
        plan=_plan(agreement, snapshot, repayment, calc, received_cents, law, statement_date),
        payment_method=payment_terms_of(snapshot).method_text,
        hr_contact=settings["hr_contact"],
        leave_text=_leave_text(db, agreement, repayment.departure_date),
    )
    balance = content.owed_cents - repayment.forgiven_cents - received_cents
    return replace(
        content,
        forgiven_cents=repayment.forgiven_cents,
        final_pay=final_pay_of(db, agreement, law, balance, statement_date, content),
    )


def _leave_text(db: sqlite_utils.Database, agreement: Agreement, departure: _dt.date) -> str:
    """The unpaid leave that paused the commitment before the departure, in words ("" if none)."""

    starts = (
        [p.paid_on for p in payments_of_snapshot(snapshot_of(agreement))]
        if agreement.clock == "per_payment"
        else [agreement.commitment_start]
    )
    starts = [s for s in starts if s is not None and s <= departure]
    if not starts:
        return ""
    path = paths.get(db, CertificationPath, agreement.path_id)
    leaves = [
        leave
        for leave in leave_store.leaves_of_employee(db, path.employee_id)
        if leave.first_day <= departure
    ]
    words = pause_words(min(starts), leaves)
    return f"{words[:1].upper()}{words[1:]}." if words else ""


def _plan(
    agreement: Agreement,
    snapshot: TermsSnapshot,
    repayment: Repayment,
    calc: Calculation,
    received_cents: int,
    law: DepartureLaw,
    statement_date: _dt.date,
) -> RepaymentPlan | None:
    """The repayment plan printed on the statement, from the policy's frozen payment terms."""
    balance = (
        0 if repayment.waived else repayment.owed_cents - repayment.forgiven_cents - received_cents
    )
    if balance <= 0:
        return None
    served = [line.months_served for line in calc.lines if line.start is not None]
    months_left = agreement.months - (min(served) if served else 0)
    return plan_repayment(
        balance,
        payment_terms_of(snapshot),
        statement_date,
        months_left=months_left,
        no_lump_sum=bool(law.no_lump_sum),
        not_before=repayment.departure_date,
    )


def _store_statement(db, agreement: Agreement, repayment: Repayment) -> None:
    from certdesk.forms.repayment_statement import render_repayment_statement

    received = sum(p.amount_cents for p in agreement_store.payments_received(db, repayment.id))
    today = _dt.date.today()
    content = statement_content(db, agreement, repayment, received, today)
    if content.plan is not None:  # kept: payments recorded later are allocated to it
        repayment_followup.insert_plan(
            db,
            repayment.id,
            content.plan,
            issued_on=today,
            credited_cents=received,
            cause="departure",
        )
    pdf = render_repayment_statement(content)
    agreement_store.insert_document(
        db,
        kind="repayment_statement",
        filename=f"{agreement.agreement_no}-statement.pdf",
        mime="application/pdf",
        content=pdf,
        agreement_id=agreement.id,
    )


def record_departure(store: Store, request: DepartureRequest) -> DepartureResult:
    """Record that a manager left; compute and store what each of their agreements owes under
    its terms and the state law that governs it."""
    departure, reason, note_text = request.on, request.reason, request.note
    notes: tuple[str, ...] = (request.reason_note,) if request.reason_note else ()
    outcomes: list[AgreementOutcome] = []
    with store.transaction() as db:
        employee = get_manager(store, request.employee_no)
        if employee.status == "departed":
            raise InvalidInput(
                "employee_no", f"{employee.employee_no} already left on {employee.departure_date}"
            )
        if employee.hire_date and departure < employee.hire_date:
            raise InvalidInput(
                "on", f"{departure} is before {employee.full_name}'s hire date {employee.hire_date}"
            )
        agreements = agreement_store.agreements_of_employee(db, employee.id)
        for agreement in agreements:
            if agreement.signed_on and departure < agreement.signed_on:
                raise InvalidInput(
                    "on",
                    f"{departure} is before {agreement.agreement_no} was signed on "
                    f"{agreement.signed_on}",
                )
        left = replace(
            employee, status="departed", departure_date=departure, departure_reason=reason.value
        )
        employees.update(db, left)
        audit.record(db, "employee", employee.employee_no, "depart", employee, left)
        for path in paths.children_of_employee(db, employee.id):
            if path.status in ("planned", "approved", "enrolled"):
                after = replace(
                    path,
                    status="withdrawn",
                    ended_on=departure,
                    notes=(path.notes + "\n" if path.notes else "")
                    + f"Withdrawn: manager left on {departure}.",
                )
                paths.update(db, after)
                audit.record(db, "path", path.id, "withdrawn", path, after)
        for agreement in agreements:
            outcome = _settle(db, agreement, departure, reason, note_text)
            if outcome is not None:
                outcomes.append(outcome)
    return DepartureResult(employee.employee_no, departure, reason.value, outcomes, notes)


def _settle(
    db: sqlite_utils.Database,
    agreement: Agreement,
    departure: _dt.date,
    reason: DepartureReason,
    note: str,
) -> AgreementOutcome | None:
    """Apply a departure to one agreement."""
    if agreement.status in (AgreementStatus.DRAFT, AgreementStatus.ISSUED):
        why = (
            "the manager left before it was issued"
            if agreement.status == AgreementStatus.DRAFT
            else "the manager left before signing it"
        )
        after = replace(agreement, status=AgreementStatus.VOIDED, void_reason=why)
        agreement_store.update_agreement(db, after)
        audit.record(db, "agreement", agreement.agreement_no, "void", agreement, after)
        return AgreementOutcome(agreement.agreement_no, AgreementStatus.VOIDED, 0, None, False, why)
    if agreement.status not in BINDING_STATUSES:
        return None  # fulfilled, settled or voided already: nothing to compute
    snapshot = snapshot_of(agreement)
    path = paths.get(db, CertificationPath, agreement.path_id)
    # Unpaid leave pauses the commitment: the amount owed counts the moved dates (core.leave).
    leaves = leave_store.leaves_of_employee(db, path.employee_id)
    calc, law = settle(
        terms_of(agreement),
        departure,
        reason,
        start=agreement.commitment_start,
        payments=payments_of_snapshot(snapshot),
        before_start_text=_not_started_text(agreement, snapshot),
        work_state=governing_state(snapshot),
        signed_on=agreement.signed_on,
        program_end=program_end(agreement, snapshot, path, departure),
        leaves=leaves,
    )
    served = (
        months_served(agreement.commitment_start, departure, leaves)
        if agreement.commitment_start and departure >= agreement.commitment_start
        else None
    )
    if calc.waived or calc.decided_by:
        status = AgreementStatus.WAIVED
    elif calc.owed_cents == 0:
        status = AgreementStatus.FULFILLED
    else:
        status = AgreementStatus.REPAYMENT_DUE
    repayment = agreement_store.insert_repayment(
        db,
        Repayment(
            agreement_id=agreement.id,
            departure_date=departure,
            reason=reason.value,
            owed_cents=calc.owed_cents,
            calculation_json=_calculation_json(calc),
            created_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            waived=status == AgreementStatus.WAIVED,
            waiver_note=f"{calc.decided_by}: {calc.law_note}"
            if calc.decided_by
            else (note if calc.waived else ""),
        ),
    )
    after = replace(agreement, status=status)
    agreement_store.update_agreement(db, after)
    audit.record(
        db,
        "agreement",
        agreement.agreement_no,
        status,
        summary=json.dumps(
            {"owed_cents": calc.owed_cents, "reason": reason.value, "decided_by": calc.decided_by}
        ),
    )
    _store_statement(db, after, repayment)
    text = f"{calc.decided_by}: {calc.law_note}" if calc.decided_by else calc.steps[-1]
    return AgreementOutcome(
        agreement.agreement_no,
        status,
        calc.owed_cents,
        served,
        calc.waived,
        text,
        decided_by=calc.decided_by,
        before_start=calc.before_start,
        warnings=law.warnings,
    )


def record_payment_received(
    store: Store,
    agreement_no: str,
    *,
    amount: str | int,
    on: str | _dt.date,
    note: str = "",
    method: PaymentMethod | str | None = None,
) -> Agreement:
    """Record money paid back (how it was paid: cheque, transfer, payroll deduction under a
    signed authorization, other); the agreement is repaid once the balance reaches zero. The
    payment pays the plan's instalments oldest first (core.plan_progress)."""
    cents = amount if isinstance(amount, int) else parse_cents(amount, "amount")
    received_on = on if isinstance(on, _dt.date) else parse_date(on, "on")
    if isinstance(method, str):
        method = parse_method(method) if method.strip() else None
    note_text = clean_text(note, "note")
    with store.transaction() as db:
        agreement = get_agreement(db, agreement_no)
        repayment = agreement_store.repayment_of(db, agreement.id)
        if repayment is None or agreement.status != AgreementStatus.REPAYMENT_DUE:
            raise InvalidInput(
                "agreement_no", f"{agreement.agreement_no} is {agreement.status}; nothing is owed"
            )
        received = sum(p.amount_cents for p in agreement_store.payments_received(db, repayment.id))
        balance = repayment.owed_cents - repayment.forgiven_cents - received
        authorization = authorization_in_force(db, agreement.id, received_on)
        check_payment(
            cents,
            received_on,
            departure_date=repayment.departure_date,
            balance_cents=balance,
            method=method,
            deduction_authorized=authorization is not None,
            deduction_max_cents=authorization.max_per_period_cents if authorization else None,
        )
        agreement_store.insert_payment(
            db,
            RepaymentPayment(
                repayment.id, received_on, cents, note_text, method.value if method else ""
            ),
        )
        after = replace(agreement, status=AgreementStatus.REPAID) if cents == balance else agreement
        if after is not agreement:
            agreement_store.update_agreement(db, after)
        audit.record(
            db,
            "agreement",
            agreement.agreement_no,
            "payment_received",
            summary=json.dumps(
                {
                    "amount_cents": cents,
                    "on": received_on.isoformat(),
                    "method": method.value if method else "",
                }
            ),
        )
    return after


def waive_repayment(store: Store, agreement_no: str, *, note: str) -> Agreement:
    """Forgive what is still owed (a management decision, with its reason)."""
    text = clean_text(note, "note", max_len=500, required=True)
    with store.transaction() as db:
        agreement = get_agreement(db, agreement_no)
        repayment = agreement_store.repayment_of(db, agreement.id)
        if repayment is None or agreement.status != AgreementStatus.REPAYMENT_DUE:
            raise InvalidInput(
                "agreement_no", f"{agreement.agreement_no} is {agreement.status}; nothing to waive"
            )
        after = waive_in(db, agreement, repayment, text)
    return after


def waive_in(db, agreement: Agreement, repayment: Repayment, note: str) -> Agreement:
    """Inside a transaction: forgive the rest of a repayment (waive, or a hardship waiver
    granted in full); the agreement becomes waived."""
    agreement_store.update_repayment(db, replace(repayment, waived=True, waiver_note=note))
    after = replace(agreement, status=AgreementStatus.WAIVED)
    agreement_store.update_agreement(db, after)
    audit.record(db, "agreement", agreement.agreement_no, "waive", agreement, after)
    return after


def repayment_plan(
    store: Store, agreement_no: str, today: _dt.date | None = None
) -> RepaymentPlan | None:
    """How the balance still owed on an agreement is repaid, counted from `today` (the plan a
    statement printed today shows); None when nothing is owed."""
    db = store.db
    agreement = get_agreement(db, agreement_no)
    repayment = agreement_store.repayment_of(db, agreement.id)
    if repayment is None or agreement.terms_json is None:
        return None
    snapshot = snapshot_of(agreement)
    received = sum(p.amount_cents for p in agreement_store.payments_received(db, repayment.id))
    law = at_departure(
        terms_of(agreement),
        repayment.reason,
        work_state=governing_state(snapshot),
        signed_on=agreement.signed_on,
    )

    stored = repayment_followup.current_plan(db, repayment.id)
    balance = 0 if repayment.waived else repayment.owed_cents - repayment.forgiven_cents - received
    if stored is not None:  # the plan the statements printed, payments allocated to it
        return stored.plan if balance > 0 else None
    calc = calculation_from_json(repayment.calculation_json)
    return _plan(agreement, snapshot, repayment, calc, received, law, today or _dt.date.today())


def stored_statement(store: Store, agreement_no: str) -> bytes:
    """The newest stored repayment statement of an agreement."""
    agreement = get_agreement(store.db, agreement_no)
    docs = agreement_store.documents_of(store.db, agreement.id, "repayment_statement")
    if not docs:
        raise InvalidInput("agreement_no", f"{agreement.agreement_no} has no repayment statement")
    return docs[-1].content
