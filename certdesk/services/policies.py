"""Use cases for the versioned tuition-assistance policy."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.agreements import Policy
from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.payment_plan import PaymentTerms
from certdesk.core.repayment_types import PROGRAM_END_RULES
from certdesk.core.review import DEFAULT_REVIEW_DAYS, MAX_REVIEW_DAYS
from certdesk.core.validation import clean_text
from certdesk.locations import resources_dir
from certdesk.store import Store, audit
from certdesk.store import agreements as agreement_store

DEFAULT_TITLE = "Tuition Assistance for Professional Certification"


def default_policy_text() -> str:
    """The plain-language default policy shipped with certdesk."""
    text = (resources_dir() / "policy" / "default-policy.txt").read_text(encoding="utf-8")
    # The first line is the title; the body follows.
    return text.split("\n", 1)[1].strip()


def ensure_default_policy(db: sqlite_utils.Database, today: _dt.date) -> Policy:
    """The newest policy version, creating version 1 from the default text when there is none."""
    existing = agreement_store.policies(db)
    if existing:
        return existing[-1]
    created = agreement_store.insert_policy(
        db, Policy(version=1, title=DEFAULT_TITLE, effective_on=today, body=default_policy_text())
    )
    audit.record(db, "policy", created.version, "add", None, created)
    return created


def list_policies(store: Store) -> list[Policy]:
    """Every policy version, oldest first."""
    return agreement_store.policies(store.db)


def _validated(title: str, body: str, effective_on: str) -> tuple[str, str, _dt.date]:
    clean_title = clean_text(title, "title", required=True)
    clean_body = (body or "").strip()
    if not clean_body:
        raise InvalidInput("body", "the policy text cannot be empty")
    if len(clean_body) > 60000:
        raise InvalidInput("body", "the policy text is longer than 60,000 characters")
    return clean_title, clean_body, parse_date(effective_on, "effective_on")


@dataclass(frozen=True)
class RepaymentRules:
    """A policy version's rules for a balance and for a program that ends without the
    credential (typed: the dialog and the command line parse text into it)."""

    payment: PaymentTerms
    program_end_rule: str = "clock_from_end"
    # Business days the manager has to review an agreement before signing (core.review).
    review_days: int = DEFAULT_REVIEW_DAYS

    def __post_init__(self) -> None:
        if not 0 <= self.review_days <= MAX_REVIEW_DAYS:
            raise InvalidInput(
                "review_days", f"must be between 0 and {MAX_REVIEW_DAYS} business days"
            )
        if self.program_end_rule not in PROGRAM_END_RULES:
            raise InvalidInput(
                "program_end_rule",
                f"{self.program_end_rule!r}: use one of {', '.join(PROGRAM_END_RULES)}",
            )

    def apply(self, policy: Policy) -> Policy:
        return replace(
            policy,
            payment_due_days=self.payment.due_days,
            max_instalments=self.payment.max_instalments,
            payment_method=clean_text(self.payment.method, "payment_method", max_len=300),
            program_end_rule=self.program_end_rule,
            review_days=self.review_days,
        )


def new_policy_version(
    store: Store,
    *,
    title: str,
    body: str,
    effective_on: str,
    rules: RepaymentRules | None = None,
) -> Policy:
    """Add the next policy version (issued agreements keep the version they froze); its
    repayment rules are `rules`, or the newest version's."""
    clean_title, clean_body, effective = _validated(title, body, effective_on)
    with store.transaction() as db:
        versions = agreement_store.policies(db)
        number = (versions[-1].version + 1) if versions else 1
        new = Policy(version=number, title=clean_title, effective_on=effective, body=clean_body)
        if versions:  # the repayment terms carry over from the newest version
            new = replace(
                versions[-1],
                version=number,
                title=clean_title,
                effective_on=effective,
                body=clean_body,
                id=None,
            )
        if rules is not None:
            new = rules.apply(new)
        created = agreement_store.insert_policy(db, new)
        audit.record(db, "policy", number, "add", None, created)
    return created


def edit_policy(
    store: Store,
    version: int,
    *,
    title: str,
    body: str,
    effective_on: str,
    rules: RepaymentRules | None = None,
) -> Policy:
    """Change a policy version that no issued agreement uses yet."""
    clean_title, clean_body, effective = _validated(title, body, effective_on)
    with store.transaction() as db:
        before = agreement_store.policy_by_version(db, int(version))
        if before is None:
            raise InvalidInput("version", f"there is no policy version {version}")
        if agreement_store.policy_in_use(db, before.id):
            raise InvalidInput(
                "version",
                f"version {version} is part of an issued agreement and can never change; "
                "save your text as a new version instead",
            )
        after = replace(before, title=clean_title, effective_on=effective, body=clean_body)
        if rules is not None:
            after = rules.apply(after)
        agreement_store.update_policy(db, after)
        audit.record(db, "policy", version, "edit", before, after)
    return after


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
