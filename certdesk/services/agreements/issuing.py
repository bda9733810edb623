"""Issuing: the terms frozen and hashed, the form printed and stored; the deduction authorization."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
from certdesk.core.agreements import (
    Agreement,
    AgreementStatus,
    terms_hash,
)
from certdesk.core.compliance import (
    NOT_A_CONDITION_STATEMENT,
    ComplianceWarning,
    Stage,
    check_agreement,
    cost_kinds_rule,
    needs_not_a_condition_statement,
)
from certdesk.core.course import course_dates_text
from certdesk.core.dates import parse_optional_date
from certdesk.core.deduction import check_max_per_period
from certdesk.core.errors import InvalidInput
from certdesk.core.models import CertificationPath, CostLine
from certdesk.core.money import format_cents
from certdesk.core.repayment import (
    format_tiers,
    schedule_table,
)
from certdesk.core.repayment_types import (
    FULL_BP,
    Clock,
)
from certdesk.core.review import review_clause, review_until
from certdesk.core.terms_snapshot import LeftOutByLaw, TermsSnapshot
from certdesk.services.agreements.terms import (
    _added,
    _confirm_warnings,
    _facts,
    before_start_label,
    get_agreement,
    governing_state,
    path_repayable_lines,
    payment_terms_of,
    payments_of,
    payments_of_snapshot,
    program_end_text,
    provisional_start,
    repayable_lines,
    repayment_terms_text,
    snapshot_of,
    snapshot_terms,
    terms_of,
)
from certdesk.services.settings import settings_from
from certdesk.store import Store, audit, catalog, employees, paths
from certdesk.store import agreements as agreement_store
from certdesk.store import settings as settings_store


@dataclass(frozen=True)
class IssueResult:
    """An issued agreement and its stored form."""

    agreement: Agreement
    pdf: bytes
    warnings: list[ComplianceWarning]


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
