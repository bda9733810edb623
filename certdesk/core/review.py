"""The review period before signing: the agreement is given to the manager on its issue day,
and the earliest day to sign comes N business days later (weekends skipped).

One rule, used by the Sign dialog (its warnings) and by the signing use case.
"""

from __future__ import annotations

import datetime as _dt

from certdesk.core.compliance import ComplianceWarning

DEFAULT_REVIEW_DAYS = 5
MAX_REVIEW_DAYS = 30
REVIEW_RULE = "Review period"
# The clause the form prints; frozen into an issued agreement's terms with its dates filled in,
# so the agreement keeps the wording it was given with.
REVIEW_CLAUSE = (
    "Given to you on {given_on}; you have until {until} to review it and may consult a lawyer "
    "of your choice before signing."
)


def add_business_days(day: _dt.date, days: int) -> _dt.date:
    """The day `days` business days (Monday to Friday) after `day`."""
    current = day
    left = days
    while left > 0:
        current += _dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def review_until(given_on: _dt.date, days: int) -> _dt.date:
    """The end of the review period: `days` business days after the day it was given."""
    return add_business_days(given_on, days)


def review_clause(given_on: _dt.date, until: _dt.date, template: str = REVIEW_CLAUSE) -> str:
    """The sentence the form prints."""
    return template.format(given_on=given_on.isoformat(), until=until.isoformat())


def early_signing_warning(signed_on: _dt.date, until: _dt.date | None) -> ComplianceWarning | None:
    """A warning when the manager signs before the review period ends (None otherwise, and
    for agreements issued before review periods were recorded)."""
    if until is None or signed_on >= until:
        return None
    return ComplianceWarning(
        REVIEW_RULE,
        f"signing on {signed_on} is before the review period ends on {until}; record it only "
        "if the manager chose to sign early, knowing of the time to review and to consult a "
        "lawyer",
    )
