"""Agreement terms in the coordinator's words (no Qt, no database): statuses, schedules,
clocks, start rules, departure reasons, document kinds, and which actions a status allows."""

from __future__ import annotations

from certdesk.core.money import format_cents
from certdesk.core.reasons import REASON_WORDS, reason_label
from certdesk.core.repayment import format_percent, parse_tiers

STATUS_WORDS = {
    "draft": "Draft",
    "issued": "Issued — awaiting signature",
    "signed": "Signed — starts at completion",
    "in_commitment": "In commitment",
    "fulfilled": "Fulfilled",
    "repayment_due": "Repayment due",
    "repaid": "Repaid",
    "waived": "Repayment waived",
    "voided": "Voided",
}
STATUS_SHORT = {
    "draft": "Draft",
    "issued": "Issued",
    "signed": "Signed",
    "in_commitment": "In commitment",
    "fulfilled": "Fulfilled",
    "repayment_due": "Repayment due",
    "repaid": "Repaid",
    "waived": "Waived",
    "voided": "Voided",
}
# What the coordinator does next, shown under the status.
STATUS_NEXT = {
    "draft": "Check the terms, then issue it to print the form for signing.",
    "issued": "Print the form, have it signed, then record the signing date.",
    "signed": "The commitment starts when the certification is completed.",
    "in_commitment": "The manager is serving the commitment; nothing to do.",
    "fulfilled": "The commitment was served; nothing is owed.",
    "repayment_due": "The manager left and owes part of the tuition back.",
    "repaid": "Everything owed was paid back.",
    "waived": "Nothing is owed: the repayment was waived.",
    "voided": "This agreement no longer applies.",
}
SCHEDULE_WORDS = {
    "prorated": "Prorated — reduced month by month",
    "stepped": "Stepped — 100, 75, 50, 25 % by quarter of the commitment",
    "full": "Full — the whole amount until the commitment is served",
    "tiers": "Bands — a percentage per band of months",
}
SCHEDULE_SHORT = {"prorated": "Prorated", "stepped": "Stepped", "full": "Full", "tiers": "Bands"}
CLOCK_WORDS = {
    "commitment": "One clock for the whole amount",
    "per_payment": "Each company payment starts its own clock on the day it was paid",
}
START_WORDS = {
    "completion": "On the day the certification is completed",
    "signing": "On the day the agreement is signed",
}
DOCUMENT_WORDS = {
    "acknowledgment": "Agreement form (as issued)",
    "signed_copy": "Signed copy",
    "repayment_statement": "Repayment statement",
}

# A final status allows nothing but reprints; the buttons of the detail pane follow this table.
ACTIONS_BY_STATUS = {
    "draft": ("issue", "void"),
    "issued": ("save_form", "authorization", "sign", "attach", "void"),
    "signed": ("save_form", "authorization", "attach", "void"),
    "in_commitment": ("save_form", "authorization", "attach", "void"),
    "fulfilled": ("save_form", "attach", "save_statement"),
    "repayment_due": ("save_form", "attach", "payment", "waive", "save_statement"),
    "repaid": ("save_form", "attach", "save_statement"),
    "waived": ("save_form", "attach", "save_statement"),
    "voided": ("save_form",),
}


def reason_words(reason: str) -> str:
    """ "layoff" → "Layoff or reduction in force" (the label of a list or a checkbox)."""
    return reason_label(reason)


def plain_message(text: str) -> str:
    """A compliance message with reason codes in the dialog's words ("add layoff to …" →
    "add “Layoff or reduction in force” to …"), so the coordinator finds the checkbox."""
    import re

    # Only what reads as a code: "other" or "death" in a sentence are plain English already.
    codes = [str(r) for r in REASON_WORDS if "_" in r or r == "layoff"]
    return re.sub(
        r"\b(" + "|".join(sorted(codes, key=len, reverse=True)) + r")\b",
        lambda m: f"“{reason_words(m.group(1))}”",
        text,
    )


def bands_words(tiers: str) -> str:
    """ "6:100,12:75" → "100 % if leaving before month 6 · 75 % before month 12"."""
    if not tiers:
        return ""
    parts = [
        f"{format_percent(t.percent_bp)} % before month {t.before_month}"
        for t in parse_tiers(tiers)
    ]
    parts[0] = parts[0].replace(" % before", " % if leaving before")
    return " · ".join(parts)


def schedule_words(schedule: str, tiers: str = "") -> str:
    """The schedule in plain words, with its bands."""
    text = SCHEDULE_WORDS.get(schedule, schedule)
    return f"Bands — {bands_words(tiers)}" if schedule == "tiers" and tiers else text


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
