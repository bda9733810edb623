"""Compliance rules: when each applies and what it warns about (not legal advice)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from certdesk.core.compliance import (
    CA_AB_692,
    CO_HB24_1324,
    FLSA_FINAL_PAY_NOTE,
    NOT_A_CONDITION_STATEMENT,
    NY_TRAPPED_AT_WORK,
    RULES,
    ComplianceWarning,
    check_terms,
    needs_not_a_condition_statement,
    section_127_excess,
)
from certdesk.core.repayment import parse_reasons, parse_tiers
from certdesk.core.repayment_types import Terms

D = dt.date
PRORATED = Terms(360000, 24, "prorated")
STEPPED = Terms(360000, 24, "stepped")
FULL = Terms(360000, 24, "full")
TIERS = Terms(360000, 24, "tiers", parse_tiers("6:100,12:75,18:50,24:25"))
ONE_BAND = Terms(120000, 12, "tiers", parse_tiers("12:100"))
FLAT_BANDS = Terms(120000, 24, "tiers", parse_tiers("12:50,24:50"))


def rules_of(warnings: list[ComplianceWarning]) -> list[str]:
    return [w.rule for w in warnings]


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
    assert (CO_HB24_1324.jurisdiction, CO_HB24_1324.effective) == ("CO", D(2024, 8, 7))


@pytest.mark.parametrize(
    ("state", "effective", "name"),
    [
        ("CA", D(2026, 1, 1), "California AB 692"),
        ("NY", D(2026, 12, 19), "New York Trapped at Work Act"),
    ],
)
class TestTransferableCredentialRules:
    def test_prorated_with_default_waivers_is_clean(self, state, effective, name):
        assert check_terms(PRORATED, work_state=state, on=effective) == []

    @pytest.mark.parametrize("terms", [FULL, STEPPED, TIERS])
    def test_warns_on_non_prorated_schedules(self, state, effective, name, terms):
        warnings = check_terms(terms, work_state=state, on=effective)
        assert rules_of(warnings) == [name]
        assert terms.schedule in warnings[0].message
        assert "prorated" in warnings[0].message
        assert str(warnings[0]).startswith(f"{name}: ")

    def test_not_before_effective_date(self, state, effective, name):
        day_before = effective - dt.timedelta(days=1)
        assert check_terms(FULL, work_state=state, on=day_before) == []

    def test_missing_itemised_amount(self, state, effective, name):
        warnings = check_terms(PRORATED, work_state=state, on=effective, itemised_amount=False)
        assert rules_of(warnings) == [name]
        assert "stated up front" in warnings[0].message

    @pytest.mark.parametrize(
        ("waive", "missing"),
        [
            ("layoff,death", "terminated_without_cause"),
            ("terminated_without_cause", "layoff"),
            ("", "terminated_without_cause, layoff"),
        ],
    )
    def test_waivers_must_cover_employer_ended_employment(
        self, state, effective, name, waive, missing
    ):
        terms = dataclasses.replace(PRORATED, waived_reasons=parse_reasons(waive))
        warnings = check_terms(terms, work_state=state, on=effective)
        assert rules_of(warnings) == [name]
        assert f"add {missing} to the waived reasons" in warnings[0].message

    def test_everything_wrong_at_once(self, state, effective, name):
        terms = dataclasses.replace(FULL, waived_reasons=())
        warnings = check_terms(terms, work_state=state, on=effective, itemised_amount=False)
        assert len(warnings) == 3

    def test_not_a_condition_statement(self, state, effective, name):
        assert needs_not_a_condition_statement(state, effective)
        assert needs_not_a_condition_statement(state.lower(), effective + dt.timedelta(days=400))
        assert not needs_not_a_condition_statement(state, effective - dt.timedelta(days=1))


class TestColorado:
    on = D(2025, 5, 1)

    def test_full_warns(self):
        warnings = check_terms(FULL, work_state="CO", on=self.on)
        assert rules_of(warnings) == ["Colorado HB24-1324"]
        assert "decrease" in warnings[0].message

    @pytest.mark.parametrize("terms", [ONE_BAND, FLAT_BANDS])
    def test_single_band_tiers_warn(self, terms):
        warnings = check_terms(terms, work_state="CO", on=self.on)
        assert rules_of(warnings) == ["Colorado HB24-1324"]
        assert "single band" in warnings[0].message

    @pytest.mark.parametrize("terms", [PRORATED, STEPPED, TIERS])
    def test_declining_schedules_are_clean(self, terms):
        assert check_terms(terms, work_state="CO", on=self.on) == []

    def test_not_before_2024_08_07(self):
        assert check_terms(FULL, work_state="CO", on=D(2024, 8, 6)) == []
        assert len(check_terms(FULL, work_state="CO", on=D(2024, 8, 7))) == 1

    def test_missing_itemisation_is_not_a_colorado_rule(self):
        assert check_terms(PRORATED, work_state="CO", on=self.on, itemised_amount=False) == []

    def test_no_statement_needed(self):
        assert not needs_not_a_condition_statement("CO", self.on)


@pytest.mark.parametrize("state", ["TX", "", None, "PL", "CAL"])
def test_other_places_have_no_rules(state):
    terms = dataclasses.replace(FULL, waived_reasons=())
    assert check_terms(terms, work_state=state, on=D(2027, 1, 1), itemised_amount=False) == []
    assert not needs_not_a_condition_statement(state, D(2027, 1, 1))


def test_state_code_is_case_and_space_insensitive():
    assert rules_of(check_terms(FULL, work_state=" ca ", on=D(2026, 6, 1))) == ["California AB 692"]


def test_warning_text():
    warning = ComplianceWarning("California AB 692", "use the prorated schedule.")
    assert warning.text == "California AB 692: use the prorated schedule."
    assert str(warning) == warning.text


def test_section_127_excess():
    assert section_127_excess(0) == 0
    assert section_127_excess(525000) == 0
    assert section_127_excess(525001) == 1
    assert section_127_excess(800000) == 275000
    assert section_127_excess(800000, limit_cents=600000) == 200000
    with pytest.raises(ValueError):
        section_127_excess(-1)


def test_fixed_texts():
    assert "minimum wage" in FLSA_FINAL_PAY_NOTE and "overtime" in FLSA_FINAL_PAY_NOTE
    assert "not a condition of your employment" in NOT_A_CONDITION_STATEMENT
