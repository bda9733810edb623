"""How a balance owed at departure is repaid: the due date, monthly instalments, the route.

Pure functions over int cents and dates. The terms come from the policy version frozen into an
agreement at issue; the statement prints what `plan_repayment` returns.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.dates import add_months
from certdesk.core.errors import InvalidInput

DEFAULT_PAYMENT_METHOD = (
    "cheque or bank transfer to the company; a deduction from pay only with a separately "
    "signed, revocable authorization and only as the law allows"
)
MAX_DUE_DAYS = 365
MAX_INSTALMENTS = 120
DISPUTE_DAYS = 30  # the route on the statement: dispute or ask for a hardship waiver by then


@dataclass(frozen=True)
class PaymentTerms:
    """A policy version's repayment terms: a balance is due `due_days` after the statement,
    payable at once or in up to `max_instalments` monthly instalments, by `method`."""

    due_days: int = 30
    max_instalments: int = 12
    method: str = ""  # "" means DEFAULT_PAYMENT_METHOD

    @property
    def method_text(self) -> str:
        return self.method or DEFAULT_PAYMENT_METHOD

    def __post_init__(self) -> None:
        if not 0 <= self.due_days <= MAX_DUE_DAYS:
            raise InvalidInput("due_days", f"the due date must be 0 to {MAX_DUE_DAYS} days away")
        if not 1 <= self.max_instalments <= MAX_INSTALMENTS:
            raise InvalidInput("instalments", f"instalments must be from 1 to {MAX_INSTALMENTS}")


@dataclass(frozen=True)
class Instalment:
    due_on: _dt.date
    amount_cents: int


@dataclass(frozen=True)
class RepaymentPlan:
    """What the statement asks for: the first due date and the instalments (one = at once)."""

    first_due: _dt.date
    instalments: tuple[Instalment, ...]
    dispute_by: _dt.date
    no_lump_sum: bool  # a state law forbids demanding the balance at once

    @property
    def total_cents(self) -> int:
        return sum(i.amount_cents for i in self.instalments)


def instalments(total_cents: int, count: int, first_due: _dt.date) -> tuple[Instalment, ...]:
    """`count` monthly instalments from `first_due` summing exactly to `total_cents`: equal
    whole-cent instalments, the last one absorbing the remaining cents."""
    if total_cents < 0:
        raise InvalidInput("amount", "the balance must be 0.00 or more")
    if not 1 <= count <= MAX_INSTALMENTS:
        raise InvalidInput("instalments", f"instalments must be from 1 to {MAX_INSTALMENTS}")
    each = total_cents // count
    amounts = [each] * (count - 1) + [total_cents - each * (count - 1)]
    return tuple(Instalment(add_months(first_due, k), a) for k, a in enumerate(amounts))


def plan_repayment(
    balance_cents: int,
    terms: PaymentTerms,
    statement_date: _dt.date,
    *,
    months_left: int,
    no_lump_sum: bool,
    not_before: _dt.date | None = None,
) -> RepaymentPlan:
    """The plan for a balance: due `due_days` after the statement date, in up to
    `max_instalments` monthly instalments. Where a state law forbids acceleration (no_lump_sum)
    the balance is spread over the months left in the commitment (at least one), so nothing is
    asked sooner than the commitment would have run. A departure recorded ahead of its day
    (`not_before`) counts the due days from the departure: nothing falls due before it."""
    counted_from = max(statement_date, not_before) if not_before else statement_date
    first_due = counted_from + _dt.timedelta(days=terms.due_days)
    if no_lump_sum:
        count = max(1, min(months_left, MAX_INSTALMENTS))
    else:
        count = terms.max_instalments
    count = max(1, min(count, balance_cents)) if balance_cents else 1
    return RepaymentPlan(
        first_due=first_due,
        instalments=instalments(balance_cents, count, first_due),
        dispute_by=statement_date + _dt.timedelta(days=DISPUTE_DAYS),
        no_lump_sum=no_lump_sum,
    )
