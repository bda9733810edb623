"""Plain-words text printed on the forms (reasons, schedules, the final-pay note)."""

from __future__ import annotations

from certdesk.core.labels import CLOCK_SENTENCES, COST_KIND_LABELS, SCHEDULE_SENTENCES
from certdesk.core.reasons import reason_words

# The label tables live in core.labels (one per enum); these are their names on the forms.
SCHEDULE_WORDS = SCHEDULE_SENTENCES
CLOCK_WORDS = CLOCK_SENTENCES
COST_KIND_WORDS = COST_KIND_LABELS

FINAL_PAY_NOTE = (
    "Final pay: a deduction from final pay must not bring pay below the minimum wage or cut "
    "overtime due (Fair Labor Standards Act). State law may add further limits or require the "
    "employee's written consent to a deduction."
)


def reason_text(code: str) -> str:
    """A departure reason in plain words (unknown codes printed with spaces)."""
    return reason_words(code)


def kind_text(kind: str) -> str:
    """A cost kind in plain words."""
    return COST_KIND_WORDS.get(kind, kind.replace("_", " ").capitalize())


def join_words(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
