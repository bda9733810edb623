"""The commitment-start notice: issued and stored when an agreement's commitment starts.

When: on signing, if the commitment starts then (start at signing, a certification already
completed, or the per-payment clock, whose dates are its payments'); on completing the path, for
a signed agreement that starts at completion. The notice is stored like the issued form
(documents, kind commitment_notice) and reprinted byte for byte.

A leave recorded later that moves the dates of an agreement in its commitment gives a new
version of the notice; every earlier version stays stored, and an audit row says why.

Agreements whose commitment started before certdesk issued notices (databases from before
schema 9) get theirs when first asked for (`commitment_notice`): rendering PDFs is never part of
opening a file, and the notice then says the day it was issued, which is the truth.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.agreements import Agreement
from certdesk.core.errors import InvalidInput
from certdesk.core.leave import Leave, pauses
from certdesk.core.models import CertificationPath
from certdesk.core.repayment import schedule_table
from certdesk.core.repayment_types import ScheduleBlock
from certdesk.services.agreements.terms import (
    get_agreement,
    payments_of_snapshot,
    snapshot_of,
    terms_of,
)
from certdesk.store import Store, audit, paths
from certdesk.store import agreements as agreement_store
from certdesk.store import leaves as leave_store
from certdesk.store import settings as settings_store
from certdesk.store.agreements import Document

NOTICE_KIND = "commitment_notice"


def commitment_started(agreement: Agreement) -> bool:
    """Has this agreement's commitment started (so its dates are final)?"""
    if agreement.status in ("draft", "issued", "voided") or agreement.signed_on is None:
        return False
    return agreement.clock == "per_payment" or agreement.commitment_start is not None


def leaves_of_agreement(db: sqlite_utils.Database, agreement: Agreement) -> list[Leave]:
    """The leaves of the manager an agreement belongs to."""
    path = paths.get(db, CertificationPath, agreement.path_id)
    return leave_store.leaves_of_employee(db, path.employee_id)


def notice_schedule(agreement: Agreement, leaves: list[Leave]) -> tuple[ScheduleBlock, ...]:
    """The exact table of a started commitment, with the manager's leaves applied."""
    terms = terms_of(agreement)
    if agreement.clock == "per_payment":
        payments = payments_of_snapshot(snapshot_of(agreement))
        return schedule_table(terms, start=None, payments=payments, leaves=leaves)
    return schedule_table(terms, start=agreement.commitment_start, leaves=leaves)


def _start_text(agreement: Agreement) -> str:
    if agreement.clock == "per_payment":
        return "each company payment's clock, on the day it was paid (see the tables)"
    start = agreement.commitment_start
    if agreement.start_rule == "signing":
        return f"{start}, the day you signed the agreement"
    return f"{start}, the day you completed the certification"


def leave_lines(blocks: tuple[ScheduleBlock, ...], leaves: list[Leave]) -> tuple[str, ...]:
    """One line per unpaid leave that moved dates of these clocks."""
    earliest = min(block.start for block in blocks)
    lines = []
    for pause in pauses(earliest, leaves):
        counted = next(
            (leave for leave in leaves if leave.last_day == pause.last_day and not leave.paid),
            None,
        )
        since = (
            f" (counted from {pause.first_day}, when the commitment started)"
            if counted is not None and counted.first_day < pause.first_day
            else ""
        )
        first = counted.first_day if counted is not None else pause.first_day
        lines.append(
            f"Unpaid leave from {first} to {pause.last_day}{since}: every date after "
            f"{pause.first_day} moves {pause.length_text} later."
        )
    return tuple(lines)


def _render(
    db: sqlite_utils.Database,
    agreement: Agreement,
    leaves: list[Leave],
    version: int,
    replaces: str,
    issued_on: _dt.date,
) -> bytes:
    from certdesk.forms.commitment_notice import CommitmentNoticeContent, render_commitment_notice

    snapshot = snapshot_of(agreement)
    settings = settings_store.get_all(db)
    blocks = notice_schedule(agreement, leaves)
    cert = snapshot.certification
    return render_commitment_notice(
        CommitmentNoticeContent(
            company_name=settings["company_name"],
            agreement_no=agreement.agreement_no,
            terms_hash=agreement.terms_sha256 or "",
            employee_name=snapshot.employee.full_name,
            employee_no=snapshot.employee.employee_no,
            certification=f"{cert.code} — {cert.name}",
            signed_on=agreement.signed_on,
            issued_on=issued_on,
            version=version,
            start_text=_start_text(agreement),
            commitment_months=agreement.months,
            schedule_name=agreement.schedule,
            schedule_blocks=blocks,
            ends_on=max(block.rows[-1].first_day for block in blocks),
            waived_reasons=agreement.waived_tuple,
            leave_lines=leave_lines(blocks, leaves),
            replaces=replaces,
            clock=agreement.clock,
            currency_symbol=settings["currency_symbol"],
            page_size=settings["page_size"],
        )
    )


def issue_notice(db: sqlite_utils.Database, agreement: Agreement, why: str) -> Document | None:
    """Render and store the next version of an agreement's notice, inside the caller's
    transaction; None when its commitment has not started."""
    if not commitment_started(agreement):
        return None
    earlier = agreement_store.document_list(db, agreement.id)
    earlier = [doc for doc in earlier if doc.kind == NOTICE_KIND]
    version = len(earlier) + 1
    replaces = (
        f"the notice of {earlier[-1].created_at[:10]} (version {len(earlier)})" if earlier else ""
    )
    pdf = _render(
        db, agreement, leaves_of_agreement(db, agreement), version, replaces, _dt.date.today()
    )
    doc = agreement_store.insert_document(
        db,
        kind=NOTICE_KIND,
        filename=f"{agreement.agreement_no}-notice-{version}.pdf",
        mime="application/pdf",
        content=pdf,
        agreement_id=agreement.id,
    )
    audit.record(
        db,
        "agreement",
        agreement.agreement_no,
        "commitment_notice",
        summary=json.dumps(
            {"version": version, "sha256": doc.sha256, "why": why}, ensure_ascii=False
        ),
    )
    return doc


def reissue_for_leave(
    db: sqlite_utils.Database, employee_id: int, before: list[Leave], after: list[Leave]
) -> list[str]:
    """After a leave was recorded: a new notice for every agreement of the manager in its
    commitment whose dates it moved. Returns their numbers."""
    renewed = []
    for agreement in agreement_store.agreements_of_employee(db, employee_id):
        if agreement.status != "in_commitment" or not commitment_started(agreement):
            continue
        if notice_schedule(agreement, before) == notice_schedule(agreement, after):
            continue  # paid leave, or a leave outside the commitment: nothing moved
        if issue_notice(db, agreement, "a leave of absence moved the commitment's dates"):
            renewed.append(agreement.agreement_no)
    return renewed


def commitment_notice(store: Store, agreement_no: str) -> bytes:
    """The newest stored notice of an agreement, byte for byte.

    An agreement whose commitment started before certdesk issued notices gets its first one
    now (stored, with an audit row); one whose commitment has not started has none yet
    (InvalidInput naming agreement_no, saying when it will).
    """
    agreement = get_agreement(store.db, agreement_no)
    docs = agreement_store.documents_of(store.db, agreement.id, NOTICE_KIND)
    if docs:
        return docs[-1].content
    if not commitment_started(agreement):
        raise InvalidInput("agreement_no", _not_yet(agreement))
    with store.transaction() as db:
        agreement = get_agreement(db, agreement_no)
        docs = agreement_store.documents_of(db, agreement.id, NOTICE_KIND)
        if docs:  # issued meanwhile by another window
            return docs[-1].content
        doc = issue_notice(
            db, agreement, "asked for: the commitment started before certdesk issued notices"
        )
        assert doc is not None  # commitment_started was checked
        return doc.content


def _not_yet(agreement: Agreement) -> str:
    no = agreement.agreement_no
    if agreement.status == "voided":
        return f"{no} is voided; it has no commitment-start notice"
    if agreement.status in ("draft", "issued"):
        return f"{no} is {agreement.status}; its notice is issued when its commitment starts"
    if agreement.commitment_start is None:
        return (
            f"{no} has no commitment-start notice yet: its commitment starts when the "
            "certification is completed"
        )
    return f"{no} has no commitment-start notice"  # pragma: no cover (started is handled)


def notice_available(agreement: Agreement, document_kinds: set[str]) -> bool:
    """Whether the window offers the notice: stored, or due (a commitment already started)."""
    return NOTICE_KIND in document_kinds or commitment_started(agreement)
