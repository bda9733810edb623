"""Use cases for tuition-assistance agreements: draft, issue, sign, attach, void, reprint.

The terms are frozen at issue into a canonical JSON snapshot whose SHA-256 is printed on the
form; everything computed later (the departure, the statement) reads the snapshot, never the
live records, so what was signed is what counts.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.agreement_requests import DraftRequest, check_proof_days, check_repayable
from certdesk.core.agreements import (
    IN_FORCE_STATUSES,
    Agreement,
    AgreementStatus,
    check_can_void,
    terms_hash,
)
from certdesk.core.commitment_start import printed_start
from certdesk.core.compliance import (
    NOT_A_CONDITION_STATEMENT,
    AgreementFacts,
    ComplianceWarning,
    Stage,
    check_agreement,
    cost_kinds_rule,
    needs_not_a_condition_statement,
    repayable_cost_kinds,
)
from certdesk.core.course import course_dates_text
from certdesk.core.dates import add_months, parse_date, parse_optional_date
from certdesk.core.errors import InvalidInput
from certdesk.core.leave import band_day
from certdesk.core.limits import MAX_AMOUNT_CENTS, amount_limit_text
from certdesk.core.models import CertificationPath, CostLine, Payer
from certdesk.core.money import format_cents
from certdesk.core.path_status import ENDED_WITHOUT_CREDENTIAL
from certdesk.core.payment_plan import DISPUTE_DAYS, PaymentTerms
from certdesk.core.repayment import (
    format_tiers,
    schedule_table,
    validate_terms,
)
from certdesk.core.repayment_types import (
    FULL_BP,
    Clock,
    CommitmentStart,
    Payment,
    Terms,
)
from certdesk.core.review import early_signing_warning, review_clause, review_until
from certdesk.core.terms_snapshot import ABSENT, LeftOutByLaw, TermsSnapshot
from certdesk.core.validation import clean_text
from certdesk.services.policies import ensure_default_policy
from certdesk.services.scans import read_scan
from certdesk.store import Store, audit, catalog, employees, paths
from certdesk.store import agreements as agreement_store
from certdesk.store import leaves as leave_store
from certdesk.store import settings as settings_store


@dataclass(frozen=True)
class DraftResult:
    """A new draft and the compliance warnings it raises (they never block a draft)."""

    agreement: Agreement
    warnings: list[ComplianceWarning]


@dataclass(frozen=True)
class IssueResult:
    """An issued agreement and its stored form."""

    agreement: Agreement
    pdf: bytes
    warnings: list[ComplianceWarning]


def get_agreement(db: sqlite_utils.Database, agreement_no: str) -> Agreement:
    """The agreement with this number, or InvalidInput naming agreement_no."""
    found = agreement_store.agreement_by_no(db, (agreement_no or "").strip().upper())
    if found is None:
        raise InvalidInput("agreement_no", f"there is no agreement {agreement_no!r}")
    return found


def repayable_lines(
    lines: list[CostLine], work_state: str
) -> tuple[list[CostLine], list[CostLine]]:
    """The company-paid repayable cost lines an agreement may cover in this state, and those
    the state's law leaves out (CA and NY: only tuition, fees and required materials)."""
    allowed = repayable_cost_kinds(work_state)
    company = [line for line in lines if line.paid_by == "company" and line.repayable]
    if allowed is None:
        return company, []
    return (
        [line for line in company if line.kind in allowed],
        [line for line in company if line.kind not in allowed],
    )


def path_repayable_lines(
    db: sqlite_utils.Database, path_id: int, work_state: str
) -> list[CostLine]:
    """The cost lines of a path an agreement may cover in this state."""
    return repayable_lines(paths.children(db, CostLine, path_id), work_state)[0]


def payments_of(lines: list[CostLine]) -> list[Payment]:
    """One clock's payment per cost line (per-payment schedules, the draft's preview)."""
    return [
        Payment(
            paid_on=line.paid_on,
            amount_cents=line.amount_cents,
            label=line.description or line.kind.replace("_", " "),
        )
        for line in lines
    ]


def terms_of(agreement: Agreement) -> Terms:
    """The repayment terms of an agreement, as core computes with them (earlier spellings of
    waived reasons read as today's; the before-start share as frozen at issue)."""
    before_start = FULL_BP
    if agreement.terms_json:
        frozen = snapshot_of(agreement).before_start_bp
        before_start = FULL_BP if frozen is ABSENT else frozen
    return validate_terms(
        Terms(
            amount_cents=agreement.amount_cents,
            months=agreement.months,
            schedule=agreement.schedule,
            tiers=agreement.tiers,
            clock=agreement.clock,
            waived_reasons=agreement.waived_tuple,
            before_start_bp=before_start,
        )
    )


def snapshot_of(agreement: Agreement) -> TermsSnapshot:
    """The terms frozen when the agreement was issued (InvalidInput for a draft)."""
    if agreement.terms_json is None:
        raise InvalidInput("agreement_no", f"{agreement.agreement_no} is a draft; issue it first")
    return TermsSnapshot.from_json(agreement.terms_json)


def payment_terms_of(snapshot: TermsSnapshot) -> PaymentTerms:
    """How a balance is repaid under an issued agreement (earlier forms: the defaults)."""
    frozen = snapshot.policy.payment_terms
    if frozen is ABSENT:
        return PaymentTerms()
    return PaymentTerms(frozen.due_days, frozen.max_instalments, frozen.method)


PROGRAM_END_WORDS = {
    "clock_from_end": "the service commitment starts on the day the program ends, so if you "
    "stay you work it off as the table shows, counted from that day",
    "before_start_due": "the amount for leaving before the certification is completed applies "
    "if you leave",
    "nothing_owed": "nothing is owed under this agreement and it ends",
}


def program_end_text(snapshot: TermsSnapshot) -> str:
    """The form's sentence on a program that ends without the credential, with the last day
    anything can be owed ("" when the commitment does not wait for completion)."""
    if snapshot.clock == Clock.PER_PAYMENT or snapshot.start_rule != CommitmentStart.COMPLETION:
        return ""
    if snapshot.completed_on:
        return ""
    rule = snapshot.policy.program_end_rule or "clock_from_end"
    text = (
        "If the program ends without the credential (you withdraw, fail, or the deadline "
        f"passes without an extension agreed in writing), {PROGRAM_END_WORDS[rule]}."
    )
    deadline = snapshot.completion_deadline
    if deadline:
        last = add_months(deadline, snapshot.months)
        text += (
            f" Whatever happens, nothing is owed for leaving on or after {last}, the day the "
            "commitment would end had the certification been completed by its deadline."
        )
    return text


def repayment_terms_text(terms: PaymentTerms, no_lump_sum: bool) -> str:
    """The form's paragraph on how a balance owed at departure is repaid."""
    if no_lump_sum:
        when = (
            "it is never asked for at once: it is spread in monthly instalments over the months "
            f"left in the commitment, the first due {terms.due_days} days after the statement"
        )
    else:
        when = (
            f"it is due {terms.due_days} days after the statement, or, if you prefer, in up "
            f"to {terms.max_instalments} monthly instalments"
        )
    return (
        f"If you owe a balance when you leave, HR gives you a repayment statement; {when}. "
        f"How to pay: {terms.method_text}. You may dispute the statement or ask for a hardship "
        f"waiver in writing within {DISPUTE_DAYS} days of it. No interest or fee is added."
    )


def governing_state(snapshot: TermsSnapshot) -> str:
    """The state whose law governs an issued agreement: the work state frozen at issue."""
    return snapshot.employee.work_state or ""


def payments_of_snapshot(snapshot: TermsSnapshot) -> list[Payment]:
    """The per-payment clocks frozen in an issued agreement's terms."""
    return [Payment(p.paid_on, p.amount_cents, p.label) for p in snapshot.payments]


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


def _facts(
    db: sqlite_utils.Database, agreement: Agreement, stage: Stage, on: _dt.date
) -> AgreementFacts:
    """What the rules look at: before issue the live records, after issue the frozen terms."""
    if agreement.terms_json:
        snapshot = snapshot_of(agreement)
        state = governing_state(snapshot)
        transferable = snapshot.certification.transferable
        if transferable is ABSENT:  # issued by an earlier version: the catalog says
            path = paths.get(db, CertificationPath, agreement.path_id)
            transferable = catalog.get(db, path.certification_id).transferable
        kinds = snapshot.repayable_kinds
        if kinds is ABSENT:  # issued by an earlier version: every company-paid repayable line
            kinds = [c.kind for c in snapshot.costs if c.paid_by == Payer.COMPANY and c.repayable]
        kinds = frozenset(kinds)
        return AgreementFacts(state, on, stage, bool(transferable), True, kinds)
    path = paths.get(db, CertificationPath, agreement.path_id)
    employee = employees.get(db, path.employee_id)
    lines = path_repayable_lines(db, path.id, employee.work_state)
    return AgreementFacts(
        work_state=employee.work_state,
        signed_on=on,
        stage=stage,
        transferable=catalog.get(db, path.certification_id).transferable,
        itemised_amount=bool(lines),
        repayable_kinds=frozenset(line.kind for line in lines),
    )


def warnings_for(
    store: Store, agreement_no: str, today: _dt.date | None = None
) -> list[ComplianceWarning]:
    """The compliance warnings of an agreement: a draft as if issued today, an issued agreement
    as if signed today, a signed one as of its signing day."""
    db = store.db
    agreement = get_agreement(db, agreement_no)
    stage = Stage.ISSUE if agreement.status == AgreementStatus.DRAFT else Stage.SIGN
    on = agreement.signed_on or today or _dt.date.today()  # signed: the law of that day
    if agreement.status == "issued":
        return sign_warnings(db, agreement, on)
    return check_agreement(terms_of(agreement), _facts(db, agreement, stage, on))


def _snapshot(db: sqlite_utils.Database, agreement: Agreement, issued_on: _dt.date) -> dict:
    """Everything the manager signs, as plain JSON-ready data."""
    path = paths.get(db, CertificationPath, agreement.path_id)
    employee = employees.get(db, path.employee_id)
    cert = catalog.get(db, path.certification_id)
    policy = agreement_store.policy(db, agreement.policy_id)
    costs = paths.children(db, CostLine, path.id)
    repayable, left_out = repayable_lines(costs, employee.work_state)
    return {
        "form": "CD-101",
        "agreement_no": agreement.agreement_no,
        "issued_on": issued_on.isoformat(),
        "employee": {
            "employee_no": employee.employee_no,
            "full_name": employee.full_name,
            "job_title": employee.job_title,
            "site": employee.site,
            "work_state": employee.work_state,
        },
        "certification": {
            "code": cert.code,
            "name": cert.name,
            "issuer": cert.issuer,
            "transferable": cert.transferable,
        },
        "path_id": path.id,
        "target_date": path.target_date.isoformat() if path.target_date else None,
        "policy": {
            "version": policy.version,
            "title": policy.title,
            "body": policy.body,
            "effective_on": policy.effective_on.isoformat(),
            "program_end_rule": policy.program_end_rule,
            "payment_terms": {
                "due_days": policy.payment_due_days,
                "max_instalments": policy.max_instalments,
                "method": policy.payment_method,
            },
        },
        "costs": [
            {
                "kind": c.kind,
                "description": c.description,
                "amount_cents": c.amount_cents,
                "paid_by": c.paid_by,
                "paid_on": c.paid_on.isoformat() if c.paid_on else None,
                "repayable": c.repayable,
                **({"not_yet_paid": True} if c.not_yet_paid else {}),
            }
            for c in costs
        ],
        "amount_cents": agreement.amount_cents,
        "months": agreement.months,
        "schedule": agreement.schedule,
        "tiers": format_tiers(agreement.tiers) if agreement.tiers else "",
        "clock": agreement.clock,
        "payments": [
            {
                "paid_on": p.paid_on.isoformat(),
                "amount_cents": p.amount_cents,
                "label": p.label,
                "kind": line.kind,
            }
            for line, p in zip(repayable, payments_of(repayable), strict=True)
        ]
        if agreement.clock == Clock.PER_PAYMENT
        else [],
        "start_rule": agreement.start_rule,
        "before_start_bp": FULL_BP,
        # The kinds the repayable amount may cover, and the law that left others out.
        "repayable_kinds": sorted({c.kind for c in repayable}),
        "left_out_by_law": {
            "rule": cost_kinds_rule(employee.work_state),
            "kinds": sorted({c.kind for c in left_out}),
        }
        if left_out
        else None,
        "waived_reasons": list(agreement.waived_tuple),
        "completion_deadline": agreement.completion_deadline.isoformat()
        if agreement.completion_deadline
        else None,
        "proof_days": agreement.proof_days,
        "completed_on": path.completed_on.isoformat() if path.completed_on else None,
        # Added by schema 11 (agreements issued before do not carry them): the course and the
        # review period, with the clause as printed.
        "course": {
            "provider": path.provider,
            "start": path.course_start.isoformat() if path.course_start else None,
            "end": path.course_end.isoformat() if path.course_end else None,
        },
        "review": _review_terms(issued_on, policy.review_days),
    }


def _review_terms(given_on: _dt.date, days: int) -> dict:
    until = review_until(given_on, days)
    return {
        "given_on": given_on.isoformat(),
        "business_days": days,
        "until": until.isoformat(),
        "clause": review_clause(given_on, until),
    }


def _added(snapshot: TermsSnapshot, key: str) -> dict:
    """A part schema 11 added to the terms ("course", "review"); {} in earlier terms."""
    found = dict(snapshot.extra).get(key)
    return json.loads(found) if found else {}


def review_until_of(snapshot: TermsSnapshot) -> _dt.date | None:
    """The end of the review period frozen at issue (None: issued before it was recorded)."""
    review = _added(snapshot, "review")
    return _dt.date.fromisoformat(review["until"]) if review else None


def sign_warnings(
    db: sqlite_utils.Database, agreement: Agreement, signed_on: _dt.date
) -> list[ComplianceWarning]:
    """What signing an issued agreement on `signed_on` warns about: the law of that day and a
    signature before the review period ends (the Sign dialog shows them; signing asks)."""
    warnings = check_agreement(terms_of(agreement), _facts(db, agreement, Stage.SIGN, signed_on))
    if agreement.terms_json:
        frozen = TermsSnapshot.from_json(agreement.terms_json)
        early = early_signing_warning(signed_on, review_until_of(frozen))
        if early is not None:
            warnings.append(early)
    return warnings


def provisional_start(snapshot: TermsSnapshot) -> tuple[_dt.date, str]:
    """The start date the printed table counts from, and the sentence that explains it."""
    return printed_start(
        months=snapshot.months,
        start_rule=snapshot.start_rule,
        issued_on=snapshot.issued_on,
        completed_on=snapshot.completed_on,
        deadline=snapshot.completion_deadline,
        target=snapshot.target_date,
    )


BEFORE_COMPLETION_LABEL = "Leaving before the certification is completed"


def before_start_label(snapshot_or_rule: TermsSnapshot | str, completed: bool) -> str:
    """The label of the before-start row, or "" when no departure can fall before the start:
    the clock runs per payment, starts at signing (an unsigned agreement binds nobody), or the
    certification was already completed."""
    if isinstance(snapshot_or_rule, TermsSnapshot):
        rule = snapshot_or_rule.start_rule
        if snapshot_or_rule.clock == Clock.PER_PAYMENT:
            return ""
    else:
        rule = snapshot_or_rule
    if rule != CommitmentStart.COMPLETION or completed:
        return ""
    return BEFORE_COMPLETION_LABEL


def snapshot_terms(snapshot: TermsSnapshot) -> Terms:
    """The repayment terms frozen in an issued agreement's snapshot."""
    return validate_terms(
        Terms(
            amount_cents=snapshot.amount_cents,
            months=snapshot.months,
            schedule=snapshot.schedule,
            tiers=snapshot.tiers,
            clock=snapshot.clock,
            waived_reasons=snapshot.waived_reasons,
            before_start_bp=FULL_BP
            if snapshot.before_start_bp is ABSENT
            else snapshot.before_start_bp,
        )
    )


def _acknowledgment_pdf(db: sqlite_utils.Database, snapshot: TermsSnapshot, sha: str) -> bytes:
    from certdesk.forms.acknowledgment import AcknowledgmentContent, render_acknowledgment
    from certdesk.forms.acknowledgment import CostLine as FormCost

    settings = settings_store.get_all(db)
    issued_on = snapshot.issued_on
    terms = snapshot_terms(snapshot)
    start, start_text = provisional_start(snapshot)
    blocks = schedule_table(
        terms,
        start=start,
        payments=payments_of_snapshot(snapshot),
        before_start_label=before_start_label(snapshot, bool(snapshot.completed_on)),
    )
    if snapshot.clock == Clock.PER_PAYMENT:
        start_text = "For this agreement the months are counted from each company payment."
    employee = snapshot.employee
    notices = ()
    if needs_not_a_condition_statement(employee.work_state, issued_on):
        notices = (NOT_A_CONDITION_STATEMENT,)
    left_out = snapshot.left_out_by_law or LeftOutByLaw("", ())
    cost_note = ""
    if left_out.kinds:
        words = ", ".join(k.replace("_", " ") for k in left_out.kinds)
        cost_note = (
            f"Not repayable ({words}): under {left_out.rule} only tuition, fees and required "
            "materials may be repaid."
        )
    from certdesk.services.settings import settings_from

    typed = settings_from(settings)  # the logo and the HR signer, from Settings
    content = AcknowledgmentContent(
        logo=typed.logo,
        hr_signer=typed.hr_signer,
        company_name=settings["company_name"],
        agreement_no=snapshot.agreement_no,
        policy_version=snapshot.policy.version,
        policy_title=snapshot.policy.title,
        policy_body=snapshot.policy.body,
        terms_hash=sha,
        issued_on=issued_on,
        employee_no=employee.employee_no,
        employee_name=employee.full_name,
        job_title=employee.job_title,
        site=employee.site,
        work_state=employee.work_state,
        certification_code=snapshot.certification.code,
        certification_name=snapshot.certification.name,
        provider=_provider(snapshot),
        course_dates=_course_dates(snapshot),
        review_clause=_added(snapshot, "review").get("clause", ""),
        cost_lines=tuple(
            FormCost(
                kind=c.kind,
                description=c.description,
                amount_cents=c.amount_cents,
                paid_by=c.paid_by,
                paid_on=c.paid_on,
                repayable=c.repayable and c.kind not in left_out.kinds,
                not_yet_paid=bool(c.not_yet_paid),
            )
            for c in snapshot.costs
        ),
        cost_note=cost_note,
        program_end_text=program_end_text(snapshot),
        repayment_terms=repayment_terms_text(
            payment_terms_of(snapshot), bool(cost_kinds_rule(employee.work_state))
        ),
        repayable_amount_cents=snapshot.amount_cents,
        commitment_months=snapshot.months,
        commitment_start_rule=snapshot.start_rule,
        commitment_start_text=start_text,
        clock=snapshot.clock,
        schedule_name=snapshot.schedule,
        schedule_blocks=blocks,
        waived_reasons=snapshot.waived_reasons,
        completion_deadline=snapshot.completion_deadline,
        proof_days=snapshot.proof_days,
        state_notices=notices,
        currency_symbol=settings["currency_symbol"],
        page_size=settings["page_size"],
    )
    return render_acknowledgment(content)


def _provider(snapshot: TermsSnapshot) -> str:
    """Who teaches the course: the path's provider, else the credential's issuer."""
    return _added(snapshot, "course").get("provider") or snapshot.certification.issuer


def _course_dates(snapshot: TermsSnapshot) -> str:
    course = _added(snapshot, "course")
    start, end = course.get("start"), course.get("end")
    return course_dates_text(
        _dt.date.fromisoformat(start) if start else None,
        _dt.date.fromisoformat(end) if end else None,
    )


def _confirm_warnings(
    agreement: Agreement, warnings: list[ComplianceWarning], accepted: bool, verb: str
) -> None:
    """Issuing or signing over a warning needs the coordinator's confirmation."""
    if warnings and not accepted:
        listed = "\n".join(f"warning: {w}" for w in warnings)
        raise InvalidInput(
            "warnings",
            f"{agreement.agreement_no} raises compliance warnings; confirm to {verb} anyway "
            f"(--accept-warnings on the command line):\n{listed}",
        )


def issue_agreement(
    store: Store,
    agreement_no: str,
    *,
    accept_warnings: bool = False,
    on: str | None = None,
    today: _dt.date | None = None,
) -> IssueResult:
    """Freeze the terms, hash them, render and store the form; the draft becomes issued."""
    issued_on = parse_optional_date(on, "on") or today or _dt.date.today()
    with store.transaction() as db:
        before = get_agreement(db, agreement_no)
        if before.status != AgreementStatus.DRAFT:
            when = f" on {before.issued_on}" if before.issued_on else ""
            raise InvalidInput(
                "agreement_no",
                f"{before.agreement_no} is already {before.status}{when}; "
                "only a draft can be issued",
            )
        path = paths.get(db, CertificationPath, before.path_id)
        employee = employees.get(db, path.employee_id)
        if employee.status != "active":
            raise InvalidInput("agreement_no", f"{employee.full_name} has left; void this draft")
        # The cost lines may have changed since the draft: the cap still holds at issue.
        lines = path_repayable_lines(db, path.id, employee.work_state)
        cap = sum(line.amount_cents for line in lines)
        if before.clock == Clock.PER_PAYMENT and before.amount_cents != cap:
            raise InvalidInput(
                "amount",
                f"the company payments now total {format_cents(cap)}, not "
                f"{format_cents(before.amount_cents)}; void this draft and draft it again",
            )
        if before.amount_cents > cap:
            raise InvalidInput(
                "amount",
                f"{format_cents(before.amount_cents)} is now more than the company-paid "
                f"repayable cost {format_cents(cap)}; void this draft and draft it again",
            )
        warnings = check_agreement(terms_of(before), _facts(db, before, Stage.ISSUE, issued_on))
        _confirm_warnings(before, warnings, accept_warnings, "issue")
        snapshot = TermsSnapshot.from_dict(_snapshot(db, before, issued_on))
        text = snapshot.to_json()
        sha = terms_hash(text)
        pdf = _acknowledgment_pdf(db, snapshot, sha)
        after = replace(
            before,
            status=AgreementStatus.ISSUED,
            terms_json=text,
            terms_sha256=sha,
            issued_on=issued_on,
        )
        agreement_store.update_agreement(db, after)
        agreement_store.insert_document(
            db,
            kind="acknowledgment",
            filename=f"{after.agreement_no}.pdf",
            mime="application/pdf",
            content=pdf,
            agreement_id=after.id,
        )
        audit.record(
            db,
            "agreement",
            after.agreement_no,
            "issue",
            summary=json.dumps(
                {"terms_sha256": sha, "warnings_accepted": [str(w) for w in warnings]},
                ensure_ascii=False,
            ),
        )
    return IssueResult(after, pdf, warnings)


def stored_form(store: Store, agreement_no: str) -> bytes:
    """The acknowledgment exactly as issued (the stored bytes, never a re-render)."""
    agreement = get_agreement(store.db, agreement_no)
    docs = agreement_store.documents_of(store.db, agreement.id, "acknowledgment")
    if not docs:
        raise InvalidInput("agreement_no", f"{agreement.agreement_no} is a draft; issue it first")
    return docs[0].content


@dataclass(frozen=True)
class SignResult:
    """A signed agreement and the warnings the rules raised for its signing day."""

    agreement: Agreement
    warnings: list[ComplianceWarning]


def sign_agreement(
    store: Store,
    agreement_no: str,
    on: str | _dt.date,
    *,
    accept_warnings: bool = False,
) -> SignResult:
    """Record the signing date; the commitment starts now or at completion, as agreed.

    The law applies by the day the contract is entered into, so the rules run again for the
    signing day; signing over a warning needs confirmation (accept_warnings).
    """
    signed_on = on if isinstance(on, _dt.date) else parse_date(on, "on")
    with store.transaction() as db:
        before = get_agreement(db, agreement_no)
        if before.status == AgreementStatus.DRAFT:
            raise InvalidInput(
                "agreement_no", f"{before.agreement_no} is a draft; issue it before signing"
            )
        if before.status != AgreementStatus.ISSUED:
            raise InvalidInput(
                "agreement_no",
                f"{before.agreement_no} is {before.status}; only an issued agreement can be signed",
            )
        if signed_on < before.issued_on:
            raise InvalidInput(
                "on",
                f"{signed_on} is before the agreement was issued on {before.issued_on}; a "
                "form cannot be signed before it is printed",
            )
        warnings = sign_warnings(db, before, signed_on)
        _confirm_warnings(before, warnings, accept_warnings, "sign")
        path = paths.get(db, CertificationPath, before.path_id)
        after = replace(before, signed_on=signed_on, status=AgreementStatus.SIGNED)
        if before.clock == Clock.PER_PAYMENT:
            # Each payment's clock runs from its own date; signing makes them binding.
            after = replace(after, status=AgreementStatus.IN_COMMITMENT)
        elif before.start_rule == CommitmentStart.SIGNING:
            after = replace(after, status=AgreementStatus.IN_COMMITMENT, commitment_start=signed_on)
        elif path.completed_on is not None:
            after = replace(
                after, status=AgreementStatus.IN_COMMITMENT, commitment_start=path.completed_on
            )
        agreement_store.update_agreement(db, after)
        audit.record(db, "agreement", after.agreement_no, "sign", before, after)
        if after.status == "in_commitment":
            from certdesk.services.notices import issue_notice  # notices builds on this module

            issue_notice(db, after, "the commitment started on signing")
        if fulfil_served(db, [after], _dt.date.today()):  # signed for a commitment long served
            after = get_agreement(db, after.agreement_no)
        if warnings:
            audit.record(
                db,
                "agreement",
                after.agreement_no,
                "warnings_accepted",
                summary=json.dumps({"sign": [str(w) for w in warnings]}, ensure_ascii=False),
            )
    return SignResult(after, warnings)


def start_commitments_on_completion(db: sqlite_utils.Database, path: CertificationPath) -> None:
    """A path was completed: signed agreements that start at completion start their clock."""
    for agreement in agreement_store.agreements_of_path(db, path.id):
        if (
            agreement.status == AgreementStatus.SIGNED
            and agreement.start_rule == CommitmentStart.COMPLETION
        ):
            after = replace(
                agreement, status=AgreementStatus.IN_COMMITMENT, commitment_start=path.completed_on
            )
            agreement_store.update_agreement(db, after)
            audit.record(db, "agreement", after.agreement_no, "commitment_start", agreement, after)
            from certdesk.services.notices import issue_notice  # notices builds on this module

            issue_notice(db, after, "the commitment started on completing the certification")
            fulfil_served(db, [after], _dt.date.today())  # completed so long ago it is served


def attach_signed_copy(store: Store, agreement_no: str, file: Path | str) -> str:
    """Store the scanned signed copy (PDF, PNG or JPEG); returns its SHA-256."""
    scan = read_scan(file, "file")
    with store.transaction() as db:
        agreement = get_agreement(db, agreement_no)
        if agreement.status in (AgreementStatus.DRAFT, AgreementStatus.VOIDED):
            raise InvalidInput(
                "agreement_no",
                f"{agreement.agreement_no} is {agreement.status}; attach a signed "
                "copy to an issued agreement",
            )
        doc = agreement_store.insert_document(
            db,
            kind="signed_copy",
            filename=scan.filename,
            mime=scan.mime,
            content=scan.content,
            agreement_id=agreement.id,
        )
        audit.record(
            db,
            "agreement",
            agreement.agreement_no,
            "attach",
            summary=json.dumps({"file": scan.filename, "sha256": doc.sha256}, ensure_ascii=False),
        )
    return doc.sha256


def void_agreement(store: Store, agreement_no: str, reason: str) -> Agreement:
    """Void an agreement that is not final, with the reason."""
    text = clean_text(reason, "reason", max_len=500, required=True)
    with store.transaction() as db:
        before = get_agreement(db, agreement_no)
        check_can_void(before)
        after = replace(before, status=AgreementStatus.VOIDED, void_reason=text)
        agreement_store.update_agreement(db, after)
        audit.record(db, "agreement", after.agreement_no, "void", before, after)
    return after


def refresh_statuses(store: Store, today: _dt.date | None = None) -> int:
    """The status moves the date calls for: commitments served by `today` become fulfilled;
    returns how many moved.

    Run once when a database is opened, the same by the window and the command line
    (services.safety), and by the writes that start a commitment; a read never runs it.
    """
    with store.transaction() as db:
        served = agreement_store.agreements_with_status(db, (AgreementStatus.IN_COMMITMENT,))
        return fulfil_served(db, served, today or _dt.date.today())


def fulfil_served(db: sqlite_utils.Database, agreements: list[Agreement], today: _dt.date) -> int:
    """Inside a write: each of `agreements` in commitment whose commitment ends by `today`
    becomes fulfilled (audited); returns how many moved. Unpaid leave pauses the commitment:
    its end moves too (core.leave); one query for every leave, and a path lookup only for
    managers who have had one."""
    moved = 0
    leaves_by_employee = leave_store.leaves_by_employee(db)
    for agreement in agreements:
        if agreement.status != AgreementStatus.IN_COMMITMENT:
            continue
        leaves = []
        if leaves_by_employee:
            path = paths.get(db, CertificationPath, agreement.path_id)
            leaves = leaves_by_employee.get(path.employee_id, [])
        if agreement.clock == Clock.PER_PAYMENT:
            ends = max(
                band_day(p.paid_on, agreement.months, leaves)
                for p in snapshot_of(agreement).payments
            )
        elif agreement.commitment_start is not None:
            ends = band_day(agreement.commitment_start, agreement.months, leaves)
        else:
            continue
        if ends <= today:
            after = replace(agreement, status=AgreementStatus.FULFILLED)
            agreement_store.update_agreement(db, after)
            audit.record(db, "agreement", after.agreement_no, "fulfilled", agreement, after)
            moved += 1
    return moved


def deduction_authorization(store: Store, agreement_no: str, *, max_per_period_cents: int) -> bytes:
    """The separate, revocable payroll-deduction authorization of an issued agreement, to print
    with it and have signed on its own (not stored: the signed copy is attached like a scan)."""
    from certdesk.forms.deduction_authorization import (
        DeductionAuthorizationContent,
        render_deduction_authorization,
    )

    db = store.db
    agreement = get_agreement(db, agreement_no)
    snapshot = snapshot_of(agreement)
    from certdesk.core.deduction import check_max_per_period

    check_max_per_period(max_per_period_cents, agreement.amount_cents)
    settings = settings_store.get_all(db)
    rule = cost_kinds_rule(governing_state(snapshot))
    cert = snapshot.certification
    return render_deduction_authorization(
        DeductionAuthorizationContent(
            company_name=settings["company_name"],
            agreement_no=agreement.agreement_no,
            terms_hash=agreement.terms_sha256 or "",
            employee_name=snapshot.employee.full_name,
            employee_no=snapshot.employee.employee_no,
            certification=f"{cert.code} — {cert.name}",
            repayable_amount_cents=agreement.amount_cents,
            max_per_period_cents=max_per_period_cents,
            no_final_pay_rules=(rule,) if rule else (),
            currency_symbol=settings["currency_symbol"],
            page_size=settings["page_size"],
        )
    )
