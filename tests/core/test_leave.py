"""Leave of absence: paid leave counts, unpaid leave moves every later band date (worked by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.dates import add_months
from certdesk.core.errors import InvalidInput
from certdesk.core.leave import (
    Leave,
    band_day,
    check_leave,
    leave_length,
    length_words,
    months_served,
    pause_words,
    pauses,
)
from certdesk.core.repayment import calculate, row_for, schedule_table
from certdesk.core.repayment_types import Payment, Terms, Tier

D = dt.date
S = D(2026, 3, 15)
PRORATED = Terms(amount_cents=360000, months=24, schedule="prorated")
STEPPED = Terms(amount_cents=360000, months=24, schedule="stepped")
THREE_MONTHS_UNPAID = Leave(D(2026, 6, 1), D(2026, 8, 31), paid=False)
THREE_MONTHS_PAID = Leave(D(2026, 6, 1), D(2026, 8, 31), paid=True)


def rows(terms: Terms, leaves=(), label: str = "") -> list[tuple]:
    (block,) = schedule_table(terms, start=S, leaves=leaves, before_start_label=label)
    return [(r.first_day, r.last_day, r.percent_bp, r.owed_cents) for r in block.rows]


def test_length_counts_whole_months_then_days() -> None:
    assert leave_length(D(2026, 6, 1), D(2026, 8, 31)) == (3, 0)
    assert leave_length(D(2026, 6, 15), D(2026, 9, 14)) == (3, 0)
    assert leave_length(D(2026, 6, 10), D(2026, 6, 19)) == (0, 10)
    assert leave_length(D(2026, 1, 31), D(2026, 3, 3)) == (1, 4)  # Jan 31 + 1 month = Feb 28
    assert leave_length(D(2026, 5, 5), D(2026, 5, 5)) == (0, 1)
    assert length_words(3, 0) == "3 months"
    assert length_words(1, 4) == "1 month and 4 days"
    assert length_words(0, 1) == "1 day"


def test_three_unpaid_months_move_every_later_band_day_by_three_months() -> None:
    # 2026-06-15 (month 3) falls after the leave began on 2026-06-01: served on 2026-09-15.
    assert band_day(S, 2, [THREE_MONTHS_UNPAID]) == D(2026, 5, 15)
    assert band_day(S, 3, [THREE_MONTHS_UNPAID]) == D(2026, 9, 15)
    assert band_day(S, 24, [THREE_MONTHS_UNPAID]) == D(2028, 6, 15)
    for k in range(3, 25):
        assert band_day(S, k, [THREE_MONTHS_UNPAID]) == add_months(add_months(S, k), 3)
    assert all(band_day(S, k, [THREE_MONTHS_PAID]) == add_months(S, k) for k in range(25))


def test_months_served_skip_the_unpaid_leave() -> None:
    # Without leave 2027-03-14 is 11 months served; three months were unpaid leave: 8.
    assert months_served(S, D(2027, 3, 14)) == 11
    assert months_served(S, D(2027, 3, 14), [THREE_MONTHS_UNPAID]) == 8
    assert months_served(S, D(2027, 3, 15), [THREE_MONTHS_UNPAID]) == 9
    assert months_served(S, D(2026, 8, 20), [THREE_MONTHS_UNPAID]) == 2  # during the leave
    assert months_served(S, D(2027, 3, 14), [THREE_MONTHS_PAID]) == 11


def test_prorated_table_moves_every_date_after_the_leave_by_three_months() -> None:
    plain = rows(PRORATED)
    moved = rows(PRORATED, [THREE_MONTHS_UNPAID])
    assert len(plain) == len(moved) == 25
    # Months 0 and 1 end before the leave: unchanged. Month 2 holds the leave: it ends 3 months
    # later. Every later row is the same row three months later, with the same amount.
    assert moved[0] == plain[0] == (D(2026, 3, 15), D(2026, 4, 14), 10000, 360000)
    assert moved[2] == (D(2026, 5, 15), D(2026, 9, 14), 9167, 330000)
    for before, after in zip(plain[3:-1], moved[3:-1], strict=True):
        assert after[0] == add_months(before[0], 3)
        assert after[1] == add_months(before[1] + dt.timedelta(days=1), 3) - dt.timedelta(days=1)
        assert after[2:] == before[2:]
    assert moved[-1] == (D(2028, 6, 15), None, 0, 0)
    assert plain[-1] == (D(2028, 3, 15), None, 0, 0)


def test_stepped_table_with_three_unpaid_months() -> None:
    assert rows(STEPPED) == [
        (D(2026, 3, 15), D(2026, 9, 14), 10000, 360000),
        (D(2026, 9, 15), D(2027, 3, 14), 7500, 270000),
        (D(2027, 3, 15), D(2027, 9, 14), 5000, 180000),
        (D(2027, 9, 15), D(2028, 3, 14), 2500, 90000),
        (D(2028, 3, 15), None, 0, 0),
    ]
    assert rows(STEPPED, [THREE_MONTHS_UNPAID]) == [
        (D(2026, 3, 15), D(2026, 12, 14), 10000, 360000),
        (D(2026, 12, 15), D(2027, 6, 14), 7500, 270000),
        (D(2027, 6, 15), D(2027, 12, 14), 5000, 180000),
        (D(2027, 12, 15), D(2028, 6, 14), 2500, 90000),
        (D(2028, 6, 15), None, 0, 0),
    ]


@pytest.mark.parametrize("terms", [PRORATED, STEPPED])
def test_paid_leave_moves_nothing(terms: Terms) -> None:
    assert rows(terms, [THREE_MONTHS_PAID]) == rows(terms)
    assert rows(terms, [THREE_MONTHS_PAID], "Before") == rows(terms, (), "Before")


def test_departure_owes_by_the_moved_dates() -> None:
    # Prorated 3600.00 over 24, left 2027-03-14: 11 months → 1950.00; with 3 unpaid months
    # 8 months → 3600 × 16/24 = 2400.00. Stepped: floor(4 × 8 / 24) = 1 quarter → 75 % = 2700.00.
    left = D(2027, 3, 14)
    assert calculate(PRORATED, left, "resigned", start=S).owed_cents == 195000
    moved = calculate(PRORATED, left, "resigned", start=S, leaves=[THREE_MONTHS_UNPAID])
    assert moved.owed_cents == 240000
    assert moved.lines[0].months_served == 8
    assert "unpaid leave from 2026-06-01 to 2026-08-31 (3 months)" in moved.lines[0].explanation
    stepped = calculate(STEPPED, left, "resigned", start=S, leaves=[THREE_MONTHS_UNPAID])
    assert stepped.owed_cents == 270000
    paid = calculate(PRORATED, left, "resigned", start=S, leaves=[THREE_MONTHS_PAID])
    assert paid.owed_cents == 195000
    assert "leave" not in paid.lines[0].explanation


@pytest.mark.parametrize(
    "terms",
    [
        PRORATED,
        STEPPED,
        Terms(amount_cents=250000, months=12, schedule="full"),
        Terms(
            amount_cents=450000,
            months=36,
            schedule="tiers",
            tiers=(Tier(12, 10000), Tier(24, 6600), Tier(36, 3300)),
        ),
    ],
)
def test_the_table_row_for_any_day_is_what_a_departure_that_day_owes(terms: Terms) -> None:
    leaves = [
        Leave(D(2026, 2, 20), D(2026, 3, 20), paid=False),  # began before the start
        Leave(D(2026, 7, 31), D(2026, 8, 9), paid=False),
        Leave(D(2026, 10, 1), D(2026, 12, 31), paid=True),
        Leave(D(2027, 1, 31), D(2027, 4, 2), paid=False),
    ]
    (block,) = schedule_table(terms, start=S, leaves=leaves)
    day = S
    while day < block.rows[-1].first_day + dt.timedelta(days=3):
        row = row_for(block, day)
        owed = calculate(terms, day, "resigned", start=S, leaves=leaves).owed_cents
        assert row is not None and row.owed_cents == owed, day
        day += dt.timedelta(days=3)


def test_per_payment_clocks_each_pause_from_their_own_start() -> None:
    terms = Terms(
        amount_cents=350000,
        months=24,
        schedule="tiers",
        tiers=(Tier(6, 10000), Tier(12, 7500), Tier(18, 5000), Tier(24, 2500)),
        clock="per_payment",
    )
    payments = [Payment(D(2026, 1, 15), 200000), Payment(D(2026, 7, 20), 150000)]
    leave = Leave(D(2026, 6, 1), D(2026, 8, 31), paid=False)
    first, second = schedule_table(terms, start=None, payments=payments, leaves=[leave])
    assert first.rows[1].first_day == D(2026, 10, 15)  # 2026-07-15 + 3 months
    # The second clock started during the leave: only 2026-07-20 to 2026-08-31 pauses it
    # (1 month and 12 days), so its first band ends on 2027-03-03, not 2027-01-19.
    assert pauses(D(2026, 7, 20), [leave])[0].months == 1
    assert second.rows[1].first_day == D(2027, 3, 4)


def test_a_leave_before_the_start_pauses_nothing_and_one_across_it_only_its_later_part() -> None:
    assert pause_words(S, [Leave(D(2025, 1, 1), D(2026, 3, 14), paid=False)]) == ""
    across = Leave(D(2026, 3, 1), D(2026, 4, 14), paid=False)
    assert band_day(S, 0, [across]) == S
    assert band_day(S, 1, [across]) == D(2026, 5, 15)  # 1 month from 03-15 to 04-14


def test_check_leave_names_the_field() -> None:
    with pytest.raises(InvalidInput) as err:
        check_leave(D(2026, 6, 1), D(2026, 5, 31))
    assert err.value.field == "to"
    existing = [THREE_MONTHS_UNPAID]
    with pytest.raises(InvalidInput) as err:
        check_leave(D(2026, 8, 31), D(2026, 9, 30), existing)
    assert err.value.field == "from"
    assert "2026-06-01 to 2026-08-31" in str(err.value)
    assert check_leave(D(2026, 9, 1), D(2026, 9, 30), existing) == (D(2026, 9, 1), D(2026, 9, 30))
