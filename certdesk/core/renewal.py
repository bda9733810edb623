"""Renewal of a credential: rules, cycles, continuing-education credits, proof deadlines.

A completed path holds its credential for cycles. The first cycle starts on the completion date;
each renewal starts the next cycle on the previous expiry (not on the day the renewal was
recorded), so a holder who renews early or late keeps the same anchor. A cycle ends on the day
its rule's validity months after its start (add_months: 29 February + 36 months = 28 February).
The credential is held through its end date; the day after, an unrenewed cycle has lapsed.

Credits are integers: hundredths of the unit they were earned in (2.25 hours = 225). Hours and
CEUs compare through centihours (1 CEU = 10 hours, so 1 CEU = 1,000 centihours), exactly.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from certdesk.core.dates import add_months
from certdesk.core.errors import InvalidInput
from certdesk.core.money import mul_div_half_up

HOURS_PER_CEU = 10
# Renewal reminders: a credential shows as "renewal due" from this many days before its end.
RENEWAL_WINDOW_DAYS = 90
REMINDER_DAYS = (90, 60, 30, 7)


class CreditUnit(StrEnum):
    """What a rule counts and an activity earns: continuing-education units or hours."""

    CEU = "ceu"
    HOURS = "hours"


UNIT_LABELS = {CreditUnit.CEU: "CEU", CreditUnit.HOURS: "hours"}


class CycleState(StrEnum):
    """Where one cycle of a credential stands."""

    CURRENT = "current"
    RENEWAL_DUE = "renewal_due"
    RENEWED = "renewed"
    LAPSED = "lapsed"


CYCLE_STATE_LABELS = {
    CycleState.CURRENT: "current",
    CycleState.RENEWAL_DUE: "renewal due",
    CycleState.RENEWED: "renewed",
    CycleState.LAPSED: "lapsed",
}


class RenewalMethod(StrEnum):
    """How a cycle was renewed: enough credits, or the exam taken again."""

    CREDITS = "credits"
    EXAM = "exam"


class ProofState(StrEnum):
    """The proof of completion of a completed path."""

    ATTACHED = "attached"
    DUE = "due"
    OVERDUE = "overdue"
    MISSING = "missing"  # completed without proof, the reason recorded; no deadline applies


PROOF_STATE_LABELS = {
    ProofState.ATTACHED: "proof attached",
    ProofState.DUE: "proof due",
    ProofState.OVERDUE: "proof overdue",
    ProofState.MISSING: "no proof (reason recorded)",
}


# --- credits -------------------------------------------------------------------------------

_CREDITS = re.compile(r"^(?P<int>\d+)(?:\.(?P<frac>\d{1,2}))?$", re.ASCII)


def parse_credits(text: str, field: str = "credits", *, allow_zero: bool = False) -> int:
    """Parse "2.5" or "12" into hundredths of a unit; at most two decimals."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(field, "a number of credits is required, e.g. 2.5")
    match = _CREDITS.match(raw)
    if not match:
        raise InvalidInput(
            field, f"{raw!r} is not a number of credits; write it like 2.5 (at most two decimals)"
        )
    value = int(match["int"]) * 100 + int((match["frac"] or "").ljust(2, "0") or "0")
    if value == 0 and not allow_zero:
        raise InvalidInput(field, "must be more than 0")
    if value > 100_000_00:
        raise InvalidInput(field, f"{raw} credits is more than any rule counts (at most 100000)")
    return value


def parse_unit(text: str, field: str = "unit") -> CreditUnit:
    raw = (text or "").strip().lower()
    aliases = {"ceu": CreditUnit.CEU, "ceus": CreditUnit.CEU, "hour": CreditUnit.HOURS}
    aliases |= {"hours": CreditUnit.HOURS, "h": CreditUnit.HOURS, "pdh": CreditUnit.HOURS}
    if raw not in aliases:
        raise InvalidInput(field, f"{text!r} is not a unit; use ceu or hours")
    return aliases[raw]


def to_centihours(hundredths: int, unit: CreditUnit) -> int:
    """Credits in hundredths of `unit` as hundredths of an hour (exact)."""
    return hundredths * HOURS_PER_CEU if unit == CreditUnit.CEU else hundredths


def format_centihours(centihours: int, unit: CreditUnit) -> str:
    """Centihours shown in `unit`: 4500 → "4.5 CEU" or "45 hours" (no trailing zeros)."""
    if unit == CreditUnit.CEU:
        whole, rest = divmod(centihours, 100 * HOURS_PER_CEU)
        text = f"{whole}.{rest:03d}".rstrip("0").rstrip(".")
    else:
        whole, rest = divmod(centihours, 100)
        text = f"{whole}.{rest:02d}".rstrip("0").rstrip(".")
    return f"{text} {UNIT_LABELS[unit]}"


def format_hundredths(hundredths: int, unit: CreditUnit) -> str:
    """Hundredths of `unit` as text: 250 CEU → "2.5 CEU"."""
    return format_centihours(to_centihours(hundredths, unit), unit)


def normal_category(category: str) -> str:
    """Categories compare without case or surrounding spaces ("Self-study" = "self-study ")."""
    return " ".join((category or "").split()).casefold()


# --- rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryCap:
    """At most a share (basis points of the credits needed) or a number of credits (hundredths
    of the rule's unit) may come from one category."""

    category: str
    share_bp: int | None = None
    max_hundredths: int | None = None

    def limit_centihours(self, rule: RenewalRule) -> int:
        if self.share_bp is not None:
            return mul_div_half_up(rule.needed_centihours, self.share_bp, 10_000)
        return to_centihours(self.max_hundredths or 0, rule.unit)

    def describe(self, unit: CreditUnit) -> str:
        if self.share_bp is not None:
            whole, rest = divmod(self.share_bp, 100)
            pct = f"{whole}.{rest:02d}".rstrip("0").rstrip(".")
            return f"{self.category}: at most {pct} %"
        return f"{self.category}: at most {format_hundredths(self.max_hundredths or 0, unit)}"


@dataclass(frozen=True)
class RenewalRule:
    """One version of a catalog item's renewal rule; it applies to cycles starting on or after
    effective_on. validity_months None: the credential never expires."""

    validity_months: int | None
    credits_needed: int = 0  # hundredths of `unit`
    unit: CreditUnit = CreditUnit.HOURS
    caps: tuple[CategoryCap, ...] = ()
    fee_cents: int = 0
    effective_on: _dt.date | None = None
    version: int = 0
    note: str = ""
    certification_id: int | None = None
    id: int | None = None

    @property
    def needed_centihours(self) -> int:
        return to_centihours(self.credits_needed, self.unit)

    def describe(self) -> str:
        if self.validity_months is None:
            return "never expires"
        parts = [f"valid {self.validity_months} months"]
        if self.credits_needed:
            parts.append(f"{format_hundredths(self.credits_needed, self.unit)} per cycle")
        else:
            parts.append("no credits required")
        parts += [c.describe(self.unit) for c in self.caps]
        return "; ".join(parts)


def check_rule(rule: RenewalRule) -> RenewalRule:
    """Raise InvalidInput naming the field unless the rule makes sense; returns it."""
    if rule.validity_months is not None and not 1 <= rule.validity_months <= 600:
        raise InvalidInput("validity_months", "must be from 1 to 600 months, or never expires")
    if rule.credits_needed < 0:
        raise InvalidInput("credits_needed", "cannot be negative")
    if rule.validity_months is None and (rule.credits_needed or rule.caps):
        raise InvalidInput(
            "credits_needed", "a credential that never expires needs no renewal credits"
        )
    if rule.fee_cents < 0:
        raise InvalidInput("fee", "cannot be negative")
    seen: set[str] = set()
    for cap in rule.caps:
        key = normal_category(cap.category)
        if not key:
            raise InvalidInput("caps", "every cap names its category")
        if key in seen:
            raise InvalidInput("caps", f"{cap.category!r} is capped twice")
        seen.add(key)
        if (cap.share_bp is None) == (cap.max_hundredths is None):
            raise InvalidInput("caps", f"{cap.category}: give either a share or a number")
        if cap.share_bp is not None and not 0 < cap.share_bp <= 10_000:
            raise InvalidInput(
                "caps", f"{cap.category}: a share is more than 0 % and at most 100 %"
            )
        if cap.max_hundredths is not None and cap.max_hundredths <= 0:
            raise InvalidInput("caps", f"{cap.category}: the cap must be more than 0")
    if rule.caps and not rule.credits_needed:
        raise InvalidInput("caps", "caps only apply when credits are needed")
    return rule


_CAP = re.compile(r"^(?P<cat>[^:]+):\s*(?P<num>\d+(?:\.\d{1,2})?)\s*(?P<pct>%?)$")


def parse_caps(text: str, field: str = "caps") -> tuple[CategoryCap, ...]:
    """Parse "self-paced:30, organization:20" (credits) or "self-study:50%" (share)."""
    caps = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        match = _CAP.match(part)
        if not match:
            raise InvalidInput(
                field, f"{part!r}: write a cap as category:credits or category:percent%"
            )
        category = " ".join(match["cat"].split())
        if match["pct"]:
            bp = parse_credits(match["num"], field)  # hundredths of a percent = basis points
            caps.append(CategoryCap(category, share_bp=bp))
        else:
            caps.append(CategoryCap(category, max_hundredths=parse_credits(match["num"], field)))
    return tuple(caps)


def format_caps(caps: Iterable[CategoryCap]) -> str:
    """The text parse_caps reads back."""
    out = []
    for cap in caps:
        if cap.share_bp is not None:
            whole, rest = divmod(cap.share_bp, 100)
            out.append(f"{cap.category}:{f'{whole}.{rest:02d}'.rstrip('0').rstrip('.')}%")
        else:
            whole, rest = divmod(cap.max_hundredths or 0, 100)
            out.append(f"{cap.category}:{f'{whole}.{rest:02d}'.rstrip('0').rstrip('.')}")
    return ", ".join(out)


def rule_for(versions: Sequence[RenewalRule], starts_on: _dt.date) -> RenewalRule | None:
    """The version in force for a cycle starting on `starts_on`: the latest one effective on or
    before that day (a new version applies to cycles starting after it, never to running ones)."""
    found = None
    for rule in sorted(versions, key=lambda r: (r.effective_on or _dt.date.min, r.version)):
        if (rule.effective_on or _dt.date.min) <= starts_on:
            found = rule
    return found


# --- cycles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cycle:
    """One validity period of a credential. ends_on None: never expires."""

    path_id: int
    seq: int
    starts_on: _dt.date
    ends_on: _dt.date | None
    renewed_on: _dt.date | None = None
    renewal_method: str = ""
    id: int | None = None

    @property
    def renewed_late(self) -> bool:
        return (
            self.renewed_on is not None
            and self.ends_on is not None
            and self.renewed_on > self.ends_on
        )


def cycle_end(starts_on: _dt.date, validity_months: int | None) -> _dt.date | None:
    """The day a cycle's credential is held until."""
    return add_months(starts_on, validity_months) if validity_months else None


def first_cycle(path_id: int, completed_on: _dt.date, validity_months: int | None) -> Cycle:
    """The cycle that a completion starts."""
    return Cycle(path_id, 1, completed_on, cycle_end(completed_on, validity_months))


def cycle_state(cycle: Cycle, today: _dt.date) -> CycleState:
    """current, renewal due (within RENEWAL_WINDOW_DAYS of its end), renewed or lapsed.

    A cycle renewed after its end stays lapsed in the history (the credential was not held
    between its end and the renewal); the next cycle carries on from the old anchor."""
    if cycle.renewed_on is not None:
        return CycleState.LAPSED if cycle.renewed_late else CycleState.RENEWED
    if cycle.ends_on is None:
        return CycleState.CURRENT
    if today > cycle.ends_on:
        return CycleState.LAPSED
    if (cycle.ends_on - today).days <= RENEWAL_WINDOW_DAYS:
        return CycleState.RENEWAL_DUE
    return CycleState.CURRENT


def next_cycle(previous: Cycle, validity_months: int | None, renewed_on: _dt.date) -> Cycle:
    """The cycle a renewal recorded on `renewed_on` starts: from the previous expiry.

    Refused: renewing a credential that never expires, a cycle already renewed, a renewal dated
    before the cycle began, and a renewal so late that the next cycle would be over already (the
    holder must pass the exam again: record a new completion)."""
    if previous.ends_on is None:
        raise InvalidInput("path", "this credential never expires; there is nothing to renew")
    if previous.renewed_on is not None:
        raise InvalidInput(
            "path", f"cycle {previous.seq} was already renewed on {previous.renewed_on}"
        )
    if renewed_on < previous.starts_on:
        raise InvalidInput("on", f"cannot be before the cycle began on {previous.starts_on}")
    ends = cycle_end(previous.ends_on, validity_months)
    if ends is not None and renewed_on > ends:
        raise InvalidInput(
            "on",
            f"the credential lapsed on {previous.ends_on} and the next cycle would have ended on "
            f"{ends}; a credential lapsed that long is earned again: record a new completion",
        )
    return Cycle(previous.path_id, previous.seq + 1, previous.ends_on, ends)


def reminder_bucket(days: int | None) -> int | None:
    """The reminder a renewal falls in: 90, 60, 30 or 7 days (the smallest that covers it), or
    None when it is further away, never expires or has lapsed."""
    if days is None or days < 0:
        return None
    for limit in sorted(REMINDER_DAYS):
        if days <= limit:
            return limit
    return None


# --- credits earned vs needed --------------------------------------------------------------


@dataclass(frozen=True)
class CreditActivity:
    """Continuing education earned in a cycle."""

    cycle_id: int
    earned_on: _dt.date
    title: str
    credits: int  # hundredths of `unit`
    unit: CreditUnit = CreditUnit.HOURS
    provider: str = ""
    category: str = ""
    attachment_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class CategoryTally:
    category: str
    earned_centihours: int
    counted_centihours: int
    limit_centihours: int | None


@dataclass(frozen=True)
class CreditTally:
    """Credits earned in a cycle against its rule, caps applied (all in centihours)."""

    unit: CreditUnit
    needed_centihours: int
    earned_centihours: int
    counted_centihours: int
    categories: tuple[CategoryTally, ...] = field(default=())

    @property
    def met(self) -> bool:
        return self.counted_centihours >= self.needed_centihours

    @property
    def short_centihours(self) -> int:
        return max(0, self.needed_centihours - self.counted_centihours)

    def describe(self) -> str:
        text = (
            f"{format_centihours(self.counted_centihours, self.unit)} of "
            f"{format_centihours(self.needed_centihours, self.unit)}"
        )
        if self.counted_centihours != self.earned_centihours:
            text += (
                f" ({format_centihours(self.earned_centihours, self.unit)} earned, caps applied)"
            )
        if self.met:
            return text + " — renewal met"
        return text + f" — {format_centihours(self.short_centihours, self.unit)} short"


def tally_credits(rule: RenewalRule | None, activities: Iterable[CreditActivity]) -> CreditTally:
    """Credits earned vs needed: each capped category counts at most its limit."""
    unit = rule.unit if rule else CreditUnit.HOURS
    needed = rule.needed_centihours if rule else 0
    caps = {normal_category(c.category): c for c in (rule.caps if rule else ())}
    earned_by: dict[str, int] = {}
    names: dict[str, str] = {}
    for activity in activities:
        key = normal_category(activity.category)
        names.setdefault(key, " ".join(activity.category.split()) or "(no category)")
        earned_by[key] = earned_by.get(key, 0) + to_centihours(activity.credits, activity.unit)
    categories = []
    for key in sorted(earned_by, key=lambda k: names[k].casefold()):
        cap = caps.get(key)
        limit = cap.limit_centihours(rule) if cap and rule else None
        earned = earned_by[key]
        counted = earned if limit is None else min(earned, limit)
        categories.append(CategoryTally(names[key], earned, counted, limit))
    return CreditTally(
        unit=unit,
        needed_centihours=needed,
        earned_centihours=sum(earned_by.values()),
        counted_centihours=sum(c.counted_centihours for c in categories),
        categories=tuple(categories),
    )


def check_renewal(tally: CreditTally, method: RenewalMethod) -> None:
    """A renewal by credits needs the rule met; a renewal by exam does not."""
    if method == RenewalMethod.CREDITS and not tally.met:
        short = format_centihours(tally.short_centihours, tally.unit)
        raise InvalidInput(
            "credits",
            f"the renewal rule is not met yet: {short} short (record more activities, or renew "
            "by passing the exam again)",
        )


def check_activity_date(cycle: Cycle, earned_on: _dt.date) -> None:
    """An activity counts in the cycle whose dates contain it."""
    if earned_on < cycle.starts_on or (cycle.ends_on is not None and earned_on > cycle.ends_on):
        end = cycle.ends_on or "now"
        raise InvalidInput(
            "earned_on", f"{earned_on} is outside cycle {cycle.seq} ({cycle.starts_on} to {end})"
        )


# --- proof of completion -------------------------------------------------------------------


def proof_deadline(completed_on: _dt.date, proof_days: int | None) -> _dt.date | None:
    """The day proof is due under the agreement (None: no agreement asks for it)."""
    return None if proof_days is None else completed_on + _dt.timedelta(days=proof_days)


def proof_state(
    has_proof: bool, missing_reason: str, deadline: _dt.date | None, today: _dt.date
) -> ProofState:
    """attached, missing (completed without proof, reason recorded), due or overdue."""
    if has_proof:
        return ProofState.ATTACHED
    if deadline is not None and today > deadline:
        return ProofState.OVERDUE
    if missing_reason.strip() and deadline is None:
        return ProofState.MISSING
    return ProofState.DUE
