"""Form 1: the tuition assistance agreement and acknowledgment the manager signs."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from certdesk.core.errors import InvalidInput
from certdesk.core.repayment_types import ScheduleBlock
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
from certdesk.forms.schedule_table import ScheduleTable
from certdesk.forms.wording import (
    CLOCK_WORDS,
    SCHEDULE_WORDS,
    kind_text,
    reason_text,
)

TITLE = "Tuition Assistance Agreement and Acknowledgment"
FORM_NO = "CD-101"


@dataclass(frozen=True)
class CostLine:
    """One itemised cost as printed: paid_by is "company" or "employee"."""

    kind: str
    description: str
    amount_cents: int
    paid_by: str
    paid_on: _dt.date | None = None
    repayable: bool = True
    not_yet_paid: bool = False  # printed "not yet paid" instead of a date


@dataclass(frozen=True)
class AcknowledgmentContent:
    """Everything the acknowledgment prints; schedule blocks come precomputed from core."""

    company_name: str
    agreement_no: str
    policy_version: str | int
    policy_title: str
    policy_body: str
    terms_hash: str
    issued_on: _dt.date
    employee_no: str
    employee_name: str
    job_title: str
    site: str
    work_state: str
    certification_code: str
    certification_name: str
    provider: str
    cost_lines: tuple[CostLine, ...]
    repayable_amount_cents: int
    commitment_months: int
    commitment_start_rule: str  # "completion" | "signing"
    commitment_start_text: str
    clock: str  # "commitment" | "per_payment"
    schedule_name: str  # "prorated" | "stepped" | "full" | "tiers"
    schedule_blocks: tuple[ScheduleBlock, ...]
    waived_reasons: tuple[str, ...]
    completion_deadline: _dt.date | None
    proof_days: int
    state_notices: tuple[str, ...] = ()
    currency_symbol: str = "$"
    page_size: str = "letter"
    completion_standard: str = ""
    cost_note: str = ""  # e.g. why a state law leaves travel out of the repayable amount
    repayment_terms: str = ""  # how a balance owed at departure is repaid
    program_end_text: str = ""  # what a program ending without the credential means
    logo: bytes = b""  # the company's logo from Settings (PNG or JPEG), printed in the header
    hr_signer: str = ""  # "name, title" printed on the HR signature line
    course_dates: str = ""  # "2026-09-14 to 2026-09-18" (agreements issued from schema 11)
    review_clause: str = ""  # "Given to you on …; you have until … to review it …"


def _initials_statements(c: AcknowledgmentContent) -> list[str]:
    """The statements the employee initials, one by one."""
    months = months_text(c.commitment_months)
    return [
        "I have read the tuition assistance policy printed in this agreement and I was able "
        "to ask questions about it before signing.",
        "I understand which costs the company pays, which I pay, and which of them I may have "
        f"to repay (at most {money(c.repayable_amount_cents, c.currency_symbol)}).",
        f"I understand the service commitment of {months} and when it starts.",
        "I understand the repayment schedule: if I leave before the commitment ends, I repay "
        "the amount shown for the date I leave, unless the reason I leave is waived.",
        "I will complete the program by the deadline and give HR proof of the credential in time.",
    ]


class AcknowledgmentRenderer(FormRenderer):
    """Lays out an AcknowledgmentContent; nothing is computed here but sums of cost lines."""

    form_no = FORM_NO
    title = TITLE

    def __init__(self, content: AcknowledgmentContent) -> None:
        if content.commitment_months < 1:
            raise InvalidInput("commitment_months", "the commitment must be at least 1 month")
        super().__init__(
            company_name=content.company_name,
            page_size=content.page_size,
            agreement_no=content.agreement_no,
            terms_hash=content.terms_hash,
            logo=content.logo,
        )
        self.c = content
        self._sections = 0

    def section(self, title: str) -> list[Flowable]:
        """A numbered section heading (numbers follow the sections actually printed)."""
        self._sections += 1
        return blocks.heading(f"{self._sections}. {title}")

    def money(self, cents: int) -> str:
        """Money with the agreement's currency symbol."""
        return money(cents, self.c.currency_symbol)

    def story(self) -> list[Flowable]:
        c = self.c
        self._sections = 0
        return [
            blocks.rich(markup(TITLE), "Title"),
            blocks.text(
                f"Agreement {c.agreement_no}  ·  {c.policy_title}, version {c.policy_version}"
                f"  ·  Issued {date_text(c.issued_on)}  ·  Terms {short_hash(c.terms_hash)}",
                "Subtitle",
            ),
            *(
                [blocks.boxed([blocks.text(c.review_clause)], self.width)]
                if c.review_clause
                else []
            ),
            *self.parties(),
            *self.costs(),
            *self.commitment(),
            *self.schedule(),
            *self.completion(),
            *self.waivers(),
            *self.notices(),
            *self.policy(),
            # Initials and signatures stay on one page, with the statement they sign.
            KeepTogether([*self.acknowledgments(), *self.signatures()]),
        ]

    def parties(self) -> list[Flowable]:
        c = self.c
        employee = blocks.fields(
            [
                ("Name", c.employee_name),
                ("Employee no.", c.employee_no),
                ("Job title", c.job_title),
                ("Site", c.site),
                ("Work state", c.work_state),
                ("Company", c.company_name),
            ],
            self.width,
        )
        cert = blocks.fields(
            [
                ("Certification", f"{c.certification_code} — {c.certification_name}"),
                ("Provider", c.provider),
                *([("Course dates", c.course_dates)] if c.course_dates else []),
            ],
            self.width,
            columns=1,
        )
        return [
            *self.section("Employee"),
            employee,
            *self.section("Certification and provider"),
            cert,
        ]

    def costs(self) -> list[Flowable]:
        c = self.c
        rows: list[list[object]] = [
            ["Item", "Paid by", "Paid on", "Repayable", f"Amount ({c.currency_symbol})"]
        ]
        company = employee = company_repayable = 0
        item_width = self.columns(0.46)[0]
        for line in c.cost_lines:
            label = kind_text(line.kind)
            # "Tuition: CCCM course", but never "Wages for class hours: Wages for class hours".
            same = line.description.strip().casefold() in ("", label.casefold())
            item = label if same else f"{label}: {line.description}"
            repayable = line.paid_by == "company" and line.repayable
            rows.append(
                [
                    blocks.cell(item, item_width),
                    "Company" if line.paid_by == "company" else "You",
                    "not yet paid" if line.not_yet_paid else date_text(line.paid_on),
                    "Yes" if repayable else "No",
                    money(line.amount_cents),
                ]
            )
            if line.paid_by == "company":
                company += line.amount_cents
                company_repayable += line.amount_cents if line.repayable else 0
            else:
                employee += line.amount_cents
        first_total = len(rows)
        rows += [
            ["Paid by the company", EMPTY, EMPTY, EMPTY, money(company)],
            ["Paid by you", EMPTY, EMPTY, EMPTY, money(employee)],
            ["Company-paid and repayable", EMPTY, EMPTY, EMPTY, money(company_repayable)],
            [
                "Repayable amount under this agreement",
                EMPTY,
                EMPTY,
                EMPTY,
                money(c.repayable_amount_cents),
            ],
        ]
        table = blocks.grid(
            rows,
            self.columns(0.46, 0.12, 0.14, 0.11, 0.17),
            right_cols=(4,),
            extra=[("SPAN", (0, r), (3, r)) for r in range(first_total, len(rows))]
            + [
                ("LINEABOVE", (0, first_total), (-1, first_total), 0.8, ACCENT),
                ("BACKGROUND", (0, first_total), (-1, -1), "#ffffff"),
                ("FONT", (0, -1), (-1, -1), BOLD, 8.5, 10.5),
            ],
        )
        out: list[Flowable] = [*self.section("Costs"), table]
        if any(line.kind == "class_wages" for line in c.cost_lines):
            out.append(blocks.text("Wages paid for class hours are never repayable.", "Small"))
        if c.cost_note:
            out.append(blocks.text(c.cost_note))
        return out

    def commitment(self) -> list[Flowable]:
        c = self.c
        return [
            *self.section("Service commitment"),
            blocks.rich(
                f"You agree to stay employed by {markup(c.company_name)} for "
                f"<b>{months_text(c.commitment_months)}</b> after the commitment starts. "
                f"{markup(c.commitment_start_text)}"
            ),
            blocks.rich(
                "The most you can be asked to repay is "
                f"<b>{markup(self.money(c.repayable_amount_cents))}</b>, never more than what "
                f"the company paid. {markup(CLOCK_WORDS.get(c.clock, ''))}"
            ),
            *([blocks.text(c.repayment_terms)] if c.repayment_terms else []),
        ]

    def schedule(self) -> list[Flowable]:
        c = self.c
        heading = self.section("Repayment schedule")
        waivers_no = self._sections + 2  # completion standards, then waivers
        out: list[Flowable] = [
            *heading,
            blocks.text(
                f"{SCHEDULE_WORDS.get(c.schedule_name, c.schedule_name)} Find the date you "
                "leave in the table: the amount beside it is what you would repay, unless the "
                f"reason you leave is waived (section {waivers_no}). Nothing is owed on or after "
                "the last date shown."
            ),
        ]
        for block in c.schedule_blocks:
            out += self.schedule_block(block)
        return out

    def schedule_block(self, block: ScheduleBlock) -> list[Flowable]:
        """One block: its title and column header repeat on every page the table spans."""
        provisional = bool(block.rows) and block.rows[0].before_start
        starts = (
            f"clock starts at completion, planned for {date_text(block.start)}"
            if provisional
            else f"clock starts {date_text(block.start)}"
        )
        title = blocks.rich(
            f"Repayable amount {markup(self.money(block.amount_cents))}, {starts}"
            if provisional
            else f"{markup(block.label)}: {markup(self.money(block.amount_cents))}, {starts}",
            "CellBold",
        )
        header = ["If you leave", "Share to repay", f"Amount to repay ({self.c.currency_symbol})"]
        rows = []
        for row in block.rows:
            if row.before_start:
                when = row.label
            elif row.last_day is None:
                when = f"On or after {date_text(row.first_day)}"
            else:
                when = f"Leaving from {date_text(row.first_day)} to {date_text(row.last_day)}"
            rows.append([when, percent_text(row.percent_bp), money(row.owed_cents)])
        table = ScheduleTable(title, header, rows, (0.5, 0.2, 0.3), right=(1, 2))
        return [blocks.gap(2), table]

    def completion(self) -> list[Flowable]:
        c = self.c
        standard = c.completion_standard or (
            f"Complete the {c.certification_code} program and earn the credential "
            "(pass the required exam)."
        )
        deadline = (
            f"Deadline: {date_text(c.completion_deadline)}."
            if c.completion_deadline
            else "No completion deadline is set."
        )
        proof = (
            f"Give HR proof of the credential (certificate or issuer record) within "
            f"{c.proof_days} days of earning it."
        )
        out = [
            *self.section("Completion standards"),
            blocks.text(f"{standard} {deadline}"),
            blocks.text(proof),
        ]
        if c.program_end_text:
            out.append(blocks.text(c.program_end_text))
        return out

    def waivers(self) -> list[Flowable]:
        reasons = [reason_text(r) for r in self.c.waived_reasons]
        out: list[Flowable] = [*self.section("Waivers")]
        if not reasons:
            out.append(
                blocks.text(
                    "No reason for leaving is waived: the schedule applies whatever the reason."
                )
            )
            return out
        out.append(
            blocks.text(
                "You owe nothing, whatever the schedule says, if your employment ends because of:"
            )
        )
        out += [blocks.bullet(reason[:1].upper() + reason[1:]) for reason in reasons]
        return out

    def notices(self) -> list[Flowable]:
        if not self.c.state_notices:
            return []
        box = blocks.boxed([blocks.text(n, "Notice") for n in self.c.state_notices], self.width)
        return [*self.section("State notices"), box]

    def policy(self) -> list[Flowable]:
        c = self.c
        return [
            *self.section(f"Policy: {c.policy_title} (version {c.policy_version})"),
            *blocks.plain_text(c.policy_body),
        ]

    def acknowledgments(self) -> list[Flowable]:
        rows: list[list[object]] = [[EMPTY, "Initials"]]
        for i, statement in enumerate(_initials_statements(self.c), start=1):
            rows.append([blocks.text(f"{i}. {statement}", "Body"), EMPTY])
        width = self.width
        table = Table(
            rows,
            colWidths=[width - 22 * mm, 22 * mm],
            rowHeights=[None] + [10 * mm] * (len(rows) - 1),
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("FONT", (1, 0), (1, 0), BOLD, 7.5, 9),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (0, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), 8),
                    ("BOX", (1, 1), (1, -1), 0.8, ACCENT),
                    ("INNERGRID", (1, 1), (1, -1), 0.8, ACCENT),
                ]
            ),
        )
        return [
            *self.section("Acknowledgment"),
            blocks.text("Please initial each statement."),
            table,
        ]

    def signatures(self) -> list[Flowable]:
        c = self.c
        statement = blocks.rich(
            "By signing, I confirm that I read this agreement, including the policy, that I "
            f"received a copy, and that I agree to its terms (agreement {markup(c.agreement_no)}, "
            f"terms {short_hash(c.terms_hash)})."
        )
        parties = [("Employee", c.employee_name), ("Manager", ""), ("HR", c.hr_signer)]
        return [
            *self.section("Signatures"),
            statement,
            blocks.gap(2),
            blocks.signature_lines(parties, self.width),
        ]


def render_acknowledgment(content: AcknowledgmentContent) -> bytes:
    """The acknowledgment PDF as bytes (byte-identical for the same content)."""
    return AcknowledgmentRenderer(content).render()
