"""Payments recorded against a repayment plan: what each instalment has been paid, what is
late and what is left, as of a given day.

Pure functions over int cents and dates. One allocation rule, printed on the screen and on the
statement (ALLOCATION_RULE): payments pay the instalments oldest first.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents
from certdesk.core.payment_plan import Instalment

ALLOCATION_RULE = (
    "Payments pay the instalments oldest first: each payment completes the earliest instalment "
    "not yet paid before it counts towards the next."
)


class PaymentMethod(StrEnum):
    """How money came back (stored text unchanged)."""

    CHEQUE = "cheque"
    TRANSFER = "transfer"
    PAYROLL_DEDUCTION = "payroll_deduction"
    OTHER = "other"


PAYMENT_METHOD_WORDS: dict[PaymentMethod, str] = {
    PaymentMethod.CHEQUE: "cheque",
    PaymentMethod.TRANSFER: "bank transfer",
    PaymentMethod.PAYROLL_DEDUCTION: "payroll deduction",
    PaymentMethod.OTHER: "other",
}


def method_words(code: str) -> str:
    """A stored method in words ("" for a payment recorded before methods were kept)."""
    try:
        return PAYMENT_METHOD_WORDS[PaymentMethod(code)]
    except ValueError:
        return code.replace("_", " ")


def parse_method(text: str, field: str = "method") -> PaymentMethod:
    """A method typed on the command line or chosen in the dialog ("bank transfer" too)."""
    key = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    key = {"bank_transfer": "transfer", "payroll": "payroll_deduction", "check": "cheque"}.get(
        key, key
    )
    try:
        return PaymentMethod(key)
    except ValueError:
        choices = ", ".join(m.value for m in PaymentMethod)
        raise InvalidInput(
            field, f"{text!r} is not a payment method; use one of {choices}"
        ) from None


class InstalmentState(StrEnum):
    PAID = "paid"
    PAID_LATE = "paid_late"
    LATE = "late"
    PART_PAID = "part_paid"
    DUE = "due"


INSTALMENT_STATE_WORDS: dict[InstalmentState, str] = {
    InstalmentState.PAID: "paid",
    InstalmentState.PAID_LATE: "paid late",
    InstalmentState.LATE: "late",
    InstalmentState.PART_PAID: "part paid",
    InstalmentState.DUE: "to come",
}


@dataclass(frozen=True)
class PaymentMade:
    received_on: _dt.date
    amount_cents: int


@dataclass(frozen=True)
class InstalmentProgress:
    number: int
    due_on: _dt.date
    amount_cents: int
    paid_cents: int
    paid_on: _dt.date | None  # the day the payment completing it was received
    state: InstalmentState

    @property
    def left_cents(self) -> int:
        return self.amount_cents - self.paid_cents

    @property
    def state_words(self) -> str:
        words = INSTALMENT_STATE_WORDS[self.state]
        if self.state is InstalmentState.PAID_LATE and self.paid_on:
            return f"{words} ({self.paid_on})"
        return words


@dataclass(frozen=True)
class PlanProgress:
    """Every instalment of a plan with what it has been paid, as of `as_of`."""

    rows: tuple[InstalmentProgress, ...]
    as_of: _dt.date

    @property
    def total_cents(self) -> int:
        return sum(r.amount_cents for r in self.rows)

    @property
    def paid_cents(self) -> int:
        return sum(r.paid_cents for r in self.rows)

    @property
    def left_cents(self) -> int:
        return self.total_cents - self.paid_cents

    @property
    def late(self) -> tuple[InstalmentProgress, ...]:
        return tuple(r for r in self.rows if r.state is InstalmentState.LATE)

    @property
    def late_cents(self) -> int:
        return sum(r.left_cents for r in self.late)

    def summary(self) -> str:
        """One line: paid, late (how many, how much) and left."""
        late = self.late
        late_text = (
            f"{len(late)} instalment{'s' if len(late) != 1 else ''} late "
            f"({format_cents(self.late_cents)})"
            if late
            else "nothing late"
        )
        return (
            f"paid {format_cents(self.paid_cents)} of {format_cents(self.total_cents)}; "
            f"{late_text}; left {format_cents(self.left_cents)}"
        )


def track_plan(
    instalments: tuple[Instalment, ...],
    payments: list[PaymentMade] | tuple[PaymentMade, ...],
    today: _dt.date,
    *,
    credited_cents: int = 0,
) -> PlanProgress:
    """Allocate the payments received up to `today` to the instalments, oldest first.

    `credited_cents` of the earliest payments were received before this plan was made (the plan
    covers the balance left then) and pay nothing of it. An instalment is late when its due
    date has passed (due before `today`) and it is not fully paid."""
    ordered = sorted(payments, key=lambda p: p.received_on)
    skip = credited_cents
    paid = [0] * len(instalments)
    paid_on: list[_dt.date | None] = [None] * len(instalments)
    index = 0
    for payment in ordered:
        amount = payment.amount_cents
        used = min(skip, amount)
        skip -= used
        amount -= used
        while amount > 0 and index < len(instalments):
            room = instalments[index].amount_cents - paid[index]
            take = min(room, amount)
            paid[index] += take
            amount -= take
            if paid[index] == instalments[index].amount_cents:
                paid_on[index] = payment.received_on
                index += 1
    rows = []
    for number, (item, cents, day) in enumerate(
        zip(instalments, paid, paid_on, strict=True), start=1
    ):
        if cents == item.amount_cents:
            late = day is not None and day > item.due_on
            state = InstalmentState.PAID_LATE if late else InstalmentState.PAID
        elif item.due_on < today:
            state = InstalmentState.LATE
        elif cents:
            state = InstalmentState.PART_PAID
        else:
            state = InstalmentState.DUE
        rows.append(InstalmentProgress(number, item.due_on, item.amount_cents, cents, day, state))
    return PlanProgress(tuple(rows), today)


def check_payment(
    amount_cents: int,
    received_on: _dt.date,
    *,
    departure_date: _dt.date,
    balance_cents: int,
    method: PaymentMethod | None = None,
    deduction_authorized: bool = True,
    deduction_max_cents: int | None = None,
) -> None:
    """A payment against a departure's balance: more than 0.00, not before the departure, not
    more than what is left; a payroll deduction only under a signed, unrevoked authorization
    and not more than it allows in one pay period.
    The dialog's live check and the service call this same rule."""
    if amount_cents <= 0:
        raise InvalidInput("amount", "a payment must be more than 0.00")
    if amount_cents > balance_cents:
        raise InvalidInput(
            "amount",
            f"{format_cents(amount_cents)} is more than the balance {format_cents(balance_cents)} "
            "left",
        )
    if received_on < departure_date:
        raise InvalidInput("on", f"{received_on} is before the departure on {departure_date}")
    if method is PaymentMethod.PAYROLL_DEDUCTION and not deduction_authorized:
        raise InvalidInput(
            "method",
            "a payroll deduction needs a signed, unrevoked deduction authorization (CD-103) on "
            "file on the day of the payment",
        )
    if (
        method is PaymentMethod.PAYROLL_DEDUCTION
        and deduction_max_cents is not None
        and amount_cents > deduction_max_cents
    ):
        raise InvalidInput(
            "amount",
            f"{format_cents(amount_cents)} is more than the authorization allows in one pay "
            f"period, {format_cents(deduction_max_cents)}",
        )
