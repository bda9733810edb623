"""A path's course (provider and dates) and the review period before signing, in core."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.course import Course, course_dates_text
from certdesk.core.errors import InvalidInput
from certdesk.core.review import (
    REVIEW_RULE,
    add_business_days,
    early_signing_warning,
    review_clause,
    review_until,
)

FRIDAY = dt.date(2026, 12, 4)


def test_five_business_days_from_a_friday_end_the_next_friday():
    # Mon 7, Tue 8, Wed 9, Thu 10, Fri 11: the weekend in between does not count.
    assert review_until(FRIDAY, 5) == dt.date(2026, 12, 11)


@pytest.mark.parametrize(
    ("given", "days", "until"),
    [
        (dt.date(2026, 12, 7), 5, dt.date(2026, 12, 14)),  # Monday: the next Monday
        (dt.date(2026, 12, 5), 1, dt.date(2026, 12, 7)),  # Saturday: Monday
        (dt.date(2026, 12, 4), 1, dt.date(2026, 12, 7)),  # Friday: Monday
        (dt.date(2026, 12, 3), 2, dt.date(2026, 12, 7)),  # Thursday: Fri, Mon
        (dt.date(2026, 12, 4), 0, dt.date(2026, 12, 4)),  # no review period: the same day
        (dt.date(2026, 12, 31), 3, dt.date(2027, 1, 5)),  # across the year: Fri 1, Mon 4, Tue 5
    ],
)
def test_business_days_skip_weekends(given, days, until):
    assert add_business_days(given, days) == until


def test_the_clause_names_both_dates():
    assert review_clause(FRIDAY, dt.date(2026, 12, 11)) == (
        "Given to you on 2026-12-04; you have until 2026-12-11 to review it and may consult a "
        "lawyer of your choice before signing."
    )


def test_signing_before_the_review_ends_warns_and_from_its_last_day_does_not():
    until = dt.date(2026, 12, 11)
    early = early_signing_warning(dt.date(2026, 12, 8), until)
    assert early is not None and early.rule == REVIEW_RULE
    assert "2026-12-08" in early.message and "2026-12-11" in early.message
    assert early_signing_warning(until, until) is None
    assert early_signing_warning(dt.date(2026, 12, 14), until) is None
    # Agreements issued before review periods were recorded: nothing to warn about.
    assert early_signing_warning(dt.date(2026, 12, 8), None) is None


def test_a_course_that_ends_before_it_starts_is_refused_naming_the_end():
    with pytest.raises(InvalidInput) as err:
        Course("HDI", dt.date(2026, 9, 18), dt.date(2026, 9, 14))
    assert err.value.field == "course_end"
    assert "2026-09-14" in err.value.message and "2026-09-18" in err.value.message


def test_a_course_provider_is_cleaned_and_limited():
    assert Course("  Call Center School \u200b").provider == "Call Center School"
    with pytest.raises(InvalidInput) as err:
        Course("x" * 201)
    assert err.value.field == "provider"
    with pytest.raises(InvalidInput) as err:
        Course("HDI", dt.date(1800, 1, 1))
    assert err.value.field == "course_start"


def test_course_dates_in_words():
    one, five = dt.date(2026, 9, 14), dt.date(2026, 9, 18)
    assert course_dates_text(one, five) == "2026-09-14 to 2026-09-18"
    assert course_dates_text(one, one) == "2026-09-14"
    assert course_dates_text(one, None) == "from 2026-09-14"
    assert course_dates_text(None, five) == "until 2026-09-18"
    assert course_dates_text(None, None) == ""
