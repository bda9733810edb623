"""ISO dates and calendar-month arithmetic (add_months, months_served)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from certdesk.core.dates import add_months, iso, months_served, parse_date, parse_optional_date
from certdesk.core.errors import InvalidInput

D = dt.date
FAST = settings(max_examples=300, deadline=None)
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
months = st.integers(min_value=-240, max_value=240)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-15", D(2026, 3, 15)),
        (" 2026-03-15 ", D(2026, 3, 15)),
        ("2024-02-29", D(2024, 2, 29)),
        ("2000-02-29", D(2000, 2, 29)),
        ("2026-12-31", D(2026, 12, 31)),
    ],
)
def test_parse_date_accepts_iso(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026-02-29",  # not a leap year
        "1900-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "2026-2-3",
        "2026-02-3",
        "26-02-03",
        "2026/02/03",
        "20260203",
        "03/02/2026",
        "2026-02-03T00:00",
        "2026-W05-1",
        "",
        "   ",
        "today",
        "２０２６-０２-０３",  # full-width digits are not ISO dates
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_date(text, "hire_date")
    assert exc.value.field == "hire_date"
    assert str(exc.value).startswith("hire_date: ")


def test_parse_date_messages_explain() -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_date("2026-02-30", "on")
    assert "2026-02-30" in exc.value.message
    assert "not a real calendar date" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        parse_date("2026-2-3", "on")
    assert "YYYY-MM-DD" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        parse_date("", "target")
    assert exc.value.field == "target" and "required" in exc.value.message


def test_parse_optional_date() -> None:
    assert parse_optional_date(None) is None
    assert parse_optional_date("") is None
    assert parse_optional_date("  ") is None
    assert parse_optional_date("2026-01-31") == D(2026, 1, 31)
    with pytest.raises(InvalidInput) as exc:
        parse_optional_date("2026-02-30", "due")
    assert exc.value.field == "due"


def test_iso() -> None:
    assert iso(None) is None
    assert iso(D(2026, 1, 5)) == "2026-01-05"


@pytest.mark.parametrize(
    ("start", "k", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 15), 24, D(2028, 3, 15)),
        (D(2026, 3, 15), 0, D(2026, 3, 15)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 1, 1), -13, D(2024, 12, 1)),
    ],
)
def test_add_months(start: dt.date, k: int, expected: dt.date) -> None:
    assert add_months(start, k) == expected


def test_clamping_does_not_carry_over() -> None:
    # Jan 31 + 1 + 1 is Mar 28 (clamped on the way), but Jan 31 + 2 is Mar 31.
    assert add_months(add_months(D(2026, 1, 31), 1), 1) == D(2026, 3, 28)
    assert add_months(D(2026, 1, 31), 2) == D(2026, 3, 31)


@FAST
@given(dates, months, months)
def test_add_months_composes_when_no_clamping(d: dt.date, a: int, b: int) -> None:
    assume(d.day <= 28)  # every month has the 28th: no clamping anywhere
    assert add_months(d, a + b) == add_months(add_months(d, a), b)


@FAST
@given(dates, months)
def test_add_months_keeps_day_or_clamps_to_month_end(d: dt.date, k: int) -> None:
    result = add_months(d, k)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == k
    next_month = add_months(result.replace(day=1), 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    assert result.day == min(d.day, last_day)


@FAST
@given(dates, months)
def test_add_months_is_monotonic(d: dt.date, k: int) -> None:
    assert add_months(d, k) <= add_months(d, k + 1)
    assert add_months(d, k) < add_months(d, k + 1)


@FAST
@given(dates, dates)
def test_months_served_is_the_largest_whole_month(start: dt.date, end: dt.date) -> None:
    m = months_served(start, end)
    assert m >= 0
    if end < start:
        assert m == 0
    else:
        assert add_months(start, m) <= end < add_months(start, m + 1)


@FAST
@given(dates, st.integers(min_value=0, max_value=600))
def test_months_served_inverts_add_months(start: dt.date, m: int) -> None:
    assert months_served(start, add_months(start, m)) == m


@pytest.mark.parametrize(
    ("start", "end", "m"),
    [
        (D(2026, 3, 15), D(2027, 3, 14), 11),
        (D(2026, 3, 15), D(2027, 3, 15), 12),
        (D(2026, 3, 15), D(2028, 3, 15), 24),
        (D(2026, 3, 15), D(2026, 3, 1), 0),
        (D(2026, 3, 15), D(2026, 3, 15), 0),
        (D(2025, 6, 30), D(2026, 9, 15), 14),
        (D(2026, 1, 31), D(2026, 2, 28), 1),  # clamped month end counts as a full month
        (D(2026, 1, 31), D(2026, 2, 27), 0),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
    ],
)
def test_months_served_examples(start: dt.date, end: dt.date, m: int) -> None:
    assert months_served(start, end) == m


@pytest.mark.parametrize("text", ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"])
def test_dates_outside_1900_to_2199_are_refused_naming_the_field(text: str) -> None:
    from certdesk.core.dates import parse_date

    with pytest.raises(InvalidInput) as exc:
        parse_date(text, "hire_date")
    assert exc.value.field == "hire_date"
    assert "1900-01-01 to 2199-12-31" in exc.value.message


def test_the_first_and_last_accepted_dates() -> None:
    from certdesk.core.dates import parse_date

    assert parse_date("1900-01-01").isoformat() == "1900-01-01"
    assert parse_date("2199-12-31").isoformat() == "2199-12-31"
