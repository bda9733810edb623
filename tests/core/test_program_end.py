"""A bounded obligation: what a program that ends without the credential means (issue 11).

By hand, A = 1,400.00, N = 24, deadline 2027-03-28 (so the latest possible commitment ends
2029-03-27), the program failed on 2027-02-10:
- clock_from_end: leaving 2028-02-09 → 11 months from 2027-02-10 → 1,400.00 × 13/24 = 758.33;
- before_start_due: leaving 2028-02-09 → the before-start amount, 1,400.00;
- nothing_owed: 0.00;
- any rule, leaving 2031-06-01 (after 2029-03-27) → 0.00 (the New York case in issue 11 was
  charged 1,400.00).
"""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.repayment import calculate
from certdesk.core.repayment_types import ProgramEnd, Terms

D = dt.date
TERMS = Terms(140000, 24, "prorated")
DEADLINE = D(2027, 3, 28)
FAILED = D(2027, 2, 10)


def owed(rule: str, departure: dt.date) -> int:
    end = ProgramEnd(FAILED, DEADLINE, rule)
    return calculate(TERMS, departure, "resigned", start=None, program_end=end).owed_cents


def test_clock_from_the_end_of_the_program():
    assert owed("clock_from_end", D(2028, 2, 9)) == 75833
    calc = calculate(
        TERMS, D(2028, 2, 9), "resigned", start=None, program_end=ProgramEnd(FAILED, DEADLINE)
    )
    (line,) = calc.lines
    assert (line.start, line.months_served) == (FAILED, 11)
    assert "the program ended on 2027-02-10 without the credential" in line.explanation


def test_before_start_amount_until_the_latest_end():
    assert owed("before_start_due", D(2028, 2, 9)) == 140000
    assert owed("before_start_due", D(2029, 3, 27)) == 140000  # the last day it applies
    assert owed("before_start_due", D(2029, 3, 28)) == 0


def test_nothing_owed_rule():
    assert owed("nothing_owed", D(2027, 6, 1)) == 0


@pytest.mark.parametrize("rule", ["clock_from_end", "before_start_due", "nothing_owed"])
def test_never_after_the_commitment_would_have_ended(rule):
    calc = calculate(
        TERMS, D(2031, 6, 1), "resigned", start=None, program_end=ProgramEnd(FAILED, DEADLINE, rule)
    )
    assert calc.owed_cents == 0
    assert "would have ended on 2029-03-27" in calc.lines[0].explanation


def test_a_departure_before_the_program_ended_is_before_the_start():
    calc = calculate(
        TERMS, D(2027, 1, 5), "resigned", start=None, program_end=ProgramEnd(FAILED, DEADLINE)
    )
    assert calc.owed_cents == 140000 and calc.before_start
