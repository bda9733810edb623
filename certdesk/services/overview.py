"""The window's overview: how many records each page holds and what needs attention."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.store import Store, employees, figures, paths


@dataclass(frozen=True)
class Attention:
    """What the coordinator should look at soon (the status bar)."""

    expiring_soon: int  # active managers' credentials expiring within `days` (FIGURES)
    expired: int  # completed credentials already past expiry
    overdue: int  # open paths past their target date
    days: int
    awaiting_signature: int = 0  # issued agreements not signed yet
    repayment_due: int = 0  # departed managers' agreements with money still owed


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
