"""CSV exports, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_plain
from certdesk.core.validation import MANAGER_FIELDS
from certdesk.services.agreements.register import REGISTER_COLUMNS, list_agreement_records
from certdesk.store import Store, employees, paths

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PATH_COLUMNS = (
    "path_id",
    "employee_no",
    "full_name",
    "cert_code",
    "status",
    "target_date",
    "enrolled_on",
    "completed_on",
    "credential_no",
    "expires_on",
    "company_paid",
    "hours_away",
    "provider",
    "course_start",
    "course_end",
)


def neutralise(value: object) -> str:
    """The cell text, prefixed with ' when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text (CRLF line ends, as spreadsheets expect), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()


def export_managers(store: Store) -> str:
    """Managers CSV in the import format (re-importable)."""
    return to_csv(
        MANAGER_FIELDS,
        ([r[c] or "" for c in MANAGER_FIELDS] for r in employees.list_rows(store.db)),
    )


def export_paths(store: Store) -> str:
    """Certification paths CSV."""
    rows = (
        (
            r["id"],
            r["employee_no"],
            r["full_name"],
            r["cert_code"],
            r["status"],
            r["target_date"],
            r["enrolled_on"],
            r["completed_on"],
            r["credential_no"],
            r["expires_on"],
            format_plain(r["company_paid_cents"]),
            r["hours_away"],
            r["provider"],
            r["course_start"],
            r["course_end"],
        )
        for r in paths.list_rows(store.db)
    )
    return to_csv(PATH_COLUMNS, rows)


def export_agreements(store: Store) -> str:
    """The agreements register CSV."""

    records = list_agreement_records(store)
    return to_csv(REGISTER_COLUMNS, ([r[c] for c in REGISTER_COLUMNS] for r in records))


EXPORTS = {"managers": export_managers, "paths": export_paths, "agreements": export_agreements}


def export(store: Store, what: str) -> str:
    """The CSV text for `what` (managers, paths, agreements...)."""
    try:
        return EXPORTS[what](store)
    except KeyError:
        raise InvalidInput("what", f"cannot export {what!r}; choose {', '.join(EXPORTS)}") from None
