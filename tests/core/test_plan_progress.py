"""Payments against a plan, worked by hand: 1,400.00 in 6 instalments from 2026-10-01
(233.33 × 5 + 233.35); payments pay the oldest instalment first."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.deduction import AuthorizationOnFile, final_pay_deduction
from certdesk.core.errors import InvalidInput
from certdesk.core.hardship import HardshipOutcome, check_decision, owed_after
from certdesk.core.payment_plan import instalments
from certdesk.core.plan_progress import (
    InstalmentState,
    PaymentMade,
    PaymentMethod,
    check_payment,
    parse_method,
    track_plan,
)

D = dt.date
PLAN = instalments(140000, 6, D(2026, 10, 1))


def test_the_plan_is_233_33_five_times_and_233_35():
    assert [i.amount_cents for i in PLAN] == [23333] * 5 + [23335]
    assert [i.due_on for i in PLAN][:3] == [D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)]


def test_on_time_late_and_left():
    payments = [PaymentMade(D(2026, 10, 1), 23333), PaymentMade(D(2026, 11, 6), 23333)]
    p = track_plan(PLAN, payments, D(2026, 12, 2))
    assert [r.state for r in p.rows[:4]] == [
        InstalmentState.PAID,
        InstalmentState.PAID_LATE,
        InstalmentState.LATE,
        InstalmentState.DUE,
    ]
    assert p.rows[1].paid_on == D(2026, 11, 6) and p.rows[1].state_words == "paid late (2026-11-06)"
    assert (p.paid_cents, p.late_cents, p.left_cents) == (46666, 23333, 93334)
    assert p.summary() == ("paid 466.66 of 1,400.00; 1 instalment late (233.33); left 933.34")


def test_one_payment_spans_instalments_and_a_part_is_part_paid():
    p = track_plan(PLAN, [PaymentMade(D(2026, 10, 1), 30000)], D(2026, 10, 2))
    assert (p.rows[0].paid_cents, p.rows[1].paid_cents) == (23333, 6667)
    assert p.rows[1].state is InstalmentState.PART_PAID and p.rows[1].left_cents == 16666


def test_payments_credited_before_the_plan_pay_none_of_it():
    payments = [PaymentMade(D(2026, 9, 15), 10000), PaymentMade(D(2026, 10, 1), 23333)]
    p = track_plan(PLAN, payments, D(2026, 10, 1), credited_cents=10000)
    assert p.paid_cents == 23333 and p.rows[0].state is InstalmentState.PAID


def test_payment_checks_name_the_field():
    ok = {"departure_date": D(2026, 9, 1), "balance_cents": 140000}
    for cents, on, field in [
        (0, D(2026, 9, 2), "amount"),
        (140001, D(2026, 9, 2), "amount"),
        (100, D(2026, 8, 31), "on"),
    ]:
        with pytest.raises(InvalidInput) as err:
            check_payment(cents, on, **ok)
        assert err.value.field == field
    with pytest.raises(InvalidInput) as err:
        check_payment(
            100,
            D(2026, 9, 2),
            method=PaymentMethod.PAYROLL_DEDUCTION,
            deduction_authorized=False,
            **ok,
        )
    assert err.value.field == "method"
    assert parse_method("bank transfer") is PaymentMethod.TRANSFER
    with pytest.raises(InvalidInput):
        parse_method("bitcoin")


def test_a_decision_in_part_lowers_what_is_owed():
    d = check_decision(
        HardshipOutcome.GRANTED_PART,
        decided_on=D(2026, 10, 5),
        decided_by="Ana",
        reason="medical",
        new_owed_cents=70000,
        departure_date=D(2026, 9, 1),
        owed_cents=140000,
        received_cents=23333,
        today=D(2026, 10, 5),
    )
    assert owed_after(d, 140000) == 70000
    assert sum(i.amount_cents for i in instalments(70000 - 23333, 6, D(2026, 11, 4))) == 46667
    with pytest.raises(InvalidInput) as err:  # below what was already received
        check_decision(
            HardshipOutcome.GRANTED_PART,
            decided_on=D(2026, 10, 5),
            decided_by="Ana",
            reason="medical",
            new_owed_cents=20000,
            departure_date=D(2026, 9, 1),
            owed_cents=140000,
            received_cents=23333,
            today=D(2026, 10, 5),
        )
    assert err.value.field == "new_amount"


def test_final_pay_is_proposed_only_with_an_authorization_in_force_and_no_law_against_it():
    on = D(2026, 9, 5)
    signed = AuthorizationOnFile(D(2026, 1, 22), 15000)
    assert final_pay_deduction(signed, (), on, balance_cents=140000).proposed
    assert final_pay_deduction(signed, (), on, balance_cents=10000).max_per_period_cents == 10000
    assert not final_pay_deduction(None, (), on, balance_cents=140000).proposed
    revoked = AuthorizationOnFile(D(2026, 1, 22), 15000, revoked_on=D(2026, 9, 1))
    assert (
        "revoked in writing on 2026-09-01"
        in final_pay_deduction(revoked, (), on, balance_cents=140000).text
    )
    law = final_pay_deduction(signed, ("California AB 692",), on, balance_cents=140000)
    assert not law.proposed and "law (California AB 692) does not allow one" in law.text
