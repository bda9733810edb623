"""An agreement's terms read back: the frozen snapshot in words, its repayable lines and
governing state, and the compliance facts every step checks."""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
from certdesk.core.agreements import (
    Agreement,
    AgreementStatus,
)
from certdesk.core.commitment_start import printed_start
from certdesk.core.compliance import (
    AgreementFacts,
    ComplianceWarning,
    Stage,
    check_agreement,
    repayable_cost_kinds,
)
from certdesk.core.dates import add_months
from certdesk.core.errors import InvalidInput
from certdesk.core.models import CertificationPath, CostLine, Payer
from certdesk.core.payment_plan import DISPUTE_DAYS, PaymentTerms
from certdesk.core.repayment import (
    validate_terms,
)
from certdesk.core.repayment_types import (
    FULL_BP,
    Clock,
    CommitmentStart,
    Payment,
    Terms,
)
from certdesk.core.review import early_signing_warning
from certdesk.core.terms_snapshot import ABSENT, TermsSnapshot
from certdesk.store import Store, catalog, employees, paths
from certdesk.store import agreements as agreement_store


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
