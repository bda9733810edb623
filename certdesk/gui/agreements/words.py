"""Agreement terms in the coordinator's words (no Qt, no database): statuses, schedules,
clocks, start rules, departure reasons, document kinds, and which actions a status allows."""

from __future__ import annotations

import re

from certdesk.core.agreements import AgreementStatus
from certdesk.core.labels import (  # noqa: F401 (SCHEDULE_SHORT re-exported)
    AGREEMENT_STATUS_LABELS,
    AGREEMENT_STATUS_NEXT,
    AGREEMENT_STATUS_SHORT,
    CLOCK_LABELS,
    COMMITMENT_START_LABELS,
    SCHEDULE_LABELS,
    SCHEDULE_SHORT,
)
from certdesk.core.money import format_cents
from certdesk.core.reasons import REASON_WORDS, reason_label
from certdesk.core.repayment import format_percent
from certdesk.core.repayment_types import Schedule, Tier

# The label tables live in core.labels (one per enum); these are their names on screen.
STATUS_WORDS = AGREEMENT_STATUS_LABELS
STATUS_SHORT = AGREEMENT_STATUS_SHORT
STATUS_NEXT = AGREEMENT_STATUS_NEXT
SCHEDULE_WORDS = SCHEDULE_LABELS
CLOCK_WORDS = CLOCK_LABELS
START_WORDS = COMMITMENT_START_LABELS
DOCUMENT_WORDS = {
    "acknowledgment": "Agreement form (as issued)",
    "signed_copy": "Signed copy",
    "repayment_statement": "Repayment statement",
    "commitment_notice": "Commitment-start notice",
}

# A final status allows nothing but reprints; the buttons of the detail pane follow this table.
_A = AgreementStatus
ACTIONS_BY_STATUS: dict[AgreementStatus, tuple[str, ...]] = {
    _A.DRAFT: ("issue", "void"),
    _A.ISSUED: ("save_form", "authorization", "sign", "attach", "void"),
    _A.SIGNED: ("save_form", "authorization", "attach", "notice", "leave", "void"),
    _A.IN_COMMITMENT: ("save_form", "authorization", "attach", "notice", "leave", "void"),
    _A.FULFILLED: ("save_form", "attach", "notice", "save_statement"),
    _A.REPAYMENT_DUE: (
        "save_form",
        "attach",
        "payment",
        "hardship",
        "waive",
        "notice",
        "new_statement",
        "save_statement",
    ),
    _A.REPAID: ("save_form", "attach", "notice", "new_statement", "save_statement"),
    _A.WAIVED: ("save_form", "attach", "notice", "save_statement"),
    _A.VOIDED: ("save_form",),
}


def reason_words(reason: str) -> str:
    """ "layoff" → "Layoff or reduction in force" (the label of a list or a checkbox)."""
    return reason_label(reason)


def plain_message(text: str) -> str:
    """A compliance message with reason codes in the dialog's words ("add layoff to …" →
    "add “Layoff or reduction in force” to …"), so the coordinator finds the checkbox."""

    # Only what reads as a code: "other" or "death" in a sentence are plain English already.
    codes = [str(r) for r in REASON_WORDS if "_" in r or r == "layoff"]
    return re.sub(
        r"\b(" + "|".join(sorted(codes, key=len, reverse=True)) + r")\b",
        lambda m: f"“{reason_words(m.group(1))}”",
        text,
    )


def bands_words(tiers: tuple[Tier, ...]) -> str:
    """Bands 6:100,12:75 → "100 % if leaving before month 6 · 75 % before month 12"."""
    if not tiers:
        return ""
    parts = [f"{format_percent(t.percent_bp)} % before month {t.before_month}" for t in tiers]
    parts[0] = parts[0].replace(" % before", " % if leaving before")
    return " · ".join(parts)


def schedule_words(schedule: str, tiers: tuple[Tier, ...] = ()) -> str:
    """The schedule in plain words, with its bands."""
    text = SCHEDULE_WORDS.get(schedule, schedule)
    return f"Bands — {bands_words(tiers)}" if schedule == Schedule.TIERS and tiers else text


def waived_words(reasons: tuple[str, ...] | list[str]) -> str:
    """The waived reasons as one sentence part ("nothing waived" when empty)."""
    if not reasons:
        return "None — every reason for leaving repays"
    return ", ".join(
        reason_words(r) if i == 0 else REASON_WORDS.get(r, r) for i, r in enumerate(reasons)
    )


def money_or_blank(cents: int | None) -> str:
    return "" if cents is None else format_cents(cents)


def size_words(size: int) -> str:
    """Bytes as "12 KB" / "1.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
