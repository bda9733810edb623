"""Drafting requests parsed from typed text: one message per rule, naming the field."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.agreement_requests import (
    DraftRequest,
    check_repayable,
    months_of,
    parse_clock,
    parse_draft_request,
    parse_schedule,
)
from certdesk.core.errors import InvalidInput
from certdesk.core.repayment_types import (
    DEFAULT_WAIVED_REASONS,
    Clock,
    CommitmentStart,
    Schedule,
    Tier,
)


def test_text_becomes_real_types():
    request = parse_draft_request(
        " 7 ",
        months="",
        schedule="Tiers",
        tiers="6:100,12:50",
        start="signing",
        clock="per-payment",
        waive="layoff, death",
        amount="1,234.50",
        deadline="2026-12-31",
        proof_days="14",
    )
    assert request == DraftRequest(
        path_id=7,
        months=12,
        schedule=Schedule.TIERS,
        tiers=(Tier(6, 10000), Tier(12, 5000)),
        start_rule=CommitmentStart.SIGNING,
        clock=Clock.PER_PAYMENT,
        waived_reasons=("layoff", "death"),
        amount_cents=123450,
        deadline=dt.date(2026, 12, 31),
        proof_days=14,
    )


def test_defaults():
    request = parse_draft_request(3, months=24, schedule="prorated")
    assert request.waived_reasons == DEFAULT_WAIVED_REASONS
    assert request.amount_cents is None and request.deadline is None
    assert (request.clock, request.start_rule) == (Clock.COMMITMENT, CommitmentStart.COMPLETION)
    assert parse_draft_request(3, months=24, schedule="full", waive="none").waived_reasons == ()


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"months": "two"}, "months", "'two' is not a whole number of months"),
        ({"schedule": "weekly"}, "schedule", "unknown schedule 'weekly'; use one of prorated"),
        ({"clock": "hourly"}, "clock", "unknown clock 'hourly'; use commitment or per-payment"),
        ({"start": "hire"}, "start", "'hire': the commitment starts on completion or signing"),
        ({"proof_days": "x"}, "proof_days", "'x' is not a whole number of days"),
        ({"proof_days": 400}, "proof_days", "must be between 0 and 365 days"),
        ({"waive": "vacation"}, "waive", "unknown reason 'vacation'"),
        ({"deadline": "31/12/2026"}, "deadline", ""),
        ({"amount": "-5"}, "amount", ""),
        ({"tiers": "6:100,3:50"}, "tiers", ""),
    ],
)
def test_each_bad_word_names_its_field(kw, field, words):
    args = {"months": "24", "schedule": "prorated"} | kw
    with pytest.raises(InvalidInput) as err:
        parse_draft_request(1, **args)
    assert err.value.field == field
    assert words in err.value.message


def test_path_number():
    with pytest.raises(InvalidInput) as err:
        parse_draft_request("abc", months=24, schedule="prorated")
    assert err.value.field == "path_id"


def test_the_shared_rules():
    assert months_of("", (Tier(6, 10000), Tier(18, 0))) == 18
    assert parse_schedule("Stepped") is Schedule.STEPPED
    assert parse_clock("") is Clock.COMMITMENT and parse_clock("Per Payment") is Clock.PER_PAYMENT
    assert check_repayable(100, 100) == 100
    with pytest.raises(InvalidInput) as err:
        check_repayable(10001, 10000)
    assert (err.value.field, err.value.message) == (
        "amount",
        "100.01 is more than the company-paid repayable cost 100.00; the agreement can only "
        "lower it",
    )
