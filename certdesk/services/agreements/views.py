"""Read-only queries for the window's Agreements part: the register, one agreement in full,
what a draft dialog needs to know about a path, and a dry run of a departure.

Owned by the gui work. Everything here reads; `departure_preview` runs the real departure use
case inside a transaction it always rolls back, so the amounts shown before confirming are the
service's own, computed by the same code that will record them.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from certdesk.core.agreements import IN_FORCE_STATUSES, AgreementStatus
from certdesk.core.commitment_start import printed_start
from certdesk.core.compliance import AgreementFacts, Stage, cost_kinds_rule
from certdesk.core.errors import InvalidInput
from certdesk.core.figures import RepaymentSplit, split_repayment
from certdesk.core.leave import pause_words
from certdesk.core.models import CertificationPath, CostLine
from certdesk.core.money import format_cents
from certdesk.core.repayment import schedule_table
from certdesk.core.repayment_types import Clock, CommitmentStart
from certdesk.core.terms_snapshot import TermsSnapshot
from certdesk.core.validation import fold
from certdesk.services.agreements.terms import (
    before_start_label,
    get_agreement,
    path_repayable_lines,
    payments_of,
    payments_of_snapshot,
    provisional_start,
    repayable_lines,
    snapshot_of,
    terms_of,
    warnings_for,
)
from certdesk.services.departures.followup import follow_up_or_none
from certdesk.services.departures.recording import record_departure
from certdesk.store import agreements as agreement_store
from certdesk.store import catalog, employees, figures, paths, repayment_followup
from certdesk.store import leaves as leave_store

# The agreement services (and the repayment engine) load with the first use of the pages that
# need them: the navigation count, asked for at start-up, needs none of it.
if TYPE_CHECKING:
    from certdesk.core.agreements import Agreement
    from certdesk.core.compliance import AgreementFacts, ComplianceWarning
    from certdesk.core.departure_requests import DepartureRequest
    from certdesk.core.models import CertificationPath
    from certdesk.core.repayment_types import Payment, ScheduleBlock
    from certdesk.services.departures.recording import DepartureResult
    from certdesk.store import Store
    from certdesk.store.agreements import Repayment, RepaymentPayment

DRAFTABLE_PATH_STATUSES = ("planned", "approved", "enrolled", "completed")


# ---- the register ----------------------------------------------------------------------------
@dataclass(frozen=True)
class AgreementRow:
    """One row of the agreements register, with a pre-folded search key."""

    agreement_no: str
    status: str
    employee_no: str
    full_name: str
    work_state: str
    cert_code: str
    amount_cents: int
    months: int
    schedule: str
    tiers: str
    clock: str
    issued_on: str
    signed_on: str
    departure_date: str
    owed_cents: int | None  # None: no departure computed anything
    received_cents: int
    search_key: str
    waived_cents: int = 0  # forgiven and not received (core.figures.split_repayment)

    @property
    def balance_cents(self) -> int | None:
        """What is still owed (None without a repayment)."""
        return None if self.owed_cents is None else self.owed_cents - self.received_cents


def repayment_split_of(row: dict) -> RepaymentSplit:
    """A register row's repayment as charged = received + waived + still to come."""
    if row["owed_cents"] is None:
        return RepaymentSplit()
    return split_repayment(
        row["owed_cents"],
        bool(row["repayment_waived"]),
        int(row["received_cents"] or 0),
        int(row.get("repayment_forgiven") or 0),
    )


def list_agreements(store: Store) -> list[AgreementRow]:
    """Every agreement with its manager and repayment (the same rows as the CSV register)."""

    rows = []
    for r in agreement_store.register_rows(store.db):
        rows.append(
            AgreementRow(
                agreement_no=r["agreement_no"],
                status=r["status"],
                employee_no=r["employee_no"],
                full_name=r["full_name"],
                work_state=r["work_state"] or "",
                cert_code=r["cert_code"],
                amount_cents=int(r["amount_cents"]),
                months=int(r["months"]),
                schedule=r["schedule"],
                tiers=r["tiers"] or "",
                clock=r["clock"],
                issued_on=r["issued_on"] or "",
                signed_on=r["signed_on"] or "",
                departure_date=r["departure_date"] or "",
                owed_cents=r["owed_cents"],
                received_cents=int(r["received_cents"] or 0),
                waived_cents=repayment_split_of(r).waived_cents,
                search_key=fold(
                    " ".join((r["agreement_no"], r["employee_no"], r["full_name"], r["cert_code"]))
                ),
            )
        )
    return rows


def filter_agreements(rows: list[AgreementRow], text: str) -> list[AgreementRow]:
    """Rows whose number, manager or certification contain every word of `text`."""
    words = fold(text).split()
    if not words:
        return rows
    return [r for r in rows if all(w in r.search_key for w in words)]


def count(store: Store) -> int:
    """How many agreements there are (the navigation shows it)."""

    return figures.agreement_count(store.conn)


# ---- one agreement -------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentInfo:
    """A stored document without its bytes."""

    id: int
    kind: str  # acknowledgment | signed_copy | repayment_statement
    filename: str
    mime: str
    sha256: str
    size_bytes: int
    created_at: str
    withdrawn: str = ""  # why and when it was withdrawn (e.g. "departure undone on …"); '' if not


@dataclass(frozen=True)
class AgreementDetail:
    """Everything the detail pane shows about one agreement."""

    agreement: Agreement
    employee_no: str
    full_name: str
    work_state: str
    manager_status: str
    cert_code: str
    cert_name: str
    path_status: str
    policy_version: int | None
    terms: TermsSnapshot | None  # the frozen snapshot (None for a draft)
    schedule: tuple[ScheduleBlock, ...]
    schedule_note: str  # from which day the schedule counts, and whether that is final
    documents: list[DocumentInfo]
    repayment: Repayment | None
    payments: list[RepaymentPayment]
    warnings: list[ComplianceWarning] = field(default_factory=list)  # drafts only
    schedule_problem: str = ""  # why no schedule can be shown (e.g. a payment without a date)
    # After a departure (services.repayment_followup.RepaymentFollowUp): the plan with what is
    # paid, late and left; and the signed deduction authorization on file (or None).
    follow_up: Any = None
    authorization: Any = None

    @property
    def received_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    @property
    def balance_cents(self) -> int | None:
        if self.repayment is None:
            return None
        r = self.repayment
        return split_repayment(
            r.owed_cents, r.waived, self.received_cents, r.forgiven_cents
        ).to_come_cents

    def has_document(self, kind: str) -> bool:
        return any(d.kind == kind and not d.withdrawn for d in self.documents)


def agreement_detail(
    store: Store, agreement_no: str, today: _dt.date | None = None
) -> AgreementDetail:
    """One agreement with its manager, frozen terms, schedule, documents and repayment."""

    today = today or _dt.date.today()
    db = store.db
    agreement = get_agreement(db, agreement_no)
    path = paths.get(db, CertificationPath, agreement.path_id)
    employee = employees.get(db, path.employee_id)
    cert = catalog.get(db, path.certification_id)
    policy = agreement_store.policy(db, agreement.policy_id)
    snapshot = snapshot_of(agreement) if agreement.terms_json else None
    withdrawn = agreement_store.withdrawn_document_ids(db, agreement.id)
    documents = [
        DocumentInfo(
            d.id,
            d.kind,
            d.filename,
            d.mime,
            d.sha256,
            d.size_bytes,
            d.created_at,
            withdrawn.get(d.id, ""),
        )
        for d in agreement_store.document_list(db, agreement.id)
    ]
    repayment = agreement_store.repayment_of(db, agreement.id)
    received = agreement_store.payments_received(db, repayment.id) if repayment else []

    schedule: tuple[ScheduleBlock, ...] = ()
    note, problem = "", ""
    try:
        schedule, note = _schedule(db, agreement, path, snapshot, today)
    except InvalidInput as exc:
        problem = exc.message
    return AgreementDetail(
        agreement=agreement,
        employee_no=employee.employee_no,
        full_name=employee.full_name,
        work_state=employee.work_state,
        manager_status=employee.status,
        cert_code=cert.code,
        cert_name=cert.name,
        path_status=path.status,
        policy_version=policy.version if policy else None,
        terms=snapshot,
        schedule=schedule,
        schedule_note=note,
        documents=documents,
        repayment=repayment,
        payments=received,
        warnings=warnings_for(store, agreement.agreement_no, today)
        if agreement.status != AgreementStatus.VOIDED
        else [],
        schedule_problem=problem,
        **_after_departure(store, agreement, today),
    )


def _after_departure(store: Store, agreement: Agreement, today: _dt.date) -> dict:
    """The repayment's follow-up and the deduction authorization on file, for the pane."""

    return {
        "follow_up": follow_up_or_none(store, agreement, today),
        "authorization": repayment_followup.latest_authorization(store.db, agreement.id),
    }


def _program_end_start(db, agreement: Agreement) -> _dt.date | None:
    """Where a departure found the program ended without the credential, the day its clock
    started (from the stored calculation), so the screen shows the dates that applied."""

    repayment = agreement_store.repayment_of(db, agreement.id)
    if repayment is None:
        return None
    starts = [line["start"] for line in json.loads(repayment.calculation_json)["lines"]]
    return _dt.date.fromisoformat(starts[0]) if len(starts) == 1 and starts[0] else None


def _state_of(db, path: CertificationPath) -> str:

    return employees.get(db, path.employee_id).work_state


def _leaves(db, path: CertificationPath) -> list:

    return leave_store.leaves_of_employee(db, path.employee_id)


def _schedule(
    db,
    agreement: Agreement,
    path: CertificationPath,
    snapshot: TermsSnapshot | None,
    today: _dt.date,
) -> tuple[tuple[ScheduleBlock, ...], str]:

    terms = terms_of(agreement)
    if agreement.clock == Clock.PER_PAYMENT:
        payments = (
            payments_of_snapshot(snapshot)
            if snapshot
            else payments_of(path_repayable_lines(db, path.id, _state_of(db, path)))
        )
        leaves = _leaves(db, path)
        return schedule_table(terms, start=None, payments=payments, leaves=leaves), (
            f"Each company payment starts its own {agreement.months}-month clock on the day "
            "it was paid."
            + (
                " Unpaid leave pauses every clock: the dates shown are moved."
                if any(not leave.paid for leave in leaves)
                else ""
            )
        )
    # The row for leaving before the start, as the form printed it (or would print it).
    completed_at_issue = bool(snapshot.completed_on) if snapshot else bool(path.completed_on)
    label = before_start_label(agreement.start_rule, completed_at_issue)
    if agreement.commitment_start is not None:
        start = agreement.commitment_start
        leaves = _leaves(db, path)
        paused = pause_words(start, leaves)
        return schedule_table(terms, start=start, before_start_label=label, leaves=leaves), (
            f"The commitment of {agreement.months} months started on {start}."
            + (f" {paused[:1].upper()}{paused[1:]}." if paused else "")
        )
    ended_at = _program_end_start(db, agreement)
    if ended_at is not None:
        return schedule_table(terms, start=ended_at, before_start_label=label), (
            f"The program ended without the credential, so the commitment of "
            f"{agreement.months} months counted from {ended_at}."
        )
    if snapshot is not None:
        start, _ = provisional_start(snapshot)
        source = "as printed on the form"
    else:
        start, _ = printed_start(
            months=agreement.months,
            start_rule=agreement.start_rule,
            issued_on=today,
            completed_on=path.completed_on,
            deadline=agreement.completion_deadline,
            target=path.target_date,
        )
        source = "as the form would print it today"
    when = (
        "when the manager signs"
        if agreement.start_rule == CommitmentStart.SIGNING
        else "when the certification is completed"
    )
    note = (
        f"Not started yet: the commitment starts {when}; leaving before then owes the first "
        f"row. The other rows count from {start}, {source}; the real dates follow the actual "
        "day, each band keeping its length."
    )
    return schedule_table(terms, start=start, before_start_label=label), note


def document_content(store: Store, agreement_no: str, document_id: int) -> tuple[str, bytes]:
    """One stored document of an agreement: its file name and bytes, exactly as stored."""

    agreement = get_agreement(store.db, agreement_no)
    doc = agreement_store.document(store.db, agreement.id, document_id)
    if doc is not None:
        return doc.filename, doc.content
    raise InvalidInput("document", f"{agreement.agreement_no} has no document {document_id}")


# ---- drafting ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DraftContext:
    """What the draft dialog needs to prefill its fields and preview the terms."""

    path_id: int
    employee_no: str
    full_name: str
    work_state: str
    manager_active: bool
    cert_code: str
    cert_name: str
    path_status: str
    target_date: _dt.date | None
    completed_on: _dt.date | None
    repayable_cents: int  # company-paid repayable cost: the most an agreement may ask back
    payments: list[Payment]  # the company-paid repayable cost lines, as per-payment clocks
    open_agreement_no: str  # an agreement that must be voided first ('' if none)
    today: _dt.date
    transferable: bool = True  # the catalog's mark (CA AB 692 / NY)
    repayable_kinds: frozenset[str] = frozenset()
    left_out_note: str = ""  # costs a state law leaves out of the repayable amount, and why

    @property
    def itemised(self) -> bool:
        return bool(self.payments)

    def facts(self) -> AgreementFacts:
        """What the compliance rules look at for this draft (the dialog's live check)."""

        return AgreementFacts(
            work_state=self.work_state,
            signed_on=self.today,
            stage=Stage.DRAFT,
            transferable=self.transferable,
            itemised_amount=self.itemised,
            repayable_kinds=self.repayable_kinds,
        )


def draft_context(store: Store, path_id: int, today: _dt.date | None = None) -> DraftContext:
    """The path, its manager and its repayable cost, for drafting an agreement."""

    db = store.db
    path = paths.get(db, CertificationPath, int(path_id))
    if path is None:
        raise InvalidInput("path_id", f"there is no certification path number {path_id}")
    employee = employees.get(db, path.employee_id)
    cert = catalog.get(db, path.certification_id)
    lines, left_out = repayable_lines(paths.children(db, CostLine, path.id), employee.work_state)
    payments = payments_of(path_repayable_lines(db, path.id, employee.work_state))
    left_out_note = ""
    if left_out:
        kinds = ", ".join(sorted({line.kind.replace("_", " ") for line in left_out}))
        left_out_note = (
            f"Left out of the repayable amount: {kinds} "
            f"({format_cents(sum(line.amount_cents for line in left_out))}); "
            f"{cost_kinds_rule(employee.work_state)} allows only tuition, fees and required "
            "materials."
        )
    blocking = next(
        (
            a
            for a in agreement_store.agreements_of_path(db, path.id)
            if a.status in IN_FORCE_STATUSES
        ),
        None,
    )
    return DraftContext(
        path_id=path.id,
        employee_no=employee.employee_no,
        full_name=employee.full_name,
        work_state=employee.work_state,
        manager_active=employee.status == "active",
        cert_code=cert.code,
        cert_name=cert.name,
        path_status=path.status,
        target_date=path.target_date,
        completed_on=path.completed_on,
        repayable_cents=sum(p.amount_cents for p in payments),
        payments=payments,
        open_agreement_no=blocking.agreement_no if blocking else "",
        today=today or _dt.date.today(),
        transferable=cert.transferable,
        repayable_kinds=frozenset(line.kind for line in lines),
        left_out_note=left_out_note,
    )


@dataclass(frozen=True)
class DraftablePath:
    """A path an agreement can be drafted for (the Agreements page's chooser)."""

    path_id: int
    employee_no: str
    full_name: str
    cert_code: str
    cert_name: str
    status: str
    company_paid_cents: int  # all company costs (the dialog shows what is repayable)
    search_key: str


def draftable_paths(store: Store) -> list[DraftablePath]:
    """Paths of active managers, not withdrawn or failed, with company-paid costs (nothing to
    repay otherwise) and no open agreement."""

    db = store.db
    busy = {a.path_id for a in agreement_store.agreements_with_status(db, tuple(IN_FORCE_STATUSES))}
    active = {e.id for e in employees.all_by_no(db).values() if e.status == "active"}
    found = []
    for r in paths.list_rows(db):
        if r["id"] in busy or r["employee_id"] not in active:
            continue
        if r["status"] not in DRAFTABLE_PATH_STATUSES or not r["company_paid_cents"]:
            continue
        found.append(
            DraftablePath(
                path_id=r["id"],
                employee_no=r["employee_no"],
                full_name=r["full_name"],
                cert_code=r["cert_code"],
                cert_name=r["cert_name"],
                status=r["status"],
                company_paid_cents=int(r["company_paid_cents"] or 0),
                search_key=fold(
                    " ".join((r["employee_no"], r["full_name"], r["cert_code"], r["cert_name"]))
                ),
            )
        )
    return found


# ---- departures ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settlement:
    """How a departure settled one agreement: months served per clock and the steps."""

    agreement_no: str
    months_served: tuple[int, ...]  # one per clock (per payment: one per payment)
    steps: tuple[str, ...]  # the calculation, as the repayment statement prints it

    @property
    def months_text(self) -> str:
        return " / ".join(str(m) for m in self.months_served) or "—"


@dataclass(frozen=True)
class DepartureOutlook:
    """A departure's outcome per agreement, with each settled agreement's calculation."""

    result: DepartureResult
    settlements: dict[str, Settlement]


def settlements(store: Store, agreement_nos: list[str]) -> dict[str, Settlement]:
    """The stored calculations of these agreements' repayments (those that have one)."""

    found = {}
    for number in agreement_nos:
        agreement = get_agreement(store.db, number)
        repayment = agreement_store.repayment_of(store.db, agreement.id)
        if repayment is None:
            continue
        calc = json.loads(repayment.calculation_json)
        found[number] = Settlement(
            number,
            tuple(line["months_served"] for line in calc.get("lines", [])),
            tuple(calc.get("steps", [])),
        )
    return found


def record_departure_outlook(store: Store, request: DepartureRequest) -> DepartureOutlook:
    """Record the departure (the service's use case), then read back how each agreement was
    settled, for the dialog to show."""

    result = record_departure(store, request)
    return DepartureOutlook(result, settlements(store, [o.agreement_no for o in result.outcomes]))


class _DryRun(Exception):
    """Carries a departure's outlook out of the transaction that is then rolled back."""

    def __init__(self, outlook: DepartureOutlook) -> None:
        super().__init__("dry run")
        self.outlook = outlook


def departure_preview(store: Store, request: DepartureRequest) -> DepartureOutlook:
    """What record_departure would do, computed by it, with nothing kept.

    The same checks apply (a date before the hire date is refused the same way), so the
    dialog can show the problem before the coordinator confirms.
    """
    try:
        with store.transaction():
            outlook = record_departure_outlook(store, request)
            raise _DryRun(outlook)  # undoes the departure, its statements and its audit rows
    except _DryRun as done:
        return done.outlook
    raise AssertionError("unreachable")  # pragma: no cover
