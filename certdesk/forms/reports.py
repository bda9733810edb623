"""Form 3: tabular reports (roster, agreements register, spend by year with §127 flags)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from reportlab.platypus import Flowable

from certdesk.core.compliance import SECTION_127_FIXED_LIMIT_CENTS, SECTION_127_NOTE
from certdesk.forms import blocks
from certdesk.forms.base import FormRenderer, date_text, money
from certdesk.forms.fonts import BOLD

CHUNK = 150


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
    # After a departure: what was computed = received + waived + still to come.
    owed_cents: int | None = None
    received_cents: int = 0
    waived_cents: int = 0


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
    """A report column: header, width fraction, cell getter, right-aligned or not.

    With `user` the getter returns user text, which is escaped and may wrap."""

    header: str
    fraction: float
    cell: Callable[[object], object]
    right: bool = False
    user: bool = False


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
        row_styles: dict[int, list[tuple]] | None = None,
        count: int | None = None,
        form_no: str = "CD-R",
    ) -> None:
        super().__init__(company_name=company_name, page_size=page_size, title=title, wide=wide)
        self.form_no = form_no
        self.report_columns = list(columns)
        self.rows = list(rows)
        self.generated_on = generated_on or _dt.date.today()
        self.intro = intro
        self.row_styles = row_styles or {}
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
        widths = self.columns(*(c.fraction for c in cols))
        body: list[list[object]] = []
        for row in self.rows:
            cells: list[object] = []
            for col, width in zip(cols, widths, strict=True):
                value = col.cell(row)
                cells.append(blocks.cell(value, width) if col.user else value)
            body.append(cells)
        header = [c.header for c in cols]
        right = [i for i, c in enumerate(cols) if c.right]
        # Tables of at most CHUNK rows: splitting one huge Table page by page re-measures all
        # the rows left each time (quadratic); each chunk repeats the column header.
        for start in range(0, len(body), CHUNK):
            extra = [
                (name, (0, index - start + 1), (-1, index - start + 1), *args)
                for index in range(start, min(start + CHUNK, len(body)))
                for name, *args in self.row_styles.get(index, ())
            ]
            out.append(
                blocks.grid(
                    [header, *body[start : start + CHUNK]], widths, right_cols=right, extra=extra
                )
            )
        return out


def _expires(r: RosterRow) -> str:
    """The expiry of a credential earned; blank while (or when) the path was not completed."""
    if r.status not in ("completed", "expired"):
        return ""
    return date_text(r.expires_on, "never")


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
        Column("Employee no.", 0.11, lambda r: r.employee_no, user=True),
        Column("Name", 0.27, lambda r: r.full_name, user=True),
        Column("Site", 0.17, lambda r: r.site, user=True),
        Column("Certification", 0.11, lambda r: r.cert_code, user=True),
        Column("Status", 0.12, lambda r: _status(r.status)),
        Column("Completed", 0.11, lambda r: date_text(r.completed_on)),
        Column("Expires", 0.11, _expires),
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

    def after_departure(r: AgreementRow, cents: int) -> str:
        return "" if r.owed_cents is None else money(cents)

    columns = [
        Column("Agreement", 0.11, lambda r: r.agreement_no, user=True),
        Column("Employee", 0.18, lambda r: r.employee_name, user=True),
        Column("Cert.", 0.06, lambda r: r.cert_code, user=True),
        Column("Status", 0.11, lambda r: _status(r.status)),
        Column(f"Amount ({currency_symbol})", 0.09, lambda r: money(r.amount_cents), True),
        Column("Months", 0.06, lambda r: str(r.months), True),
        Column("Issued", 0.085, lambda r: date_text(r.issued_on)),
        Column("Signed", 0.085, lambda r: date_text(r.signed_on)),
        Column("Owed", 0.07, lambda r: after_departure(r, r.owed_cents or 0), True),
        Column("Received", 0.07, lambda r: after_departure(r, r.received_cents), True),
        Column("Waived", 0.07, lambda r: after_departure(r, r.waived_cents), True),
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
    limit_cents: int = SECTION_127_FIXED_LIMIT_CENTS,
    title: str = "Education spend by year",
) -> bytes:
    """Company-paid education per employee and year, flagging amounts above the §127 limit."""
    ordered = sorted(rows, key=lambda r: (r.year, r.employee_no))
    lines: list[SpendRow | _YearTotal] = []
    row_styles: dict[int, list[tuple]] = {}
    for year, group in groupby(ordered, key=lambda r: r.year):
        items = list(group)
        for item in items:
            if item.over_127_cents > 0:
                row_styles[len(lines)] = [("BACKGROUND", "#fff1d6")]
            lines.append(item)
        paid = sum(i.company_paid_cents for i in items)
        over = sum(i.over_127_cents for i in items)
        row_styles[len(lines)] = [("FONT", BOLD, 8.5, 10.5), ("BACKGROUND", "#eef2f7")]
        lines.append(_YearTotal(year, paid, over))

    def flag(r: SpendRow | _YearTotal) -> str:
        if isinstance(r, _YearTotal) or r.over_127_cents <= 0:
            return ""
        return "Taxable above limit"

    def label(r: SpendRow | _YearTotal, attr: str) -> str:
        if isinstance(r, _YearTotal):
            return f"Total {r.year}" if attr == "employee_no" else ""
        return getattr(r, attr)

    columns = [
        Column("Year", 0.08, lambda r: str(r.year)),
        Column("Employee no.", 0.14, lambda r: label(r, "employee_no"), user=True),
        Column("Name", 0.3, lambda r: label(r, "full_name"), user=True),
        Column(
            f"Company paid ({currency_symbol})", 0.16, lambda r: money(r.company_paid_cents), True
        ),
        Column(f"Over §127 ({currency_symbol})", 0.14, lambda r: money(r.over_127_cents), True),
        Column("§127", 0.18, flag),
    ]
    intro = (
        f"IRS §127 (limit {money(limit_cents, currency_symbol)} this year): {SECTION_127_NOTE} "
        "Rows over the limit are shaded. Education counted: tuition, exam fees, materials and "
        "other costs the company paid, by the year of their paid-on date; travel, wages for "
        "class hours and costs not yet paid are not included (the dashboard's spend card adds "
        "them apart)."
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
        row_styles=row_styles,
        count=len(ordered),
        form_no="CD-R3",
    ).render()
