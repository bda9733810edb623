"""Properties of the repayment engine over random terms and dates (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from certdesk.core.dates import add_months
from certdesk.core.repayment import (
    calculate,
    format_tiers,
    parse_tiers,
    percent_owed_bp,
    row_for,
    schedule_table,
)
from certdesk.core.repayment_types import (
    DEFAULT_WAIVED_REASONS,
    OTHER_REASONS,
    Payment,
    Terms,
    Tier,
)

FAST = settings(max_examples=200, deadline=None)

amounts = st.integers(min_value=0, max_value=10_000_000_00)
starts = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
repayable_reasons = st.sampled_from(OTHER_REASONS)


@st.composite
def tiers_for(draw, months: int) -> tuple[Tier, ...]:
    """Valid bands ending at `months`: strictly increasing K, never-rising percentages."""
    inner = (
        draw(st.sets(st.integers(min_value=1, max_value=months - 1), max_size=5))
        if months > 1
        else set()
    )
    ks = sorted(inner) + [months]
    percents = sorted(
        draw(st.lists(st.integers(0, 10000), min_size=len(ks), max_size=len(ks))), reverse=True
    )
    return tuple(Tier(k, p) for k, p in zip(ks, percents, strict=True))


@st.composite
def terms_st(draw, clock: str = "commitment") -> Terms:
    months = draw(st.integers(min_value=1, max_value=60))
    schedule = draw(st.sampled_from(["prorated", "stepped", "full", "tiers"]))
    tiers = draw(tiers_for(months)) if schedule == "tiers" else ()
    return Terms(draw(amounts), months, schedule, tiers, clock=clock)


def departure_near(start: dt.date, months: int):
    return st.integers(min_value=-90, max_value=months * 31 + 120).map(
        lambda days: start + dt.timedelta(days=days)
    )


@FAST
@given(data=st.data(), terms=terms_st(), start=starts, reason=repayable_reasons)
def test_owed_between_zero_and_amount(data, terms, start, reason):
    departure = data.draw(departure_near(start, terms.months))
    owed = calculate(terms, departure, reason, start=start).owed_cents
    assert 0 <= owed <= terms.amount_cents


@FAST
@given(data=st.data(), terms=terms_st(), start=starts, reason=repayable_reasons)
def test_owed_never_rises_as_departure_moves_later(data, terms, start, reason):
    d1 = data.draw(departure_near(start, terms.months))
    d2 = data.draw(departure_near(start, terms.months))
    early, late = min(d1, d2), max(d1, d2)
    assert (
        calculate(terms, early, reason, start=start).owed_cents
        >= calculate(terms, late, reason, start=start).owed_cents
    )


@FAST
@given(
    terms=terms_st(),
    start=starts,
    extra=st.integers(min_value=0, max_value=4000),
    reason=repayable_reasons,
)
def test_zero_once_commitment_served(terms, start, extra, reason):
    departure = add_months(start, terms.months) + dt.timedelta(days=extra)
    assert calculate(terms, departure, reason, start=start).owed_cents == 0
    assert percent_owed_bp(terms, terms.months + extra) == 0


@FAST
@given(
    data=st.data(),
    terms=terms_st(),
    start=st.none() | starts,
    reason=st.sampled_from(DEFAULT_WAIVED_REASONS),
)
def test_zero_for_waived_reasons(data, terms, start, reason):
    departure = data.draw(departure_near(start or dt.date(2026, 1, 1), terms.months))
    calc = calculate(terms, departure, reason, start=start)
    assert calc.owed_cents == 0
    assert calc.waived


@FAST
@given(
    data=st.data(),
    quarter=st.integers(min_value=1, max_value=15),
    amount=amounts,
    start=starts,
)
def test_stepped_preset_as_tiers_equals_stepped(data, quarter, amount, start):
    n = 4 * quarter
    preset = parse_tiers(f"{n // 4}:100,{n // 2}:75,{3 * n // 4}:50,{n}:25")
    departure = data.draw(departure_near(start, n))
    as_tiers = calculate(Terms(amount, n, "tiers", preset), departure, "resigned", start=start)
    stepped = calculate(Terms(amount, n, "stepped"), departure, "resigned", start=start)
    assert as_tiers.owed_cents == stepped.owed_cents


@FAST
@given(data=st.data(), terms=terms_st(), start=starts, reason=repayable_reasons)
def test_one_payment_equals_commitment_clock(data, terms, start, reason):
    departure = data.draw(
        st.integers(min_value=0, max_value=terms.months * 31 + 120).map(
            lambda days: start + dt.timedelta(days=days)
        )
    )
    per_payment = Terms(
        terms.amount_cents, terms.months, terms.schedule, terms.tiers, clock="per_payment"
    )
    a = calculate(
        per_payment, departure, reason, payments=[Payment(start, terms.amount_cents)]
    ).owed_cents
    b = calculate(terms, departure, reason, start=start).owed_cents
    assert a == b


@FAST
@given(data=st.data(), terms=terms_st(), start=starts, reason=repayable_reasons)
def test_calculate_matches_schedule_table_row(data, terms, start, reason):
    """The printed form and the calculator can never disagree."""
    (block,) = schedule_table(terms, start=start)
    departure = data.draw(departure_near(start, terms.months))
    owed = calculate(terms, departure, reason, start=start).owed_cents
    row = row_for(block, departure)
    if departure < start:
        assert row is None and owed == terms.amount_cents
    else:
        assert row is not None
        assert owed == row.owed_cents


@FAST
@given(data=st.data(), terms=terms_st(clock="per_payment"), reason=repayable_reasons)
def test_per_payment_matches_schedule_table_rows(data, terms, reason):
    departure = data.draw(st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2035, 1, 1)))
    payments = data.draw(
        st.lists(
            st.builds(
                Payment,
                st.dates(min_value=departure - dt.timedelta(days=2000), max_value=departure),
                st.integers(min_value=0, max_value=1_000_000_00),
            ),
            min_size=1,
            max_size=4,
        )
    )
    terms = Terms(
        sum(p.amount_cents for p in payments),
        terms.months,
        terms.schedule,
        terms.tiers,
        clock="per_payment",
    )
    blocks = schedule_table(terms, start=None, payments=payments)
    from_table = sum(row_for(block, departure).owed_cents for block in blocks)
    assert calculate(terms, departure, reason, payments=payments).owed_cents == from_table


@FAST
@given(data=st.data(), months=st.integers(min_value=1, max_value=120))
def test_tiers_text_round_trip(data, months):
    tiers = data.draw(tiers_for(months))
    assert parse_tiers(format_tiers(tiers)) == tiers


@FAST
@given(terms=terms_st(), start=starts)
def test_schedule_rows_are_contiguous(terms, start):
    (block,) = schedule_table(terms, start=start)
    rows = block.rows
    assert rows[0].first_day == start and rows[0].months_from == 0
    for prev, row in zip(rows, rows[1:], strict=False):
        assert prev.last_day + dt.timedelta(days=1) == row.first_day
        assert prev.months_to == row.months_from
        assert prev.owed_cents >= row.owed_cents
    assert rows[-1].last_day is None and rows[-1].owed_cents == 0
    assert rows[-1].first_day == add_months(start, terms.months)
