"""Plain-words text printed on the forms (reasons, schedules, the final-pay note)."""

from __future__ import annotations

from certdesk.core.models import COST_KIND_LABELS
from certdesk.core.reasons import reason_words

SCHEDULE_WORDS: dict[str, str] = {
    "prorated": "Prorated: the amount to repay goes down every month you stay.",
    "stepped": "Stepped: the amount to repay goes down in four equal steps over the commitment.",
    "full": "Full: the whole repayable amount is due if you leave before the commitment ends.",
    "tiers": "Tiers: the share to repay goes down band by band, as the table shows.",
}

CLOCK_WORDS: dict[str, str] = {
    "commitment": "One clock runs for the whole repayable amount, from the commitment start.",
    "per_payment": (
        "Each company payment starts its own clock on the date it was paid, so each payment "
        "has its own table below; if you leave, the amounts for all payments are added up."
    ),
}

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
