"""Types shared by the repayment engine, the forms and the services.

Percentages are basis points (10000 = 100 %), money is int cents, dates are datetime.date.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

SCHEDULES = ("prorated", "stepped", "full", "tiers")
CLOCKS = ("commitment", "per_payment")
START_RULES = ("completion", "signing")
WAIVABLE_REASONS = ("terminated_without_cause", "layoff", "death", "disability")
OTHER_REASONS = ("resigned", "terminated_for_cause", "retired", "other")
DEPARTURE_REASONS = OTHER_REASONS + WAIVABLE_REASONS
DEFAULT_WAIVED_REASONS: tuple[str, ...] = WAIVABLE_REASONS

# Departure reasons in plain words, for statements and screens.
REASON_WORDS = {
    "resigned": "resignation",
    "terminated_for_cause": "dismissal for cause (misconduct)",
    "retired": "retirement",
    "other": "another reason",
    "terminated_without_cause": "dismissal without cause",
    "layoff": "layoff or reduction in force",
    "death": "death",
    "disability": "disability",
}


def reason_words(reason: str) -> str:
    """A departure reason in plain words ("layoff" → "layoff or reduction in force")."""
    return REASON_WORDS.get(reason, reason.replace("_", " "))


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
    schedule: str
    tiers: tuple[Tier, ...] = ()
    clock: str = "commitment"
    waived_reasons: tuple[str, ...] = DEFAULT_WAIVED_REASONS


@dataclass(frozen=True)
class BandRow:
    """One row of the printed schedule: leaving from first_day to last_day owes percent of amount.

    last_day None means "on or after first_day" (the fulfilled row, owed 0).
    """

    first_day: _dt.date
    last_day: _dt.date | None
    months_from: int
    months_to: int | None
    percent_bp: int
    owed_cents: int


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
    start: _dt.date
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
