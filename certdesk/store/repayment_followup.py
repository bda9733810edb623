"""After a departure: the repayment plans printed on statements, hardship decisions, and the
signed payroll-deduction authorization on file (with its revocation)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.deduction import AuthorizationOnFile
from certdesk.core.hardship import HardshipDecision, HardshipOutcome
from certdesk.core.payment_plan import Instalment, RepaymentPlan


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _date(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


# --- plans ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPlan:
    """A plan as a statement printed it; payments beyond `credited_cents` pay its instalments."""

    plan_no: int
    issued_on: _dt.date
    plan: RepaymentPlan
    credited_cents: int  # received before this plan was made (not part of its balance)
    cause: str  # departure | hardship


def insert_plan(
    db: sqlite_utils.Database,
    repayment_id: int,
    plan: RepaymentPlan,
    *,
    issued_on: _dt.date,
    credited_cents: int,
    cause: str,
) -> StoredPlan:
    row = db.execute(
        "SELECT coalesce(max(plan_no), 0) FROM repayment_plans WHERE repayment_id = ?",
        [repayment_id],
    ).fetchone()
    plan_no = row[0] + 1
    db.execute(
        "INSERT INTO repayment_plans (repayment_id, plan_no, issued_on, first_due, dispute_by,"
        " no_lump_sum, balance_cents, credited_cents, instalments_json, cause)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            repayment_id,
            plan_no,
            issued_on.isoformat(),
            plan.first_due.isoformat(),
            plan.dispute_by.isoformat(),
            int(plan.no_lump_sum),
            plan.total_cents,
            credited_cents,
            json.dumps([[i.due_on.isoformat(), i.amount_cents] for i in plan.instalments]),
            cause,
        ],
    )
    return StoredPlan(plan_no, issued_on, plan, credited_cents, cause)


def current_plan(db: sqlite_utils.Database, repayment_id: int) -> StoredPlan | None:
    """The newest plan printed for a repayment (None: none stored)."""
    rows = list(
        db.query(
            "SELECT * FROM repayment_plans WHERE repayment_id = ? ORDER BY plan_no DESC LIMIT 1",
            [repayment_id],
        )
    )
    if not rows:
        return None
    r = rows[0]
    instalments = tuple(
        Instalment(_dt.date.fromisoformat(day), cents)
        for day, cents in json.loads(r["instalments_json"])
    )
    plan = RepaymentPlan(
        first_due=_dt.date.fromisoformat(r["first_due"]),
        instalments=instalments,
        dispute_by=_dt.date.fromisoformat(r["dispute_by"]),
        no_lump_sum=bool(r["no_lump_sum"]),
    )
    return StoredPlan(
        r["plan_no"], _dt.date.fromisoformat(r["issued_on"]), plan, r["credited_cents"], r["cause"]
    )


# --- hardship decisions -----------------------------------------------------------------------


def insert_decision(db: sqlite_utils.Database, repayment_id: int, d: HardshipDecision) -> None:
    db.execute(
        "INSERT INTO hardship_decisions (repayment_id, decided_on, outcome, new_owed_cents,"
        " decided_by, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            repayment_id,
            d.decided_on.isoformat(),
            d.outcome.value,
            d.new_owed_cents,
            d.decided_by,
            d.reason,
            _now(),
        ],
    )


def decisions_of(db: sqlite_utils.Database, repayment_id: int) -> list[HardshipDecision]:
    """Every decision on a repayment, oldest first."""
    return [
        HardshipDecision(
            HardshipOutcome(r["outcome"]),
            _dt.date.fromisoformat(r["decided_on"]),
            r["decided_by"],
            r["reason"],
            r["new_owed_cents"],
        )
        for r in db.query(
            "SELECT * FROM hardship_decisions WHERE repayment_id = ? ORDER BY decided_on, id",
            [repayment_id],
        )
    ]


# --- deduction authorizations -----------------------------------------------------------------


@dataclass(frozen=True)
class AuthorizationRecord:
    """A signed CD-103 on file, with its scan if one was attached."""

    id: int
    on_file: AuthorizationOnFile
    scan_filename: str = ""
    scan_mime: str = ""
    scan_sha256: str = ""
    recorded_at: str = ""


def insert_authorization(
    db: sqlite_utils.Database,
    agreement_id: int,
    on_file: AuthorizationOnFile,
    *,
    scan_filename: str = "",
    scan_mime: str = "",
    scan_content: bytes | None = None,
) -> AuthorizationRecord:
    sha = hashlib.sha256(scan_content).hexdigest() if scan_content is not None else ""
    stamp = _now()
    cursor = db.execute(
        "INSERT INTO deduction_authorizations (agreement_id, signed_on, max_per_period_cents,"
        " scan_filename, scan_mime, scan_sha256, scan_content, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            agreement_id,
            on_file.signed_on.isoformat(),
            on_file.max_per_period_cents,
            scan_filename,
            scan_mime,
            sha,
            scan_content,
            stamp,
        ],
    )
    return AuthorizationRecord(cursor.lastrowid, on_file, scan_filename, scan_mime, sha, stamp)


def authorizations_of(db: sqlite_utils.Database, agreement_id: int) -> list[AuthorizationRecord]:
    """Every authorization recorded for an agreement, oldest first (without scan bytes)."""
    return [
        AuthorizationRecord(
            r["id"],
            AuthorizationOnFile(
                _dt.date.fromisoformat(r["signed_on"]),
                r["max_per_period_cents"],
                _date(r["revoked_on"]),
            ),
            r["scan_filename"],
            r["scan_mime"],
            r["scan_sha256"],
            r["recorded_at"],
        )
        for r in db.query(
            "SELECT id, signed_on, max_per_period_cents, revoked_on, scan_filename, scan_mime,"
            " scan_sha256, recorded_at FROM deduction_authorizations WHERE agreement_id = ?"
            " ORDER BY signed_on, id",
            [agreement_id],
        )
    ]


def latest_authorization(
    db: sqlite_utils.Database, agreement_id: int
) -> AuthorizationRecord | None:
    records = authorizations_of(db, agreement_id)
    return records[-1] if records else None


def revoke_authorization(
    db: sqlite_utils.Database, record: AuthorizationRecord, revoked_on: _dt.date
) -> AuthorizationRecord:
    db.execute(
        "UPDATE deduction_authorizations SET revoked_on = ? WHERE id = ?",
        [revoked_on.isoformat(), record.id],
    )
    return replace(record, on_file=replace(record.on_file, revoked_on=revoked_on))


def authorization_scan(db: sqlite_utils.Database, record_id: int) -> tuple[str, str, bytes] | None:
    rows = list(
        db.query(
            "SELECT scan_filename, scan_mime, scan_content FROM deduction_authorizations"
            " WHERE id = ? AND scan_content IS NOT NULL",
            [record_id],
        )
    )
    if not rows:
        return None
    r = rows[0]
    return r["scan_filename"], r["scan_mime"], r["scan_content"]
