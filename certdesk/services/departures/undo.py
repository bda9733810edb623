"""Taking a departure back: everything record_departure did is reverted, in one transaction.

services/departures.py records a departure and writes, in one transaction and in this order:
the employee's "depart" audit row; a "withdrawn" row per open path it withdrew (the path's old
status and notes in the row's "changed" summary); a "void" row per draft or issued agreement
it voided (old status and void reason); and, per signed agreement, a repayment row, a new
status and a stored repayment statement. This module reads exactly that back:

- the manager is active again (no departure date or reason);
- each path withdrawn by the departure gets back every field the departure changed (status,
  notes, end date), as its "withdrawn" audit row recorded them, and its plan items that
  withdrawing closed as not applicable are open again;
- each agreement voided by the departure gets its status back and loses the void reason;
- each settled agreement loses its repayment record and returns to "in commitment" (its clock
  had started: per-payment clock, or a commitment start) or "signed";
- the repayment statements cannot be deleted (stored documents are immutable by trigger): each
  is kept and marked withdrawn in `withdrawn_documents`, so the agreement's documents say
  "withdrawn: departure undone" and the bytes stay as they were handed out.

It is refused, with the reason, once a payment has been received against any of the
agreements (money changed hands: record it as a correction instead), or when something the
departure withdrew or voided has changed since. The undo writes its own audit rows, one per
record it restores, and one for the manager naming the departure it took back.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from certdesk.core.agreements import AgreementStatus
from certdesk.core.errors import InvalidInput
from certdesk.core.models import CertificationPath
from certdesk.core.money import format_cents
from certdesk.core.repayment_types import Clock
from certdesk.store import Store, audit, employees, paths, repayment_followup
from certdesk.store import agreements as agreement_store
from certdesk.store.rows import from_row, to_row

if TYPE_CHECKING:
    import sqlite_utils

    from certdesk.core.agreements import Agreement
    from certdesk.core.models import Employee
    from certdesk.store.agreements import Repayment

WITHDRAWN_REASON = "departure undone"
T = TypeVar("T")


@dataclass(frozen=True)
class PathRestore:
    path_id: int
    cert_code: str
    status: str  # the status it gets back
    changes: dict = field(default_factory=dict)  # {field: [value before, value after]}


@dataclass(frozen=True)
class AgreementRestore:
    agreement_no: str
    now: str  # its status under the departure
    status: str  # the status it gets back
    void_reason: str  # the void reason it gets back ('' unless it was voided before)
    owed_cents: int | None  # the repayment computed by the departure (None: none)
    statement_ids: tuple[int, ...] = ()  # statements to mark withdrawn


@dataclass(frozen=True)
class UndoPlan:
    """What undoing a manager's departure will do, or why it cannot be done."""

    employee_no: str
    full_name: str
    departure_date: _dt.date | None
    reason: str
    paths: list[PathRestore] = field(default_factory=list)
    agreements: list[AgreementRestore] = field(default_factory=list)
    refusal: str = ""  # '' when it can be undone

    @property
    def possible(self) -> bool:
        return not self.refusal

    def describe(self) -> list[str]:
        """What will be reverted, one line each (the confirmation and the CLI print these)."""
        lines = [f"{self.full_name} ({self.employee_no}) becomes active again."]
        for path in self.paths:
            lines.append(f"Path {path.cert_code} goes back to {path.status}.")
        for item in self.agreements:
            text = f"{item.agreement_no} goes back to {item.status.replace('_', ' ')}"
            if item.owed_cents is not None:
                text += f"; its repayment of {format_cents(item.owed_cents)} is removed"
            if item.statement_ids:
                text += "; its repayment statement is kept, marked withdrawn"
            lines.append(text + ".")
        return lines


def _depart_row(db: sqlite_utils.Database, employee_no: str) -> dict | None:
    rows = list(
        db.query(
            "SELECT * FROM audit_log WHERE entity = 'employee' AND entity_id = ?"
            " AND action = 'depart' ORDER BY id DESC LIMIT 1",
            [employee_no],
        )
    )
    return rows[0] if rows else None


def _changes_after(
    db: sqlite_utils.Database, entity: str, action: str, ids: list[str], after_id: int
) -> dict[str, dict]:
    """The newest `action` audit row per entity id written after the departure's row: its
    "changed" summary ({field: [old, new]})."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    found: dict[str, dict] = {}
    for row in db.query(
        f"SELECT entity_id, summary FROM audit_log WHERE entity = ? AND action = ?"
        f" AND id > ? AND entity_id IN ({marks}) ORDER BY id",
        [entity, action, after_id, *ids],
    ):
        try:
            found[row["entity_id"]] = json.loads(row["summary"]).get("changed", {})
        except (ValueError, AttributeError):
            found[row["entity_id"]] = {}
    return found


def _unchanged_since(record: object, changes: dict) -> bool:
    """Every field the departure changed still holds the value it wrote."""
    row = to_row(record)
    return all(row.get(name) == new for name, (_old, new) in changes.items() if name in row)


def _restored(record: T, changes: dict) -> T:
    """`record` with every field the departure changed set back to its value before."""
    row = to_row(record)
    for name, (old, _new) in changes.items():
        if name in row:
            row[name] = old
    return replace(from_row(type(record), row), id=record.id)  # type: ignore[attr-defined]


def _status_before_settling(agreement: Agreement) -> str:
    """A settled agreement was signed or in commitment: in commitment once its clock ran
    (per payment from signing, otherwise from its commitment start)."""
    if agreement.clock == Clock.PER_PAYMENT or agreement.commitment_start is not None:
        return AgreementStatus.IN_COMMITMENT
    return AgreementStatus.SIGNED


def _cert_codes(db: sqlite_utils.Database, employee_id: int) -> dict[int, str]:
    return {r["id"]: r["cert_code"] for r in paths.for_employee(db, employee_id)}


def _plan(db: sqlite_utils.Database, employee: Employee) -> UndoPlan:
    base = UndoPlan(
        employee.employee_no, employee.full_name, employee.departure_date, employee.departure_reason
    )
    if employee.status != "departed":
        return replace(base, refusal=f"{employee.full_name} has not left: there is nothing to undo")
    depart = _depart_row(db, employee.employee_no)
    if depart is None:
        return replace(
            base,
            refusal=f"the audit trail has no recorded departure of {employee.full_name}, so "
            "certdesk cannot tell what it changed",
        )
    path_list = paths.children_of_employee(db, employee.id)
    codes = _cert_codes(db, employee.id)
    withdrawn = _changes_after(
        db, "path", "withdrawn", [str(p.id) for p in path_list], depart["id"]
    )
    restores: list[PathRestore] = []
    for path in path_list:
        changed = withdrawn.get(str(path.id))
        if changed is None:
            continue
        if path.status != "withdrawn" or not _unchanged_since(path, changed):
            return replace(
                base,
                refusal=f"path {codes.get(path.id, path.id)} has changed since the departure "
                f"withdrew it (it is now {path.status})",
            )
        old_status = (changed.get("status") or [path.status])[0]
        restores.append(PathRestore(path.id, codes.get(path.id, str(path.id)), old_status, changed))

    agreement_list = agreement_store.agreements_of_employee(db, employee.id)
    voided = _changes_after(
        db, "agreement", "void", [a.agreement_no for a in agreement_list], depart["id"]
    )
    items: list[AgreementRestore] = []
    for agreement in agreement_list:
        changed = voided.get(agreement.agreement_no)
        repayment = agreement_store.repayment_of(db, agreement.id)
        if changed is not None and agreement.status == AgreementStatus.VOIDED:
            old_status = (changed.get("status") or ["issued"])[0]
            old_reason = (changed.get("void_reason") or ["", ""])[0]
            items.append(
                AgreementRestore(agreement.agreement_no, "voided", old_status, old_reason, None)
            )
        elif repayment is not None and repayment.departure_date == employee.departure_date:
            received = agreement_store.payments_received(db, repayment.id)
            if received:
                total = format_cents(sum(p.amount_cents for p in received))
                return replace(
                    base,
                    refusal=f"{total} has been received against {agreement.agreement_no} "
                    f"(last on {received[-1].received_on}); a departure with money paid back "
                    "cannot be undone",
                )
            decisions = repayment_followup.decisions_of(db, repayment.id)
            if decisions:
                return replace(
                    base,
                    refusal=f"a hardship waiver decision on {agreement.agreement_no} was recorded "
                    f"on {decisions[-1].decided_on}; a departure with a decision cannot be undone",
                )
            statements = tuple(
                d.id
                for d in agreement_store.document_list(db, agreement.id)
                if d.kind == "repayment_statement"
                and d.id not in agreement_store.withdrawn_document_ids(db, agreement.id)
            )
            items.append(
                AgreementRestore(
                    agreement.agreement_no,
                    agreement.status,
                    _status_before_settling(agreement),
                    agreement.void_reason,
                    repayment.owed_cents,
                    statements,
                )
            )
    return replace(base, paths=restores, agreements=items)


def _employee(db: sqlite_utils.Database, employee_no: str) -> Employee:
    employee = employees.get_by_no(db, (employee_no or "").strip())
    if employee is None:
        raise InvalidInput("employee_no", f"no manager with employee number {employee_no!r}")
    return employee


def undo_plan(store: Store, employee_no: str) -> UndoPlan:
    """What undoing this manager's departure would do (reads only)."""
    return _plan(store.db, _employee(store.db, employee_no))


def latest_departure(store: Store) -> UndoPlan | None:
    """The plan for the most recently recorded departure still in place (Edit → Undo)."""
    rows = list(
        store.db.query(
            "SELECT a.entity_id FROM audit_log a JOIN employees e ON e.employee_no = a.entity_id"
            " WHERE a.entity = 'employee' AND a.action = 'depart' AND e.status = 'departed'"
            " ORDER BY a.id DESC LIMIT 1"
        )
    )
    return undo_plan(store, rows[0]["entity_id"]) if rows else None


def undo_departure(store: Store, employee_no: str) -> UndoPlan:
    """Take back a manager's departure (see the module's description); returns what was done."""
    with store.transaction() as db:
        employee = _employee(db, employee_no)
        plan = _plan(db, employee)
        if plan.refusal:
            raise InvalidInput("employee_no", f"cannot undo the departure: {plan.refusal}")
        now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        for item in plan.paths:
            before = paths.get(db, CertificationPath, item.path_id)
            after = _restored(before, item.changes)
            paths.update(db, after)
            # Withdrawing closed the path's open plan items (a trigger, no audit row of its
            # own): the path is open again, so are they.
            reopened = paths.reopen_plan_items(db, item.path_id)
            summary = json.loads(audit.summarize(before, after)) | {"plan_items_reopened": reopened}
            audit.record(
                db,
                "path",
                item.path_id,
                "undo_withdrawn",
                summary=json.dumps(summary, ensure_ascii=False, sort_keys=True),
            )
        for item in plan.agreements:
            before = agreement_store.agreement_by_no(db, item.agreement_no)
            repayment = agreement_store.repayment_of(db, before.id)
            summary: dict = {}
            if repayment is not None and item.owed_cents is not None:
                summary["repayment_removed"] = _repayment_summary(repayment)
                agreement_store.delete_repayment(db, repayment.id)
            for doc_id in item.statement_ids:
                agreement_store.withdraw_document(db, doc_id, WITHDRAWN_REASON, now)
            if item.statement_ids:
                summary["statements_withdrawn"] = list(item.statement_ids)
            after = replace(before, status=item.status, void_reason=item.void_reason)
            agreement_store.update_agreement(db, after)
            summary |= json.loads(audit.summarize(before, after))
            audit.record(
                db,
                "agreement",
                item.agreement_no,
                "undo_departure",
                summary=json.dumps(summary, ensure_ascii=False, sort_keys=True),
            )
        back = replace(employee, status="active", departure_date=None, departure_reason="")
        employees.update(db, back)
        audit.record(db, "employee", employee.employee_no, "undo_depart", employee, back)
    return plan


def _repayment_summary(repayment: Repayment) -> dict:
    return {
        "departure_date": repayment.departure_date.isoformat(),
        "reason": repayment.reason,
        "owed_cents": repayment.owed_cents,
        "waived": repayment.waived,
        "waiver_note": repayment.waiver_note,
        "created_at": repayment.created_at,
    }
