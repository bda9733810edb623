"""Leave of absence and the commitment clock: paid leave counts, unpaid leave pauses it.

A leave runs from its first to its last day, both included. Paid leave counts toward the
service commitment and changes no date. Unpaid leave pauses the clock: every band date of a
commitment that falls after the leave's first day moves later by the leave's length.

The length is counted in whole calendar months from the first day, plus the days left over
(2026-06-01 to 2026-08-31 is 3 months; 2026-06-10 to 2026-06-19 is 10 days), so a leave of
three months moves every later date by exactly three months (add_months keeps the day, clamped
to the month's end) and a shorter leave by its days. Only the part of a leave on or after the
clock's start counts: a leave before the commitment started pauses nothing.

Band day k of a clock started on S is add_months(S, k) moved by each unpaid leave, oldest first,
whose (counted) first day comes before it. `months_served` is the largest m with band day m on
or before the departure: the same rule core.repayment uses for the form, the notice and the
statement, so the three always agree.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from certdesk.core.dates import add_months, check_date
from certdesk.core.dates import months_served as calendar_months_served
from certdesk.core.errors import InvalidInput

ONE_DAY = _dt.timedelta(days=1)


@dataclass(frozen=True)
class Leave:
    """A leave of absence of one manager, first and last day included."""

    first_day: _dt.date
    last_day: _dt.date
    paid: bool
    note: str = ""
    id: int | None = None

    @property
    def kind_text(self) -> str:
        return "paid" if self.paid else "unpaid"


@dataclass(frozen=True)
class Pause:
    """The part of an unpaid leave that pauses one clock, and its length."""

    first_day: _dt.date  # the leave's first day, or the clock's start if the leave began before
    last_day: _dt.date
    months: int
    days: int

    @property
    def length_text(self) -> str:
        return length_words(self.months, self.days)


def leave_length(first_day: _dt.date, last_day: _dt.date) -> tuple[int, int]:
    """(whole calendar months, days left over) from first_day to last_day, both included."""
    after = last_day + ONE_DAY
    months = calendar_months_served(first_day, after)
    return months, (after - add_months(first_day, months)).days


def length_words(months: int, days: int) -> str:
    """ "3 months", "1 month and 4 days", "10 days"."""
    parts = []
    if months:
        parts.append(f"{months} month" + ("s" if months != 1 else ""))
    if days or not parts:
        parts.append(f"{days} day" + ("s" if days != 1 else ""))
    return " and ".join(parts)


def move_by(day: _dt.date, months: int, days: int) -> _dt.date:
    """A date moved later by a leave's length."""
    return add_months(day, months) + _dt.timedelta(days=days)


def pauses(start: _dt.date, leaves: Sequence[Leave]) -> tuple[Pause, ...]:
    """The unpaid leaves that pause a clock started on `start`, oldest first, each cut to the
    part on or after the start."""
    found = []
    for leave in sorted(leaves, key=lambda item: item.first_day):
        if leave.paid or leave.last_day < start:
            continue
        first = max(leave.first_day, start)
        months, days = leave_length(first, leave.last_day)
        found.append(Pause(first, leave.last_day, months, days))
    return tuple(found)


def band_day(start: _dt.date, k: int, leaves: Sequence[Leave] = ()) -> _dt.date:
    """The day the k-th month of the commitment is served (k = 0: the start itself)."""
    day = add_months(start, k)
    for pause in pauses(start, leaves):
        if day > pause.first_day:
            day = move_by(day, pause.months, pause.days)
    return day


def months_served(start: _dt.date, departure: _dt.date, leaves: Sequence[Leave] = ()) -> int:
    """The largest m ≥ 0 with band_day(start, m) ≤ departure (0 when departure < start)."""
    m = calendar_months_served(start, departure)  # leaves only move days later: an upper bound
    while m > 0 and band_day(start, m, leaves) > departure:
        m -= 1
    return m


def pause_words(start: _dt.date, leaves: Sequence[Leave]) -> str:
    """ "unpaid leave from 2026-06-01 to 2026-08-31 (3 months) paused the clock" or ""."""
    found = pauses(start, leaves)
    if not found:
        return ""
    listed = "; ".join(f"from {p.first_day} to {p.last_day} ({p.length_text})" for p in found)
    return (
        f"unpaid leave {listed} paused the clock, so every later date moved by its length"
        if len(found) == 1
        else f"unpaid leaves {listed} paused the clock, so every later date moved by their length"
    )


def check_leave(
    first_day: _dt.date, last_day: _dt.date, existing: Sequence[Leave] = ()
) -> tuple[_dt.date, _dt.date]:
    """A new leave's dates, or InvalidInput naming the field: "to" when it ends before it
    starts, "from" when it overlaps a leave already recorded for the manager."""
    check_date(first_day, "from")
    check_date(last_day, "to")
    if last_day < first_day:
        raise InvalidInput("to", f"the leave ends on {last_day}, before it starts on {first_day}")
    for other in existing:
        if first_day <= other.last_day and other.first_day <= last_day:
            raise InvalidInput(
                "from",
                f"this leave overlaps the {other.kind_text} leave already recorded from "
                f"{other.first_day} to {other.last_day}",
            )
    return first_day, last_day
