"""Types shared by the repayment engine, the forms and the services.

Percentages are basis points (10000 = 100 %), money is int cents, dates are datetime.date.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import StrEnum

from certdesk.core.reasons import (  # noqa: F401 (REASON_WORDS, reason_words re-exported)
    DEFAULT_WAIVED,
    NOT_WAIVED_BY_DEFAULT,
    REASON_WORDS,
    DepartureReason,
    reason_words,
)


class Schedule(StrEnum):
    """How the amount owed goes down as the commitment is served."""

    PRORATED = "prorated"
    STEPPED = "stepped"
    FULL = "full"
    TIERS = "tiers"


class Clock(StrEnum):
    """What the months are counted from: one start for the whole amount, or each payment."""

    COMMITMENT = "commitment"
    PER_PAYMENT = "per_payment"


class CommitmentStart(StrEnum):
    """The day the service commitment starts (an agreement's start rule)."""

    COMPLETION = "completion"
    SIGNING = "signing"


SCHEDULES: tuple[Schedule, ...] = tuple(Schedule)
CLOCKS: tuple[Clock, ...] = tuple(Clock)
# The reasons as stored text, in the order dialogs list them.
WAIVABLE_REASONS: tuple[str, ...] = tuple(r.value for r in DEFAULT_WAIVED)
OTHER_REASONS: tuple[str, ...] = tuple(r.value for r in NOT_WAIVED_BY_DEFAULT)
DEPARTURE_REASONS: tuple[str, ...] = tuple(r.value for r in DepartureReason)
DEFAULT_WAIVED_REASONS: tuple[str, ...] = WAIVABLE_REASONS
FULL_BP = 10000
# What a program that ends without the credential (withdrawn, failed, or its completion deadline
# passed) means for the commitment, chosen per policy version.
PROGRAM_END_RULES = ("clock_from_end", "before_start_due", "nothing_owed")
PROGRAM_END_LABELS = {
    "clock_from_end": "The commitment starts when the program ends (the manager works it off)",
    "before_start_due": "The amount for leaving before completion applies if the manager leaves",
    "nothing_owed": "Nothing is owed and the agreement ends",
}


@dataclass(frozen=True)
class Tier:
    """A band "before month `before_month`: `percent_bp` / 100 %"."""

    before_month: int
    percent_bp: int


@dataclass(frozen=True)
class Payment:
    """A company-paid repayable cost line, as the per_payment clock sees it."""

    paid_on: _dt.date | None
    amount_cents: int
    label: str = ""


@dataclass(frozen=True)
class Terms:
    """Repayment terms of one agreement (validated by core.repayment.validate_terms)."""

    amount_cents: int
    months: int
    schedule: Schedule
    tiers: tuple[Tier, ...] = ()
    clock: Clock = Clock.COMMITMENT
    waived_reasons: tuple[str, ...] = DEFAULT_WAIVED_REASONS
    # Owed when the manager leaves before the commitment starts (e.g. before completing):
    # the whole amount unless the policy says otherwise.
    before_start_bp: int = FULL_BP


@dataclass(frozen=True)
class ProgramEnd:
    """The program ended without the credential on `ended_on` (withdrawn, failed, or the
    completion `deadline` passed). Whatever `rule` says, nothing is owed from the day the
    commitment would have ended had the program been completed by its deadline."""

    ended_on: _dt.date
    deadline: _dt.date | None
    rule: str = "clock_from_end"


@dataclass(frozen=True)
class BandRow:
    """One row of the printed schedule: leaving from first_day to last_day owes percent of amount.

    last_day None means "on or after first_day" (the fulfilled row, owed 0). before_start True
    is the first row of a commitment table: leaving before the commitment starts (before the
    certification is completed), whatever the date; first_day is then the (planned) start.
    """

    first_day: _dt.date
    last_day: _dt.date | None
    months_from: int
    months_to: int | None
    percent_bp: int
    owed_cents: int
    before_start: bool = False
    label: str = ""


@dataclass(frozen=True)
class ScheduleBlock:
    """The schedule for one clock: the whole amount (commitment) or one payment (per_payment)."""

    start: _dt.date
    amount_cents: int
    label: str
    rows: tuple[BandRow, ...]


@dataclass(frozen=True)
class CalculationLine:
    """The calculation for one clock, step by step."""

    label: str
    start: _dt.date | None  # None: the commitment had not started
    amount_cents: int
    months_served: int
    percent_bp: int
    owed_cents: int
    explanation: str


@dataclass(frozen=True)
class Calculation:
    """What is owed at a departure, with the reasoning to print on the statement."""

    owed_cents: int
    amount_cents: int
    reason: str
    waived: bool
    lines: tuple[CalculationLine, ...] = ()
    steps: tuple[str, ...] = field(default_factory=tuple)
    before_start: bool = False  # left before the commitment started
    decided_by: str = ""  # the state law that decided the amount, if one did
    law_note: str = ""  # what that law says, as the statement prints it
