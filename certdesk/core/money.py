"""Money as integer cents: strict parsing and formatting. Never a float."""

from __future__ import annotations

import re

from certdesk.core.errors import InvalidInput
from certdesk.core.limits import MAX_AMOUNT_CENTS, amount_limit_text

# "1234.56", "1,234.56", "0.5", "12" — thousands separators only in groups of three.
_AMOUNT = re.compile(
    r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d{1,2}))?$",
    re.ASCII,  # 0-9 only, not "١٢"
)


def parse_cents(
    text: str,
    field: str = "amount",
    *,
    allow_negative: bool = False,
    maximum: int = MAX_AMOUNT_CENTS,
) -> int:
    """Parse "1234.56" or "1,234.56" into cents; at most two decimals, no sign unless allowed.

    Amounts above `maximum` (10,000,000.00 by default, core.limits) are refused, naming the field.
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(field, "an amount is required, e.g. 1234.56")
    negative = False
    if raw.startswith("-"):
        if not allow_negative:
            raise InvalidInput(field, f"{raw!r} is negative; amounts must be 0 or more")
        negative = True
        raw = raw[1:]
    match = _AMOUNT.match(raw)
    if not match:
        raise InvalidInput(
            field,
            f"{text.strip()!r} is not an amount; write it like 1234.56 or 1,234.56 "
            "(at most two decimals)",
        )
    digits = match["int"].replace(",", "").lstrip("0")
    # Checked on the digits first: int() of thousands of digits is slow (and refused by Python).
    if len(digits) > len(str(maximum // 100)):
        raise _too_much(field, raw, maximum)
    whole = int(digits or "0")
    frac = (match["frac"] or "").ljust(2, "0")
    cents = whole * 100 + int(frac or "0")
    if cents > maximum:
        raise _too_much(field, raw, maximum)
    return -cents if negative else cents


def _too_much(field: str, raw: str, maximum: int) -> InvalidInput:
    shown = raw if len(raw) <= 30 else raw[:27] + "..."
    limit = amount_limit_text() if maximum == MAX_AMOUNT_CENTS else format_cents(maximum)
    return InvalidInput(field, f"{shown} is more than {limit}, the most certdesk accepts here")


def format_cents(cents: int, symbol: str = "") -> str:
    """Format cents as "1,234.56" (with an optional currency symbol in front)."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError("cents must be an int")
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{symbol}{whole:,}.{frac:02d}"


def format_plain(cents: int) -> str:
    """Format cents as "1234.56" with no separators (CSV, JSON, command line)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def mul_div_half_up(amount_cents: int, numerator: int, denominator: int) -> int:
    """amount × numerator / denominator rounded half up, in integers (amount ≥ 0)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    return (2 * amount_cents * numerator + denominator) // (2 * denominator)
