"""Renewal cycles and continuing-education credits, with dates worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.renewal import (
    CategoryCap,
    CreditActivity,
    CreditUnit,
    Cycle,
    CycleState,
    ProofState,
    RenewalMethod,
    RenewalRule,
    check_activity_date,
    check_renewal,
    check_rule,
    cycle_state,
    first_cycle,
    format_caps,
    format_centihours,
    next_cycle,
    parse_caps,
    parse_credits,
    proof_deadline,
    proof_state,
    reminder_bucket,
    rule_for,
    tally_credits,
    to_centihours,
)

D = dt.date


def _activity(category: str, credits: str, unit: CreditUnit = CreditUnit.HOURS) -> CreditActivity:
    return CreditActivity(
        cycle_id=1,
        earned_on=D(2026, 5, 1),
        title="x",
        credits=parse_credits(credits),
        unit=unit,
        category=category,
    )


# --- cycles --------------------------------------------------------------------------------


def test_first_cycle_runs_from_completion_for_the_validity() -> None:
    # Completed 2025-01-31, valid 36 months: held until 2028-01-31.
    cycle = first_cycle(7, D(2025, 1, 31), 36)
    assert (cycle.seq, cycle.starts_on, cycle.ends_on) == (1, D(2025, 1, 31), D(2028, 1, 31))
    assert first_cycle(7, D(2025, 1, 31), None).ends_on is None


def test_renewal_is_anchored_on_the_previous_expiry_not_the_renewal_date() -> None:
    # Cycle 1: 2025-03-10 → 2027-03-10 (24 months). Renewed early on 2026-11-20: cycle 2 still
    # starts on 2027-03-10 and ends on 2029-03-10, not 2028-11-20.
    first = first_cycle(1, D(2025, 3, 10), 24)
    second = next_cycle(first, 24, D(2026, 11, 20))
    assert (second.seq, second.starts_on, second.ends_on) == (2, D(2027, 3, 10), D(2029, 3, 10))


def test_29_february_clamps_and_the_clamped_day_becomes_the_anchor() -> None:
    # Completed on leap day 2024-02-29, valid 36 months: 2027 has no 29 February, so it ends on
    # 2027-02-28. Renewing anchors on that expiry: 2027-02-28 + 36 months = 2030-02-28.
    first = first_cycle(1, D(2024, 2, 29), 36)
    assert first.ends_on == D(2027, 2, 28)
    second = next_cycle(first, 36, D(2027, 1, 5))
    assert (second.starts_on, second.ends_on) == (D(2027, 2, 28), D(2030, 2, 28))
    # 12-month cycles chained from leap day stay on the 28th even in the leap year 2028.
    cycle = first_cycle(1, D(2024, 2, 29), 12)
    ends = []
    for _ in range(4):
        ends.append(cycle.ends_on)
        cycle = next_cycle(cycle, 12, cycle.ends_on)
    assert ends == [D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 28)]


def test_states_through_a_cycle() -> None:
    cycle = first_cycle(1, D(2025, 1, 31), 36)  # ends 2028-01-31
    assert cycle_state(cycle, D(2027, 11, 1)) == CycleState.CURRENT  # 91 days left
    assert cycle_state(cycle, D(2027, 11, 2)) == CycleState.RENEWAL_DUE  # 90 days left
    assert cycle_state(cycle, D(2028, 1, 31)) == CycleState.RENEWAL_DUE  # held on its last day
    assert cycle_state(cycle, D(2028, 2, 1)) == CycleState.LAPSED
    never = first_cycle(1, D(2025, 1, 31), None)
    assert cycle_state(never, D(2099, 1, 1)) == CycleState.CURRENT


def test_lapsed_then_renewed_late_keeps_the_lapse_and_the_anchor() -> None:
    # Cycle 1 2023-06-15 → 2025-06-15 (24 months), not renewed: lapsed from 2025-06-16.
    first = first_cycle(1, D(2023, 6, 15), 24)
    assert cycle_state(first, D(2025, 8, 1)) == CycleState.LAPSED
    # Renewed late on 2025-08-01: the history keeps cycle 1 lapsed (not held 06-16 → 08-01) and
    # cycle 2 runs from the old expiry 2025-06-15 to 2027-06-15.
    second = next_cycle(first, 24, D(2025, 8, 1))
    assert (second.starts_on, second.ends_on) == (D(2025, 6, 15), D(2027, 6, 15))
    renewed = Cycle(1, 1, first.starts_on, first.ends_on, D(2025, 8, 1), "credits")
    assert renewed.renewed_late
    assert cycle_state(renewed, D(2025, 8, 2)) == CycleState.LAPSED
    assert cycle_state(second, D(2025, 8, 2)) == CycleState.CURRENT
    on_time = Cycle(1, 1, first.starts_on, first.ends_on, D(2025, 6, 15), "credits")
    assert cycle_state(on_time, D(2030, 1, 1)) == CycleState.RENEWED
    # Lapsed so long that cycle 2 would be over (after 2027-06-15): earn it again instead.
    with pytest.raises(InvalidInput, match="record a new completion") as exc:
        next_cycle(first, 24, D(2027, 6, 16))
    assert exc.value.field == "on"


def test_renewal_refusals() -> None:
    never = first_cycle(1, D(2025, 1, 1), None)
    with pytest.raises(InvalidInput, match="never expires"):
        next_cycle(never, None, D(2026, 1, 1))
    cycle = first_cycle(1, D(2025, 1, 1), 12)
    with pytest.raises(InvalidInput, match="before the cycle began"):
        next_cycle(cycle, 12, D(2024, 12, 31))
    done = Cycle(1, 1, D(2025, 1, 1), D(2026, 1, 1), D(2025, 12, 1), "exam")
    with pytest.raises(InvalidInput, match="already renewed on 2025-12-01"):
        next_cycle(done, 12, D(2025, 12, 2))


def test_reminder_buckets() -> None:
    assert [reminder_bucket(d) for d in (120, 91, 90, 61, 60, 31, 30, 8, 7, 0, -1, None)] == [
        None,
        None,
        90,
        90,
        60,
        60,
        30,
        30,
        7,
        7,
        None,
        None,
    ]


def test_activity_must_fall_in_its_cycle() -> None:
    cycle = first_cycle(1, D(2025, 1, 31), 36)
    check_activity_date(cycle, D(2025, 1, 31))
    check_activity_date(cycle, D(2028, 1, 31))
    with pytest.raises(InvalidInput, match="outside cycle 1"):
        check_activity_date(cycle, D(2028, 2, 1))


# --- rules and versions --------------------------------------------------------------------


def test_a_new_rule_version_applies_to_cycles_starting_after_it() -> None:
    v1 = RenewalRule(36, 6000, effective_on=D(2020, 1, 1), version=1)
    v2 = RenewalRule(24, 4000, effective_on=D(2026, 7, 1), version=2)
    assert rule_for([v2, v1], D(2026, 6, 30)) is v1
    assert rule_for([v1, v2], D(2026, 7, 1)) is v2
    assert rule_for([v1, v2], D(2019, 12, 31)) is None


def test_rule_checks_name_the_field() -> None:
    with pytest.raises(InvalidInput) as exc:
        check_rule(RenewalRule(0))
    assert exc.value.field == "validity_months"
    with pytest.raises(InvalidInput, match="never expires needs no renewal credits"):
        check_rule(RenewalRule(None, 100))
    with pytest.raises(InvalidInput, match="capped twice"):
        check_rule(
            RenewalRule(
                24, 100, caps=(CategoryCap("Self-study", 5000), CategoryCap("self-study ", 100))
            )
        )
    with pytest.raises(InvalidInput, match="at most 100 %"):
        check_rule(RenewalRule(24, 100, caps=(CategoryCap("x", share_bp=10_001),)))
    assert check_rule(RenewalRule(24, 100, caps=(CategoryCap("x", share_bp=10_000),)))


def test_caps_text_round_trips() -> None:
    caps = parse_caps("self-paced: 30, Advance Your Organization:20 ,self-study:50%")
    assert caps == (
        CategoryCap("self-paced", max_hundredths=3000),
        CategoryCap("Advance Your Organization", max_hundredths=2000),
        CategoryCap("self-study", share_bp=5000),
    )
    assert parse_caps(format_caps(caps)) == caps
    assert format_caps([CategoryCap("a", share_bp=3333)]) == "a:33.33%"
    with pytest.raises(InvalidInput, match="category:credits"):
        parse_caps("self-paced thirty")
    assert parse_caps("") == ()


def test_credits_parse_strictly() -> None:
    assert parse_credits("2.5") == 250
    assert parse_credits("0.25") == 25
    assert parse_credits("12") == 1200
    for bad in ("", "-1", "1.234", "two", "0"):
        with pytest.raises(InvalidInput):
            parse_credits(bad)


# --- credits -------------------------------------------------------------------------------


def test_ceu_and_hours_convert_exactly() -> None:
    # 1 CEU = 10 hours: 4.5 CEU = 45 hours = 4,500 centihours; 0.25 hours = 0.025 CEU.
    assert to_centihours(450, CreditUnit.CEU) == 4500
    assert to_centihours(4500, CreditUnit.HOURS) == 4500
    assert format_centihours(4500, CreditUnit.CEU) == "4.5 CEU"
    assert format_centihours(4500, CreditUnit.HOURS) == "45 hours"
    assert format_centihours(25, CreditUnit.CEU) == "0.025 CEU"
    # A rule in CEU (4.5 per cycle) met by 20 hours of classes plus 2.5 CEU of a course.
    rule = RenewalRule(24, 450, CreditUnit.CEU)
    tally = tally_credits(
        rule,
        [_activity("course", "20"), _activity("course", "2.5", CreditUnit.CEU)],
    )
    assert (tally.earned_centihours, tally.needed_centihours) == (4500, 4500)
    assert tally.met
    assert tally.describe() == "4.5 CEU of 4.5 CEU — renewal met"
    short = tally_credits(rule, [_activity("course", "44.75")])
    assert not short.met
    assert short.describe() == "4.475 CEU of 4.5 CEU — 0.025 CEU short"


def test_caps_by_category_as_a_share() -> None:
    # 40 hours per cycle, at most 50 % (20 hours) from self-study. Earned: 30 h self-study and
    # 12 h classroom = 42 h, but self-study counts 20 h: 32 h counted, 8 h short.
    rule = RenewalRule(24, 4000, caps=(CategoryCap("Self-study", share_bp=5000),))
    tally = tally_credits(rule, [_activity("self-study", "30"), _activity("Classroom", "12")])
    by_name = {c.category: (c.earned_centihours, c.counted_centihours) for c in tally.categories}
    assert by_name == {"self-study": (3000, 2000), "Classroom": (1200, 1200)}
    assert (tally.earned_centihours, tally.counted_centihours) == (4200, 3200)
    assert tally.short_centihours == 800
    assert (
        tally.describe() == "32 hours of 40 hours (42 hours earned, caps applied) — 8 hours short"
    )
    with pytest.raises(InvalidInput, match="8 hours short") as exc:
        check_renewal(tally, RenewalMethod.CREDITS)
    assert exc.value.field == "credits"
    check_renewal(tally, RenewalMethod.EXAM)  # the exam taken again renews without credits
    # 8 more classroom hours meet it.
    met = tally_credits(
        rule,
        [_activity("self-study", "30"), _activity("Classroom", "12"), _activity("classroom", "8")],
    )
    assert met.met and met.counted_centihours == 4000


def test_a_cap_share_of_a_ceu_rule_is_worked_in_hours() -> None:
    # 3.0 CEU needed, self-study at most 33.33 % = 0.9999 CEU ≈ 9.999 h → rounded half up to the
    # centihour: 1,000 centihours (10 hours).
    rule = RenewalRule(36, 300, CreditUnit.CEU, caps=(CategoryCap("self-study", share_bp=3333),))
    assert rule.caps[0].limit_centihours(rule) == 1000
    tally = tally_credits(rule, [_activity("self-study", "2", CreditUnit.CEU)])
    assert tally.counted_centihours == 1000


def test_no_rule_needs_nothing() -> None:
    tally = tally_credits(None, [])
    assert tally.met and tally.needed_centihours == 0


def test_published_rule_shrm_cp_recertification() -> None:
    """SHRM-CP / SHRM-SCP recertification, as SHRM publishes it: 60 professional development
    credits (PDCs) every three years, 1 PDC per hour of education (15-minute increments); no
    maximum for instructor-led education; at most 30 PDCs from self-paced education, 20 from
    Advance Your Organization and 30 from Advance Your Profession.
    Sources: SHRM Certification Team, "Recertification Q&A: Categories of Credits" (2018-02-08),
    https://www.shrm.org/resourcesandtools/hr-topics/behavioral-competencies/pages/recertification-qa-categories-of-credits.aspx
    and "Qualifying Credit-Earning Activities",
    https://shrm.org/certification/recertification/qualifyingcreditactivities/pages/default.aspx
    """
    shrm = check_rule(
        RenewalRule(
            validity_months=36,
            credits_needed=parse_credits("60"),
            unit=CreditUnit.HOURS,
            caps=parse_caps(
                "Education self-paced:30, Advance Your Organization:20, Advance Your Profession:30"
            ),
        )
    )
    # Their own example: all 60 PDCs from instructor-led education recertifies.
    assert tally_credits(shrm, [_activity("Education instructor-led", "60")]).met
    # 45 self-paced (counts 30) + 25 work-project PDCs (counts 20) + 9.75 instructor-led:
    # 30 + 20 + 9.75 = 59.75 of 60: a quarter-hour short, though 79.75 were earned.
    activities = [
        _activity("Education self-paced", "45"),
        _activity("Advance Your Organization", "25"),
        _activity("Education instructor-led", "9.75"),
    ]
    tally = tally_credits(shrm, activities)
    assert (tally.earned_centihours, tally.counted_centihours) == (7975, 5975)
    assert not tally.met
    assert tally.describe().endswith("— 0.25 hours short")
    # One more 15-minute increment of instructor-led education meets the rule.
    assert tally_credits(shrm, [*activities, _activity("Education instructor-led", "0.25")]).met
    # Profession capped at 30: 35 volunteer PDCs + 30 self-paced = 60 counted exactly.
    assert tally_credits(
        shrm,
        [_activity("Advance Your Profession", "35"), _activity("Education self-paced", "30")],
    ).met


# --- proof ---------------------------------------------------------------------------------


def test_proof_due_and_overdue() -> None:
    # Completed 2026-03-02, the agreement asks for proof within 30 days: due by 2026-04-01.
    deadline = proof_deadline(D(2026, 3, 2), 30)
    assert deadline == D(2026, 4, 1)
    assert proof_state(False, "", deadline, D(2026, 4, 1)) == ProofState.DUE
    assert proof_state(False, "", deadline, D(2026, 4, 2)) == ProofState.OVERDUE
    assert proof_state(True, "", deadline, D(2027, 1, 1)) == ProofState.ATTACHED
    # A reason recorded does not lift an agreement's deadline; without one it stands alone.
    assert proof_state(False, "lost", deadline, D(2026, 4, 2)) == ProofState.OVERDUE
    assert proof_state(False, "lost", None, D(2026, 4, 2)) == ProofState.MISSING
    assert proof_deadline(D(2026, 3, 2), None) is None
