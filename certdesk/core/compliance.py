"""Compliance checks on repayment terms: warnings shown before an agreement is issued.

Each rule is a small frozen object with its name, jurisdiction, effective date and source, so
that a rule that changes is a visible, dated edit here. The facts are summarised from public
commentary on each law (cited per rule) and from DESIGN.md; they are prompts for the coordinator
to check with counsel, NOT LEGAL ADVICE. Warnings never block anything.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.repayment_types import Terms

# Reasons where the employer ends employment without misconduct; the stay-or-pay laws below
# require that nothing is owed in those cases.
EMPLOYER_ENDED_REASONS = ("terminated_without_cause", "layoff")

DISCLAIMER = "Compliance warnings are prompts to check with counsel, not legal advice."


@dataclass(frozen=True)
class ComplianceWarning:
    """One warning: `rule` names the rule, `message` says what to change.

    str(warning) (and `.text`) is "<rule>: <message>", the form the command line prints after
    "warning: ".
    """

    rule: str
    message: str

    @property
    def text(self) -> str:
        """The full warning text, starting with the rule name."""
        return f"{self.rule}: {self.message}"

    def __str__(self) -> str:
        return self.text


def _norm_state(work_state: str | None) -> str:
    return (work_state or "").strip().upper()


@dataclass(frozen=True)
class Rule:
    """A dated, sourced rule for one jurisdiction. Subclasses implement `findings`."""

    name: str
    jurisdiction: str  # US state code as stored in Employee.work_state
    effective: _dt.date  # applies to agreements dated on or after this day
    source: str  # where the facts come from (law and a public summary)
    summary: str  # what the law requires, in one sentence

    def applies(self, work_state: str | None, on: _dt.date) -> bool:
        """True for an employee working in this jurisdiction, agreement dated ≥ effective."""
        return _norm_state(work_state) == self.jurisdiction and on >= self.effective

    def findings(self, terms: Terms, itemised_amount: bool) -> list[str]:  # pragma: no cover
        """Messages (without the rule name) for terms that fall short of this rule."""
        raise NotImplementedError

    def check(
        self, terms: Terms, *, work_state: str | None, on: _dt.date, itemised_amount: bool = True
    ) -> list[ComplianceWarning]:
        """The warnings this rule raises for `terms` (none when the rule does not apply)."""
        if not self.applies(work_state, on):
            return []
        return [ComplianceWarning(self.name, msg) for msg in self.findings(terms, itemised_amount)]


@dataclass(frozen=True)
class TransferableCredentialRule(Rule):
    """Stay-or-pay laws that allow tuition repayment for a transferable credential only if it is
    prorated with no acceleration, stated up front, and waived when the employer ends employment
    other than for misconduct (California AB 692, New York Trapped at Work Act)."""

    requires_not_a_condition_statement: bool = True

    def findings(self, terms: Terms, itemised_amount: bool) -> list[str]:
        out: list[str] = []
        if terms.schedule == "full":
            out.append(
                "a 'full' schedule owes the whole amount until the last day; repayment must be "
                "prorated over the commitment with no acceleration. Use the prorated schedule."
            )
        elif terms.schedule == "stepped":
            out.append(
                "a 'stepped' schedule reduces the amount only every quarter of the commitment; "
                "repayment must be prorated month by month. Use the prorated schedule."
            )
        elif terms.schedule == "tiers":
            out.append(
                "a 'tiers' schedule reduces the amount by band, not prorated month by month; "
                "use the prorated schedule."
            )
        if not itemised_amount:
            out.append(
                "the repayable amount must be stated up front in the agreement and be no more "
                "than the employer's cost; itemise the costs it covers."
            )
        missing = [r for r in EMPLOYER_ENDED_REASONS if r not in terms.waived_reasons]
        if missing:
            out.append(
                "nothing may be owed when the employer ends employment other than for "
                f"misconduct; add {', '.join(missing)} to the waived reasons."
            )
        return out


@dataclass(frozen=True)
class DecliningAmountRule(Rule):
    """Colorado HB24-1324: the amount recoverable must not exceed the cost and must decline over
    the term of employment."""

    def findings(self, terms: Terms, itemised_amount: bool) -> list[str]:
        if terms.schedule == "full":
            return [
                "a 'full' schedule does not decline over the commitment; the amount owed must "
                "decrease as the employee stays. Use prorated, stepped or tiers."
            ]
        # A single band (or bands that all carry the same percentage, which is the same thing)
        # owes a flat amount until the end: no decline.
        if terms.schedule == "tiers" and len({t.percent_bp for t in terms.tiers}) <= 1:
            return [
                "tiers with a single band owe the same amount until the end of the commitment; "
                "the amount owed must decrease as the employee stays. Add declining bands."
            ]
        return []


# California AB 692 (Kalra), signed 2025-10-13, adds Bus. & Prof. Code § 16608 and Labor Code
# § 926; applies to contracts entered into on or after 2026-01-01. Tuition repayment for a
# transferable credential survives only if: separate from the employment contract, the credential
# is not a condition of employment, the amount is specified before signing and not more than
# the employer's cost, prorated over the retention period without acceleration, and nothing is
# owed if the employer terminates except for misconduct.
# Sources: https://www.cdflaborlaw.com/blog/ab-692-california-doubles-down-on-employee-mobility
#          https://www.stilzlaw.com/news/blog-post-title-three-cyl58
#          https://svelf.com/tag/california-employment-law/
CA_AB_692 = TransferableCredentialRule(
    name="California AB 692",
    jurisdiction="CA",
    effective=_dt.date(2026, 1, 1),
    source="Cal. AB 692 (2025), Bus. & Prof. Code § 16608, Labor Code § 926; "
    "https://www.cdflaborlaw.com/blog/ab-692-california-doubles-down-on-employee-mobility",
    summary="Tuition repayment for a transferable credential: separate agreement, not a "
    "condition of employment, amount stated up front and ≤ cost, prorated, no acceleration, "
    "nothing owed when the employer ends employment except for misconduct.",
)

# New York "Trapped at Work Act" (S4070B / A584), signed 2025-12-19; the chapter amendment of
# 2026-02-13 moved the effective date to 2026-12-19 and added the transferable-credential
# tuition exception on conditions like California's. The law adds a new Labor Law article 37.
# Sources: https://www.mccmlaw.com/news-and-articles/articles/trapped-at-work-act-amended-and-effective-date-delayed
#          https://phillipslytle.com/what-employers-need-to-know-about-new-yorks-trapped-at-work-act
NY_TRAPPED_AT_WORK = TransferableCredentialRule(
    name="New York Trapped at Work Act",
    jurisdiction="NY",
    effective=_dt.date(2026, 12, 19),
    source="N.Y. Trapped at Work Act (S4070B, amended 2026-02-13); "
    "https://www.mccmlaw.com/news-and-articles/articles/"
    "trapped-at-work-act-amended-and-effective-date-delayed",
    summary="Employment promissory notes are void; tuition for a transferable credential may be "
    "repaid only under a separate, prorated agreement that is not a condition of employment.",
)

# Colorado HB24-1324, signed 2024-05-31, effective 2024-08-07: a training
# repayment agreement is allowed when the training is distinct from normal on-the-job training,
# the amount is reasonable and not more than the actual cost, and it decreases over the term of
# employment.
# Sources: https://thecompliantemployer.com/new-colorado-law-addresses-potential-abuses-of-employee-training-repayment-agreements
#          https://www.tradesecretslaw.com/2024/06/articles/ftcs-crackdown-on-non-competes/colorado-amends-non-compete-law-to-address-potential-abuses-of-training-repayment-agreement-provisions-traps/
CO_HB24_1324 = DecliningAmountRule(
    name="Colorado HB24-1324",
    jurisdiction="CO",
    effective=_dt.date(2024, 8, 7),
    source="Colo. HB24-1324 (2024); https://thecompliantemployer.com/"
    "new-colorado-law-addresses-potential-abuses-of-employee-training-repayment-agreements",
    summary="Training repayment capped at the actual cost and declining over the term of "
    "employment.",
)

RULES: tuple[Rule, ...] = (CA_AB_692, NY_TRAPPED_AT_WORK, CO_HB24_1324)


def check_terms(
    terms: Terms, *, work_state: str | None, on: _dt.date, itemised_amount: bool = True
) -> list[ComplianceWarning]:
    """Every warning for `terms` in `work_state` for an agreement dated `on`.

    `itemised_amount` False means the agreement does not state its repayable amount up front
    (e.g. no itemised cost lines). Returns [] when no rule applies. Not legal advice.
    """
    warnings: list[ComplianceWarning] = []
    for rule in RULES:
        warnings.extend(
            rule.check(terms, work_state=work_state, on=on, itemised_amount=itemised_amount)
        )
    return warnings


# The statement the stay-or-pay laws require to be visible on the agreement.
NOT_A_CONDITION_STATEMENT = (
    "This tuition-assistance repayment agreement is separate from any employment contract. "
    "Accepting tuition assistance, and obtaining the credential it pays for, is not a "
    "condition of your employment, and you may decline this agreement without any effect on "
    "your employment."
)


def needs_not_a_condition_statement(work_state: str | None, on: _dt.date) -> bool:
    """True when the form must print NOT_A_CONDITION_STATEMENT (CA from 2026-01-01, NY from
    2026-12-19, for agreements dated `on`)."""
    return any(
        isinstance(rule, TransferableCredentialRule)
        and rule.requires_not_a_condition_statement
        and rule.applies(work_state, on)
        for rule in RULES
    )


# IRS § 127 (26 U.S.C. § 127(a)(2)): up to 5,250.00 a calendar year of employer-paid education
# assistance is excludable from the employee's income; the excess is taxable wages. The limit is
# a setting, passed in here.
SECTION_127_LIMIT_CENTS = 525000


def section_127_excess(
    company_paid_cents_in_year: int, limit_cents: int = SECTION_127_LIMIT_CENTS
) -> int:
    """Cents of company-paid education for one employee in one calendar year above the § 127
    limit (0 when within it); reports flag any excess as taxable."""
    if company_paid_cents_in_year < 0:
        raise ValueError("company-paid amount must be 0 or more")
    if limit_cents < 0:
        raise ValueError("the § 127 limit must be 0 or more")
    return max(0, company_paid_cents_in_year - limit_cents)


# FLSA: wages must be paid "free and clear" (29 C.F.R. § 531.35); a deduction for the
# employer's benefit may not cut into the minimum wage or overtime due. Printed on every
# repayment statement.
FLSA_FINAL_PAY_NOTE = (
    "Any amount recovered by deduction from final pay may not reduce the employee's pay for the "
    "final pay period below the federal minimum wage or reduce overtime pay due (Fair Labor "
    "Standards Act, 29 C.F.R. § 531.35); state law may set further limits or require written "
    "authorization."
)
