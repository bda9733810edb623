"""Policy versions for the Policies page: each with whether an issued agreement froze it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.store import Store
from certdesk.store import agreements as agreement_store


@dataclass(frozen=True)
class PolicyRow:
    """One policy version and how many issued agreements use it (then it can never change)."""

    version: int
    title: str
    effective_on: _dt.date
    body: str
    agreements_issued: int
    payment_due_days: int = 30
    max_instalments: int = 12
    payment_method: str = ""
    program_end_rule: str = "clock_from_end"
    review_days: int = 5

    @property
    def in_use(self) -> bool:
        return self.agreements_issued > 0


def policy_rows(store: Store) -> list[PolicyRow]:
    """Every policy version, newest first, with its issued-agreement count."""
    used = agreement_store.issued_count_by_policy(store.conn)
    return [
        PolicyRow(
            p.version,
            p.title,
            p.effective_on,
            p.body,
            used.get(p.id, 0),
            p.payment_due_days,
            p.max_instalments,
            p.payment_method,
            p.program_end_rule,
            p.review_days,
        )
        for p in reversed(agreement_store.policies(store.db))
    ]
