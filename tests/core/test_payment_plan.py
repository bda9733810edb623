"""Repayment plans: instalments that sum exactly, due dates, no lump sum where a law forbids it.

Worked by hand: 1,725.00 in 18 monthly instalments: 1,725.00 / 18 = 95.8333…, so 17 instalments
of 95.83 (= 1,629.11) and a last one of 1,725.00 − 1,629.11 = 95.89.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certdesk.core.errors import InvalidInput
from certdesk.core.payment_plan import PaymentTerms, instalments, plan_repayment

D = dt.date


def test_instalments_sum_exactly_and_the_last_absorbs_the_cents():
    plan = instalments(172500, 18, D(2026, 10, 1))
    assert [i.amount_cents for i in plan[:-1]] == [9583] * 17
    assert plan[-1].amount_cents == 9589
    assert sum(i.amount_cents for i in plan) == 172500
    assert (plan[0].due_on, plan[1].due_on, plan[-1].due_on) == (
        D(2026, 10, 1),
        D(2026, 11, 1),
        D(2028, 3, 1),
    )


def test_month_end_due_dates_are_clamped():
    plan = instalments(300, 3, D(2026, 1, 31))
    assert [i.due_on for i in plan] == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]


@given(st.integers(0, 10**9), st.integers(1, 120))
def test_any_balance_splits_exactly(total, count):
    plan = instalments(total, count, D(2026, 1, 15))
    assert sum(i.amount_cents for i in plan) == total
    assert max(i.amount_cents for i in plan) - min(i.amount_cents for i in plan) < count


def test_a_law_that_forbids_acceleration_spreads_over_the_months_left():
    # California: 6 of 24 months served, 18 left → 18 instalments, first due 30 days on.
    plan = plan_repayment(172500, PaymentTerms(), D(2026, 9, 1), months_left=18, no_lump_sum=True)
    assert len(plan.instalments) == 18 and plan.no_lump_sum
    assert plan.first_due == D(2026, 10, 1)
    assert plan.dispute_by == D(2026, 10, 1)


def test_elsewhere_the_policy_offers_its_instalments():
    plan = plan_repayment(
        195000,
        PaymentTerms(due_days=14, max_instalments=6),
        D(2027, 3, 14),
        months_left=13,
        no_lump_sum=False,
    )
    assert plan.first_due == D(2027, 3, 28)
    assert [i.amount_cents for i in plan.instalments] == [32500] * 6


def test_a_few_cents_are_never_split_into_zero_instalments():
    plan = plan_repayment(3, PaymentTerms(), D(2027, 1, 1), months_left=24, no_lump_sum=True)
    assert [i.amount_cents for i in plan.instalments] == [1, 1, 1]


@pytest.mark.parametrize(
    ("kw", "field"), [({"max_instalments": 0}, "instalments"), ({"due_days": -1}, "due_days")]
)
def test_bad_terms_name_the_field(kw, field):
    with pytest.raises(InvalidInput) as err:
        PaymentTerms(**kw)
    assert err.value.field == field


def test_a_departure_recorded_ahead_counts_the_due_days_from_the_departure():
    # Statement on 2026-11-28 for a departure on 2027-03-14: first due 30 days after the
    # departure, 2027-04-13, never before it.
    plan = plan_repayment(
        195000,
        PaymentTerms(),
        D(2026, 11, 28),
        months_left=12,
        no_lump_sum=False,
        not_before=D(2027, 3, 14),
    )
    assert plan.first_due == D(2027, 4, 13)
