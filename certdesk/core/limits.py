"""The bounds every input is held to: amounts, dates and text lengths.

One place, so that parsing (money, dates, validation), the store's check of old files and the
window's fields all agree. The bounds are far beyond any real certification cost or date, and
far inside what SQLite's integers and Python's dates can hold: totals never overflow and date
arithmetic (a commitment's last band) never leaves the calendar.
"""

from __future__ import annotations

import datetime as _dt

# One cost line, one agreement's repayable amount, one payment received: at most 10,000,000.00.
MAX_AMOUNT_CENTS = 1_000_000_000

# Every date typed or imported: from 1900-01-01 to 2199-12-31.
EARLIEST_DATE = _dt.date(1900, 1, 1)
LATEST_DATE = _dt.date(2199, 12, 31)

# The longest text each field accepts (characters, after trimming), by field name.
TEXT_LENGTHS: dict[str, int] = {
    "employee_no": 32,
    "full_name": 200,
    "email": 254,
    "job_title": 200,
    "site": 200,
    "credential_no": 100,
    "description": 200,
    "note": 500,
    "commitment": 500,
    "outcome": 1000,
    "reason": 500,
    "code": 16,
    "name": 200,
    "issuer": 200,
    "catalog_description": 2000,
    "title": 200,
}


def amount_limit_text() -> str:
    """The amount bound as people write it ("10,000,000.00")."""
    whole, frac = divmod(MAX_AMOUNT_CENTS, 100)
    return f"{whole:,}.{frac:02d}"
