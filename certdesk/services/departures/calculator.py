"""The stand-alone repayment calculator behind `certdesk repayment ...` (no database).

Every argument arrives as the text the user typed; each is parsed here with the field it came
from named in any InvalidInput, so the command line can exit 1 with a message naming the option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from certdesk.core.agreement_requests import parse_clock, parse_schedule
from certdesk.core.compliance import (
    AgreementFacts,
    ComplianceWarning,
    Stage,
    check_agreement,
    settle,
)
from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.money import parse_cents
from certdesk.core.reasons import parse_reason
from certdesk.core.repayment import parse_reasons, parse_tiers, validate_terms
from certdesk.core.repayment_types import (
    DEFAULT_WAIVED_REASONS,
    Calculation,
    Clock,
    Payment,
    Schedule,
    Terms,
)
from certdesk.core.states import normalize_work_state

_WHOLE = re.compile(r"^-?\d+$")


def _parse_months(text: str) -> int:
    raw = text.strip()
    if not _WHOLE.match(raw):
        raise InvalidInput("months", f"{raw!r} is not a whole number of months")
    months = int(raw)
    if months < 1:
        raise InvalidInput("months", "the commitment must be at least 1 month")
    return months


def parse_payment(text: str, number: int = 1) -> Payment:
    """Parse "DATE:AMOUNT" ("2026-01-15:2000.00") into a Payment; errors name "payment"."""
    raw = (text or "").strip()
    date_text, sep, amount_text = raw.partition(":")
    if not sep:
        raise InvalidInput(
            "payment", f"payment {number} {raw!r} must be DATE:AMOUNT, e.g. 2026-01-15:2000.00"
        )
    try:
        paid_on = parse_date(date_text, "payment")
        amount = parse_cents(amount_text, "payment")
    except InvalidInput as err:
        raise InvalidInput("payment", f"payment {number} {raw!r}: {err.message}") from None
    return Payment(paid_on=paid_on, amount_cents=amount)


@dataclass(frozen=True)
class CalculatorResult:
    """The amount owed, the compliance warnings, and notes (the law that decided, a
    deprecated spelling) for standard error."""

    calculation: Calculation
    warnings: list[ComplianceWarning]
    notes: list[str]


def repayment_from_strings(
    *,
    amount: str | None,
    start: str | None,
    months: str | None,
    schedule: str,
    tiers: str | None,
    departure: str,
    reason: str,
    state: str | None,
    waive: str | None,
    clock: str = "commitment",
    payments: Sequence[str] = (),
    signed: str | None = None,
) -> CalculatorResult:
    """Parse the calculator's options, compute what is owed and the compliance warnings.

    - clock "commitment" (default) needs amount and start; clock "per-payment" (or
      "per_payment") needs one or more payments "DATE:AMOUNT" and takes no start; an amount, if
      given, is the agreement's repayable amount and caps the total (default: the payments' sum).
    - With schedule tiers, months may be left out (= the last band's month); if given it must be
      the last band's month.
    - waive None means the default waived reasons; "" or "none" means no waivers.
    - State law applies when `state` is given (a USPS code, a state's name, or a country code),
      for an agreement signed on `signed` (default: the commitment start, or the first payment
      under per-payment). A rule that decides (CA, NY) sets the amount; its note is returned.

    Raises InvalidInput naming "amount", "start", "months", "schedule", "tiers", "departure",
    "reason", "waive", "clock", "payment", "state" or "signed".
    """
    schedule_word = parse_schedule(schedule)
    clock_word = parse_clock(clock)

    tier_text = (tiers or "").strip()
    if schedule_word == Schedule.TIERS:
        if not tier_text:
            raise InvalidInput(
                "tiers", "the tiers schedule needs its bands, e.g. --tiers 6:100,12:75,18:50,24:25"
            )
        parsed_tiers = parse_tiers(tier_text, "tiers")
        last_k = parsed_tiers[-1].before_month
        if months is None or not months.strip():
            n = last_k
        else:
            n = _parse_months(months)
            if n != last_k:
                raise InvalidInput(
                    "tiers",
                    f"the last band ends before month {last_k} but --months is {n}; "
                    "they must be the same (or leave --months out)",
                )
    else:
        if tier_text:
            raise InvalidInput(
                "tiers", f"bands are only used with --schedule tiers, not {schedule_word}"
            )
        parsed_tiers = ()
        if months is None or not months.strip():
            raise InvalidInput("months", "the commitment length in months is required")
        n = _parse_months(months)

    departure_date = parse_date(departure, "departure")
    reason_value, deprecation = parse_reason(reason, "reason")
    notes = [deprecation] if deprecation else []
    state_code = normalize_work_state(state, "state") if state is not None else None
    waived = DEFAULT_WAIVED_REASONS if waive is None else parse_reasons(waive, "waive")

    start_date = None
    parsed_payments: list[Payment] = []
    if clock_word == Clock.COMMITMENT:
        if payments:
            raise InvalidInput("payment", "--payment is only used with --clock per-payment")
        if amount is None or not amount.strip():
            raise InvalidInput("amount", "the repayable amount is required, e.g. 3600.00")
        amount_cents = parse_cents(amount, "amount")
        if start is None or not start.strip():
            raise InvalidInput("start", "the commitment start date is required, as YYYY-MM-DD")
        start_date = parse_date(start, "start")
        agreed_on = start_date
    else:
        if start is not None and start.strip():
            raise InvalidInput(
                "start", "not used with --clock per-payment: each payment starts its own clock"
            )
        if not payments:
            raise InvalidInput(
                "payment", "the per-payment clock needs at least one --payment DATE:AMOUNT"
            )
        parsed_payments = [parse_payment(text, i) for i, text in enumerate(payments, start=1)]
        paid_total = sum(p.amount_cents for p in parsed_payments)
        if amount is None or not amount.strip():
            amount_cents = paid_total
        else:
            amount_cents = parse_cents(amount, "amount")
        agreed_on = min(p.paid_on for p in parsed_payments if p.paid_on is not None)

    terms = validate_terms(
        Terms(
            amount_cents=amount_cents,
            months=n,
            schedule=schedule_word,
            tiers=parsed_tiers,
            clock=clock_word,
            waived_reasons=waived,
        )
    )
    signed_on = agreed_on
    if signed and signed.strip():
        signed_on = parse_date(signed, "signed")
        if signed_on > departure_date:
            raise InvalidInput("signed", f"{signed_on} is after the departure on {departure_date}")
    calculation, law = settle(
        terms,
        departure_date,
        reason_value,
        start=start_date,
        payments=parsed_payments,
        work_state=state_code or "",
        signed_on=signed_on if state_code is not None else None,
    )
    warnings: list[ComplianceWarning] = []
    if state_code is not None:
        facts = AgreementFacts(state_code, signed_on, Stage.DEPARTURE)
        warnings = list(dict.fromkeys([*check_agreement(terms, facts), *law.warnings]))
    if calculation.decided_by:
        notes.append(f"{calculation.decided_by}: {calculation.law_note}")
    return CalculatorResult(calculation, warnings, notes)
