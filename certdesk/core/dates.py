"""ISO dates and calendar-month arithmetic."""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from certdesk.core.errors import InvalidInput
from certdesk.core.limits import EARLIEST_DATE, LATEST_DATE

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # 0-9 only


def parse_date(text: str, field: str = "date") -> _dt.date:
    """Parse an ISO date YYYY-MM-DD strictly; the error names the field."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(field, "a date is required, as YYYY-MM-DD")
    if not _ISO.match(raw):
        raise InvalidInput(field, f"{raw!r} is not a date; write it as YYYY-MM-DD")
    try:
        day = _dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(field, f"{raw!r} is not a real calendar date") from None
    check_date(day, field)
    return day


def check_date(day: _dt.date, field: str = "date") -> _dt.date:
    """The date itself when it lies between 1900-01-01 and 2199-12-31 (core.limits), else
    InvalidInput naming the field."""
    if day < EARLIEST_DATE or day > LATEST_DATE:
        raise InvalidInput(
            field,
            f"{day.isoformat()} is outside the dates certdesk accepts "
            f"({EARLIEST_DATE} to {LATEST_DATE})",
        )
    return day


def parse_optional_date(text: str | None, field: str = "date") -> _dt.date | None:
    """Like parse_date, but an empty value gives None."""
    if text is None or not str(text).strip():
        return None
    return parse_date(str(text), field)


def iso(d: _dt.date | None) -> str | None:
    """The ISO text of a date, or None."""
    return d.isoformat() if d is not None else None


def add_months(d: _dt.date, months: int) -> _dt.date:
    """Add calendar months keeping the day, clamped to the month's end (Jan 31 + 1 = Feb 28)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return _dt.date(year, month0 + 1, min(d.day, last_day))


def months_served(start: _dt.date, end: _dt.date) -> int:
    """The largest m ≥ 0 with add_months(start, m) ≤ end (0 when end < start)."""
    if end < start:
        return 0
    m = (end.year - start.year) * 12 + (end.month - start.month)
    # The estimate can be one too high (day of month not reached yet), never too low.
    while m > 0 and add_months(start, m) > end:
        m -= 1
    return max(m, 0)
