"""Form 2: the repayment statement at departure, with the calculation shown step by step."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from certdesk.core.deduction import FinalPayProposal
from certdesk.core.hardship import HardshipDecision
from certdesk.core.payment_plan import RepaymentPlan
from certdesk.core.plan_progress import ALLOCATION_RULE, PlanProgress
from certdesk.core.repayment_types import Calculation
from certdesk.forms import blocks
from certdesk.forms.base import (
    ACCENT,
    FormRenderer,
    date_text,
    money,
    months_text,
    percent_text,
    short_hash,
)
from certdesk.forms.blocks import EMPTY
from certdesk.forms.fonts import BOLD, markup
from certdesk.forms.wording import FINAL_PAY_NOTE, join_words, reason_text

TITLE = "Repayment Statement"
FORM_NO = "CD-102"


@dataclass(frozen=True)
class StatementFollowUp:
    """A statement issued after the one at departure: its number, the payments received so far
    (day, amount, method in words), the plan's progress, and a hardship decision it reports."""

    statement_no: int
    payments: tuple[tuple[_dt.date, int, str], ...] = ()
    progress: PlanProgress | None = None
    plan_issued_on: _dt.date | None = None
    decision: HardshipDecision | None = None
    owed_before_decision_cents: int = 0


@dataclass(frozen=True)
class RepaymentStatementContent:
    """Everything the statement prints; the calculation comes precomputed from core."""

    company_name: str
    agreement_no: str
    terms_hash: str
    employee_name: str
    employee_no: str
    certification: str
    departure_date: _dt.date
    reason: str
    commitment_text: str  # "24 months from 2026-03-15", or how it would have started
    commitment_months: int
    calculation: Calculation
    waived_reasons: tuple[str, ...] = ()
    payments_received_cents: int = 0
    amount_owed_cents: int | None = None  # None: calculation.owed_cents
    final_pay_note: str = FINAL_PAY_NOTE
    statement_date: _dt.date | None = None
    clock: str = "commitment"
    currency_symbol: str = "$"
    page_size: str = "letter"
    # State laws that forbid demanding the balance at once (CA AB 692, NY): no lump sum and no
    # final-pay deduction is proposed.
    no_lump_sum_rules: tuple[str, ...] = ()
    plan: RepaymentPlan | None = None  # how the balance is repaid (None: nothing to repay)
    payment_method: str = ""
    hr_contact: str = ""  # who to write to: name, e-mail, phone (Settings)
    leave_text: str = ""  # the unpaid leave that paused the commitment, moving its dates
    # After the departure (issue 11): what a hardship decision forgave, the final-pay proposal,
    # and, on a later statement, payments so far against the plan.
    forgiven_cents: int = 0
    final_pay: FinalPayProposal | None = None
    follow_up: StatementFollowUp | None = None

    @property
    def owed_cents(self) -> int:
        """The amount owed as printed."""
        if self.amount_owed_cents is not None:
            return self.amount_owed_cents
        return self.calculation.owed_cents


class RepaymentStatementRenderer(FormRenderer):
    """Lays out a RepaymentStatementContent."""

    form_no = FORM_NO
    title = TITLE

    def __init__(self, content: RepaymentStatementContent) -> None:
        super().__init__(
            company_name=content.company_name,
            page_size=content.page_size,
            agreement_no=content.agreement_no,
            terms_hash=content.terms_hash,
        )
        self.c = content

    def money(self, cents: int) -> str:
        """Money with the statement's currency symbol."""
        return money(cents, self.c.currency_symbol)

    def story(self) -> list[Flowable]:
        c = self.c
        subtitle = f"Agreement {c.agreement_no}"
        if c.statement_date:
            subtitle += f"  ·  Statement date {date_text(c.statement_date)}"
        if c.follow_up is not None:
            subtitle += f"  ·  Statement no. {c.follow_up.statement_no}"
        if c.terms_hash:
            subtitle += f"  ·  Terms {short_hash(c.terms_hash)}"
        return [
            blocks.rich(markup(TITLE), "Title"),
            blocks.text(subtitle, "Subtitle"),
            self.facts(),
            *self.months_served(),
            *self.calculation(),
            *self.waivers(),
            self.totals(),
            *self.decision_and_payments(),
            *self.how_to_repay(),
            blocks.gap(4),
            blocks.boxed([blocks.text(self.payment_note(), "Notice")], self.width, "#fff8e6"),
            blocks.gap(5),
            KeepTogether(
                [
                    blocks.text(
                        "Prepared by HR. The employee signs to confirm receipt of this "
                        "statement, not agreement with it."
                    ),
                    blocks.gap(1),
                    blocks.signature_lines([("HR", ""), ("Employee", c.employee_name)], self.width),
                ]
            ),
        ]

    def how_to_repay(self) -> list[Flowable]:
        """Due date, instalments with their dates, method, and where to write (the route)."""
        c = self.c
        plan = c.plan
        if plan is None or plan.total_cents == 0:
            return []
        contact = c.hr_contact or "HR"
        if c.follow_up is not None and c.follow_up.progress is not None:
            return self.plan_progress(plan, c.follow_up, contact)
        if plan.no_lump_sum:
            intro = (
                f"The balance is repaid in {len(plan.instalments)} monthly instalment"
                f"{'s' if len(plan.instalments) != 1 else ''}, over the months left in the "
                "commitment; nothing is asked for at once."
            )
        elif len(plan.instalments) == 1:
            intro = f"The balance is due by {date_text(plan.first_due)}."
        else:
            intro = (
                f"The balance is due by {date_text(plan.first_due)}, or, if you prefer, in "
                f"{len(plan.instalments)} monthly instalments as below. Tell {contact} which "
                "you choose."
            )
        rows: list[list[object]] = [["Instalment", "Due on", f"Amount ({c.currency_symbol})"]]
        for number, item in enumerate(plan.instalments, start=1):
            rows.append([str(number), date_text(item.due_on), money(item.amount_cents)])
        rows.append(["Total", EMPTY, money(plan.total_cents)])
        table = blocks.grid(
            rows,
            self.columns(0.3, 0.35, 0.35),
            right_cols=(2,),
            zebra=False,
            extra=[
                ("FONT", (0, -1), (-1, -1), BOLD, 8.5, 10.5),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
            ],
        )
        route = (
            f"How to pay: {c.payment_method}. No interest or fee is added. Questions: {contact}. "
            f"To dispute this statement or ask for a hardship waiver, write to {contact} by "
            f"{date_text(plan.dispute_by)}; HR records the decision and issues a new statement."
        )
        return [
            *blocks.heading("5. How to repay"),
            blocks.text(intro),
            table,
            blocks.gap(2),
            blocks.text(route),
        ]

    def plan_progress(
        self, plan: RepaymentPlan, follow_up: StatementFollowUp, contact: str
    ) -> list[Flowable]:
        """The plan as made, with what each instalment has been paid, what is late and left."""
        c = self.c
        progress = follow_up.progress
        assert progress is not None
        made = f" made on {date_text(follow_up.plan_issued_on)}" if follow_up.plan_issued_on else ""
        intro = (
            f"The repayment plan{made}: {len(plan.instalments)} monthly instalment"
            f"{'s' if len(plan.instalments) != 1 else ''} of the balance "
            f"{self.money(plan.total_cents)}. As of {date_text(progress.as_of)}: "
            f"{progress.summary()}. {ALLOCATION_RULE}"
        )
        symbol = c.currency_symbol
        rows: list[list[object]] = [
            [
                "No.",
                "Due on",
                f"Amount ({symbol})",
                f"Paid ({symbol})",
                f"Left ({symbol})",
                "Status",
            ]
        ]
        extra: list[tuple] = []
        for row in progress.rows:
            rows.append(
                [
                    str(row.number),
                    date_text(row.due_on),
                    money(row.amount_cents),
                    money(row.paid_cents),
                    money(row.left_cents),
                    blocks.cell(
                        row.state_words, self.columns(0.07, 0.17, 0.17, 0.17, 0.17, 0.25)[5]
                    ),
                ]
            )
            if row.state.value == "late":
                extra.append(("TEXTCOLOR", (5, len(rows) - 1), (5, len(rows) - 1), "#b00020"))
                extra.append(("FONT", (5, len(rows) - 1), (5, len(rows) - 1), BOLD, 8.5, 10.5))
        rows.append(
            [
                "Total",
                EMPTY,
                money(progress.total_cents),
                money(progress.paid_cents),
                money(progress.left_cents),
                EMPTY,
            ]
        )
        extra += [
            ("FONT", (0, -1), (-1, -1), BOLD, 8.5, 10.5),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ]
        table = blocks.grid(
            rows,
            self.columns(0.07, 0.17, 0.17, 0.17, 0.17, 0.25),
            right_cols=(2, 3, 4),
            zebra=False,
            extra=extra,
        )
        late = progress.late
        late_text = (
            f" {len(late)} instalment{'s are' if len(late) != 1 else ' is'} late: please pay "
            f"{self.money(progress.late_cents)} now, or write to {contact}."
            if late
            else ""
        )
        route = (
            f"How to pay: {c.payment_method}. No interest or fee is added.{late_text} "
            f"Questions, a dispute or a hardship waiver request: write to {contact}."
        )
        return [
            *blocks.heading("5. How to repay"),
            blocks.text(intro),
            table,
            blocks.gap(2),
            blocks.text(route),
        ]

    def decision_and_payments(self) -> list[Flowable]:
        """Under the totals of a later statement: the hardship decision it reports and every
        payment received so far."""
        c = self.c
        f = c.follow_up
        if f is None:
            return []
        out: list[Flowable] = []
        if f.decision is not None:
            d = f.decision
            outcome = d.words
            if d.outcome.value == "granted_full":
                effect = "Nothing more is owed."
            elif d.outcome.value == "granted_part":
                effect = (
                    f"{self.money(f.owed_before_decision_cents - (d.new_owed_cents or 0))} is "
                    "forgiven; the balance and the plan below replace those of the earlier "
                    "statement."
                )
            else:
                effect = "The balance and the plan stay as they were."
            out += [
                blocks.gap(3),
                blocks.rich(
                    "<b>Hardship waiver decision</b> "
                    + markup(
                        f"of {date_text(d.decided_on)} by {d.decided_by}: {outcome}. "
                        f"Reason: {d.reason}. {effect}"
                    ),
                    "Body",
                ),
            ]
        if f.payments:
            rows: list[list[object]] = [["Received on", f"Amount ({c.currency_symbol})", "How"]]
            for day, cents, how in f.payments:
                rows.append([date_text(day), money(cents), how or "—"])
            out += [
                blocks.gap(3),
                blocks.text("Payments received so far:"),
                blocks.grid(rows, self.columns(0.3, 0.3, 0.4), right_cols=(1,), zebra=False),
            ]
        return out

    def payment_note(self) -> str:
        """How the balance may be asked for: the FLSA note, or no lump sum where a law says so;
        and whether a deduction from final pay is proposed (an authorization on file)."""
        c = self.c
        if c.owed_cents == 0:
            return "Nothing is owed under this agreement: no payment and no deduction is asked for."
        if c.final_pay is not None and not c.no_lump_sum_rules:
            return c.final_pay.text
        if c.no_lump_sum_rules:
            laws = join_words(list(c.no_lump_sum_rules))
            return (
                f"Under {laws} the balance is not demanded as a lump sum and is not deducted "
                "from final pay: it is repaid by monthly instalments over the rest of the "
                "commitment period (section 5)."
            )
        return c.final_pay_note

    def facts(self) -> Flowable:
        c = self.c
        commitment = c.commitment_text
        return blocks.fields(
            [
                ("Employee", c.employee_name),
                ("Employee no.", c.employee_no),
                ("Certification", c.certification),
                ("Departure date", date_text(c.departure_date)),
                ("Reason", reason_text(c.reason).capitalize()),
                ("Commitment", commitment),
            ],
            self.width,
        )

    def months_served(self) -> list[Flowable]:
        c = self.c
        out: list[Flowable] = [*blocks.heading("1. Months served")]
        for line in c.calculation.lines:
            prefix = f"{line.label}: " if len(c.calculation.lines) > 1 else ""
            if line.start is None and not c.calculation.before_start:
                sentence = f"{prefix}{line.explanation}."
            elif line.start is None:
                sentence = (
                    f"{prefix}the commitment had not started when the employee left on "
                    f"{date_text(c.departure_date)}: no months were served, and the amount for "
                    "leaving before the start applies."
                )
            elif c.departure_date < line.start:
                sentence = (
                    f"{prefix}left on {date_text(c.departure_date)}, before the clock started on "
                    f"{date_text(line.start)}: the whole amount applies."
                )
            else:
                sentence = (
                    f"{prefix}from {date_text(line.start)} to {date_text(c.departure_date)}, "
                    f"{months_text(line.months_served)} served of {c.commitment_months}."
                )
            out.append(blocks.text(sentence[:1].upper() + sentence[1:]))
        if c.leave_text and c.calculation.lines:
            out.append(blocks.text(f"{c.leave_text} Paid leave counts as months served."))
        if not c.calculation.lines:
            why = (
                f"{c.calculation.decided_by} decides this departure"
                if c.calculation.decided_by
                else "the reason for leaving is waived"
            )
            out.append(blocks.text(f"Months served do not change the amount: {why} (section 3)."))
        return out

    def calculation(self) -> list[Flowable]:
        c = self.c
        rows: list[list[object]] = [
            [
                "Clock",
                "Starts",
                f"Amount ({c.currency_symbol})",
                "Months",
                "Share",
                f"Owed ({c.currency_symbol})",
            ]
        ]
        extra: list[tuple] = []
        for line in c.calculation.lines:
            rows.append(
                [
                    blocks.cell(line.label, self.columns(0.34)[0]),
                    date_text(line.start) if line.start else "not started",
                    money(line.amount_cents),
                    str(line.months_served),
                    percent_text(line.percent_bp),
                    money(line.owed_cents),
                ]
            )
            if line.explanation:
                r = len(rows)
                rows.append([blocks.text(line.explanation, "CellSmall"), *[EMPTY] * 5])
                extra.append(("SPAN", (0, r), (-1, r)))
        if not c.calculation.lines:
            # Waived or decided by law: one row says so, so the table never shows a bare total.
            why = c.calculation.decided_by or "Reason waived by the agreement"
            rows.append(
                [
                    blocks.cell(why, self.columns(0.34)[0]),
                    "—",
                    money(c.calculation.amount_cents),
                    "—",
                    percent_text(0),
                    money(0),
                ]
            )
        total = money(c.calculation.amount_cents)
        rows.append(["Total", EMPTY, total, EMPTY, EMPTY, money(c.calculation.owed_cents)])
        extra += [
            ("SPAN", (0, -1), (1, -1)),
            ("FONT", (0, -1), (-1, -1), BOLD, 8.5, 10.5),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ]
        table = blocks.grid(
            rows,
            self.columns(0.34, 0.14, 0.15, 0.09, 0.12, 0.16),
            right_cols=(2, 3, 4, 5),
            zebra=False,
            extra=extra,
        )
        out: list[Flowable] = [*blocks.heading("2. Calculation"), table]
        if c.calculation.steps:
            out.append(blocks.gap(2))
            out += [
                blocks.text(f"{i}. {step}", "Body")
                for i, step in enumerate(c.calculation.steps, start=1)
            ]
        return out

    def waivers(self) -> list[Flowable]:
        c = self.c
        words = [reason_text(r) for r in c.waived_reasons]
        listed = (
            f"Under this agreement nothing is owed when the reason for leaving is {join_words(words)}."
            if words
            else "This agreement waives no reason for leaving."
        )
        if c.calculation.waived:
            verdict = f"The reason for this departure, {reason_text(c.reason)}, is waived: nothing is owed."
        else:
            verdict = f"The reason for this departure, {reason_text(c.reason)}, is not waived."
        out = [*blocks.heading("3. Waivers and the law"), blocks.text(f"{listed} {verdict}")]
        if c.calculation.decided_by:
            out.append(
                blocks.text(
                    f"{c.calculation.decided_by}: {c.calculation.law_note} "
                    "This statement applies that law."
                )
            )
        return out

    def totals(self) -> Flowable:
        c = self.c
        owed = c.owed_cents
        balance = owed - c.forgiven_cents - c.payments_received_cents
        if balance < 0:
            balance_label = "Overpaid: to refund to the employee"
        elif c.no_lump_sum_rules and balance > 0:
            balance_label = "Balance, repaid by instalments (no lump sum)"
        else:
            balance_label = "Balance due"
        rows = [
            [blocks.text("Amount owed under the agreement", "Body"), self.money(owed)],
            [blocks.text("Payments received", "Body"), self.money(c.payments_received_cents)],
            [blocks.text(balance_label, "Total"), self.money(abs(balance))],
        ]
        if c.forgiven_cents:
            rows.insert(
                1,
                [
                    blocks.text("Forgiven by a hardship waiver granted in part", "Body"),
                    self.money(c.forgiven_cents),
                ],
            )
        table = Table(
            rows,
            colWidths=self.columns(0.7, 0.3),
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("FONT", (1, 0), (1, -1), BOLD, 10, 13),
                    ("FONT", (1, -1), (1, -1), BOLD, 12, 15),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEABOVE", (0, -1), (-1, -1), 1, ACCENT),
                    ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                    ("BACKGROUND", (0, -1), (-1, -1), "#eef2f7"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 7),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ]
            ),
        )
        return KeepTogether([*blocks.heading("4. Amount owed"), table])


def render_repayment_statement(content: RepaymentStatementContent) -> bytes:
    """The repayment statement PDF as bytes (byte-identical for the same content)."""
    return RepaymentStatementRenderer(content).render()
