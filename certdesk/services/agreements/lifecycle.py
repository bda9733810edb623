"""An agreement's life after issue: signing, the commitment starting, the signed copy, voiding,
and the status moves that follow from dates."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
from certdesk.core.agreements import (
    Agreement,
    AgreementStatus,
    check_can_void,
)
from certdesk.core.compliance import (
    ComplianceWarning,
)
from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.leave import band_day
from certdesk.core.models import CertificationPath
from certdesk.core.repayment_types import (
    Clock,
    CommitmentStart,
)
from certdesk.core.validation import clean_text
from certdesk.services.agreements.notices import issue_notice
from certdesk.services.agreements.terms import (
    _confirm_warnings,
    get_agreement,
    sign_warnings,
    snapshot_of,
)
from certdesk.services.scans import read_scan
from certdesk.store import Store, audit, paths
from certdesk.store import agreements as agreement_store
from certdesk.store import leaves as leave_store


@dataclass(frozen=True)
class SignResult:
    """A signed agreement and the warnings the rules raised for its signing day."""

    agreement: Agreement
    warnings: list[ComplianceWarning]


def sign_agreement(
    store: Store,
    agreement_no: str,
    on: str | _dt.date,
    *,
    accept_warnings: bool = False,
) -> SignResult:
    """Record the signing date; the commitment starts now or at completion, as agreed.

    The law applies by the day the contract is entered into, so the rules run again for the
    signing day; signing over a warning needs confirmation (accept_warnings).
    """
    signed_on = on if isinstance(on, _dt.date) else parse_date(on, "on")
    with store.transaction() as db:
        before = get_agreement(db, agreement_no)
        if before.status == AgreementStatus.DRAFT:
            raise InvalidInput(
                "agreement_no", f"{before.agreement_no} is a draft; issue it before signing"
            )
        if before.status != AgreementStatus.ISSUED:
            raise InvalidInput(
                "agreement_no",
                f"{before.agreement_no} is {before.status}; only an issued agreement can be signed",
            )
        if signed_on < before.issued_on:
            raise InvalidInput(
                "on",
                f"{signed_on} is before the agreement was issued on {before.issued_on}; a "
                "form cannot be signed before it is printed",
            )
        warnings = sign_warnings(db, before, signed_on)
        _confirm_warnings(before, warnings, accept_warnings, "sign")
        path = paths.get(db, CertificationPath, before.path_id)
        after = replace(before, signed_on=signed_on, status=AgreementStatus.SIGNED)
        if before.clock == Clock.PER_PAYMENT:
            # Each payment's clock runs from its own date; signing makes them binding.
            after = replace(after, status=AgreementStatus.IN_COMMITMENT)
        elif before.start_rule == CommitmentStart.SIGNING:
            after = replace(after, status=AgreementStatus.IN_COMMITMENT, commitment_start=signed_on)
        elif path.completed_on is not None:
            after = replace(
                after, status=AgreementStatus.IN_COMMITMENT, commitment_start=path.completed_on
            )
        agreement_store.update_agreement(db, after)
        audit.record(db, "agreement", after.agreement_no, "sign", before, after)
        if after.status == "in_commitment":
            issue_notice(db, after, "the commitment started on signing")
        if fulfil_served(db, [after], _dt.date.today()):  # signed for a commitment long served
            after = get_agreement(db, after.agreement_no)
        if warnings:
            audit.record(
                db,
                "agreement",
                after.agreement_no,
                "warnings_accepted",
                summary=json.dumps({"sign": [str(w) for w in warnings]}, ensure_ascii=False),
            )
    return SignResult(after, warnings)


def start_commitments_on_completion(db: sqlite_utils.Database, path: CertificationPath) -> None:
    """A path was completed: signed agreements that start at completion start their clock."""
    for agreement in agreement_store.agreements_of_path(db, path.id):
        if (
            agreement.status == AgreementStatus.SIGNED
            and agreement.start_rule == CommitmentStart.COMPLETION
        ):
            after = replace(
                agreement, status=AgreementStatus.IN_COMMITMENT, commitment_start=path.completed_on
            )
            agreement_store.update_agreement(db, after)
            audit.record(db, "agreement", after.agreement_no, "commitment_start", agreement, after)

            issue_notice(db, after, "the commitment started on completing the certification")
            fulfil_served(db, [after], _dt.date.today())  # completed so long ago it is served


def attach_signed_copy(store: Store, agreement_no: str, file: Path | str) -> str:
    """Store the scanned signed copy (PDF, PNG or JPEG); returns its SHA-256."""
    scan = read_scan(file, "file")
    with store.transaction() as db:
        agreement = get_agreement(db, agreement_no)
        if agreement.status in (AgreementStatus.DRAFT, AgreementStatus.VOIDED):
            raise InvalidInput(
                "agreement_no",
                f"{agreement.agreement_no} is {agreement.status}; attach a signed "
                "copy to an issued agreement",
            )
        doc = agreement_store.insert_document(
            db,
            kind="signed_copy",
            filename=scan.filename,
            mime=scan.mime,
            content=scan.content,
            agreement_id=agreement.id,
        )
        audit.record(
            db,
            "agreement",
            agreement.agreement_no,
            "attach",
            summary=json.dumps({"file": scan.filename, "sha256": doc.sha256}, ensure_ascii=False),
        )
    return doc.sha256


def void_agreement(store: Store, agreement_no: str, reason: str) -> Agreement:
    """Void an agreement that is not final, with the reason."""
    text = clean_text(reason, "reason", max_len=500, required=True)
    with store.transaction() as db:
        before = get_agreement(db, agreement_no)
        check_can_void(before)
        after = replace(before, status=AgreementStatus.VOIDED, void_reason=text)
        agreement_store.update_agreement(db, after)
        audit.record(db, "agreement", after.agreement_no, "void", before, after)
    return after


def refresh_statuses(store: Store, today: _dt.date | None = None) -> int:
    """The status moves the date calls for: commitments served by `today` become fulfilled;
    returns how many moved.

    Run once when a database is opened, the same by the window and the command line
    (services.safety), and by the writes that start a commitment; a read never runs it.
    """
    with store.transaction() as db:
        served = agreement_store.agreements_with_status(db, (AgreementStatus.IN_COMMITMENT,))
        return fulfil_served(db, served, today or _dt.date.today())


def fulfil_served(db: sqlite_utils.Database, agreements: list[Agreement], today: _dt.date) -> int:
    """Inside a write: each of `agreements` in commitment whose commitment ends by `today`
    becomes fulfilled (audited); returns how many moved. Unpaid leave pauses the commitment:
    its end moves too (core.leave); one query for every leave, and a path lookup only for
    managers who have had one."""
    moved = 0
    leaves_by_employee = leave_store.leaves_by_employee(db)
    for agreement in agreements:
        if agreement.status != AgreementStatus.IN_COMMITMENT:
            continue
        leaves = []
        if leaves_by_employee:
            path = paths.get(db, CertificationPath, agreement.path_id)
            leaves = leaves_by_employee.get(path.employee_id, [])
        if agreement.clock == Clock.PER_PAYMENT:
            ends = max(
                band_day(p.paid_on, agreement.months, leaves)
                for p in snapshot_of(agreement).payments
            )
        elif agreement.commitment_start is not None:
            ends = band_day(agreement.commitment_start, agreement.months, leaves)
        else:
            continue
        if ends <= today:
            after = replace(agreement, status=AgreementStatus.FULFILLED)
            agreement_store.update_agreement(db, after)
            audit.record(db, "agreement", after.agreement_no, "fulfilled", agreement, after)
            moved += 1
    return moved
