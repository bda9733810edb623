"""Form 3: tabular reports (roster, agreements register, spend by year with §127 flags)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from reportlab.platypus import Flowable

from certdesk.forms import blocks
from certdesk.forms.base import FormRenderer, date_text, money
from certdesk.forms.fonts import BOLD

SECTION_127_LIMIT_CENTS = 525000


@dataclass(frozen=True)
class RosterRow:
    """One certification path on the roster."""

    employee_no: str
    full_name: str
    site: str
    cert_code: str
    status: str
    completed_on: _dt.date | None = None
    expires_on: _dt.date | None = None


@dataclass(frozen=True)
class AgreementRow:
    """One agreement in the register."""

    agreement_no: str
    employee_name: str
    cert_code: str
    status: str
    amount_cents: int
    months: int
    issued_on: _dt.date | None = None
    signed_on: _dt.date | None = None


@dataclass(frozen=True)
class SpendRow:
    """Company-paid education for one employee in one calendar year.

    over_127_cents is the part above the IRS §127 limit (0 when under it).
    """

    year: int
    employee_no: str
    full_name: str
    company_paid_cents: int
    over_127_cents: int = 0


@dataclass(frozen=True)
class Column:
    """A report column: header, width fraction, cell getter, right-aligned or not."""

    header: str
    fraction: float
    cell: Callable[[object], object]
    right: bool = False


def _status(value: str) -> str:
    return value.replace("_", " ").capitalize()


class ReportRenderer(FormRenderer):
    """A titled table over plain rows; splits across pages repeating its header."""

    form_no = "CD-R"

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[object],
        *,
        company_name: str,
        generated_on: _dt.date | None,
        page_size: str,
        wide: bool,
        intro: str = "",
        extra: Sequence[tuple] = (),
        count: int | None = None,
        form_no: str = "CD-R",
    ) -> None:
        super().__init__(company_name=company_name, page_size=page_size, title=title, wide=wide)
        self.form_no = form_no
        self.report_columns = list(columns)
        self.rows = list(rows)
        self.generated_on = generated_on or _dt.date.today()
        self.intro = intro
        self.extra = list(extra)
        self.count = len(self.rows) if count is None else count

    def story(self) -> list[Flowable]:
        count = self.count
        out: list[Flowable] = [
            blocks.text(self.doc_title, "Title"),
            blocks.text(
                f"Generated {date_text(self.generated_on)}  ·  {count} row{'s' * (count != 1)}",
                "Subtitle",
            ),
        ]
        if self.intro:
            out.append(blocks.text(self.intro))
        if not self.rows:
            return out + [blocks.text("Nothing to report.")]
        cols = self.report_columns
        table_rows = [[c.header for c in cols]]
        table_rows += [[c.cell(row) for c in cols] for row in self.rows]
        out.append(
            blocks.grid(
                table_rows,
                self.columns(*(c.fraction for c in cols)),
                right_cols=[i for i, c in enumerate(cols) if c.right],
                extra=self.extra,
            )
        )
        return out


def _name(value: str) -> Flowable:
    return blocks.text(value, "Cell")


def render_roster(
    rows: Iterable[RosterRow],
    *,
    company_name: str,
    generated_on: _dt.date | None = None,
    page_size: str = "letter",
    title: str = "Certification roster",
) -> bytes:
    """Roster of certification paths and expiries (landscape)."""
    columns = [
        Column("Employee no.", 0.11, lambda r: _name(r.employee_no)),
        Column("Name", 0.27, lambda r: _name(r.full_name)),
        Column("Site", 0.17, lambda r: _name(r.site)),
        Column("Certification", 0.11, lambda r: _name(r.cert_code)),
        Column("Status", 0.12, lambda r: _status(r.status)),
        Column("Completed", 0.11, lambda r: date_text(r.completed_on)),
        Column("Expires", 0.11, lambda r: date_text(r.expires_on, "never")),
    ]
    return ReportRenderer(
        title,
        columns,
        list(rows),
        company_name=company_name,
        generated_on=generated_on,
        page_size=page_size,
        wide=True,
        form_no="CD-R1",
    ).render()


def render_agreements_register(
    rows: Iterable[AgreementRow],
    *,
    company_name: str,
    generated_on: _dt.date | None = None,
    page_size: str = "letter",
    currency_symbol: str = "$",
    title: str = "Agreements register",
) -> bytes:
    """Every agreement with its status, amount and commitment (landscape)."""
    columns = [
        Column("Agreement", 0.12, lambda r: _name(r.agreement_no)),
        Column("Employee", 0.24, lambda r: _name(r.employee_name)),
        Column("Certification", 0.1, lambda r: _name(r.cert_code)),
        Column("Status", 0.13, lambda r: _status(r.status)),
        Column(f"Amount ({currency_symbol})", 0.12, lambda r: money(r.amount_cents), True),
        Column("Months", 0.07, lambda r: str(r.months), True),
        Column("Issued", 0.11, lambda r: date_text(r.issued_on)),
        Column("Signed", 0.11, lambda r: date_text(r.signed_on)),
    ]
    return ReportRenderer(
        title,
        columns,
        list(rows),
        company_name=company_name,
        generated_on=generated_on,
        page_size=page_size,
        wide=True,
        form_no="CD-R2",
    ).render()


@dataclass(frozen=True)
class _YearTotal:
    year: int
    company_paid_cents: int
    over_127_cents: int


def render_spend(
    rows: Iterable[SpendRow],
    *,
    company_name: str,
    generated_on: _dt.date | None = None,
    page_size: str = "letter",
    currency_symbol: str = "$",
    limit_cents: int = SECTION_127_LIMIT_CENTS,
    title: str = "Education spend by year",
) -> bytes:
    """Company-paid education per employee and year, flagging amounts above the §127 limit."""
    ordered = sorted(rows, key=lambda r: (r.year, r.employee_no))
    lines: list[SpendRow | _YearTotal] = []
    extra: list[tuple] = []
    for year, group in groupby(ordered, key=lambda r: r.year):
        items = list(group)
        for item in items:
            if item.over_127_cents > 0:
                extra.append(("BACKGROUND", (0, len(lines) + 1), (-1, len(lines) + 1), "#fff1d6"))
            lines.append(item)
        paid = sum(i.company_paid_cents for i in items)
        over = sum(i.over_127_cents for i in items)
        extra += [
            ("FONT", (0, len(lines) + 1), (-1, len(lines) + 1), BOLD, 8.5, 10.5),
            ("BACKGROUND", (0, len(lines) + 1), (-1, len(lines) + 1), "#eef2f7"),
        ]
        lines.append(_YearTotal(year, paid, over))

    def flag(r: SpendRow | _YearTotal) -> str:
        if isinstance(r, _YearTotal) or r.over_127_cents <= 0:
            return ""
        return "Taxable above limit"

    def label(r: SpendRow | _YearTotal, attr: str) -> object:
        if isinstance(r, _YearTotal):
            return f"Total {r.year}" if attr == "employee_no" else ""
        return _name(getattr(r, attr))

    columns = [
        Column("Year", 0.08, lambda r: str(r.year)),
        Column("Employee no.", 0.14, lambda r: label(r, "employee_no")),
        Column("Name", 0.3, lambda r: label(r, "full_name")),
        Column(
            f"Company paid ({currency_symbol})", 0.16, lambda r: money(r.company_paid_cents), True
        ),
        Column(f"Over §127 ({currency_symbol})", 0.14, lambda r: money(r.over_127_cents), True),
        Column("§127", 0.18, flag),
    ]
    intro = (
        "IRS §127: company-paid education above "
        f"{money(limit_cents, currency_symbol)} for one employee in one calendar year is taxable "
        "above the limit. Rows over the limit are shaded."
    )
    return ReportRenderer(
        title,
        columns,
        lines,
        company_name=company_name,
        generated_on=generated_on,
        page_size=page_size,
        wide=False,
        intro=intro,
        extra=extra,
        count=len(ordered),
        form_no="CD-R3",
    ).render()
