"""What the coordinator asks for when drafting an agreement, typed, and the rules on its words.

The command line and the draft dialog parse what was typed into a `DraftRequest` with these
functions; the drafting use case takes the request. The dialog's live preview and the use case
check an amount with the same `check_repayable`, so each message exists once.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from certdesk.core.dates import parse_optional_date
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents, parse_cents
from certdesk.core.repayment import parse_reasons, parse_tiers
from certdesk.core.repayment_types import (
    DEFAULT_WAIVED_REASONS,
    SCHEDULES,
    Clock,
    CommitmentStart,
    Schedule,
    Tier,
)
from certdesk.core.validation import parse_record_number

MAX_PROOF_DAYS = 365
_WHOLE = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class DraftRequest:
    """Draft an agreement for one path. None means the default the use case works out: the
    amount is the company-paid repayable cost, the deadline the path's target date."""

    path_id: int
    months: int
    schedule: Schedule
    tiers: tuple[Tier, ...] = ()
    start_rule: CommitmentStart = CommitmentStart.COMPLETION
    clock: Clock = Clock.COMMITMENT
    waived_reasons: tuple[str, ...] = DEFAULT_WAIVED_REASONS
    amount_cents: int | None = None
    deadline: _dt.date | None = None
    proof_days: int = 30


def _word(text: str | None) -> str:
    """Lower case, spaces and hyphens as underscores: "Per-Payment" → "per_payment"."""
    return re.sub(r"[\s-]+", "_", (text or "").strip().lower())


def parse_schedule(text: str | None, field: str = "schedule") -> Schedule:
    """ "prorated", "Stepped", "tiers"… as a Schedule."""
    try:
        return Schedule(_word(text))
    except ValueError:
        raise InvalidInput(
            field, f"unknown schedule {text!r}; use one of {', '.join(SCHEDULES)}"
        ) from None


def parse_clock(text: str | None, field: str = "clock") -> Clock:
    """ "commitment" (also when empty) or "per-payment" / "per_payment" as a Clock."""
    try:
        return Clock(_word(text) or Clock.COMMITMENT)
    except ValueError:
        raise InvalidInput(
            field, f"unknown clock {text!r}; use commitment or per-payment"
        ) from None


def parse_start(text: str | None, field: str = "start") -> CommitmentStart:
    """ "completion" or "signing" as a CommitmentStart."""
    try:
        return CommitmentStart(_word(text))
    except ValueError:
        raise InvalidInput(
            field, f"{text!r}: the commitment starts on completion or signing"
        ) from None


def months_of(text: str | int, tiers: tuple[Tier, ...] = ()) -> int:
    """The commitment in whole months; left empty with bands, the last band's month."""
    months_text = str(text).strip()
    if not months_text and tiers:
        months_text = str(tiers[-1].before_month)
    if not _WHOLE.match(months_text):
        raise InvalidInput("months", f"{months_text!r} is not a whole number of months")
    return int(months_text)


def check_proof_days(days: int) -> int:
    if not 0 <= days <= MAX_PROOF_DAYS:
        raise InvalidInput("proof_days", f"must be between 0 and {MAX_PROOF_DAYS} days")
    return days


def parse_proof_days(text: str | int) -> int:
    try:
        days = int(str(text).strip())
    except ValueError:
        raise InvalidInput("proof_days", f"{text!r} is not a whole number of days") from None
    return check_proof_days(days)


def check_repayable(amount_cents: int, cap_cents: int) -> int:
    """An agreement may lower the company-paid repayable cost, never raise it."""
    if amount_cents > cap_cents:
        raise InvalidInput(
            "amount",
            f"{format_cents(amount_cents)} is more than the company-paid repayable cost "
            f"{format_cents(cap_cents)}; the agreement can only lower it",
        )
    return amount_cents


def parse_draft_request(
    path_id: int | str,
    *,
    months: str | int,
    schedule: str,
    tiers: str | None = None,
    start: str = "completion",
    clock: str = "commitment",
    waive: str | None = None,
    amount: str | None = None,
    deadline: str | None = None,
    proof_days: str | int = 30,
) -> DraftRequest:
    """A draft request from what was typed (the command line's options). waive None means the
    default waived reasons, "" or "none" no waiver; amount None the company-paid repayable cost."""
    number = parse_record_number(path_id, "path_id", "a path")
    start_rule = parse_start(start)
    clock_value = parse_clock(clock)
    bands = parse_tiers(tiers) if tiers else ()
    n = months_of(months, bands)
    waived = parse_reasons(waive) if waive is not None else DEFAULT_WAIVED_REASONS
    proof = parse_proof_days(proof_days)
    deadline_date = parse_optional_date(deadline, "deadline")
    schedule_value = parse_schedule(schedule)
    return DraftRequest(
        path_id=number,
        months=n,
        schedule=schedule_value,
        tiers=bands,
        start_rule=start_rule,
        clock=clock_value,
        waived_reasons=tuple(waived),
        amount_cents=None if amount is None else parse_cents(amount, "amount"),
        deadline=deadline_date,
        proof_days=proof,
    )
