"""The signed payroll-deduction authorization (CD-103) on file: recording it (with its scan),
its revocation in writing, and what a repayment statement may propose about final pay."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

    from certdesk.core.compliance import DepartureLaw

from certdesk.core.agreements import Agreement
from certdesk.core.compliance import cost_kinds_rule
from certdesk.core.deduction import (
    AuthorizationOnFile,
    FinalPayProposal,
    check_authorization,
    check_revocation,
    final_pay_deduction,
)
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents
from certdesk.services.agreements.terms import get_agreement, governing_state, snapshot_of
from certdesk.services.scans import read_scan
from certdesk.store import Store, audit, repayment_followup
from certdesk.store.repayment_followup import AuthorizationRecord


def _agreement(db: sqlite_utils.Database, agreement_no: str) -> Agreement:

    return get_agreement(db, agreement_no)


def authorization_in_force(
    db: sqlite_utils.Database, agreement_id: int, on: _dt.date
) -> AuthorizationOnFile | None:
    """The signed, unrevoked authorization that covered the day `on` (None: none did)."""
    for record in reversed(repayment_followup.authorizations_of(db, agreement_id)):
        if record.on_file.in_force(on):
            return record.on_file
    return None


def forbidding_rules(snapshot, law: DepartureLaw | None) -> tuple[str, ...]:
    """The state laws that forbid a deduction from final pay for this agreement: those the
    departure found governing, and the one its CD-103 printed (CA AB 692, New York)."""

    rules = list(law.no_lump_sum) if law else []
    printed = cost_kinds_rule(governing_state(snapshot))
    if printed:
        rules.append(printed)
    return tuple(dict.fromkeys(rules))


def final_pay_of(
    db: sqlite_utils.Database,
    agreement: Agreement,
    law: DepartureLaw | None,
    balance_cents: int,
    on: _dt.date,
    content=None,
) -> FinalPayProposal:
    """What a statement dated `on` says about a deduction from final pay."""

    snapshot = snapshot_of(agreement)
    record = repayment_followup.latest_authorization(db, agreement.id)
    symbol = content.currency_symbol if content is not None else ""
    return final_pay_deduction(
        record.on_file if record else None,
        forbidding_rules(snapshot, law),
        on,
        balance_cents=balance_cents,
        currency_symbol=symbol,
    )


def record_authorization_on_file(
    store: Store,
    agreement_no: str,
    *,
    signed_on: _dt.date,
    max_per_period_cents: int,
    scan: Path | None = None,
    today: _dt.date | None = None,
) -> AuthorizationRecord:
    """Record that the manager's signed CD-103 is on file (with its scan, PDF/PNG/JPEG)."""

    today = today or _dt.date.today()
    scanned = read_scan(scan, "scan") if scan is not None else None
    with store.transaction() as db:
        agreement = _agreement(db, agreement_no)
        if agreement.issued_on is None or agreement.status == "voided":
            raise InvalidInput(
                "agreement_no",
                f"{agreement.agreement_no} is {agreement.status}; an authorization goes with an "
                "issued agreement",
            )
        check_authorization(
            signed_on,
            max_per_period_cents,
            repayable_cents=agreement.amount_cents,
            issued_on=agreement.issued_on,
            today=today,
        )
        latest = repayment_followup.latest_authorization(db, agreement.id)
        if latest is not None and latest.on_file.revoked_on is None:
            raise InvalidInput(
                "agreement_no",
                f"an authorization signed on {latest.on_file.signed_on} is already on file; "
                "record its revocation first",
            )
        record = repayment_followup.insert_authorization(
            db,
            agreement.id,
            AuthorizationOnFile(signed_on, max_per_period_cents),
            scan_filename=scanned.filename if scanned else "",
            scan_mime=scanned.mime if scanned else "",
            scan_content=scanned.content if scanned else None,
        )
        audit.record(
            db,
            "agreement",
            agreement.agreement_no,
            "deduction_authorization_on_file",
            summary=json.dumps(
                {
                    "signed_on": signed_on.isoformat(),
                    "max_per_period_cents": max_per_period_cents,
                    "scan_sha256": record.scan_sha256,
                }
            ),
        )
    return record


def revoke_authorization(
    store: Store, agreement_no: str, *, revoked_on: _dt.date, today: _dt.date | None = None
) -> AuthorizationRecord:
    """Record the manager's written revocation of the authorization on file."""
    today = today or _dt.date.today()
    with store.transaction() as db:
        agreement = _agreement(db, agreement_no)
        latest = repayment_followup.latest_authorization(db, agreement.id)
        if latest is None:
            raise InvalidInput(
                "agreement_no", f"{agreement.agreement_no} has no deduction authorization on file"
            )
        check_revocation(revoked_on, latest.on_file, today)
        after = repayment_followup.revoke_authorization(db, latest, revoked_on)
        audit.record(
            db,
            "agreement",
            agreement.agreement_no,
            "deduction_authorization_revoked",
            summary=json.dumps(
                {
                    "signed_on": latest.on_file.signed_on.isoformat(),
                    "revoked_on": revoked_on.isoformat(),
                }
            ),
        )
    return after


def authorization_words(record: AuthorizationRecord | None) -> str:
    """The authorization on file in one line (the pane and the command line)."""

    if record is None:
        return "none on file"
    a = record.on_file
    text = f"signed {a.signed_on}, at most {format_cents(a.max_per_period_cents)} per pay period"
    if record.scan_filename:
        text += f", scan {record.scan_filename}"
    if a.revoked_on:
        text += f"; revoked in writing on {a.revoked_on}"
    return text
