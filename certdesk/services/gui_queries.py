"""Read-only queries the window needs that the other services do not offer yet.

Owned by the gui work: the paths list with a search key, the catalog for choosers, the
navigation counts and the status bar's "needs attention" figures.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.path_status import shown_status
from certdesk.core.validation import fold
from certdesk.store import Store, catalog, employees, figures, paths


@dataclass(frozen=True)
class PathRow:
    """One row of the paths list, with a pre-folded search key."""

    id: int
    employee_no: str
    full_name: str
    cert_code: str
    cert_name: str
    status: str  # as shown: completed paths past expiry read "expired"
    target_date: str
    enrolled_on: str
    completed_on: str
    credential_no: str
    expires_on: str
    company_paid_cents: int
    search_key: str
    manager_active: bool = True  # the manager has not left the company


@dataclass(frozen=True)
class CatalogEntry:
    """A certification a path can be planned toward."""

    code: str
    name: str
    validity_months: int | None


@dataclass(frozen=True)
class Attention:
    """What the coordinator should look at soon (the status bar)."""

    expiring_soon: int  # active managers' credentials expiring within `days` (FIGURES)
    expired: int  # completed credentials already past expiry
    overdue: int  # open paths past their target date
    days: int
    awaiting_signature: int = 0  # issued agreements not signed yet
    repayment_due: int = 0  # departed managers' agreements with money still owed


def list_paths(store: Store, today: _dt.date | None = None) -> list[PathRow]:
    """Every certification path, ready for a table."""
    today = today or _dt.date.today()
    rows = []
    for r in paths.list_rows(store.db):
        expires = r["expires_on"] or ""
        status = shown_status(
            r["status"], _dt.date.fromisoformat(expires) if expires else None, today
        )
        rows.append(
            PathRow(
                id=r["id"],
                employee_no=r["employee_no"],
                full_name=r["full_name"],
                cert_code=r["cert_code"],
                cert_name=r["cert_name"],
                status=status,
                target_date=r["target_date"] or "",
                enrolled_on=r["enrolled_on"] or "",
                completed_on=r["completed_on"] or "",
                credential_no=r["credential_no"] or "",
                expires_on=expires,
                company_paid_cents=int(r["company_paid_cents"] or 0),
                manager_active=r["employee_status"] == "active",
                search_key=fold(
                    " ".join(
                        (
                            r["employee_no"],
                            r["full_name"],
                            r["cert_code"],
                            r["cert_name"],
                            status,
                            r["credential_no"] or "",
                        )
                    )
                ),
            )
        )
    return rows


def filter_paths(rows: list[PathRow], text: str) -> list[PathRow]:
    """Rows whose manager, certification, status or credential contain every word of `text`."""
    words = fold(text).split()
    if not words:
        return rows
    return [r for r in rows if all(w in r.search_key for w in words)]


def certifications(store: Store) -> list[CatalogEntry]:
    """The active certifications, by code (what a new path can aim at)."""
    return [
        CatalogEntry(c.code, c.name, c.validity_months)
        for c in catalog.all_certifications(store.db)
        if c.active
    ]


def counts(store: Store) -> dict[str, int]:
    """How many managers and paths there are (the navigation shows them)."""
    return {"managers": employees.count(store.conn), "paths": paths.count(store.conn)}


def attention(store: Store, today: _dt.date | None = None, days: int = 30) -> Attention:
    """Expiring and expired credentials, and open paths past their target date."""
    today = today or _dt.date.today()
    soon = (today + _dt.timedelta(days=days)).isoformat()
    now = today.isoformat()
    # Aggregate queries only: the paths list itself is only loaded when its page opens.
    expiring, expired, overdue = figures.path_attention(store.conn, now, soon)
    awaiting, repayment_due = figures.agreement_attention(store.conn)
    return Attention(
        expiring_soon=expiring,
        expired=expired,
        overdue=overdue,
        days=days,
        awaiting_signature=awaiting,
        repayment_due=repayment_due,
    )
