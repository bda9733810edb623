"""Realistic sample content for previews, tests and benchmarks (no database, no core engine).

The schedule rows are built here with the rules of DESIGN.md so the forms can be looked at
without certdesk.core.repayment; real forms get their blocks from core.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from certdesk.core.dates import add_months
from certdesk.core.money import mul_div_half_up
from certdesk.core.repayment_types import BandRow, Calculation, CalculationLine, ScheduleBlock
from certdesk.forms.acknowledgment import AcknowledgmentContent, CostLine
from certdesk.forms.repayment_statement import RepaymentStatementContent

DAY = _dt.timedelta(days=1)
TERMS_HASH = "3f2a9c1b0d4e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"

POLICY_BODY = """\
Purpose. The company pays for professional certifications that help managers run the floor
better. Because the company pays, it asks for a period of service after the certification.

Eligibility. Managers with at least six months of service and a good performance record may
apply. The certification must be approved in writing by the manager's manager and by HR before
enrolment.

What the company pays. Tuition, exam fees and required materials, up to the amount approved.
Wages for class hours are paid as usual and are never repayable.

Your commitments:
- complete the program and pass the exam by the deadline in the agreement;
- give HR proof of the credential within the number of days stated;
- stay employed for the service commitment, or repay as the schedule shows.

Repayment. If you leave before the commitment ends, you repay the amount shown for your
leaving date in the schedule. Nothing is owed for the reasons listed as waived. The amount is
never more than what the company paid and it is never accelerated.

Questions. Ask HR before you sign. You may take this agreement home and you receive a copy."""

NY_NOTICE = (
    "This agreement is separate from your employment agreement and is not a condition of "
    "employment. You may decline the tuition assistance and keep your job on the same terms."
)


def prorated_block(
    amount_cents: int, start: _dt.date, months: int, label: str = "Whole repayable amount"
) -> ScheduleBlock:
    """A prorated block: one row a month, then the fulfilled row."""
    rows = []
    for m in range(months):
        rows.append(
            BandRow(
                first_day=add_months(start, m),
                last_day=add_months(start, m + 1) - DAY,
                months_from=m,
                months_to=m + 1,
                percent_bp=mul_div_half_up(10000, months - m, months),
                owed_cents=mul_div_half_up(amount_cents, months - m, months),
            )
        )
    rows.append(BandRow(add_months(start, months), None, months, None, 0, 0))
    return ScheduleBlock(start=start, amount_cents=amount_cents, label=label, rows=tuple(rows))


def tiers_block(
    amount_cents: int, start: _dt.date, tiers: tuple[tuple[int, int], ...], label: str
) -> ScheduleBlock:
    """A tiers block from (before_month, percent_bp) bands."""
    rows, previous = [], 0
    for before, bp in tiers:
        rows.append(
            BandRow(
                first_day=add_months(start, previous),
                last_day=add_months(start, before) - DAY,
                months_from=previous,
                months_to=before,
                percent_bp=bp,
                owed_cents=mul_div_half_up(amount_cents, bp, 10000),
            )
        )
        previous = before
    rows.append(BandRow(add_months(start, previous), None, previous, None, 0, 0))
    return ScheduleBlock(start=start, amount_cents=amount_cents, label=label, rows=tuple(rows))


def acknowledgment(months: int = 24, name: str = "Łukasz Żółć-Nguyễn") -> AcknowledgmentContent:
    """A prorated, one-clock acknowledgment with three costs."""
    start = _dt.date(2026, 3, 15)
    return AcknowledgmentContent(
        company_name="Acme Contact Centers, Inc.",
        agreement_no="TA-2026-0007",
        policy_version=3,
        policy_title="Tuition Assistance Policy",
        policy_body=POLICY_BODY,
        terms_hash=TERMS_HASH,
        issued_on=_dt.date(2026, 2, 2),
        employee_no="H-9001",
        employee_name=name,
        job_title="Call Center Manager",
        site="Gdańsk Hub",
        work_state="NY",
        certification_code="CCCM",
        certification_name="Certified Call Center Manager",
        provider="Call Center Industry Training Institute",
        course_dates="2026-02-09 to 2026-02-13",
        review_clause=(
            "Given to you on 2026-02-02; you have until 2026-02-09 to review it and may consult "
            "a lawyer of your choice before signing."
        ),
        cost_lines=(
            CostLine(
                "tuition", "CCCM course, spring cohort", 300000, "company", _dt.date(2026, 1, 15)
            ),
            CostLine("exam", "Certification exam fee", 60000, "company", _dt.date(2026, 2, 1)),
            CostLine(
                "materials",
                "Study guide and workbook",
                8500,
                "employee",
                _dt.date(2026, 1, 20),
                repayable=False,
            ),
        ),
        repayable_amount_cents=360000,
        commitment_months=months,
        commitment_start_rule="completion",
        commitment_start_text=(
            "The commitment starts on the date you complete the certification; the dates "
            "below assume completion on 2026-03-15."
        ),
        clock="commitment",
        schedule_name="prorated",
        schedule_blocks=(prorated_block(360000, start, months),),
        waived_reasons=("dismissed_other", "layoff", "death", "disability"),
        completion_deadline=_dt.date(2026, 12, 15),
        proof_days=30,
        state_notices=(NY_NOTICE,),
    )


def per_payment_acknowledgment() -> AcknowledgmentContent:
    """A four-band tiers schedule under the per_payment clock, two payment blocks."""
    tiers = ((6, 10000), (12, 7500), (18, 5000), (24, 2500))
    p1, p2 = _dt.date(2026, 1, 15), _dt.date(2026, 7, 20)
    base = acknowledgment(name="Nguyễn Thị Hương")
    return replace(
        base,
        agreement_no="TA-2026-0011",
        employee_no="H-9114",
        site="Austin",
        work_state="TX",
        certification_code="SWMP",
        certification_name="Certified Workforce Management Professional",
        cost_lines=(
            CostLine("tuition", "SWMP part 1", 200000, "company", p1),
            CostLine("tuition", "SWMP part 2", 150000, "company", p2),
            CostLine("class_wages", "32 class hours", 96000, "company", p2, repayable=False),
        ),
        repayable_amount_cents=350000,
        commitment_start_rule="signing",
        commitment_start_text="Each payment's clock starts on the date the company paid it.",
        clock="per_payment",
        schedule_name="tiers",
        schedule_blocks=(
            tiers_block(200000, p1, tiers, "Payment 1: SWMP part 1"),
            tiers_block(150000, p2, tiers, "Payment 2: SWMP part 2"),
        ),
        waived_reasons=("layoff",),
        state_notices=(),
    )


def repayment_statement() -> RepaymentStatementContent:
    """The per-payment example of DESIGN.md: 2,125.00 owed, 500.00 already received."""
    p1, p2 = _dt.date(2026, 1, 15), _dt.date(2026, 7, 20)
    lines = (
        CalculationLine(
            "Payment 1: SWMP part 1",
            p1,
            200000,
            12,
            5000,
            100000,
            "12 full months served: band before month 18 applies, 50 % of 2,000.00",
        ),
        CalculationLine(
            "Payment 2: SWMP part 2",
            p2,
            150000,
            6,
            7500,
            112500,
            "6 full months served: band before month 12 applies, 75 % of 1,500.00",
        ),
    )
    calculation = Calculation(
        owed_cents=212500,
        amount_cents=350000,
        reason="resigned",
        waived=False,
        lines=lines,
        steps=(
            "Reason for leaving: resignation, not waived under this agreement.",
            "Payment 1: 1,000.00 (50 % of 2,000.00, 12 months served).",
            "Payment 2: 1,125.00 (75 % of 1,500.00, 6 months served).",
            "Total owed: 1,000.00 + 1,125.00 = 2,125.00.",
        ),
    )
    return RepaymentStatementContent(
        company_name="Acme Contact Centers, Inc.",
        agreement_no="TA-2026-0011",
        terms_hash=TERMS_HASH,
        employee_name="Nguyễn Thị Hương",
        employee_no="H-9114",
        certification="SWMP — Certified Workforce Management Professional",
        departure_date=_dt.date(2027, 2, 10),
        reason="resigned",
        commitment_text="24 months from each payment date",
        commitment_months=24,
        clock="per_payment",
        calculation=calculation,
        waived_reasons=("layoff",),
        payments_received_cents=50000,
        statement_date=_dt.date(2027, 2, 12),
    )
