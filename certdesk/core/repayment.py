"""The repayment engine: what a departing manager owes under the agreement they signed.

Pure functions over `Terms` (see repayment_types). Money is int cents, percentages are basis
points (10000 = 100 %), and every amount is computed with integers, rounded half up to the cent.

One rule produces every number: `_owed_fraction` says which fraction of an amount is owed after
m full months. `calculate` (the repayment statement) and `schedule_table` (the month-band table on
the acknowledgment form) both go through `owed_for_clock`, so the form the manager signs and the
amount computed at departure can never disagree.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import replace

from certdesk.core.errors import InvalidInput
from certdesk.core.leave import Leave, band_day, months_served, pause_words
from certdesk.core.money import format_cents, mul_div_half_up
from certdesk.core.reasons import parse_reason, upgrade_reason
from certdesk.core.repayment_types import (
    CLOCKS,
    DEPARTURE_REASONS,
    SCHEDULES,
    BandRow,
    Calculation,
    CalculationLine,
    Clock,
    Payment,
    ProgramEnd,
    Schedule,
    ScheduleBlock,
    Terms,
    Tier,
    reason_words,
)

FULL_BP = 10000
# A sanity bound, not a policy: commitments are a few years, and add_months must stay far from
# the year 9999 limit of datetime.date when the form prints the last band.
MAX_MONTHS = 600

_MONTHS_TEXT = re.compile(r"^-?\d+$")
_PERCENT_TEXT = re.compile(r"^(?P<sign>-?)(?P<int>\d+)(?:\.(?P<frac>\d+))?$")


# --------------------------------------------------------------------------------------------
# Formatting helpers


def format_percent(bp: int) -> str:
    """Basis points as a percentage without needless zeros: 10000 → "100", 6667 → "66.67"."""
    whole, frac = divmod(bp, 100)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac:02d}".rstrip("0")


def _pct(bp: int) -> str:
    return f"{format_percent(bp)} %"


def _months(n: int) -> str:
    return f"{n} full month" if n == 1 else f"{n} full months"


# --------------------------------------------------------------------------------------------
# Tiers and reasons: parsing and validation


def _check_tiers(tiers: Sequence[Tier], field: str) -> tuple[Tier, ...]:
    """The shared band rules, for parsed text and for Terms built in code alike."""
    if not tiers:
        raise InvalidInput(field, "enter at least one band, e.g. 6:100,12:75,18:50,24:25")
    previous: Tier | None = None
    for tier in tiers:
        k, p = tier.before_month, tier.percent_bp
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise InvalidInput(
                field, f"band month {k!r} must be a whole number of months, 1 or more"
            )
        if not isinstance(p, int) or isinstance(p, bool) or not 0 <= p <= FULL_BP:
            raise InvalidInput(field, f"band {k}: the percentage must be from 0 to 100")
        if previous is not None:
            if k <= previous.before_month:
                raise InvalidInput(
                    field,
                    f"band months must increase: {k} comes after {previous.before_month}",
                )
            if p > previous.percent_bp:
                raise InvalidInput(
                    field,
                    f"percentages must not rise from one band to the next: "
                    f"{format_percent(p)} % before month {k} is more than "
                    f"{format_percent(previous.percent_bp)} % before month {previous.before_month}",
                )
        previous = tier
    return tuple(tiers)


def _parse_percent_bp(text: str, item: str, field: str) -> int:
    raw = text.strip().removesuffix("%").strip()
    match = _PERCENT_TEXT.match(raw)
    if not match:
        raise InvalidInput(field, f"{text.strip()!r} in band {item!r} is not a percentage")
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise InvalidInput(
            field, f"{raw!r} in band {item!r} has more than two decimals (write e.g. 66.67)"
        )
    bp = int(match["int"]) * 100 + int(frac.ljust(2, "0") or "0")
    if match["sign"] and bp != 0:
        raise InvalidInput(field, f"{raw!r} in band {item!r} is below 0 %")
    if bp > FULL_BP:
        raise InvalidInput(field, f"{raw!r} in band {item!r} is over 100 %")
    return bp


def parse_tiers(text: str, field: str = "tiers") -> tuple[Tier, ...]:
    """Parse bands "6:100,12:75,18:50,24:25" (each "before month K: P %", P up to 2 decimals).

    Rejects, naming `field`: empty text, a band that is not K:P, K not a whole number ≥ 1,
    K not strictly increasing, P not a number, below 0, over 100 or with more than two
    decimals, and P rising from one band to the next.
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(field, "enter at least one band, e.g. 6:100,12:75,18:50,24:25")
    tiers: list[Tier] = []
    for item in raw.split(","):
        item = item.strip()
        if not item:
            raise InvalidInput(field, f"{raw!r} has an empty band; separate bands with one comma")
        parts = item.split(":")
        if len(parts) != 2:
            raise InvalidInput(
                field, f"{item!r} is not a band; write each band as MONTH:PERCENT, e.g. 12:75"
            )
        k_text, p_text = parts[0].strip(), parts[1]
        if not _MONTHS_TEXT.match(k_text):
            raise InvalidInput(
                field, f"{k_text!r} in band {item!r} is not a whole number of months"
            )
        k = int(k_text)
        if k < 1:
            raise InvalidInput(field, f"band {item!r}: the month must be 1 or more")
        tiers.append(Tier(k, _parse_percent_bp(p_text, item, field)))
    return _check_tiers(tiers, field)


def format_tiers(tiers: Sequence[Tier]) -> str:
    """The inverse of parse_tiers: "6:100,12:75,18:50,24:25" (decimals as "66.67")."""
    return ",".join(f"{t.before_month}:{format_percent(t.percent_bp)}" for t in tiers)


def parse_reasons(text: str | None, field: str = "waive") -> tuple[str, ...]:
    """Parse a reason list "layoff,death" into known departure reasons (in order, no repeats).

    Spaces and hyphens read as underscores ("dismissed-other"); earlier spellings read as their
    new reason; an empty text or "none" means no reason at all (a policy that waives nothing).
    """
    raw = (text or "").strip()
    if not raw or raw.lower() == "none":
        return ()
    reasons: list[str] = []
    for item in raw.split(","):
        if not item.strip():
            raise InvalidInput(field, f"{raw!r} has an empty reason; separate reasons with commas")
        reason, _ = parse_reason(item, field)
        if reason.value not in reasons:
            reasons.append(reason.value)
    return tuple(reasons)


def validate_terms(terms: Terms) -> Terms:
    """Check repayment terms and return them (tiers and waivers as tuples).

    Errors name the field: "amount" (an int ≥ 0), "months" (1 to MAX_MONTHS), "schedule",
    "clock", "tiers" (present only with schedule tiers, valid bands, last band = months),
    "waive" (every waived reason a known departure reason).
    """
    amount = terms.amount_cents
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise InvalidInput("amount", "the repayable amount must be 0.00 or more")
    months = terms.months
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise InvalidInput("months", "the commitment must be at least 1 month")
    if months > MAX_MONTHS:
        raise InvalidInput("months", f"the commitment must be at most {MAX_MONTHS} months")
    if terms.schedule not in SCHEDULES:
        raise InvalidInput(
            "schedule", f"unknown schedule {terms.schedule!r}; use one of {', '.join(SCHEDULES)}"
        )
    if terms.clock not in CLOCKS:
        raise InvalidInput("clock", f"unknown clock {terms.clock!r}; use commitment or per-payment")
    tiers = tuple(terms.tiers or ())
    if terms.schedule == Schedule.TIERS:
        tiers = _check_tiers(tiers, "tiers")
        if tiers[-1].before_month != months:
            raise InvalidInput(
                "tiers",
                f"the last band ends before month {tiers[-1].before_month} but the commitment "
                f"is {months} months; they must be the same",
            )
    elif tiers:
        raise InvalidInput(
            "tiers", f"bands are only used with schedule tiers, not {terms.schedule}"
        )
    # Frozen terms of earlier versions keep their old spellings: read them as today's reasons.
    waived = tuple(dict.fromkeys(upgrade_reason(r) for r in terms.waived_reasons or ()))
    for reason in waived:
        if reason not in DEPARTURE_REASONS:
            raise InvalidInput(
                "waive", f"unknown reason {reason!r}; use one of {', '.join(DEPARTURE_REASONS)}"
            )
    before = terms.before_start_bp
    if not isinstance(before, int) or isinstance(before, bool) or not 0 <= before <= FULL_BP:
        raise InvalidInput("before_start", "the share owed before the start must be 0 to 100 %")
    if tiers != terms.tiers or waived != terms.waived_reasons:
        terms = replace(terms, tiers=tiers, waived_reasons=waived)
    return terms


# --------------------------------------------------------------------------------------------
# The one rule


def _owed_fraction(terms: Terms, m: int) -> tuple[int, int, str]:
    """(numerator, denominator, why) of the fraction of an amount owed after m full months.

    m < 0 stands for "left before the clock started": the policy's before-start share (the whole
    amount by default, DESIGN.md). The caller rounds amount × numerator / denominator half up —
    once, with integers.
    """
    n = terms.months
    if m < 0:
        share = terms.before_start_bp
        return share, FULL_BP, f"left before the clock started: {_pct(share)} owed"
    if m >= n:
        return 0, 1, f"{_months(m)} served of {n}: commitment fulfilled, nothing owed"
    served = f"{_months(m)} served of {n}"
    if terms.schedule == Schedule.PRORATED:
        return n - m, n, f"{served}; prorated: ({n} - {m}) / {n} = {n - m}/{n} owed"
    if terms.schedule == Schedule.STEPPED:
        quarters = (4 * m) // n
        return (
            4 - quarters,
            4,
            f"{served}; stepped: floor(4 × {m} / {n}) = {quarters} quarter(s) served, "
            f"{4 - quarters}/4 = {_pct(2500 * (4 - quarters))} owed",
        )
    if terms.schedule == Schedule.FULL:
        return 1, 1, f"{served}; full repayment before month {n}: 100 % owed"
    if terms.schedule == Schedule.TIERS:
        for tier in terms.tiers:
            if m < tier.before_month:
                return (
                    tier.percent_bp,
                    FULL_BP,
                    f"{served}; band before month {tier.before_month}: "
                    f"{_pct(tier.percent_bp)} owed",
                )
        # validate_terms guarantees the last band ends at n, so m < n always finds a band.
        raise AssertionError("tiers do not cover the commitment")  # pragma: no cover
    raise InvalidInput("schedule", f"unknown schedule {terms.schedule!r}")


def percent_owed_bp(terms: Terms, months_served: int) -> int:
    """Basis points of the amount owed after `months_served` full months (negative = before start).

    Exact for stepped, full and tiers; for prorated (N − m)/N is rarely a whole basis point, so
    this is that fraction rounded half up, for display only — amounts are never computed from it.
    """
    num, den, _ = _owed_fraction(terms, months_served)
    return mul_div_half_up(FULL_BP, num, den)


def _owed_cents(amount_cents: int, terms: Terms, m: int) -> int:
    num, den, _ = _owed_fraction(terms, m)
    # num ≤ den always, so this never exceeds the amount; min() keeps that promise explicit.
    return min(amount_cents, mul_div_half_up(amount_cents, num, den))


def owed_for_clock(
    amount_cents: int,
    terms: Terms,
    start: _dt.date,
    departure: _dt.date,
    leaves: Sequence[Leave] = (),
) -> tuple[int, int, str]:
    """One clock: (months served, owed cents, explanation) for `amount_cents` started on `start`.

    Uses the schedule, months and tiers of `terms` (not its amount, not its waivers). A departure
    before `start` owes the whole amount and reports 0 months served. Unpaid `leaves` pause the
    clock (core.leave): months are counted with every later date moved by their length.
    """
    if departure < start:
        m = -1
    else:
        m = months_served(start, departure, leaves)
    num, den, why = _owed_fraction(terms, m)
    owed = _owed_cents(amount_cents, terms, m)
    a, o = format_cents(amount_cents), format_cents(owed)
    if m < 0:
        share = "the whole amount" if num == den else f"{_pct(num)} of {a}"
        explanation = (
            f"left on {departure}, before the clock started on {start}: {share} is owed, {o}"
        )
        return 0, owed, explanation
    paused = pause_words(start, [leave for leave in leaves if leave.first_day <= departure])
    head = f"started {start}, left {departure}" + (f" ({paused})" if paused else "") + f": {why}"
    # Say so only when rounding happened, so the reader can redo the sum exactly.
    rounded = " (rounded half up to the cent)" if (amount_cents * num) % den else ""
    if num == 0:
        explanation = f"{head}; owed 0.00"
    elif num == den:
        explanation = f"{head}: {a}"
    elif den == FULL_BP:
        explanation = f"{head}: {a} × {_pct(num)} = {o}{rounded}"
    else:
        explanation = f"{head}: {a} × {num}/{den} = {o}{rounded}"
    return m, owed, explanation


# --------------------------------------------------------------------------------------------
# Calculation at departure


def _describe_schedule(terms: Terms) -> str:
    if terms.schedule == Schedule.TIERS:
        bands = "; ".join(
            f"before month {t.before_month}: {_pct(t.percent_bp)}" for t in terms.tiers
        )
        what = f"tiers ({bands})"
    elif terms.schedule == Schedule.STEPPED:
        what = "stepped (100 / 75 / 50 / 25 % by quarter of the commitment)"
    elif terms.schedule == Schedule.FULL:
        what = "full (the whole amount until the commitment is served)"
    else:
        what = "prorated (reduced month by month)"
    clock = (
        "each payment starts its own clock on the day it was paid"
        if terms.clock == Clock.PER_PAYMENT
        else "one clock for the whole amount"
    )
    return f"Schedule: {what}, over {terms.months} months; {clock}."


def _after_program_end(
    amount_cents: int,
    terms: Terms,
    departure: _dt.date,
    end: ProgramEnd,
    leaves: Sequence[Leave] = (),
) -> CalculationLine:
    """A departure after the program ended without the credential (a bounded obligation):
    the policy's rule, never beyond the commitment's latest possible end (moved by unpaid
    leave like every other commitment date)."""
    n = terms.months
    latest_start = end.deadline or end.ended_on
    last_day = band_day(latest_start, n, leaves) - _dt.timedelta(days=1)
    ended = (
        f"the completion deadline {end.ended_on} passed without the credential"
        if end.ended_on == end.deadline
        else f"the program ended on {end.ended_on} without the credential"
    )
    label = f"Repayable amount {format_cents(amount_cents)}"
    if departure > last_day:
        why = (
            f"{ended}; had it been completed by its deadline {latest_start}, the commitment "
            f"would have ended on {last_day}; leaving on {departure}, after that, owes nothing"
        )
        return CalculationLine(label, None, amount_cents, n, 0, 0, why)
    if end.rule == "nothing_owed":
        why = f"{ended}; under the policy nothing is owed when a program ends without it"
        return CalculationLine(label, None, amount_cents, 0, 0, 0, why)
    if end.rule == "before_start_due":
        owed = _owed_cents(amount_cents, terms, -1)
        why = (
            f"{ended}; under the policy the amount for leaving before the start applies "
            f"until {last_day}: {_pct(terms.before_start_bp)} of {format_cents(amount_cents)} "
            f"= {format_cents(owed)}"
        )
        return CalculationLine(label, None, amount_cents, 0, terms.before_start_bp, owed, why)
    m, owed, explanation = owed_for_clock(amount_cents, terms, end.ended_on, departure, leaves)
    why = f"{ended}, so the commitment clock started that day; {explanation}"
    return CalculationLine(
        label, end.ended_on, amount_cents, m, percent_owed_bp(terms, m), owed, why
    )


def payment_label(payment: Payment) -> str:
    """ "Payment of 2,000.00 on 2026-01-15" (plus the cost line's own label, if any)."""
    text = f"Payment of {format_cents(payment.amount_cents)} on {payment.paid_on}"
    return f"{text} ({payment.label})" if payment.label else text


def _check_payments(payments: Sequence[Payment], departure: _dt.date | None) -> None:
    if not payments:
        raise InvalidInput(
            "payment", "the per-payment clock needs at least one company payment with its date"
        )
    for number, payment in enumerate(payments, start=1):
        name = f"payment {number}" + (f" ({payment.label})" if payment.label else "")
        amount = payment.amount_cents
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise InvalidInput("payment", f"{name}: the amount must be 0.00 or more")
        if payment.paid_on is None:
            raise InvalidInput(
                "payment",
                f"{name} of {format_cents(amount)} has no paid-on date, so its clock cannot start",
            )
        if departure is not None and payment.paid_on > departure:
            raise InvalidInput(
                "payment",
                f"{name} of {format_cents(amount)} was paid on {payment.paid_on}, after the "
                f"departure on {departure}; it cannot be part of this repayment",
            )


def calculate(
    terms: Terms,
    departure: _dt.date,
    reason: str,
    *,
    start: _dt.date | None = None,
    payments: Sequence[Payment] = (),
    before_start_text: str = "",
    program_end: ProgramEnd | None = None,
    leaves: Sequence[Leave] = (),
) -> Calculation:
    """What is owed when the manager leaves on `departure` for `reason`, step by step.

    - A reason in terms.waived_reasons owes 0 (waived=True); start and payments are not needed.
    - commitment clock: one clock from `start` for terms.amount_cents. `start=None` means the
      commitment has not started yet (e.g. the certification is not completed, so there is no
      completion date): that is "left before the commitment began", and the policy's
      before-start share is owed (terms.before_start_bp, the whole amount by default); so is a
      departure before `start`. `before_start_text` says in words when the commitment would
      have started ("when the certification is completed (planned 2026-06-30)").
    - program_end (commitment clock, not started): the program ended without the credential
      before the departure; the policy's rule applies (_after_program_end), and nothing is owed
      from the day the commitment would have ended had it been completed by its deadline.
    - per_payment clock: each payment is its own clock (S = paid_on, A = its amount); each share
      is rounded half up, then the shares are summed. The total is capped at terms.amount_cents,
      the agreement's repayable amount (callers with no separate amount pass the payments' sum).
      No payments, a payment without paid_on or paid after `departure` → InvalidInput("payment").
    - leaves: the manager's leaves of absence; unpaid ones pause every clock (core.leave).

    Unknown reason → InvalidInput("reason"); invalid terms → InvalidInput naming the field.
    """
    terms = validate_terms(terms)
    reason = upgrade_reason(reason)
    if reason not in DEPARTURE_REASONS:
        raise InvalidInput(
            "reason", f"unknown reason {reason!r}; use one of {', '.join(DEPARTURE_REASONS)}"
        )
    per_payment = terms.clock == Clock.PER_PAYMENT
    steps: list[str] = []

    if reason in terms.waived_reasons:
        amount = terms.amount_cents
        if per_payment and payments:
            amount = min(amount, sum(p.amount_cents for p in payments))
        steps.append(
            f"Reason for leaving: {reason_words(reason)}. The agreement waives repayment for "
            f"this reason (waived: {', '.join(map(reason_words, terms.waived_reasons))})."
        )
        steps.append("Amount owed: 0.00.")
        return Calculation(
            owed_cents=0, amount_cents=amount, reason=reason, waived=True, steps=tuple(steps)
        )

    waived_text = ", ".join(map(reason_words, terms.waived_reasons)) or "none"
    steps.append(
        f"Reason for leaving: {reason_words(reason)}. Not a waived reason (waived: {waived_text}), "
        "so the repayment schedule applies."
    )
    steps.append(_describe_schedule(terms))
    lines: list[CalculationLine] = []
    before_start = False

    if not per_payment:
        amount = terms.amount_cents
        not_started = start is None or departure < start
        if not_started and program_end is not None and program_end.ended_on <= departure:
            line = _after_program_end(amount, terms, departure, program_end, leaves)
            owed = line.owed_cents
            steps.append(f"{line.label}: {line.explanation}.")
            lines.append(line)
        elif not_started:
            before_start = True
            when = before_start_text or (
                f"on {start}" if start else "later (it has no start date yet)"
            )
            num, den, _ = _owed_fraction(terms, -1)
            owed = _owed_cents(amount, terms, -1)
            share = "the whole amount" if num == den else f"{_pct(num)} of it"
            explanation = (
                f"left on {departure}, before the commitment started (it starts {when}): "
                f"the policy's amount for leaving before the start applies, {share}: "
                f"{format_cents(owed)}"
            )
            label = f"Repayable amount {format_cents(amount)}"
            steps.append(f"{label}: {explanation}.")
            lines.append(
                CalculationLine(
                    label=label,
                    start=None,
                    amount_cents=amount,
                    months_served=0,
                    percent_bp=terms.before_start_bp,
                    owed_cents=owed,
                    explanation=explanation,
                )
            )
        else:
            m, owed, explanation = owed_for_clock(amount, terms, start, departure, leaves)
            label = f"Repayable amount {format_cents(amount)}"
            steps.append(f"{label}: {explanation}.")
            lines.append(
                CalculationLine(
                    label=label,
                    start=start,
                    amount_cents=amount,
                    months_served=m,
                    percent_bp=percent_owed_bp(terms, m),
                    owed_cents=owed,
                    explanation=explanation,
                )
            )
    else:
        _check_payments(payments, departure)
        shares: list[int] = []
        for payment in payments:
            assert payment.paid_on is not None  # checked above
            m, share, explanation = owed_for_clock(
                payment.amount_cents, terms, payment.paid_on, departure, leaves
            )
            label = payment_label(payment)
            steps.append(f"{label}: {explanation}.")
            shares.append(share)
            lines.append(
                CalculationLine(
                    label=label,
                    start=payment.paid_on,
                    amount_cents=payment.amount_cents,
                    months_served=m,
                    percent_bp=percent_owed_bp(terms, m),
                    owed_cents=share,
                    explanation=explanation,
                )
            )
        total = sum(shares)
        paid = sum(p.amount_cents for p in payments)
        if len(shares) > 1:
            steps.append(
                "Total of the shares: "
                + " + ".join(format_cents(s) for s in shares)
                + f" = {format_cents(total)}."
            )
        amount = min(paid, terms.amount_cents)
        owed = total
        if total > terms.amount_cents:
            owed = terms.amount_cents
            steps.append(
                f"Capped at the agreement's repayable amount: {format_cents(terms.amount_cents)}."
            )

    steps.append(f"Amount owed: {format_cents(owed)}.")
    return Calculation(
        owed_cents=owed,
        amount_cents=amount,
        reason=reason,
        waived=False,
        lines=tuple(lines),
        steps=tuple(steps),
        before_start=before_start,
    )


# --------------------------------------------------------------------------------------------
# The table printed on the acknowledgment form


def _band_rows(
    amount_cents: int, terms: Terms, start: _dt.date, leaves: Sequence[Leave] = ()
) -> tuple[BandRow, ...]:
    """Month-by-month rows, adjacent months with the same result merged, then the 0 row.

    Each month's amount comes from owed_for_clock on the first day of that month, i.e. from
    exactly the code `calculate` runs for a departure on that day. Months merge when both the
    amount and the printed percentage are the same (so a tiny prorated amount whose cents stop
    changing still prints each month's true percentage).
    """
    n = terms.months
    days = [band_day(start, m, leaves) for m in range(n + 1)]
    per_month: list[tuple[int, int]] = []
    for m in range(n):
        served, owed, _ = owed_for_clock(amount_cents, terms, start, days[m], leaves)
        assert served == m  # band days are strictly increasing, so month m starts here
        per_month.append((owed, percent_owed_bp(terms, m)))
    rows: list[BandRow] = []
    first = 0
    while first < n:
        end = first + 1  # exclusive
        while end < n and per_month[end] == per_month[first]:
            end += 1
        owed, bp = per_month[first]
        rows.append(
            BandRow(
                first_day=days[first],
                last_day=days[end] - _dt.timedelta(days=1),
                months_from=first,
                months_to=end,
                percent_bp=bp,
                owed_cents=owed,
            )
        )
        first = end
    rows.append(
        BandRow(
            first_day=days[n],
            last_day=None,
            months_from=n,
            months_to=None,
            percent_bp=0,
            owed_cents=0,
        )
    )
    return tuple(rows)


def before_start_row(terms: Terms, start: _dt.date, label: str) -> BandRow:
    """The first row of a commitment table: leaving before the commitment starts."""
    return BandRow(
        first_day=start,
        last_day=start - _dt.timedelta(days=1),
        months_from=-1,
        months_to=0,
        percent_bp=terms.before_start_bp,
        owed_cents=_owed_cents(terms.amount_cents, terms, -1),
        before_start=True,
        label=label,
    )


def schedule_table(
    terms: Terms,
    *,
    start: _dt.date | None,
    payments: Sequence[Payment] = (),
    before_start_label: str = "",
    leaves: Sequence[Leave] = (),
) -> tuple[ScheduleBlock, ...]:
    """The month-band table for the acknowledgment form: one block per clock.

    Each BandRow gives the first and last departure date of the band (months_from ≤ months
    served < months_to), its percentage (rounded for display under prorated) and the exact amount
    owed — computed by the same code as `calculate`. Adjacent months owing the same amount are
    merged (prorated: one row per month; stepped: 4 rows; tiers: one per band), and a last row
    "from add_months(S, N) on: 0" (last_day and months_to None).

    commitment clock: `start` is required. While the commitment has not started (it begins at
    completion), services pass the planned date and say on the form that the dates are
    provisional. per_payment clock: one block per payment, `start` is ignored.
    `before_start_label` (commitment clock) prepends the before-start row with that label, e.g.
    "Leaving before the certification is completed" — what leaving at any time before the
    commitment starts costs, so nobody dates a band from a provisional day.
    Waivers do not appear here: the table is for a repayable departure. Unpaid `leaves` move
    every band date after their first day by their length (core.leave).
    """
    terms = validate_terms(terms)
    if terms.clock == Clock.PER_PAYMENT:
        _check_payments(payments, None)
        blocks = []
        for payment in payments:
            assert payment.paid_on is not None
            blocks.append(
                ScheduleBlock(
                    start=payment.paid_on,
                    amount_cents=payment.amount_cents,
                    label=payment_label(payment),
                    rows=_band_rows(payment.amount_cents, terms, payment.paid_on, leaves),
                )
            )
        return tuple(blocks)
    if start is None:
        raise InvalidInput(
            "start",
            "the commitment has not started; pass the planned start date to print the schedule",
        )
    rows = _band_rows(terms.amount_cents, terms, start, leaves)
    if before_start_label:
        rows = (before_start_row(terms, start, before_start_label), *rows)
    return (
        ScheduleBlock(
            start=start,
            amount_cents=terms.amount_cents,
            label=f"Repayable amount {format_cents(terms.amount_cents)} from {start}",
            rows=rows,
        ),
    )


def describe_band(row: BandRow) -> str:
    """One printed line: "leaving from 2026-03-15 to 2026-04-14: 100 %, 3,600.00"."""
    if row.before_start:
        return f"{row.label.lower()}: {_pct(row.percent_bp)}, {format_cents(row.owed_cents)}"
    if row.last_day is None:
        return f"leaving from {row.first_day} on: {_pct(row.percent_bp)}, {format_cents(0)}"
    return (
        f"leaving from {row.first_day} to {row.last_day}: {_pct(row.percent_bp)}, "
        f"{format_cents(row.owed_cents)}"
    )


def row_for(block: ScheduleBlock, departure: _dt.date, *, started: bool = True) -> BandRow | None:
    """The row of `block` that applies to a departure on `departure`.

    started False (the commitment has not started: its dates are provisional) gives the
    before-start row whatever the date. None when no row applies (before the start of a block
    printed without a before-start row).
    """
    first = block.rows[0] if block.rows else None
    if first is not None and first.before_start and (not started or departure < first.first_day):
        return first
    if not started:
        return None
    for row in block.rows:
        if row.before_start:
            continue
        if row.first_day <= departure and (row.last_day is None or departure <= row.last_day):
            return row
    return None
