"""The agreements register as plain records (list --json, CSV export, the window's list)."""

from __future__ import annotations

from certdesk.core.money import format_plain
from certdesk.services.agreements.views import repayment_split_of
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
    "waived",
    "to_come",
)


def _split(row: dict) -> dict:
    """waived and to_come: owed = received + waived + to_come (core.figures.split_repayment)."""
    if row["owed_cents"] is None:
        return {"waived": None, "to_come": None}
    split = repayment_split_of(row)
    return {
        "waived": format_plain(split.waived_cents),
        "to_come": format_plain(split.to_come_cents),
    }


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
            | _split(r)
        )
    return records
