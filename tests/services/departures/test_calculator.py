"""The command-line repayment calculator: DESIGN.md's examples from text, and bad input."""

from __future__ import annotations

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_plain
from certdesk.services.departures.calculator import parse_payment, repayment_from_strings


def run(**kw):
    args = dict(
        amount="3600.00",
        start="2026-03-15",
        months="24",
        schedule="prorated",
        tiers=None,
        departure="2027-03-14",
        reason="resigned",
        state=None,
        waive=None,
    )
    args.update(kw)
    result = repayment_from_strings(**args)
    return result.calculation, result.warnings


def owed(**kw) -> str:
    calc, _ = run(**kw)
    return format_plain(calc.owed_cents)


# ---------------------------------------------------------------------------------------------
# DESIGN.md examples


@pytest.mark.parametrize(
    ("departure", "expected"),
    [
        ("2027-03-14", "1950.00"),
        ("2027-03-15", "1800.00"),
        ("2028-03-15", "0.00"),
        ("2026-03-01", "3600.00"),
    ],
)
def test_design_prorated_table(departure, expected):
    assert owed(departure=departure) == expected


def test_design_36_months_one_month():
    assert owed(amount="1000.00", months="36", departure="2026-04-15") == "972.22"


def test_design_stepped():
    assert owed(schedule="stepped", departure="2026-10-15") == "2700.00"


def test_design_layoff():
    calc, _ = run(reason="layoff")
    assert calc.owed_cents == 0 and calc.waived


def test_design_tiers_by_year_months_left_out():
    got = owed(
        amount="4,500.00",
        start="2025-06-30",
        months=None,
        schedule="tiers",
        tiers="12:100,24:66,36:33",
        departure="2026-09-15",
    )
    assert got == "2970.00"


def test_design_per_payment():
    calc, warnings = run(
        amount=None,
        start=None,
        months=None,
        schedule="tiers",
        tiers="6:100,12:75,18:50,24:25",
        clock="per-payment",
        payments=["2026-01-15:2000.00", "2026-07-20:1500.00"],
        departure="2027-02-10",
    )
    assert format_plain(calc.owed_cents) == "2125.00"
    assert calc.amount_cents == 350000
    assert warnings == []


def test_clock_spellings():
    for clock in ("per_payment", "per-payment", "Per-Payment"):
        got = owed(
            amount=None,
            start=None,
            clock=clock,
            payments=["2026-03-15:3600"],
            departure="2027-03-14",
        )
        assert got == "1950.00"


def test_months_equal_to_last_band_is_fine():
    got = owed(schedule="tiers", tiers="6:100,12:75,18:50,24:25", months="24")
    assert got == "2700.00"  # m = 11: band before month 12, 75 % of 3600.00


def test_reason_and_waive_are_normalised():
    assert owed(reason="Dismissed-Other") == "0.00"
    assert owed(reason="dismissed_other", waive="layoff") == "1950.00"
    assert owed(reason="layoff", waive="none") == "1950.00"
    # Earlier spellings still read, with a note for standard error.
    result = repayment_from_strings(
        amount="3600.00",
        start="2026-03-15",
        months="24",
        schedule="prorated",
        tiers=None,
        departure="2027-03-14",
        reason="terminated_without_cause",
        state=None,
        waive="layoff",
    )
    assert format_plain(result.calculation.owed_cents) == "1950.00"
    assert "earlier spelling" in result.notes[0] and "dismissed_other" in result.notes[0]


def test_the_law_decides_the_printed_amount():
    # California AB 692, signed on or after 2026-01-01: a dismissal other than for misconduct
    # owes 0.00 whatever the waivers say; the note names the law.
    for signed, expected in (("2026-01-01", "0.00"), ("2025-12-31", "1950.00")):
        result = repayment_from_strings(
            amount="3600.00",
            start="2026-03-15",
            months="24",
            schedule="prorated",
            tiers=None,
            departure="2027-03-14",
            reason="dismissed_other",
            state="California",
            waive="none",
            signed=signed,
        )
        assert format_plain(result.calculation.owed_cents) == expected
        assert bool(result.notes) == (expected == "0.00")
        if result.notes:
            assert result.notes[0].startswith("California AB 692: ")


def test_steps_for_the_statement():
    calc, _ = run()
    assert calc.steps[-1] == "Amount owed: 1,950.00."


# ---------------------------------------------------------------------------------------------
# Compliance warnings


def test_warnings_with_state():
    _, warnings = run(schedule="full", state="CA", start="2026-02-01", departure="2026-06-01")
    assert [w.rule for w in warnings] == ["California AB 692"]
    assert str(warnings[0]).startswith("California AB 692: ")


def test_warnings_use_the_agreement_date_not_the_departure():
    # Started before AB 692 took effect: no warning, even for a departure after it.
    _, warnings = run(schedule="full", state="CA", start="2025-12-31", departure="2026-06-01")
    assert warnings == []


def test_per_payment_warnings_dated_by_first_payment():
    _, warnings = run(
        amount=None,
        start=None,
        schedule="full",
        clock="per-payment",
        payments=["2026-02-01:100.00", "2024-09-01:100.00"],
        departure="2026-06-01",
        state="co",
    )
    assert [w.rule for w in warnings] == ["Colorado C.R.S. 8-2-113(3)"]


def test_no_state_no_warnings():
    _, warnings = run(schedule="full")
    assert warnings == []


# ---------------------------------------------------------------------------------------------
# Bad input: each names its field


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"schedule": "tiers", "tiers": "12:100,6:50", "months": None}, "tiers"),  # not increasing
        ({"schedule": "tiers", "tiers": "12:120", "months": None}, "tiers"),  # over 100
        ({"schedule": "tiers", "tiers": "12:abc", "months": None}, "tiers"),
        ({"schedule": "tiers", "tiers": "12:50,24:75", "months": None}, "tiers"),  # rising
        ({"schedule": "tiers", "tiers": "12:100,24:50", "months": "36"}, "tiers"),  # last ≠ N
        ({"schedule": "tiers", "tiers": None}, "tiers"),
        ({"schedule": "prorated", "tiers": "12:100,24:50"}, "tiers"),
        ({"clock": "per-payment", "amount": None, "start": None}, "payment"),  # no payments
        (
            {"clock": "per-payment", "amount": None, "start": None, "payments": ["2026-02-30:100"]},
            "payment",
        ),
        (
            {"clock": "per-payment", "amount": None, "start": None, "payments": ["2026-02-01"]},
            "payment",
        ),
        (
            {"clock": "per-payment", "amount": None, "start": None, "payments": ["2026-02-01:-5"]},
            "payment",
        ),
        (
            {
                "clock": "per-payment",
                "amount": None,
                "start": None,
                "payments": ["2026-01-01:10", "2027-06-01:100"],  # after departure 2027-03-14
            },
            "payment",
        ),
        ({"payments": ["2026-01-01:10"]}, "payment"),  # --payment with the commitment clock
        ({"clock": "per-payment", "start": "2026-03-15", "payments": ["2026-03-15:1"]}, "start"),
        ({"waive": "layoff,vacation"}, "waive"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "12,34.5"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"amount": None}, "amount"),
        ({"months": "0"}, "months"),
        ({"months": "-3"}, "months"),
        ({"months": "two"}, "months"),
        ({"months": None}, "months"),
        ({"schedule": "linear"}, "schedule"),
        ({"reason": "quit"}, "reason"),
        ({"clock": "monthly"}, "clock"),
        ({"departure": "2027-02-30"}, "departure"),
        ({"departure": "14/03/2027"}, "departure"),
        ({"start": "2026-13-01"}, "start"),
        ({"start": None}, "start"),
    ],
)
def test_rejected_input_names_the_field(kw, field):
    with pytest.raises(InvalidInput) as err:
        run(**kw)
    assert err.value.field == field, err.value


def test_malformed_payment_date_message_names_the_payment():
    with pytest.raises(InvalidInput) as err:
        run(
            clock="per-payment",
            amount=None,
            start=None,
            payments=["2026-01-15:10", "2026-02-30:100"],
        )
    assert err.value.field == "payment"
    assert "payment 2 '2026-02-30:100'" in err.value.message
    assert "not a real calendar date" in err.value.message


def test_parse_payment():
    payment = parse_payment("2026-01-15:2,000.00")
    assert (payment.paid_on.isoformat(), payment.amount_cents) == ("2026-01-15", 200000)
