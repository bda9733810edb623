"""State law: when each rule applies, what it warns about and what it decides (not legal advice).

Every amount below is worked out by hand from DESIGN.md's prorated rule, owed = A × (N − m) / N:
A = 3,600.00, N = 24, start 2026-03-15 (or the signing day given), departure 2027-03-14 → m = 11,
owed 3,600.00 × 13 / 24 = 1,950.00.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from certdesk.core.compliance import (
    CA_AB_692,
    CO_TRAINING_REPAYMENT,
    NOT_A_CONDITION_STATEMENT,
    NY_TRAPPED_AT_WORK,
    RULES,
    SECTION_127_NOTE,
    AgreementFacts,
    ComplianceWarning,
    Stage,
    check_agreement,
    needs_not_a_condition_statement,
    repayable_cost_kinds,
    section_127_excess,
    section_127_limit,
    settle,
)
from certdesk.core.reasons import DepartureReason
from certdesk.core.repayment import parse_tiers
from certdesk.core.repayment_types import Terms

D = dt.date
PRORATED = Terms(360000, 24, "prorated")
STEPPED = Terms(360000, 24, "stepped")
FULL = Terms(360000, 24, "full")
TIERS = Terms(360000, 24, "tiers", parse_tiers("6:100,12:75,18:50,24:25"))


def rules_of(warnings: list[ComplianceWarning]) -> list[str]:
    return [w.rule for w in warnings]


def facts(state: str, on: dt.date, stage: Stage = Stage.SIGN, **kw) -> AgreementFacts:
    return AgreementFacts(state, on, stage, **kw)


START = D(2026, 3, 15)


def owed(terms: Terms, reason: str, state: str, signed: dt.date, start: dt.date = START):
    calc, _ = settle(terms, D(2027, 3, 14), reason, start=start, work_state=state, signed_on=signed)
    return calc


def test_rules_are_named_dated_and_sourced():
    for rule in RULES:
        assert rule.name and rule.jurisdiction and rule.summary
        assert isinstance(rule.effective, dt.date)
        assert "http" in rule.source
        with pytest.raises(dataclasses.FrozenInstanceError):
            rule.name = "changed"  # type: ignore[misc]
    assert (CA_AB_692.jurisdiction, CA_AB_692.effective) == ("CA", D(2026, 1, 1))
    assert (NY_TRAPPED_AT_WORK.jurisdiction, NY_TRAPPED_AT_WORK.effective) == (
        "NY",
        D(2026, 12, 19),
    )
    assert "2027-02-13" in NY_TRAPPED_AT_WORK.effective_note
    assert (CO_TRAINING_REPAYMENT.jurisdiction, CO_TRAINING_REPAYMENT.effective) == (
        "CO",
        D(2022, 8, 10),
    )
    assert "HB22-1317" in CO_TRAINING_REPAYMENT.summary
    assert "HB24-1324" in CO_TRAINING_REPAYMENT.summary


# California AB 692, Bus. & Prof. Code § 16608 / Labor Code § 926 (contracts from 2026-01-01);
# New York Labor Law § 1052 as amended 2026-02-13 (from 2026-12-19): nothing is owed when the
# employer ends the employment for any reason but misconduct, whatever the waivers say.
@pytest.mark.parametrize(("state", "effective"), [("CA", D(2026, 1, 1)), ("NY", D(2026, 12, 19))])
class TestTheLawDecides:
    def test_dismissed_other_owes_nothing_from_the_effective_day(self, state, effective):
        no_waivers = dataclasses.replace(PRORATED, waived_reasons=())
        calc = owed(no_waivers, "dismissed_other", state, effective, start=D(2026, 3, 15))
        assert calc.owed_cents == 0
        assert calc.decided_by in (CA_AB_692.name, NY_TRAPPED_AT_WORK.name)
        assert "whatever the agreement's waivers say" in calc.law_note
        assert calc.lines == ()  # no schedule line contradicts the 0.00
        assert calc.steps[-1] == "Amount owed: 0.00."

    def test_the_day_before_the_schedule_decides(self, state, effective):
        no_waivers = dataclasses.replace(PRORATED, waived_reasons=())
        calc = owed(no_waivers, "dismissed_other", state, effective - dt.timedelta(days=1))
        assert calc.owed_cents == 195000  # 3,600.00 × 13/24, by hand
        assert calc.decided_by == ""

    def test_layoff_is_decided_too(self, state, effective):
        no_waivers = dataclasses.replace(PRORATED, waived_reasons=())
        assert owed(no_waivers, "layoff", state, effective).owed_cents == 0

    def test_misconduct_and_resignation_owe_the_schedule(self, state, effective):
        for reason in ("dismissed_misconduct", "resigned"):
            calc = owed(PRORATED, reason, state, effective)
            assert (calc.owed_cents, calc.decided_by) == (195000, "")

    def test_unclear_reasons_warn(self, state, effective):
        no_waivers = dataclasses.replace(PRORATED, waived_reasons=())
        for reason in ("other", "disability", "death"):
            _, law = settle(
                no_waivers,
                D(2027, 3, 14),
                reason,
                start=D(2026, 3, 15),
                work_state=state,
                signed_on=effective,
            )
            assert law.decision is None
            assert any("does not say who ended" in w.message for w in law.warnings)

    def test_no_lump_sum_where_the_law_governs(self, state, effective):
        _, law = settle(
            PRORATED,
            D(2027, 3, 14),
            "resigned",
            start=D(2026, 3, 15),
            work_state=state,
            signed_on=effective,
        )
        assert law.no_lump_sum and law.no_lump_sum[0].startswith(("California", "New York"))


def test_other_states_leave_the_amount_to_the_agreement():
    no_waivers = dataclasses.replace(PRORATED, waived_reasons=())
    for state in ("TX", "CO", "PL", ""):
        assert owed(no_waivers, "dismissed_other", state, D(2027, 1, 1)).owed_cents == 195000


@pytest.mark.parametrize(("state", "effective"), [("CA", D(2026, 1, 1)), ("NY", D(2026, 12, 19))])
def test_schedules_other_than_prorated_warn(state, effective):
    assert check_agreement(PRORATED, facts(state, effective)) == []
    for terms in (STEPPED, FULL, TIERS):
        warnings = check_agreement(terms, facts(state, effective))
        assert len(warnings) == 1 and "prorated" in warnings[0].message


def test_a_rule_that_starts_later_warns_at_draft_and_issue_only():
    # NY: a form issued on 2026-11-28 may be signed after 2026-12-19.
    issued = check_agreement(FULL, facts("NY", D(2026, 11, 28), Stage.ISSUE))
    assert rules_of(issued) == ["New York Trapped at Work Act"]
    assert issued[0].message.startswith("if signed on or after 2026-12-19: ")
    # Signed before the law: nothing to say. Signed after it: the rule applies.
    assert check_agreement(FULL, facts("NY", D(2026, 12, 18))) == []
    assert rules_of(check_agreement(FULL, facts("NY", D(2026, 12, 19)))) == [
        "New York Trapped at Work Act"
    ]


def test_non_transferable_credential_and_travel_warn_in_california():
    warnings = check_agreement(
        PRORATED,
        facts("CA", D(2026, 6, 1), transferable=False, repayable_kinds=frozenset({"travel"})),
    )
    messages = " ".join(w.message for w in warnings)
    assert "not marked transferable" in messages and "may be void" in messages
    assert "includes travel" in messages


def test_missing_employer_ended_waivers_warn_and_name_them():
    terms = dataclasses.replace(PRORATED, waived_reasons=("death",))
    (warning,) = check_agreement(terms, facts("CA", D(2026, 6, 1)))
    assert "dismissed_other, layoff" in warning.message and "0.00" in warning.message


def test_only_tuition_fees_and_materials_are_repayable_in_ca_and_ny():
    assert repayable_cost_kinds("CA") == frozenset({"tuition", "exam", "materials"})
    assert repayable_cost_kinds("NY") == frozenset({"tuition", "exam", "materials"})
    assert repayable_cost_kinds("CO") is None and repayable_cost_kinds("TX") is None


# Colorado C.R.S. 8-2-113(3) (HB22-1317, HB24-1324): the amount must decrease proportionately
# by month over the two years after the training.
class TestColorado:
    on = D(2026, 6, 1)

    def test_24_month_prorated_is_fine(self):
        assert check_agreement(PRORATED, facts("CO", self.on)) == []

    @pytest.mark.parametrize("months", [25, 36, 48])
    def test_longer_than_two_years_warns(self, months):
        (warning,) = check_agreement(Terms(360000, months, "prorated"), facts("CO", self.on))
        assert warning.rule == "Colorado C.R.S. 8-2-113(3)"
        assert f"{months} months" in warning.message and "24 months or fewer" in warning.message

    @pytest.mark.parametrize(
        "terms",
        [
            STEPPED,
            FULL,
            Terms(360000, 36, "tiers", parse_tiers("12:100,36:50")),
            Terms(360000, 24, "tiers", parse_tiers("12:100,24:100")),
        ],
    )
    def test_schedules_that_do_not_decrease_monthly_warn(self, terms):
        messages = [w.message for w in check_agreement(terms, facts("CO", self.on))]
        assert any("does not decrease proportionately month by month" in m for m in messages)
        assert not any("single band" in m for m in messages)


@pytest.mark.parametrize(
    ("state", "words"), [("", "no work state"), ("PL", "no US state rules were checked")]
)
def test_blank_or_foreign_state_says_no_rules_were_checked(state, words):
    (warning,) = check_agreement(FULL, facts(state, D(2027, 1, 1), Stage.DRAFT))
    assert warning.rule == "Work state" and words in warning.message


def test_texas_has_no_rules():
    assert check_agreement(FULL, facts("TX", D(2027, 1, 1))) == []
    assert not needs_not_a_condition_statement("TX", D(2027, 1, 1))


def test_not_a_condition_statement_on_every_ca_and_ny_form():
    assert needs_not_a_condition_statement("CA", D(2026, 6, 1))
    assert needs_not_a_condition_statement("NY", D(2026, 11, 28))  # may be signed after 12-19
    assert "not a condition of your employment" in NOT_A_CONDITION_STATEMENT


def test_warning_text():
    warning = ComplianceWarning("California AB 692", "use the prorated schedule.")
    assert warning.text == "California AB 692: use the prorated schedule."
    assert str(warning) == warning.text


def test_section_127_limit_by_year_and_excess():
    assert section_127_limit(2025) == section_127_limit(2026, 999) == 525000
    assert section_127_limit(2027, 540000) == 540000  # indexed: the setting until published
    assert section_127_excess(525000, 525000) == 0
    assert section_127_excess(800000, 525000) == 275000
    with pytest.raises(ValueError):
        section_127_excess(-1, 525000)
    assert "working-condition fringe" in SECTION_127_NOTE and "ask payroll" in SECTION_127_NOTE


def test_reasons_say_who_ended_it():
    from certdesk.core.reasons import ENDED_BY, REASON_LABELS, REASON_WORDS

    for reason in DepartureReason:
        assert REASON_LABELS[reason] and REASON_WORDS[reason] and ENDED_BY[reason]
