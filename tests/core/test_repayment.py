"""The repayment engine: DESIGN.md's worked examples, hand-worked cases and input rejection."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.repayment import (
    calculate,
    describe_band,
    format_percent,
    format_tiers,
    owed_for_clock,
    parse_reasons,
    parse_tiers,
    percent_owed_bp,
    row_for,
    schedule_table,
    validate_terms,
)
from certdesk.core.repayment_types import DEFAULT_WAIVED_REASONS, Payment, Terms, Tier

D = dt.date
S = D(2026, 3, 15)
PRORATED_3600 = Terms(amount_cents=360000, months=24, schedule="prorated")
# 100 / 75 / 50 / 25 % by six-month band, as in the Marathon Petroleum tuition assistance
# repayment schedule quoted at https://hrinsider.ca/dwqa-question/tuition-reimbursement/
# ("6 months or less 100 percent ... More than 18 months, but less than 24 months 25 percent").
SIX_MONTH_BANDS = parse_tiers("6:100,12:75,18:50,24:25")


def owed(terms: Terms, departure: dt.date, reason: str = "resigned", **kw) -> int:
    return calculate(terms, departure, reason, **kw).owed_cents


# ---------------------------------------------------------------------------------------------
# DESIGN.md worked examples


@pytest.mark.parametrize(
    ("departure", "months", "expected"),
    [
        (D(2027, 3, 14), 11, 195000),
        (D(2027, 3, 15), 12, 180000),
        (D(2028, 3, 15), 24, 0),
    ],
)
def test_design_prorated_examples(departure, months, expected):
    calc = calculate(PRORATED_3600, departure, "resigned", start=S)
    assert calc.owed_cents == expected
    assert calc.waived is False
    assert calc.amount_cents == 360000
    assert [line.months_served for line in calc.lines] == [months]
    assert calc.steps[-1] == f"Amount owed: {expected // 100:,}.00."


def test_design_departure_before_start_owes_everything():
    calc = calculate(PRORATED_3600, D(2026, 3, 1), "resigned", start=S)
    assert calc.owed_cents == 360000
    assert calc.before_start
    assert "before the commitment started (it starts on 2026-03-15)" in calc.lines[0].explanation


def test_design_prorated_36_months_one_month_served():
    terms = Terms(amount_cents=100000, months=36, schedule="prorated")
    # 1000.00 × 35/36 = 972.222… → 972.22
    assert owed(terms, D(2026, 4, 15), start=S) == 97222


def test_design_stepped_seven_of_24_months_is_75_percent():
    terms = Terms(amount_cents=360000, months=24, schedule="stepped")
    calc = calculate(terms, D(2026, 10, 15), "resigned", start=S)  # m = 7
    assert calc.lines[0].months_served == 7
    assert calc.lines[0].percent_bp == 7500
    assert calc.owed_cents == 270000


@pytest.mark.parametrize("schedule", ["prorated", "stepped", "full"])
@pytest.mark.parametrize("departure", [D(2026, 3, 1), S, D(2027, 1, 1), D(2030, 1, 1)])
def test_design_layoff_owes_nothing(schedule, departure):
    terms = Terms(amount_cents=360000, months=24, schedule=schedule)
    calc = calculate(terms, departure, "layoff", start=S)
    assert calc.owed_cents == 0
    assert calc.waived is True
    assert any("waives repayment" in step for step in calc.steps)


def test_design_tiers_by_year():
    terms = Terms(450000, 36, "tiers", parse_tiers("12:100,24:66,36:33"))
    calc = calculate(terms, D(2026, 9, 15), "resigned", start=D(2025, 6, 30))
    assert calc.lines[0].months_served == 14
    assert calc.owed_cents == 297000


def test_design_per_payment_tiers():
    terms = Terms(350000, 24, "tiers", SIX_MONTH_BANDS, clock="per_payment")
    payments = [Payment(D(2026, 1, 15), 200000), Payment(D(2026, 7, 20), 150000)]
    calc = calculate(terms, D(2027, 2, 10), "resigned", payments=payments)
    assert [(ln.months_served, ln.percent_bp, ln.owed_cents) for ln in calc.lines] == [
        (12, 5000, 100000),
        (6, 7500, 112500),
    ]
    assert calc.owed_cents == 212500
    assert calc.amount_cents == 350000
    # One step line per clock, labelled with the payment, then the sum.
    assert sum(step.startswith("Payment of 2,000.00 on 2026-01-15") for step in calc.steps) == 1
    assert sum(step.startswith("Payment of 1,500.00 on 2026-07-20") for step in calc.steps) == 1
    assert "Total of the shares: 1,000.00 + 1,125.00 = 2,125.00." in calc.steps


def test_design_form_first_band_prorated():
    (block,) = schedule_table(PRORATED_3600, start=S)
    assert describe_band(block.rows[0]) == "leaving from 2026-03-15 to 2026-04-14: 100 %, 3,600.00"
    assert (
        describe_band(block.rows[1]) == "leaving from 2026-04-15 to 2026-05-14: 95.83 %, 3,450.00"
    )
    assert len(block.rows) == 25  # one row per month, then the fulfilled row
    assert describe_band(block.rows[-1]) == "leaving from 2028-03-15 on: 0 %, 0.00"


def test_design_form_first_band_six_month_tiers():
    terms = Terms(360000, 24, "tiers", SIX_MONTH_BANDS)
    (block,) = schedule_table(terms, start=S)
    assert [describe_band(r) for r in block.rows] == [
        "leaving from 2026-03-15 to 2026-09-14: 100 %, 3,600.00",
        "leaving from 2026-09-15 to 2027-03-14: 75 %, 2,700.00",
        "leaving from 2027-03-15 to 2027-09-14: 50 %, 1,800.00",
        "leaving from 2027-09-15 to 2028-03-14: 25 %, 900.00",
        "leaving from 2028-03-15 on: 0 %, 0.00",
    ]
    assert [(r.months_from, r.months_to) for r in block.rows] == [
        (0, 6),
        (6, 12),
        (12, 18),
        (18, 24),
        (24, None),
    ]


# ---------------------------------------------------------------------------------------------
# Hand-worked cases


def test_band_boundary_day_before_and_on():
    terms = Terms(360000, 24, "tiers", SIX_MONTH_BANDS)
    # 2026-09-14 is the last day of months 0-5; 2026-09-15 starts month 6.
    assert owed(terms, D(2026, 9, 14), start=S) == 360000
    assert owed(terms, D(2026, 9, 15), start=S) == 270000
    # Prorated: 19/24 then 18/24 of 3600.00.
    assert owed(PRORATED_3600, D(2026, 9, 14), start=S) == 285000
    assert owed(PRORATED_3600, D(2026, 9, 15), start=S) == 270000
    # The last day of the commitment still owes; the next day owes nothing.
    assert owed(PRORATED_3600, D(2028, 3, 14), start=S) == 15000
    assert owed(PRORATED_3600, D(2028, 3, 15), start=S) == 0


@pytest.mark.parametrize("schedule", ["prorated", "stepped", "full", "tiers"])
def test_before_start_owes_whole_amount_even_if_first_band_is_lower(schedule):
    tiers = parse_tiers("12:50") if schedule == "tiers" else ()
    terms = Terms(120000, 12, schedule, tiers)
    calc = calculate(terms, D(2026, 3, 14), "resigned", start=S)
    assert calc.owed_cents == 120000
    assert calc.lines[0].percent_bp == 10000
    assert calc.lines[0].months_served == 0


def test_no_start_yet_means_before_the_commitment_began():
    # The commitment starts at completion; a manager who leaves before completing has no start.
    calc = calculate(
        PRORATED_3600,
        D(2026, 1, 10),
        "resigned",
        start=None,
        before_start_text="when the certification is completed (planned for 2026-06-30)",
    )
    assert calc.owed_cents == 360000 and calc.before_start
    (line,) = calc.lines
    assert (line.start, line.months_served, line.percent_bp, line.owed_cents) == (
        None,
        0,
        10000,
        360000,
    )
    assert "planned for 2026-06-30" in line.explanation
    assert "left on 2026-01-10" in line.explanation  # never dated from the departure


def test_before_start_share_is_the_policys():
    # A policy that asks half back before completion: 3,600.00 × 50 % = 1,800.00.
    terms = Terms(360000, 24, "prorated", before_start_bp=5000)
    assert calculate(terms, D(2026, 1, 10), "resigned", start=None).owed_cents == 180000
    (block,) = schedule_table(terms, start=S, before_start_label="Leaving before completion")
    first = block.rows[0]
    assert first.before_start and (first.percent_bp, first.owed_cents) == (5000, 180000)
    assert describe_band(first) == "leaving before completion: 50 %, 1,800.00"


def test_before_start_row_is_marked_whatever_the_date_until_the_start():
    # TA-2025-0003 in issue 10: the commitment had not started, so the provisional 62.5 % band
    # must not be marked; the before-start row is.
    (block,) = schedule_table(PRORATED_3600, start=S, before_start_label="Before completion")
    assert row_for(block, D(2026, 12, 1), started=False) is block.rows[0]
    assert row_for(block, D(2026, 3, 1)) is block.rows[0]  # before the start date
    assert row_for(block, D(2027, 3, 14)).months_from == 11


def test_single_full_band_twelve_months():
    # "Repay 100 % if you leave within 12 months" (DESIGN.md; similar two-year all-or-nothing
    # refunds appear in public agreements such as
    # https://fill.io/TUITION-REIMBURSEMENT-AGREEMENT-Step-2-Tuition-Reimbursement-Under).
    terms = Terms(120000, 12, "tiers", parse_tiers("12:100"))
    start = D(2026, 1, 1)
    assert owed(terms, D(2026, 12, 31), start=start) == 120000
    assert owed(terms, D(2027, 1, 1), start=start) == 0
    (block,) = schedule_table(terms, start=start)
    assert [describe_band(r) for r in block.rows] == [
        "leaving from 2026-01-01 to 2026-12-31: 100 %, 1,200.00",
        "leaving from 2027-01-01 on: 0 %, 0.00",
    ]
    # Same answer as the built-in "full" schedule.
    full = Terms(120000, 12, "full")
    for day in (D(2026, 1, 1), D(2026, 6, 30), D(2026, 12, 31), D(2027, 1, 1)):
        assert owed(full, day, start=start) == owed(terms, day, start=start)


def test_percentages_with_two_decimals():
    terms = Terms(100000, 36, "tiers", parse_tiers("12:100,24:66.67,36:33.33"))
    start = D(2026, 1, 1)
    assert owed(terms, D(2027, 1, 1), start=start) == 66670  # 1000.00 × 66.67 %
    assert owed(terms, D(2028, 1, 1), start=start) == 33330
    odd = Terms(10001, 36, "tiers", terms.tiers)
    # 100.01 × 66.67 % = 66.676667 → 66.68; 100.01 × 33.33 % = 33.333333 → 33.33
    assert owed(odd, D(2027, 1, 1), start=start) == 6668
    assert owed(odd, D(2028, 1, 1), start=start) == 3333
    assert format_tiers(terms.tiers) == "12:100,24:66.67,36:33.33"
    (block,) = schedule_table(terms, start=start)
    assert describe_band(block.rows[1]) == "leaving from 2027-01-01 to 2027-12-31: 66.67 %, 666.70"


def test_two_payments_same_day_are_rounded_each():
    terms = Terms(200002, 24, "tiers", parse_tiers("12:100,24:50"), clock="per_payment")
    paid = D(2026, 1, 15)
    payments = [Payment(paid, 100001, "tuition"), Payment(paid, 100001, "exam")]
    calc = calculate(terms, D(2027, 1, 15), "resigned", payments=payments)
    # Each 1000.01 × 50 % = 500.005 → 500.01; the two shares sum to 1000.02 …
    assert [line.owed_cents for line in calc.lines] == [50001, 50001]
    assert calc.owed_cents == 100002
    # … while rounding the sum once would give 2000.02 × 50 % = 1000.01.
    one_clock = Terms(200002, 24, "tiers", terms.tiers)
    assert owed(one_clock, D(2027, 1, 15), start=paid) == 100001
    assert calc.lines[0].label == "Payment of 1,000.01 on 2026-01-15 (tuition)"


def test_waiving_only_layoff_leaves_dismissal_without_cause_repayable():
    terms = Terms(360000, 24, "prorated", waived_reasons=parse_reasons("layoff"))
    departure = D(2027, 3, 15)
    assert owed(terms, departure, "layoff", start=S) == 0
    calc = calculate(terms, departure, "dismissed_other", start=S)
    assert calc.waived is False
    assert calc.owed_cents == 180000


def test_empty_waiver_list_waives_nothing():
    terms = Terms(360000, 24, "prorated", waived_reasons=())
    assert owed(terms, D(2027, 3, 15), "death", start=S) == 180000


def test_default_waivers():
    for reason in DEFAULT_WAIVED_REASONS:
        assert owed(PRORATED_3600, D(2026, 4, 1), reason, start=S) == 0
    for reason in ("resigned", "dismissed_misconduct", "retired", "other"):
        assert owed(PRORATED_3600, D(2026, 4, 1), reason, start=S) == 360000


def test_month_end_clamping():
    start = D(2026, 1, 31)
    terms = Terms(120000, 12, "prorated")
    assert owed(terms, D(2026, 2, 27), start=start) == 120000  # m = 0
    assert owed(terms, D(2026, 2, 28), start=start) == 110000  # 2026-01-31 + 1 = 2026-02-28
    assert owed(terms, D(2026, 3, 30), start=start) == 110000  # still m = 1
    assert owed(terms, D(2026, 3, 31), start=start) == 100000  # m = 2
    (block,) = schedule_table(terms, start=start)
    assert [(r.first_day, r.last_day) for r in block.rows[:4]] == [
        (D(2026, 1, 31), D(2026, 2, 27)),
        (D(2026, 2, 28), D(2026, 3, 30)),
        (D(2026, 3, 31), D(2026, 4, 29)),
        (D(2026, 4, 30), D(2026, 5, 30)),
    ]
    assert block.rows[-1].first_day == D(2027, 1, 31)
    # Leap year: 2028-01-31 + 1 month = 2028-02-29.
    assert owed(terms, D(2028, 2, 28), start=D(2028, 1, 31)) == 120000
    assert owed(terms, D(2028, 2, 29), start=D(2028, 1, 31)) == 110000


def test_stepped_rows_and_short_commitments():
    terms = Terms(360000, 24, "stepped")
    (block,) = schedule_table(terms, start=S)
    assert [(r.months_from, r.months_to, r.percent_bp, r.owed_cents) for r in block.rows] == [
        (0, 6, 10000, 360000),
        (6, 12, 7500, 270000),
        (12, 18, 5000, 180000),
        (18, 24, 2500, 90000),
        (24, None, 0, 0),
    ]
    # N = 2: floor(4m/2) jumps two quarters a month.
    two = Terms(100000, 2, "stepped")
    assert [owed(two, d, start=S) for d in (S, D(2026, 4, 15), D(2026, 5, 15))] == [
        100000,
        50000,
        0,
    ]


def test_full_schedule():
    terms = Terms(360000, 24, "full")
    assert owed(terms, D(2028, 3, 14), start=S) == 360000
    assert owed(terms, D(2028, 3, 15), start=S) == 0


def test_zero_amount():
    terms = Terms(0, 12, "prorated")
    assert owed(terms, D(2026, 6, 1), start=S) == 0
    (block,) = schedule_table(terms, start=S)
    # Rows keep each month's true percentage even though every amount is 0.00.
    assert len(block.rows) == 13


def test_per_payment_errors():
    terms = Terms(350000, 24, "tiers", SIX_MONTH_BANDS, clock="per_payment")
    with pytest.raises(InvalidInput) as err:
        calculate(terms, D(2027, 1, 1), "resigned", payments=[])
    assert err.value.field == "payment"
    with pytest.raises(InvalidInput) as err:
        calculate(
            terms,
            D(2027, 1, 1),
            "resigned",
            payments=[Payment(D(2026, 1, 1), 1000), Payment(None, 2000, "exam fee")],
        )
    assert err.value.field == "payment"
    assert "payment 2 (exam fee)" in err.value.message
    assert "no paid-on date" in err.value.message
    with pytest.raises(InvalidInput) as err:
        calculate(terms, D(2027, 1, 1), "resigned", payments=[Payment(D(2027, 1, 2), 1000)])
    assert err.value.field == "payment"
    assert "after the departure" in err.value.message
    # Paid on the departure day is fine: 0 months served.
    assert owed(terms, D(2027, 1, 2), payments=[Payment(D(2027, 1, 2), 1000)]) == 1000


def test_per_payment_waived_needs_no_payments():
    terms = Terms(350000, 24, "tiers", SIX_MONTH_BANDS, clock="per_payment")
    calc = calculate(terms, D(2027, 1, 1), "death")
    assert calc.owed_cents == 0 and calc.waived


def test_per_payment_total_capped_at_agreement_amount():
    terms = Terms(100000, 24, "prorated", clock="per_payment")
    payments = [Payment(S, 100000), Payment(S, 100000)]
    calc = calculate(terms, S, "resigned", payments=payments)
    assert calc.owed_cents == 100000
    assert calc.amount_cents == 100000
    assert any(step.startswith("Capped at") for step in calc.steps)


def test_unknown_reason():
    with pytest.raises(InvalidInput) as err:
        calculate(PRORATED_3600, D(2027, 1, 1), "quit", start=S)
    assert err.value.field == "reason"


def test_owed_for_clock_direct():
    assert owed_for_clock(360000, PRORATED_3600, S, D(2027, 3, 14))[:2] == (11, 195000)
    assert owed_for_clock(360000, PRORATED_3600, S, D(2026, 1, 1))[:2] == (0, 360000)


def test_percent_owed_bp():
    assert percent_owed_bp(PRORATED_3600, 1) == 9583  # 23/24 rounded half up
    assert percent_owed_bp(PRORATED_3600, 12) == 5000
    assert percent_owed_bp(PRORATED_3600, 24) == 0
    assert percent_owed_bp(PRORATED_3600, 99) == 0
    assert percent_owed_bp(PRORATED_3600, -1) == 10000
    stepped = Terms(1, 24, "stepped")
    assert [percent_owed_bp(stepped, m) for m in (0, 5, 6, 11, 12, 18, 23)] == [
        10000,
        10000,
        7500,
        7500,
        5000,
        2500,
        2500,
    ]


def test_steps_are_plain_english():
    calc = calculate(PRORATED_3600, D(2027, 3, 14), "resigned", start=S)
    assert calc.steps[0].startswith("Reason for leaving: resignation.")
    assert "prorated" in calc.steps[1]
    assert calc.steps[2] == (
        "Repayable amount 3,600.00: started 2026-03-15, left 2027-03-14: 11 full months served "
        "of 24; prorated: (24 - 11) / 24 = 13/24 owed: 3,600.00 × 13/24 = 1,950.00."
    )
    assert calc.steps[-1] == "Amount owed: 1,950.00."
    # Rounding is mentioned when it happened: 1000.00 × 35/36 = 972.222…
    terms = Terms(amount_cents=100000, months=36, schedule="prorated")
    rounded = calculate(terms, D(2026, 4, 15), "resigned", start=S)
    assert rounded.lines[0].explanation.endswith(
        "1,000.00 × 35/36 = 972.22 (rounded half up to the cent)"
    )


# ---------------------------------------------------------------------------------------------
# schedule_table


def test_schedule_table_per_payment_blocks():
    terms = Terms(350000, 24, "tiers", SIX_MONTH_BANDS, clock="per_payment")
    payments = [Payment(D(2026, 1, 15), 200000), Payment(D(2026, 7, 20), 150000)]
    blocks = schedule_table(terms, start=None, payments=payments)
    assert [b.label for b in blocks] == [
        "Payment of 2,000.00 on 2026-01-15",
        "Payment of 1,500.00 on 2026-07-20",
    ]
    departure = D(2027, 2, 10)
    rows = [row_for(b, departure) for b in blocks]
    assert [r.owed_cents for r in rows] == [100000, 112500]
    assert sum(r.owed_cents for r in rows) == owed(terms, departure, payments=payments)


def test_schedule_table_needs_start_for_commitment():
    with pytest.raises(InvalidInput) as err:
        schedule_table(PRORATED_3600, start=None)
    assert err.value.field == "start"


def test_row_for_before_start_is_none():
    (block,) = schedule_table(PRORATED_3600, start=S)
    assert row_for(block, D(2026, 3, 14)) is None
    assert row_for(block, D(2099, 1, 1)).owed_cents == 0


# ---------------------------------------------------------------------------------------------
# Parsing and validation


def test_parse_tiers_ok():
    assert parse_tiers("6:100,12:75,18:50,24:25") == (
        Tier(6, 10000),
        Tier(12, 7500),
        Tier(18, 5000),
        Tier(24, 2500),
    )
    assert parse_tiers(" 12 : 100 , 24: 66.5% ,36:0 ") == (
        Tier(12, 10000),
        Tier(24, 6650),
        Tier(36, 0),
    )
    assert parse_tiers("12:100,24:100") == (Tier(12, 10000), Tier(24, 10000))  # equal is fine


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "at least one band"),
        ("   ", "at least one band"),
        ("12:abc", "not a percentage"),
        ("12:101", "over 100"),
        ("12:100.01", "over 100"),
        ("12:-5", "below 0"),
        ("12:66.667", "more than two decimals"),
        ("12:100,12:50", "must increase"),
        ("12:100,6:50", "must increase"),
        ("0:100", "1 or more"),
        ("-3:100", "1 or more"),
        ("x:100", "not a whole number"),
        ("1.5:100", "not a whole number"),
        ("12:50,24:75", "must not rise"),
        ("12-100", "not a band"),
        ("12:100:3", "not a band"),
        ("12:100,,24:50", "empty band"),
        ("12:100,", "empty band"),
    ],
)
def test_parse_tiers_rejects(text, fragment):
    with pytest.raises(InvalidInput) as err:
        parse_tiers(text, field="bands")
    assert err.value.field == "bands"
    assert fragment in err.value.message


def test_format_tiers_and_percent():
    assert format_tiers(SIX_MONTH_BANDS) == "6:100,12:75,18:50,24:25"
    assert format_percent(6667) == "66.67"
    assert format_percent(6650) == "66.5"
    assert format_percent(0) == "0"


def test_parse_reasons():
    assert parse_reasons("layoff,death") == ("layoff", "death")
    assert parse_reasons(" Layoff , dismissed-other,layoff") == ("layoff", "dismissed_other")
    # Earlier spellings read as today's reasons.
    assert parse_reasons("terminated_without_cause,terminated_for_cause") == ("dismissed_other",)
    assert parse_reasons("") == ()
    assert parse_reasons("none") == ()
    with pytest.raises(InvalidInput) as err:
        parse_reasons("layoff,vacation")
    assert err.value.field == "waive"
    assert "vacation" in err.value.message


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (Terms(-1, 24, "prorated"), "amount"),
        (Terms(0, 0, "prorated"), "months"),
        (Terms(0, 601, "prorated"), "months"),
        (Terms(0, 24, "linear"), "schedule"),
        (Terms(0, 24, "prorated", clock="weekly"), "clock"),
        (Terms(0, 24, "tiers"), "tiers"),
        (Terms(0, 24, "tiers", (Tier(12, 10000), Tier(36, 5000))), "tiers"),
        (Terms(0, 24, "tiers", (Tier(12, 5000), Tier(24, 7500))), "tiers"),
        (Terms(0, 24, "prorated", (Tier(24, 10000),)), "tiers"),
        (Terms(0, 24, "prorated", waived_reasons=("layoff", "fired")), "waive"),
    ],
)
def test_validate_terms_rejects(terms, field):
    with pytest.raises(InvalidInput) as err:
        validate_terms(terms)
    assert err.value.field == field


def test_validate_terms_returns_tuples():
    terms = Terms(100, 12, "tiers", [Tier(12, 10000)], waived_reasons=["layoff"])  # type: ignore[arg-type]
    checked = validate_terms(terms)
    assert checked.tiers == (Tier(12, 10000),)
    assert checked.waived_reasons == ("layoff",)
    assert validate_terms(PRORATED_3600) is PRORATED_3600


def test_calculate_validates_terms():
    with pytest.raises(InvalidInput) as err:
        calculate(Terms(100, 0, "prorated"), S, "resigned", start=S)
    assert err.value.field == "months"
