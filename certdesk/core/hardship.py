"""A hardship waiver decision on a balance owed at departure: granted in full, granted in part
(a new, lower amount owed) or refused. Pure rules: what may be decided and the balance after."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents
from certdesk.core.payment_plan import MAX_INSTALMENTS
from certdesk.core.validation import clean_text


class HardshipOutcome(StrEnum):
    GRANTED_FULL = "granted_full"
    GRANTED_PART = "granted_part"
    REFUSED = "refused"


HARDSHIP_OUTCOME_WORDS: dict[HardshipOutcome, str] = {
    HardshipOutcome.GRANTED_FULL: "granted in full",
    HardshipOutcome.GRANTED_PART: "granted in part",
    HardshipOutcome.REFUSED: "refused",
}


def parse_outcome(text: str, field: str = "outcome") -> HardshipOutcome:
    key = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    key = {"full": "granted_full", "part": "granted_part", "partial": "granted_part"}.get(key, key)
    try:
        return HardshipOutcome(key)
    except ValueError:
        raise InvalidInput(
            field, f"{text!r}: use full (granted in full), part (granted in part) or refused"
        ) from None


@dataclass(frozen=True)
class HardshipDecision:
    """What was decided, when, by whom and why; new_owed_cents only when granted in part."""

    outcome: HardshipOutcome
    decided_on: _dt.date
    decided_by: str
    reason: str
    new_owed_cents: int | None = None

    @property
    def words(self) -> str:
        text = HARDSHIP_OUTCOME_WORDS[self.outcome]
        if self.outcome is HardshipOutcome.GRANTED_PART and self.new_owed_cents is not None:
            text += f": the amount owed becomes {format_cents(self.new_owed_cents)}"
        return text


def check_decision(
    outcome: HardshipOutcome,
    *,
    decided_on: _dt.date,
    decided_by: str,
    reason: str,
    new_owed_cents: int | None,
    departure_date: _dt.date,
    owed_cents: int,
    received_cents: int,
    today: _dt.date,
) -> HardshipDecision:
    """A decision on a balance of `owed_cents` (of which `received_cents` is paid). Granted in
    part lowers what is owed to an amount under the present one and not under what was already
    received; the other outcomes take no amount."""
    if decided_on < departure_date:
        raise InvalidInput(
            "decided_on", f"{decided_on} is before the departure on {departure_date}"
        )
    if decided_on > today:
        raise InvalidInput("decided_on", f"{decided_on} is in the future; record it once decided")
    who = clean_text(decided_by, "decided_by", required=True)
    why = clean_text(reason, "reason", max_len=500, required=True)
    if outcome is HardshipOutcome.GRANTED_PART:
        if new_owed_cents is None:
            raise InvalidInput("new_amount", "granted in part needs the new amount owed")
        if new_owed_cents >= owed_cents:
            raise InvalidInput(
                "new_amount",
                f"{format_cents(new_owed_cents)} is not less than the {format_cents(owed_cents)} "
                "owed now",
            )
        if new_owed_cents <= 0:
            raise InvalidInput(
                "new_amount", "0.00 forgives everything: record it as granted in full"
            )
        if new_owed_cents < received_cents:
            raise InvalidInput(
                "new_amount",
                f"{format_cents(received_cents)} has already been received; the new amount "
                "cannot be less",
            )
    elif new_owed_cents is not None:
        raise InvalidInput(
            "new_amount", "a new amount is given only when the waiver is granted in part"
        )
    return HardshipDecision(outcome, decided_on, who, why, new_owed_cents)


def check_plan_choice(
    instalment_count: int | None,
    first_due: _dt.date | None,
    *,
    departure_date: _dt.date,
    decided_on: _dt.date,
) -> None:
    """The new plan a decision may set: 1 to MAX_INSTALMENTS instalments, first due on or after
    the departure and the decision (None: the policy's terms)."""
    if instalment_count is not None and not 1 <= instalment_count <= MAX_INSTALMENTS:
        raise InvalidInput("instalments", f"instalments must be from 1 to {MAX_INSTALMENTS}")
    if first_due is not None:
        if first_due < departure_date:
            raise InvalidInput(
                "first_due", f"{first_due} is before the departure on {departure_date}"
            )
        if first_due < decided_on:
            raise InvalidInput("first_due", f"{first_due} is before the decision on {decided_on}")


def owed_after(decision: HardshipDecision, owed_cents: int) -> int:
    """What is owed in all once the decision applies."""
    if decision.outcome is HardshipOutcome.GRANTED_FULL:
        return 0
    if decision.outcome is HardshipOutcome.GRANTED_PART:
        return decision.new_owed_cents or 0
    return owed_cents
