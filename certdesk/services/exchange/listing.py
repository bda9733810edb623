"""Plain records for `certdesk list ... --json`."""

from __future__ import annotations

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_plain
from certdesk.services.agreements.register import list_agreement_records
from certdesk.store import Store, employees, paths


def list_records(store: Store, what: str) -> list[dict]:
    """Managers, paths or agreements as JSON-ready dicts (money as "1234.56" strings)."""
    if what == "managers":
        return [
            {
                k: r[k]
                for k in (
                    "employee_no",
                    "full_name",
                    "email",
                    "job_title",
                    "site",
                    "work_state",
                    "hire_date",
                    "status",
                )
            }
            | {"paths": (r["path_codes"] or "").split()}
            for r in employees.list_rows(store.db)
        ]
    if what == "paths":
        return [
            {
                "path_id": r["id"],
                "employee_no": r["employee_no"],
                "full_name": r["full_name"],
                "cert_code": r["cert_code"],
                "status": r["status"],
                "target_date": r["target_date"],
                "enrolled_on": r["enrolled_on"],
                "completed_on": r["completed_on"],
                "credential_no": r["credential_no"],
                "expires_on": r["expires_on"],
                "company_paid": format_plain(r["company_paid_cents"]),
                "provider": r["provider"],
                "course_start": r["course_start"],
                "course_end": r["course_end"],
            }
            for r in paths.list_rows(store.db)
        ]
    if what == "agreements":
        return list_agreement_records(store)
    raise InvalidInput("what", f"cannot list {what!r}; choose managers, paths or agreements")
