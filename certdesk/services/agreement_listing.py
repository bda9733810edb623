"""The agreements register as plain records (list --json, CSV export, the window's list)."""

from __future__ import annotations

from certdesk.core.money import format_plain
from certdesk.store import Store
from certdesk.store import agreements as agreement_store

REGISTER_COLUMNS = (
    "agreement_no",
    "status",
    "employee_no",
    "full_name",
    "work_state",
    "cert_code",
    "amount",
    "months",
    "schedule",
    "tiers",
    "clock",
    "start_rule",
    "issued_on",
    "signed_on",
    "commitment_start",
    "terms_sha256",
    "departure_date",
    "owed",
    "received",
)


def list_agreement_records(store: Store) -> list[dict]:
    """Every agreement with its manager and repayment, money as "1234.56" strings."""
    records = []
    for r in agreement_store.register_rows(store.db):
        records.append(
            {
                "agreement_no": r["agreement_no"],
                "status": r["status"],
                "employee_no": r["employee_no"],
                "full_name": r["full_name"],
                "work_state": r["work_state"],
                "cert_code": r["cert_code"],
                "amount": format_plain(r["amount_cents"]),
                "months": r["months"],
                "schedule": r["schedule"],
                "tiers": r["tiers"],
                "clock": r["clock"],
                "start_rule": r["start_rule"],
                "issued_on": r["issued_on"],
                "signed_on": r["signed_on"],
                "commitment_start": r["commitment_start"],
                "terms_sha256": r["terms_sha256"],
                "departure_date": r["departure_date"],
                "owed": format_plain(r["owed_cents"]) if r["owed_cents"] is not None else None,
                "received": format_plain(r["received_cents"])
                if r["owed_cents"] is not None
                else None,
            }
        )
    return records
