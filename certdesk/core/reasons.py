"""Departure reasons: who ended the employment and why, in the words an HR coordinator uses.

The stored text is the enum's value. Laws such as California AB 692 turn on who ended the
employment (ENDED_BY), so every reason says it. Spellings of earlier versions
(terminated_without_cause, terminated_for_cause) are still read, with a note, for one version.
"""

from __future__ import annotations

import re
from enum import StrEnum

from certdesk.core.errors import InvalidInput


class DepartureReason(StrEnum):
    """Why the employment ended."""

    RESIGNED = "resigned"
    RETIRED = "retired"
    DISMISSED_MISCONDUCT = "dismissed_misconduct"
    DISMISSED_OTHER = "dismissed_other"
    LAYOFF = "layoff"
    DEATH = "death"
    DISABILITY = "disability"
    OTHER = "other"


class EndedBy(StrEnum):
    """Who ended the employment, as the stay-or-pay laws ask."""

    EMPLOYEE = "employee"
    EMPLOYER_MISCONDUCT = "employer_misconduct"
    EMPLOYER = "employer"
    UNCLEAR = "unclear"  # death, disability, other: the record does not say


R = DepartureReason

# Short labels for lists and combo boxes.
REASON_LABELS: dict[DepartureReason, str] = {
    R.RESIGNED: "Resigned",
    R.RETIRED: "Retired",
    R.DISMISSED_MISCONDUCT: "Dismissed for misconduct",
    R.DISMISSED_OTHER: "Dismissed for another reason (performance, restructuring…)",
    R.LAYOFF: "Layoff or reduction in force",
    R.DEATH: "Death",
    R.DISABILITY: "Disability",
    R.OTHER: "Other",
}

# The reason inside a sentence ("the reason for leaving is ...").
REASON_WORDS: dict[DepartureReason, str] = {
    R.RESIGNED: "resignation",
    R.RETIRED: "retirement",
    R.DISMISSED_MISCONDUCT: "dismissal for misconduct",
    R.DISMISSED_OTHER: "dismissal for a reason other than misconduct",
    R.LAYOFF: "layoff or reduction in force",
    R.DEATH: "death",
    R.DISABILITY: "disability",
    R.OTHER: "another reason",
}

ENDED_BY: dict[DepartureReason, EndedBy] = {
    R.RESIGNED: EndedBy.EMPLOYEE,
    R.RETIRED: EndedBy.EMPLOYEE,
    R.DISMISSED_MISCONDUCT: EndedBy.EMPLOYER_MISCONDUCT,
    R.DISMISSED_OTHER: EndedBy.EMPLOYER,
    R.LAYOFF: EndedBy.EMPLOYER,
    R.DEATH: EndedBy.UNCLEAR,
    R.DISABILITY: EndedBy.UNCLEAR,
    R.OTHER: EndedBy.UNCLEAR,
}

# Waived by default: the employer ended it without misconduct, or the manager could not stay.
DEFAULT_WAIVED: tuple[DepartureReason, ...] = (R.DISMISSED_OTHER, R.LAYOFF, R.DEATH, R.DISABILITY)
NOT_WAIVED_BY_DEFAULT: tuple[DepartureReason, ...] = (
    R.RESIGNED,
    R.RETIRED,
    R.DISMISSED_MISCONDUCT,
    R.OTHER,
)

# Earlier spellings. "terminated_for_cause" covered performance as well as misconduct; it maps
# to dismissed_other, the reading under which no state law is broken by a repayment demand.
LEGACY_REASONS: dict[str, DepartureReason] = {
    "terminated_without_cause": R.DISMISSED_OTHER,
    "terminated_for_cause": R.DISMISSED_OTHER,
}


def reason_label(reason: str) -> str:
    """The short label of a stored reason ("dismissed_other" → "Dismissed for another …")."""
    try:
        return REASON_LABELS[DepartureReason(upgrade_reason(reason))]
    except ValueError:
        return reason.replace("_", " ").capitalize()


def reason_words(reason: str) -> str:
    """A stored reason inside a sentence ("layoff" → "layoff or reduction in force")."""
    try:
        return REASON_WORDS[DepartureReason(upgrade_reason(reason))]
    except ValueError:
        return reason.replace("_", " ")


def upgrade_reason(reason: str) -> str:
    """A stored reason with earlier spellings replaced (frozen terms keep their old text)."""
    legacy = LEGACY_REASONS.get(reason)
    return legacy.value if legacy else reason


def _word(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def parse_reason(text: str | None, field: str = "reason") -> tuple[DepartureReason, str]:
    """A typed reason and a deprecation note ("" unless an earlier spelling was used).

    Spaces and hyphens read as underscores. Unknown text raises InvalidInput naming `field`.
    """
    word = _word(text or "")
    if word in LEGACY_REASONS:
        new = LEGACY_REASONS[word]
        return new, (
            f"{field} {word!r} is an earlier spelling and will be refused in a later version; "
            f"it now reads as {new.value!r} ({REASON_LABELS[new].lower()}). Use one of "
            f"{', '.join(r.value for r in DepartureReason)}"
        )
    try:
        return DepartureReason(word), ""
    except ValueError:
        raise InvalidInput(
            field,
            f"unknown reason {(text or '').strip()!r}; use one of "
            f"{', '.join(r.value for r in DepartureReason)}",
        ) from None
