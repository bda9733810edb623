"""Form 4: the commitment-start notice — the real dates once the commitment has started.

The agreement prints its table from a planned date when the commitment starts at completion
(or at signing); this one page gives the manager the exact dates: the start, every band with its
first and last day and amount, and the end of the commitment. A leave recorded later that moves
the dates gives a new version of the notice; earlier versions stay stored.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from certdesk.core.repayment_types import ScheduleBlock
from certdesk.forms import blocks
from certdesk.forms.base import (
    FormRenderer,
    date_text,
    money,
    months_text,
    percent_text,
    short_hash,
)
from certdesk.forms.fonts import markup
from certdesk.forms.schedule_table import ScheduleTable
from certdesk.forms.wording import SCHEDULE_WORDS, join_words, reason_text

TITLE = "Commitment-Start Notice"
FORM_NO = "CD-104"
ONE_COLUMN_ROWS = 14  # longer tables (prorated over 14 months or more) print in two columns


@dataclass(frozen=True)
class CommitmentNoticeContent:
    """What the notice prints; the schedule blocks come from core (with the leaves applied)."""

    company_name: str
    agreement_no: str
    terms_hash: str
    employee_name: str
    employee_no: str
    certification: str
    signed_on: _dt.date | None
    issued_on: _dt.date
    version: int
    start_text: str  # "2026-03-15, the day you completed the certification"
    commitment_months: int
    schedule_name: str
    schedule_blocks: tuple[ScheduleBlock, ...]
    ends_on: _dt.date  # nothing is owed for leaving on or after this day
    waived_reasons: tuple[str, ...] = ()
    leave_lines: tuple[str, ...] = ()  # each unpaid leave that moved the dates, in words
    replaces: str = ""  # "the notice of 2026-05-01 (version 1)" when this is a new version
    clock: str = "commitment"  # "per_payment": one block per company payment
    currency_symbol: str = "$"
    page_size: str = "letter"


class CommitmentNoticeRenderer(FormRenderer):
    """One page: the facts, what changed, the exact table, the end of the commitment."""

    form_no = FORM_NO
    title = TITLE

    def __init__(self, content: CommitmentNoticeContent) -> None:
        super().__init__(
            company_name=content.company_name,
            page_size=content.page_size,
            agreement_no=content.agreement_no,
            terms_hash=content.terms_hash,
        )
        self.c = content

    def story(self) -> list[Flowable]:
        c = self.c
        subtitle = (
            f"Agreement {c.agreement_no}  ·  Notice {c.version}, issued {date_text(c.issued_on)}"
            f"  ·  Terms {short_hash(c.terms_hash)}"
        )
        signed = f", signed on {date_text(c.signed_on)}" if c.signed_on else ""
        intro = (
            f"Your service commitment of {months_text(c.commitment_months)} under tuition "
            f"assistance agreement {c.agreement_no}{signed}, has started. This notice gives its "
            "exact dates. The schedule and the amounts are those of the agreement you signed; "
            "where the agreement counted from a planned date, the dates below replace those "
            "printed on it."
        )
        out: list[Flowable] = [
            blocks.rich(markup(TITLE), "Title"),
            blocks.text(subtitle, "Subtitle"),
            blocks.fields(
                [
                    ("Employee", c.employee_name),
                    ("Employee no.", c.employee_no),
                    ("Certification", c.certification),
                    ("Commitment", months_text(c.commitment_months)),
                    ("Started", c.start_text),
                    ("Ends", f"{date_text(c.ends_on)}: nothing is owed from that day on"),
                ],
                self.width,
            ),
            blocks.gap(2),
            blocks.text(intro),
        ]
        if c.replaces:
            out.append(blocks.text(f"This notice replaces {c.replaces}."))
        if c.leave_lines:
            out.append(
                blocks.text(
                    "Unpaid leave pauses the commitment: every date after the first day of the "
                    "leave moves later by the leave's length. Paid leave counts toward the "
                    "commitment and moves nothing."
                )
            )
            out += [blocks.bullet(line) for line in c.leave_lines]
            out.append(blocks.gap(1))
        out.append(
            blocks.text(
                f"{SCHEDULE_WORDS.get(c.schedule_name, c.schedule_name)} Find the date you would "
                "leave: the amount beside it is what you would repay."
            )
        )
        for block in c.schedule_blocks:
            out += self.block(block)
        words = [reason_text(r) for r in c.waived_reasons]
        if words:
            out += [
                blocks.gap(2),
                blocks.text(
                    "As the agreement says, nothing is owed, whatever the table shows, if your "
                    f"employment ends because of {join_words(words)}."
                ),
            ]
        out.append(
            blocks.text(
                "Keep this notice with your agreement. If a date looks wrong to you, tell HR in "
                "writing.",
                "Small",
            )
        )
        return out

    def block(self, block: ScheduleBlock) -> list[Flowable]:
        symbol = self.c.currency_symbol
        if self.c.clock == "per_payment":
            head = f"{markup(block.label)}: clock started {date_text(block.start)}"
        else:
            head = (
                f"Repayable amount {markup(money(block.amount_cents, symbol))}, clock started "
                f"{date_text(block.start)}"
            )
        title = blocks.rich(head, "CellBold")
        if len(block.rows) <= ONE_COLUMN_ROWS:
            rows = [
                [
                    f"On or after {date_text(row.first_day)}"
                    if row.last_day is None
                    else f"Leaving from {date_text(row.first_day)} to {date_text(row.last_day)}",
                    percent_text(row.percent_bp),
                    money(row.owed_cents),
                ]
                for row in block.rows
            ]
            header = ["If you leave", "Share to repay", f"Amount to repay ({symbol})"]
            table = ScheduleTable(title, header, rows, (0.5, 0.2, 0.3), right=(1, 2))
            return [blocks.gap(2), table]
        # A long month-by-month table in two columns, so the notice stays on one page.
        rows = [
            [
                f"from {date_text(row.first_day)}"
                if row.last_day is None
                else f"{date_text(row.first_day)} to {date_text(row.last_day)}",
                percent_text(row.percent_bp),
                money(row.owed_cents),
            ]
            for row in block.rows
        ]
        half = (len(rows) + 1) // 2
        header = ["If you leave", "Share", f"Repay ({symbol})"]
        fractions = (0.56, 0.19, 0.25)
        left = ScheduleTable(title, header, rows[:half], fractions, right=(1, 2))
        more = blocks.rich(f"{head} (continued)", "CellBold")
        right = ScheduleTable(more, header, rows[half:], fractions, right=(1, 2))
        gutter = 4 * mm
        column = (self.width - gutter) / 2
        table = Table(
            [[left, "", right]],
            colWidths=[column, gutter, column],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        return [blocks.gap(2), table]


def render_commitment_notice(content: CommitmentNoticeContent) -> bytes:
    """The notice PDF as bytes (byte-identical for the same content)."""
    return CommitmentNoticeRenderer(content).render()
