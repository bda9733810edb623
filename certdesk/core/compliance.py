"""State law on tuition repayment: rules that warn, refuse or decide, each dated and sourced.

A rule applies to an agreement by its governing state (the manager's work state, frozen into
the terms at issue) and the day the contract is entered into (signed). The checks run at every
step: draft, issue, sign and departure. At draft and issue the signing day is not known yet, so
a rule that takes effect later warns "if signed on or after …". At departure a rule may decide
the amount: California and New York owe nothing when the employer ended the employment for any
reason but misconduct, whatever the agreement's waivers say.

The facts are summarised from the laws and public commentary cited per rule; docs/rules.md lists
them with what is left to counsel. NOT LEGAL ADVICE.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from certdesk.core.leave import Leave
from certdesk.core.money import format_cents
from certdesk.core.reasons import ENDED_BY, DepartureReason, EndedBy, reason_words
from certdesk.core.repayment import calculate, validate_terms
from certdesk.core.repayment_types import Calculation, Clock, Payment, ProgramEnd, Schedule, Terms
from certdesk.core.states import describe_state, is_us_state

DISCLAIMER = "Compliance warnings are prompts to check with counsel, not legal advice."


class Stage(StrEnum):
    """When the rules run."""

    DRAFT = "draft"
    ISSUE = "issue"
    SIGN = "sign"
    DEPARTURE = "departure"


class Action(StrEnum):
    """What certdesk does under a rule (docs/rules.md lists them)."""

    WARN = "warn"
    REFUSE = "refuse"
    DECIDE = "decide"


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


@dataclass(frozen=True)
class AgreementFacts:
    """What the rules look at besides the terms.

    `signed_on` is the day the contract is (or would be) entered into: the draft or issue day
    before signing, the signing day after. `repayable_kinds` are the cost kinds the repayable
    amount covers; `transferable` whether the catalog marks the credential as usable with other
    employers and not required for the current job.
    """

    work_state: str
    signed_on: _dt.date
    stage: Stage
    transferable: bool = True
    itemised_amount: bool = True
    repayable_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """A rule decided the amount owed at a departure."""

    rule: str
    owed_cents: int
    note: str


@dataclass(frozen=True)
class Rule:
    """A dated, sourced rule for one US state."""

    name: str
    jurisdiction: str  # USPS code
    effective: _dt.date  # applies to contracts entered into on or after this day
    source: str
    summary: str
    actions: tuple[Action, ...] = (Action.WARN,)
    effective_note: str = ""  # e.g. another reading of the effective date

    def governs(self, work_state: str, signed_on: _dt.date) -> bool:
        """True for an agreement governed by this state, entered into on or after `effective`."""
        return work_state == self.jurisdiction and signed_on >= self.effective

    def findings(self, terms: Terms, facts: AgreementFacts) -> list[str]:
        """Messages (without the rule name) for terms that fall short of this rule."""
        return []

    def decide(self, terms: Terms, reason: DepartureReason) -> Decision | None:
        """The amount the law sets for a departure, or None when the agreement decides."""
        return None

    def departure_findings(self, terms: Terms, reason: DepartureReason) -> list[str]:
        """Warnings about a departure the rule cannot decide from the record alone."""
        return []


# Cost kinds the stay-or-pay laws let an employer recover for a transferable credential:
# tuition, fees (the exam) and required materials. Travel and "other" are left out.
CREDENTIAL_COST_KINDS = frozenset({"tuition", "exam", "materials"})


@dataclass(frozen=True)
class TransferableCredentialRule(Rule):
    """Stay-or-pay laws that allow repaying the cost of a transferable credential only under a
    separate agreement, not a condition of employment, the amount stated up front and no more
    than the cost, prorated with no acceleration, and nothing owed when the employer ends the
    employment other than for misconduct (California AB 692, New York Trapped at Work Act)."""

    actions: tuple[Action, ...] = (Action.WARN, Action.DECIDE)
    allowed_cost_kinds: frozenset[str] = CREDENTIAL_COST_KINDS

    def findings(self, terms: Terms, facts: AgreementFacts) -> list[str]:
        out: list[str] = []
        if not facts.transferable:
            out.append(
                "the credential is not marked transferable in the catalog (usable with other "
                "employers and not required for the current job); for any other credential the "
                "repayment clause may be void. Mark it in the catalog if it is, or ask counsel."
            )
        if terms.schedule == Schedule.FULL:
            out.append(
                "a 'full' schedule owes the whole amount until the last day; repayment must be "
                "prorated over the commitment with no acceleration. Use the prorated schedule."
            )
        elif terms.schedule == Schedule.STEPPED:
            out.append(
                "a 'stepped' schedule reduces the amount only every quarter of the commitment; "
                "repayment must be prorated month by month. Use the prorated schedule."
            )
        elif terms.schedule == Schedule.TIERS:
            out.append(
                "a 'tiers' schedule reduces the amount by band, not prorated month by month; "
                "use the prorated schedule."
            )
        if not facts.itemised_amount:
            out.append(
                "the repayable amount must be stated up front in the agreement and be no more "
                "than the employer's cost; itemise the costs it covers."
            )
        extra = sorted(facts.repayable_kinds - self.allowed_cost_kinds)
        if extra:
            out.append(
                f"the repayable amount includes {', '.join(k.replace('_', ' ') for k in extra)}; "
                "only tuition, fees and required materials may be repaid. Void and draft again "
                "(certdesk now leaves those costs out for this state)."
            )
        employer_ended = [r for r in DepartureReason if ENDED_BY[r] is EndedBy.EMPLOYER]
        missing = [r for r in employer_ended if r.value not in terms.waived_reasons]
        if missing:
            out.append(
                "nothing may be owed when the employer ends the employment other than for "
                f"misconduct; the waivers leave out {', '.join(m.value for m in missing)}. "
                "certdesk will owe 0.00 for them anyway, but the signed form should say so: "
                "add them to the waived reasons."
            )
        return out

    def decide(self, terms: Terms, reason: DepartureReason) -> Decision | None:
        if ENDED_BY[reason] is not EndedBy.EMPLOYER:
            return None
        return Decision(
            self.name,
            0,
            f"the company ended the employment ({reason_words(reason)}); under {self.name} "
            "nothing is owed when the employer ends the employment for any reason but "
            "misconduct, whatever the agreement's waivers say.",
        )

    def departure_findings(self, terms: Terms, reason: DepartureReason) -> list[str]:
        if ENDED_BY[reason] is not EndedBy.UNCLEAR or reason.value in terms.waived_reasons:
            return []
        return [
            f"the reason for leaving, {reason_words(reason)}, does not say who ended the "
            "employment. If the company ended it for any reason but misconduct, nothing may be "
            "owed: record the departure as dismissed for another reason or as a layoff."
        ]


@dataclass(frozen=True)
class ColoradoTrainingRule(Rule):
    """Colorado allows recovering reasonable training costs only where the amount decreases
    proportionately by month over the two years after the training."""

    max_months: int = 24

    def findings(self, terms: Terms, facts: AgreementFacts) -> list[str]:
        out: list[str] = []
        if terms.months > self.max_months:
            after = "each payment" if terms.clock == Clock.PER_PAYMENT else "the training"
            out.append(
                f"the commitment of {terms.months} months runs longer than the two years after "
                f"{after} over which the amount may be recovered; use {self.max_months} months "
                "or fewer."
            )
        if terms.schedule != Schedule.PRORATED:
            out.append(
                f"a '{terms.schedule}' schedule does not decrease proportionately month by "
                "month; use the prorated schedule."
            )
        return out


# California AB 692 (2025), adds Business and Professions Code § 16608 and Labor Code § 926;
# contracts entered into on or after 2026-01-01. Sources:
#   https://www.cdflaborlaw.com/blog/ab-692-california-doubles-down-on-employee-mobility
#   https://www.stilzlaw.com/news/blog-post-title-three-cyl58
CA_AB_692 = TransferableCredentialRule(
    name="California AB 692",
    jurisdiction="CA",
    effective=_dt.date(2026, 1, 1),
    source="Cal. AB 692 (2025): Bus. & Prof. Code § 16608, Labor Code § 926; "
    "https://www.cdflaborlaw.com/blog/ab-692-california-doubles-down-on-employee-mobility",
    summary="Tuition repayment for a transferable credential only in a separate agreement, not "
    "a condition of employment, amount stated up front and ≤ cost, prorated, no acceleration, "
    "nothing owed when the employer ends employment except for misconduct.",
)

# New York Trapped at Work Act (S4070B / A584), signed 2025-12-19, Labor Law § 1052 as amended
# by the chapter amendment of 2026-02-13, which delayed the effective date to 2026-12-19 and
# added the transferable-credential exception on conditions like California's. Some readings
# count the delay from the amendment and put the effective date at 2027-02-13. Sources:
#   https://www.mccmlaw.com/news-and-articles/articles/trapped-at-work-act-amended-and-effective-date-delayed
#   https://phillipslytle.com/what-employers-need-to-know-about-new-yorks-trapped-at-work-act
NY_TRAPPED_AT_WORK = TransferableCredentialRule(
    name="New York Trapped at Work Act",
    jurisdiction="NY",
    effective=_dt.date(2026, 12, 19),
    source="N.Y. Labor Law § 1052 (Trapped at Work Act, S4070B, amended 2026-02-13); "
    "https://www.mccmlaw.com/news-and-articles/articles/"
    "trapped-at-work-act-amended-and-effective-date-delayed",
    summary="Employment promissory notes are void; tuition for a transferable credential may be "
    "repaid only under a separate, prorated agreement that is not a condition of employment, "
    "and nothing is owed when the employer ends employment except for misconduct.",
    effective_note="certdesk uses 2026-12-19; one reading of the amendment puts the effective "
    "date at 2027-02-13. Agreements signed between those days: ask counsel.",
)

# Colorado C.R.S. 8-2-113(3): HB22-1317 (effective 2022-08-10) allows recovering the reasonable
# cost of training distinct from normal on-the-job training only where the amount "decreases
# proportionately" by month over the two years after the training; HB24-1324 (effective
# 2024-08-07) extends the same limits to training repayment agreements generally. Sources:
#   https://thecompliantemployer.com/new-colorado-law-addresses-potential-abuses-of-employee-training-repayment-agreements
#   https://leg.colorado.gov/bills/hb22-1317, https://leg.colorado.gov/bills/hb24-1324
CO_TRAINING_REPAYMENT = ColoradoTrainingRule(
    name="Colorado C.R.S. 8-2-113(3)",
    jurisdiction="CO",
    effective=_dt.date(2022, 8, 10),
    source="C.R.S. 8-2-113(3) as enacted by HB22-1317 and amended by HB24-1324; "
    "https://thecompliantemployer.com/"
    "new-colorado-law-addresses-potential-abuses-of-employee-training-repayment-agreements",
    summary="Reasonable training costs only, decreasing proportionately by month over the two "
    "years after the training (HB22-1317, HB24-1324).",
)

RULES: tuple[Rule, ...] = (CA_AB_692, NY_TRAPPED_AT_WORK, CO_TRAINING_REPAYMENT)
STATE_RULE = "Work state"


def state_warnings(work_state: str) -> list[ComplianceWarning]:
    """A blank state or a site abroad: say that no US state rules were checked."""
    if not work_state:
        return [
            ComplianceWarning(
                STATE_RULE,
                "the manager has no work state, so no state rules were checked; add it in the "
                "manager's details.",
            )
        ]
    if not is_us_state(work_state):
        return [
            ComplianceWarning(
                STATE_RULE,
                f"{describe_state(work_state)}: no US state rules were checked; the law of that "
                "country may apply (ask counsel).",
            )
        ]
    return []


def check_agreement(terms: Terms, facts: AgreementFacts) -> list[ComplianceWarning]:
    """Every warning for terms under the governing state, at one stage.

    At draft and issue the signing day is not known: a rule of the same state that takes effect
    later still warns, as "if signed on or after <date>: …". At sign and departure only the rules
    in force on the signing day count. Never raises; returns [] when nothing applies.
    """
    warnings = state_warnings(facts.work_state)
    for rule in RULES:
        if rule.jurisdiction != facts.work_state:
            continue
        if rule.governs(facts.work_state, facts.signed_on):
            prefix = ""
        elif facts.stage in (Stage.DRAFT, Stage.ISSUE) and rule.effective > facts.signed_on:
            prefix = f"if signed on or after {rule.effective}: "
        else:
            continue
        warnings += [ComplianceWarning(rule.name, prefix + m) for m in rule.findings(terms, facts)]
    return warnings


@dataclass(frozen=True)
class DepartureLaw:
    """What the law says about one departure: a decision, warnings, and how to ask for money."""

    decision: Decision | None = None
    warnings: tuple[ComplianceWarning, ...] = ()
    no_lump_sum: tuple[str, ...] = field(default_factory=tuple)  # rules forbidding acceleration


def at_departure(
    terms: Terms, reason: DepartureReason | str, *, work_state: str, signed_on: _dt.date | None
) -> DepartureLaw:
    """Apply the rules governing an agreement (state and signing day) to a departure.

    A deciding rule (CA, NY: employer ended it, not for misconduct) sets the amount to 0.00 and
    says why; rules that forbid acceleration are named so the statement demands no lump sum and
    proposes no final-pay deduction. Not legal advice.
    """
    reason = DepartureReason(reason)
    warnings = state_warnings(work_state)
    decision: Decision | None = None
    no_lump_sum: list[str] = []
    if signed_on is not None:
        for rule in RULES:
            if not rule.governs(work_state, signed_on):
                continue
            decision = decision or rule.decide(terms, reason)
            warnings += [
                ComplianceWarning(rule.name, m) for m in rule.departure_findings(terms, reason)
            ]
            if isinstance(rule, TransferableCredentialRule):
                no_lump_sum.append(rule.name)
    return DepartureLaw(decision, tuple(warnings), tuple(no_lump_sum))


def repayable_cost_kinds(work_state: str) -> frozenset[str] | None:
    """Cost kinds an agreement for this state may make repayable (None: any repayable kind).

    Applied to every CA and NY draft, also before a rule takes effect, because the agreement
    may be signed once it has: leaving travel out only lowers the amount.
    """
    for rule in RULES:
        if isinstance(rule, TransferableCredentialRule) and rule.jurisdiction == work_state:
            return rule.allowed_cost_kinds
    return None


def cost_kinds_rule(work_state: str) -> str:
    """The name of the rule that limits the repayable cost kinds in this state ("" if none)."""
    for rule in RULES:
        if isinstance(rule, TransferableCredentialRule) and rule.jurisdiction == work_state:
            return rule.name
    return ""


# The statement the stay-or-pay laws require to be visible on the agreement.
NOT_A_CONDITION_STATEMENT = (
    "This tuition-assistance repayment agreement is separate from any employment contract. "
    "Accepting tuition assistance, and obtaining the credential it pays for, is not a "
    "condition of your employment, and you may decline this agreement without any effect on "
    "your employment."
)


def needs_not_a_condition_statement(work_state: str, on: _dt.date) -> bool:
    """True when the form must print NOT_A_CONDITION_STATEMENT: a CA or NY agreement that may
    be signed on or after its law's date (every CA/NY form issued from now on)."""
    return repayable_cost_kinds(work_state) is not None


# IRS § 127 (26 U.S.C. § 127(a)(2)): up to 5,250.00 a calendar year of employer-paid education
# assistance is excludable from the employee's income. The One Big Beautiful Bill Act (2025)
# indexes the amount for inflation for years after 2026; until a year's figure is published it
# is a setting. Above the limit, the excess may still be excluded as a working-condition fringe
# (§ 132(d)), so certdesk flags it and says "ask payroll" rather than calling it taxable.
SECTION_127_FIXED_LIMIT_CENTS = 525000
SECTION_127_LAST_FIXED_YEAR = 2026
SECTION_127_NOTE = (
    "Company-paid education above the § 127 limit for one employee in one calendar year may be "
    "taxable wages unless it qualifies as a working-condition fringe (§ 132); ask payroll."
)


def section_127_limit(year: int, setting_cents: int = SECTION_127_FIXED_LIMIT_CENTS) -> int:
    """The § 127 limit for a calendar year: 5,250.00 up to 2026, the setting after that."""
    if year <= SECTION_127_LAST_FIXED_YEAR:
        return SECTION_127_FIXED_LIMIT_CENTS
    return setting_cents


def section_127_excess(company_paid_cents_in_year: int, limit_cents: int) -> int:
    """Cents of company-paid education for one employee in one calendar year above the § 127
    limit (0 when within it); reports flag any excess for payroll to review."""
    if company_paid_cents_in_year < 0:
        raise ValueError("company-paid amount must be 0 or more")
    if limit_cents < 0:
        raise ValueError("the § 127 limit must be 0 or more")
    return max(0, company_paid_cents_in_year - limit_cents)


def settle(
    terms: Terms,
    departure: _dt.date,
    reason: DepartureReason | str,
    *,
    start: _dt.date | None,
    payments: Sequence[Payment] = (),
    before_start_text: str = "",
    work_state: str,
    signed_on: _dt.date | None,
    program_end: ProgramEnd | None = None,
    leaves: Sequence[Leave] = (),
) -> tuple[Calculation, DepartureLaw]:
    """What a departure owes under the agreement and the law that governs it.

    Returns (Calculation, DepartureLaw). When a rule decides (CA/NY: the employer ended the
    employment other than for misconduct) the calculation owes 0.00, names the rule and shows
    no schedule lines, whatever the waivers say; otherwise it is core.repayment.calculate.
    """
    reason = DepartureReason(reason)
    terms = validate_terms(terms)
    law = at_departure(terms, reason, work_state=work_state, signed_on=signed_on)
    if law.decision is None:
        calc = calculate(
            terms,
            departure,
            reason.value,
            start=start,
            payments=payments,
            before_start_text=before_start_text,
            program_end=program_end,
            leaves=leaves,
        )
        return calc, law
    amount = terms.amount_cents
    if terms.clock == Clock.PER_PAYMENT and payments:
        amount = min(amount, sum(p.amount_cents for p in payments))
    waived = reason.value in terms.waived_reasons
    agreement_says = (
        "The agreement also waives repayment for this reason."
        if waived
        else "The agreement's waivers do not list this reason; the law decides."
    )
    steps = (
        f"Reason for leaving: {reason_words(reason)}. {agreement_says}",
        f"{law.decision.rule}: {law.decision.note}",
        f"Repayable amount under the agreement: {format_cents(amount)}; owed under the law: 0.00.",
        "Amount owed: 0.00.",
    )
    calc = Calculation(
        owed_cents=0,
        amount_cents=amount,
        reason=reason.value,
        waived=waived,
        steps=steps,
        decided_by=law.decision.rule,
        law_note=law.decision.note,
    )
    return calc, law
