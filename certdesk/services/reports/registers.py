"""Reports: roster of paths and expiries, agreements register, spend by year with §127 flags,
credentials expiring soon — as PDF (forms) or CSV."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from certdesk.core.compliance import section_127_excess, section_127_limit
from certdesk.core.errors import InvalidInput
from certdesk.core.figures import EXPIRING_REPORT_DAYS
from certdesk.core.money import format_plain
from certdesk.core.path_status import shown_status
from certdesk.files import write_csv_or_pdf
from certdesk.services.agreements.views import repayment_split_of
from certdesk.services.exchange.csv_export import export_agreements, to_csv
from certdesk.store import Store, figures, paths
from certdesk.store import agreements as agreement_store
from certdesk.store import settings as settings_store

REPORTS = ("roster", "agreements", "spend", "expiring")
EXPIRING_WITHIN_DAYS = EXPIRING_REPORT_DAYS  # the dashboard card's sentence uses the same window


def _date(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


def roster_records(
    store: Store, *, today: _dt.date | None = None, expiring_by: _dt.date | None = None
) -> list[dict]:
    """Paths with their manager, status as shown and expiry.

    With `expiring_by`: only the credentials of FIGURES["expiring"] (active managers, expiry
    from today to that day), soonest first, exactly as the dashboard counts them. A completed
    path past its expiry shows the status "expired"."""
    today = today or _dt.date.today()
    rows = paths.list_rows(store.db)
    if expiring_by is not None:
        by_id = {r["id"]: r for r in rows}
        ids = figures.expiring_path_ids(store.conn, today.isoformat(), expiring_by.isoformat())
        rows = [by_id[i] for i in ids]
    records = []
    for r in rows:
        expires = _date(r["expires_on"])
        records.append(
            {
                "employee_no": r["employee_no"],
                "full_name": r["full_name"],
                "site": r["site"],
                "cert_code": r["cert_code"],
                "status": shown_status(r["status"], expires, today),
                "completed_on": r["completed_on"],
                "expires_on": r["expires_on"],
            }
        )
    return records


def spend_records(store: Store) -> list[dict]:
    """Company-paid education per employee and year, with the amount above the §127 limit."""
    setting = int(settings_store.get_all(store.db)["section_127_limit_cents"])
    return [
        r
        | {
            "over_127_cents": section_127_excess(
                r["company_paid_cents"], section_127_limit(r["year"], setting)
            )
        }
        for r in paths.company_spend_by_year(store.db)
    ]


def report_csv(store: Store, name: str, today: _dt.date | None = None) -> str:
    """A report as CSV text."""
    today = today or _dt.date.today()
    if name in ("roster", "expiring"):
        by = today + _dt.timedelta(days=EXPIRING_WITHIN_DAYS) if name == "expiring" else None
        cols = (
            "employee_no",
            "full_name",
            "site",
            "cert_code",
            "status",
            "completed_on",
            "expires_on",
        )
        return to_csv(
            cols, ([r[c] for c in cols] for r in roster_records(store, today=today, expiring_by=by))
        )
    if name == "agreements":
        return export_agreements(store)
    if name == "spend":
        cols = ("year", "employee_no", "full_name", "company_paid", "over_127", "flag")
        rows = (
            (
                r["year"],
                r["employee_no"],
                r["full_name"],
                format_plain(r["company_paid_cents"]),
                format_plain(r["over_127_cents"]),
                "above the §127 limit: ask payroll" if r["over_127_cents"] else "",
            )
            for r in spend_records(store)
        )
        return to_csv(cols, rows)
    raise InvalidInput("report", f"unknown report {name!r}; choose {', '.join(REPORTS)}")


def report_pdf(store: Store, name: str, today: _dt.date | None = None) -> bytes:
    """A report as a PDF (reportlab is imported only here, when a report is asked for)."""
    from certdesk.forms import reports as forms

    today = today or _dt.date.today()
    settings = settings_store.get_all(store.db)
    common = {
        "company_name": settings["company_name"],
        "generated_on": today,
        "page_size": settings["page_size"],
    }
    if name in ("roster", "expiring"):
        by = today + _dt.timedelta(days=EXPIRING_WITHIN_DAYS) if name == "expiring" else None
        rows = [
            forms.RosterRow(
                r["employee_no"],
                r["full_name"],
                r["site"],
                r["cert_code"],
                r["status"],
                _date(r["completed_on"]),
                _date(r["expires_on"]),
            )
            for r in roster_records(store, today=today, expiring_by=by)
        ]
        title = (
            f"Credentials expiring from {today} to {by} (active managers)"
            if by
            else "Certification roster"
        )
        return forms.render_roster(rows, title=title, **common)
    if name == "agreements":
        rows = [
            forms.AgreementRow(
                r["agreement_no"],
                r["full_name"],
                r["cert_code"],
                r["status"],
                r["amount_cents"],
                r["months"],
                _date(r["issued_on"]),
                _date(r["signed_on"]),
                r["owed_cents"],
                repayment_split_of(r).received_cents,
                repayment_split_of(r).waived_cents,
            )
            for r in agreement_store.register_rows(store.db)
        ]
        return forms.render_agreements_register(
            rows, currency_symbol=settings["currency_symbol"], **common
        )
    if name == "spend":
        rows = [
            forms.SpendRow(
                r["year"],
                r["employee_no"],
                r["full_name"],
                r["company_paid_cents"],
                r["over_127_cents"],
            )
            for r in spend_records(store)
        ]
        return forms.render_spend(
            rows,
            currency_symbol=settings["currency_symbol"],
            limit_cents=section_127_limit(today.year, int(settings["section_127_limit_cents"])),
            **common,
        )
    raise InvalidInput("report", f"unknown report {name!r}; choose {', '.join(REPORTS)}")


def write_report(
    store: Store, name: str, output: Path | None, today: _dt.date | None = None
) -> str | None:
    """Write a report to `output` (.pdf or .csv); without output, return the CSV text."""

    return write_csv_or_pdf(
        output,
        lambda: report_csv(store, name, today),
        lambda: report_pdf(store, name, today),
        "a report",
    )
