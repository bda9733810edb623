"""After a departure, worked by hand: a 1,400.00 balance in 6 monthly instalments
(1,400.00 / 6 = 233.333…: five of 233.33 = 1,166.65, and a last one of 233.35), payments
recorded against it (oldest instalment first), what is paid, late and left; a hardship waiver
granted in part to 700.00 and its new plan (700.00 / 6: five of 116.66 = 583.30, last 116.70);
the signed deduction authorization on file and what the statement proposes about final pay."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3

import pypdf
import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.dates import add_months
from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.errors import InvalidInput
from certdesk.core.hardship import HardshipOutcome
from certdesk.core.payment_plan import PaymentTerms
from certdesk.core.plan_progress import InstalmentState, PaymentMethod
from certdesk.services import managers, policies
from certdesk.services.agreements import drafting, issuing, lifecycle, terms
from certdesk.services.agreements.deduction_on_file import (
    record_authorization_on_file,
    revoke_authorization,
)
from certdesk.services.departures import recording as departures
from certdesk.services.departures.followup import (
    HardshipRequest,
    issue_statement,
    record_hardship_decision,
    repayment_follow_up,
)
from certdesk.services.departures.undo import undo_departure
from certdesk.services.paths import lifecycle as paths

TODAY = dt.date.today()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def departed(store, state: str = "TX") -> str:
    """H-7001 owes 1,400.00 (schedule full) under a policy of at most 6 instalments."""
    policies.new_policy_version(
        store,
        title="Tuition assistance",
        body="Repay as agreed.",
        effective_on="2025-01-01",
        rules=policies.RepaymentRules(PaymentTerms(due_days=30, max_instalments=6)),
    )
    managers.add_manager(
        store,
        {
            "employee_no": "H-7001",
            "full_name": "Zoë Ångström-Nguyễn",
            "work_state": state,
            "hire_date": "2020-01-02",
        },
    )
    pid = paths.plan_path(store, "H-7001", "CCCM", "2026-03-01")
    paths.add_cost(store, pid, kind="tuition", amount="2,000.00", paid_on="2026-01-10")
    number = drafting.draft_agreement(
        store,
        parse_draft_request(pid, months=24, schedule="full", amount="1400.00"),
        today=dt.date(2026, 1, 20),
    ).agreement.agreement_no
    issuing.issue_agreement(store, number, on="2026-01-20", accept_warnings=True)
    lifecycle.sign_agreement(store, number, dt.date(2026, 1, 22), accept_warnings=True)
    paths.complete_path(store, pid, on="2026-03-01")
    departures.record_departure(
        store, parse_departure_request("H-7001", on="2026-09-01", reason="resigned")
    )
    return number


def test_the_plan_at_departure_is_kept_and_sums_exactly(store):
    number = departed(store)
    follow = repayment_follow_up(store, number, TODAY)
    assert follow.owed_cents == 140000 and follow.balance_cents == 140000
    amounts = [r.amount_cents for r in follow.progress.rows]
    assert amounts == [23333] * 5 + [23335] and sum(amounts) == 140000
    first = TODAY + dt.timedelta(days=30)  # due 30 days after the statement
    assert [r.due_on for r in follow.progress.rows] == [add_months(first, k) for k in range(6)]
    assert all(r.state is InstalmentState.DUE for r in follow.progress.rows)


def test_payments_pay_oldest_first_and_late_is_counted_as_of_a_day(store):
    number = departed(store)
    due = [r.due_on for r in repayment_follow_up(store, number, TODAY).progress.rows]
    # 233.33 on the first due date (on time), 233.33 five days after the second (late).
    departures.record_payment_received(
        store, number, amount="233.33", on=due[0], method=PaymentMethod.CHEQUE
    )
    departures.record_payment_received(
        store, number, amount="233.33", on=due[1] + dt.timedelta(days=5), method="transfer"
    )
    as_of = due[2] + dt.timedelta(days=1)  # the third instalment's due date has passed
    follow = repayment_follow_up(store, number, as_of)
    states = [r.state for r in follow.progress.rows]
    assert states == [
        InstalmentState.PAID,
        InstalmentState.PAID_LATE,
        InstalmentState.LATE,
        InstalmentState.DUE,
        InstalmentState.DUE,
        InstalmentState.DUE,
    ]
    assert follow.progress.paid_cents == 46666
    assert follow.progress.late_cents == 23333
    assert follow.progress.left_cents == follow.balance_cents == 140000 - 46666 == 93334
    assert [p.method for p in follow.payments] == ["cheque", "transfer"]
    # On the third due date itself nothing is late yet.
    assert repayment_follow_up(store, number, due[2]).progress.late == ()

    # A statement printed later shows the payments so far and what is left.
    issue_statement(store, number, as_of)
    text = pdf_text(departures.stored_statement(store, number))
    assert "Statement no. 2" in text
    assert "Payments received so far" in text and "bank transfer" in text
    assert "paid 466.66 of 1,400.00; 1 instalment late (233.33); left 933.34" in text
    assert "oldest first" in text
    # The first statement stays stored.
    agreement = terms.get_agreement(store.db, number)
    from certdesk.store import agreements as agreement_store

    assert len(agreement_store.documents_of(store.db, agreement.id, "repayment_statement")) == 2


def test_overpayment_and_bad_payments_are_refused_and_nothing_is_stored(store):
    number = departed(store)
    cases = [
        ({"amount": "1,400.01", "on": "2026-09-10"}, "amount"),
        ({"amount": "-5", "on": "2026-09-10"}, "amount"),
        ({"amount": "12,34.5", "on": "2026-09-10"}, "amount"),
        ({"amount": "0", "on": "2026-09-10"}, "amount"),
        ({"amount": "100.00", "on": "2026-08-31"}, "on"),  # before the departure
        ({"amount": "100.00", "on": "2026-09-10", "method": "payroll_deduction"}, "method"),
        ({"amount": "100.00", "on": "2026-09-10", "method": "bitcoin"}, "method"),
    ]
    for values, field in cases:
        with pytest.raises(InvalidInput) as err:
            departures.record_payment_received(store, number, **values)
        assert err.value.field == field, values
    assert repayment_follow_up(store, number, TODAY).payments == ()
    # Paying exactly what is left repays it.
    assert (
        departures.record_payment_received(store, number, amount="1,400.00", on="2026-09-10").status
        == "repaid"
    )


def test_hardship_granted_in_part_to_700_makes_a_new_plan_summing_exactly(store):
    number = departed(store)
    decided = TODAY
    result = record_hardship_decision(
        store,
        number,
        HardshipRequest(
            HardshipOutcome.GRANTED_PART,
            decided_on=decided,
            decided_by="Ana Ruiz, HR director",
            reason="medical costs",
            new_owed_cents=70000,
        ),
        today=decided,
    )
    assert result.balance_cents == 70000 and result.agreement.status == "repayment_due"
    amounts = [i.amount_cents for i in result.plan.instalments]
    assert amounts == [11666] * 5 + [11670] and sum(amounts) == 70000
    follow = repayment_follow_up(store, number, decided)
    assert (follow.owed_cents, follow.forgiven_cents, follow.balance_cents) == (
        140000,
        70000,
        70000,
    )
    assert follow.plan.plan_no == 2 and follow.plan.cause == "hardship"
    text = pdf_text(departures.stored_statement(store, number))
    assert "Hardship waiver decision" in text and "granted in part" in text
    assert "Ana Ruiz, HR director" in text and "700.00 is forgiven" in text
    assert "116.70" in text and "Forgiven by a hardship waiver granted in part" in text
    # The dashboard's split stays whole: charged = received + waived + to come.
    from certdesk.services.dashboard.figures import repayment_split

    split = repayment_split(store)
    assert (split.charged_cents, split.waived_cents, split.to_come_cents) == (140000, 70000, 70000)


def test_hardship_in_part_after_payments_plans_only_what_is_left(store):
    number = departed(store)
    departures.record_payment_received(store, number, amount="233.33", on="2026-09-15")
    result = record_hardship_decision(
        store,
        number,
        HardshipRequest(
            HardshipOutcome.GRANTED_PART,
            decided_on=TODAY,
            decided_by="Ana Ruiz",
            reason="hardship",
            new_owed_cents=70000,
            instalment_count=3,
            first_due=TODAY + dt.timedelta(days=10),
        ),
        today=TODAY,
    )
    # 700.00 − 233.33 = 466.67 in 3: 155.55, 155.55, 155.57.
    assert [i.amount_cents for i in result.plan.instalments] == [15555, 15555, 15557]
    follow = repayment_follow_up(store, number, TODAY)
    assert follow.progress.paid_cents == 0 and follow.progress.left_cents == 46667


def test_hardship_granted_in_full_waives_and_refused_keeps_the_plan(store):
    number = departed(store)
    base = {"decided_by": "Ana Ruiz", "reason": "asked on 2026-09-20"}
    refused = record_hardship_decision(
        store, number, HardshipRequest(HardshipOutcome.REFUSED, decided_on=TODAY, **base)
    )
    assert refused.plan is None and refused.balance_cents == 140000
    assert repayment_follow_up(store, number, TODAY).plan.plan_no == 1
    assert "refused" in pdf_text(departures.stored_statement(store, number))
    full = record_hardship_decision(
        store, number, HardshipRequest(HardshipOutcome.GRANTED_FULL, decided_on=TODAY, **base)
    )
    assert full.agreement.status == "waived" and full.balance_cents == 0
    follow = repayment_follow_up(store, number, TODAY)
    assert len(follow.decisions) == 2 and follow.waived
    # A departure with a decision on it cannot be undone.
    with pytest.raises(InvalidInput, match="hardship waiver decision"):
        undo_departure(store, "H-7001")


def test_undoing_a_departure_removes_its_plan(store):
    departed(store)
    assert store.db.execute("SELECT count(*) FROM repayment_plans").fetchone()[0] == 1
    undo_departure(store, "H-7001")
    assert store.db.execute("SELECT count(*) FROM repayment_plans").fetchone()[0] == 0


def test_bad_hardship_decisions_name_the_field_and_store_nothing(store):
    number = departed(store)
    part = {"decided_by": "Ana", "reason": "why", "decided_on": TODAY}
    cases = [
        (HardshipRequest(HardshipOutcome.GRANTED_PART, **part), "new_amount"),
        (
            HardshipRequest(HardshipOutcome.GRANTED_PART, new_owed_cents=140000, **part),
            "new_amount",
        ),
        (
            HardshipRequest(
                HardshipOutcome.GRANTED_PART, new_owed_cents=70000, instalment_count=0, **part
            ),
            "instalments",
        ),
        (
            HardshipRequest(
                HardshipOutcome.GRANTED_PART,
                new_owed_cents=70000,
                first_due=dt.date(2026, 8, 1),  # before the departure
                **part,
            ),
            "first_due",
        ),
        (
            HardshipRequest(
                HardshipOutcome.REFUSED,
                decided_on=dt.date(2026, 8, 1),
                decided_by="Ana",
                reason="why",
            ),
            "decided_on",
        ),
        (
            HardshipRequest(HardshipOutcome.REFUSED, decided_on=TODAY, decided_by=" ", reason="x"),
            "decided_by",
        ),
        (HardshipRequest(HardshipOutcome.REFUSED, new_owed_cents=5, **part), "new_amount"),
    ]
    for request, field in cases:
        with pytest.raises(InvalidInput) as err:
            record_hardship_decision(store, number, request, today=TODAY)
        assert err.value.field == field, request
    follow = repayment_follow_up(store, number, TODAY)
    assert follow.decisions == () and follow.forgiven_cents == 0 and follow.plan.plan_no == 1


def test_final_pay_deduction_only_with_an_authorization_on_file(store):
    number = departed(store)
    # None on file at departure: the statement says why no deduction is proposed.
    assert "no signed payroll-deduction authorization" in pdf_text(
        departures.stored_statement(store, number)
    )
    record_authorization_on_file(
        store, number, signed_on=dt.date(2026, 1, 22), max_per_period_cents=15000, today=TODAY
    )
    follow = repayment_follow_up(store, number, TODAY)
    assert follow.final_pay.proposed and follow.final_pay.max_per_period_cents == 15000
    issue_statement(store, number, TODAY)
    assert "may be deducted from final pay" in pdf_text(departures.stored_statement(store, number))
    # A payroll deduction is now accepted as a method, up to the most per pay period.
    with pytest.raises(InvalidInput) as err:
        departures.record_payment_received(
            store, number, amount="150.01", on="2026-09-15", method="payroll_deduction"
        )
    assert err.value.field == "amount" and "one pay period" in err.value.message
    departures.record_payment_received(
        store, number, amount="150.00", on="2026-09-15", method="payroll_deduction"
    )
    revoke_authorization(store, number, revoked_on=dt.date(2026, 10, 1), today=TODAY)
    follow = repayment_follow_up(store, number, TODAY)
    assert (
        not follow.final_pay.proposed
        and "revoked in writing on 2026-10-01" in follow.final_pay.text
    )
    with pytest.raises(InvalidInput) as err:  # no deduction after the revocation
        departures.record_payment_received(
            store, number, amount="150.00", on="2026-10-15", method="payroll_deduction"
        )
    assert err.value.field == "method"
    with pytest.raises(InvalidInput) as err:
        revoke_authorization(store, number, revoked_on=dt.date(2026, 10, 2), today=TODAY)
    assert err.value.field == "revoked_on"


def test_california_never_proposes_a_final_pay_deduction(store):
    number = departed(store, "CA")
    record_authorization_on_file(
        store, number, signed_on=dt.date(2026, 1, 22), max_per_period_cents=15000, today=TODAY
    )
    follow = repayment_follow_up(store, number, TODAY)
    assert not follow.final_pay.proposed
    assert "California AB 692" in follow.final_pay.text


def test_bad_authorizations_are_refused(store):
    number = departed(store)
    cases = [
        ({"signed_on": dt.date(2026, 1, 19), "max_per_period_cents": 100}, "signed_on"),
        ({"signed_on": TODAY + dt.timedelta(days=1), "max_per_period_cents": 100}, "signed_on"),
        ({"signed_on": dt.date(2026, 1, 22), "max_per_period_cents": 0}, "max_per_period"),
        ({"signed_on": dt.date(2026, 1, 22), "max_per_period_cents": 140001}, "max_per_period"),
    ]
    for values, field in cases:
        with pytest.raises(InvalidInput) as err:
            record_authorization_on_file(store, number, today=TODAY, **values)
        assert err.value.field == field
    with pytest.raises(InvalidInput) as err:
        revoke_authorization(store, number, revoked_on=TODAY, today=TODAY)
    assert err.value.field == "agreement_no"


def test_instalments_zero_in_the_policy_rules_is_refused(store):
    with pytest.raises(InvalidInput) as err:
        policies.RepaymentRules(PaymentTerms(due_days=30, max_instalments=0))
    assert err.value.field == "instalments"


def test_stored_plans_and_decisions_never_change(store):
    number = departed(store)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE repayment_plans SET balance_cents = 1")
    assert number


def test_a_departure_recorded_before_plans_were_kept_follows_the_plan_it_printed(store):
    """A database migrated from before version 10 has no stored plan: the plan its statement
    printed (dated the day the departure was computed) is the one payments are allocated to."""
    number = departed(store)
    store.db.execute("DELETE FROM repayment_plans")
    departures.record_payment_received(store, number, amount="300.00", on="2026-09-10")
    follow = repayment_follow_up(store, number, TODAY)
    made = dt.date.fromisoformat(
        store.db.execute("SELECT substr(created_at, 1, 10) FROM repayments").fetchone()[0]
    )
    assert follow.plan.issued_on == made
    assert follow.progress.rows[0].due_on == made + dt.timedelta(days=30)
    assert [r.paid_cents for r in follow.progress.rows[:2]] == [23333, 6667]
    assert store.db.execute("SELECT count(*) FROM repayment_plans").fetchone()[0] == 0
