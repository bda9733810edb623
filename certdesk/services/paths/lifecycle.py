"""Use cases for certification paths: plan, move through statuses, costs, sessions, plans."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path

from certdesk.core.course import Course
from certdesk.core.dates import iso, parse_date, parse_optional_date
from certdesk.core.errors import ChangedMeanwhile, InvalidInput, Shown, changes_since_shown
from certdesk.core.models import (
    COST_KINDS,
    PAID_BY,
    CertificationPath,
    ClassSession,
    CostLine,
    PlanItem,
)
from certdesk.core.money import parse_cents
from certdesk.core.path_status import check_move
from certdesk.core.validation import clean_text, parse_record_number
from certdesk.services.agreements.lifecycle import start_commitments_on_completion
from certdesk.services.credentials import renewals
from certdesk.services.managers import get_manager
from certdesk.services.scans import read_scan
from certdesk.store import Store, audit, catalog, paths


@dataclass(frozen=True)
class PathDetail:
    """A path with everything the detail pane shows."""

    path: CertificationPath
    employee_no: str
    full_name: str
    cert_code: str
    cert_name: str
    costs: list[CostLine]
    sessions: list[ClassSession]
    plan: list[PlanItem]


def get_path(store: Store, path_id: int | str) -> CertificationPath:
    """The path with this id, or InvalidInput naming path_id."""
    number = parse_record_number(path_id, "path_id", "a path")
    found = paths.get(store.db, CertificationPath, number)
    if found is None:
        raise InvalidInput("path_id", f"there is no certification path number {number}")
    return found


def path_detail(store: Store, path_id: int) -> PathDetail:
    """Everything about one path (read only)."""
    path = get_path(store, path_id)
    row = next(r for r in paths.for_employee(store.db, path.employee_id) if r["id"] == path.id)
    return PathDetail(
        path=path,
        employee_no=row["employee_no"],
        full_name=row["full_name"],
        cert_code=row["cert_code"],
        cert_name=row["cert_name"],
        costs=paths.children(store.db, CostLine, path.id),
        sessions=paths.children(store.db, ClassSession, path.id),
        plan=paths.children(store.db, PlanItem, path.id),
    )


def paths_of_manager(store: Store, employee_no: str) -> list[dict]:
    """One manager's paths as plain rows (code, name, status, dates, company-paid cents)."""
    employee = get_manager(store, employee_no)
    return paths.for_employee(store.db, employee.id)


def plan_path(
    store: Store,
    employee_no: str,
    cert_code: str,
    target: str | None = None,
    *,
    course: Course | None = None,
) -> int:
    """Plan a new path for a manager toward a certification, with its course's provider and
    dates when known; returns the path id."""
    target_date = parse_optional_date(target, "target")
    course = course or Course()
    with store.transaction() as db:
        employee = get_manager(store, employee_no)
        if employee.status != "active":
            raise InvalidInput("employee_no", f"{employee.employee_no} has left; plan no new path")
        cert = catalog.get_by_code(db, (cert_code or "").strip().upper())
        if cert is None:
            codes = ", ".join(c.code for c in catalog.all_certifications(db))
            raise InvalidInput("cert_code", f"{cert_code!r} is not in the catalog ({codes})")
        if not cert.active:
            raise InvalidInput("cert_code", f"{cert.code} is retired from the catalog")
        path = paths.insert(
            db,
            CertificationPath(
                employee_id=employee.id,
                certification_id=cert.id,
                target_date=target_date,
                provider=course.provider,
                course_start=course.start,
                course_end=course.end,
            ),
        )
        audit.record(db, "path", path.id, "plan", None, path)
    return path.id


COURSE_LABELS = {
    "target": "Target date",
    "provider": "Provider",
    "course_start": "Course start",
    "course_end": "Course end",
}


def course_values(path: CertificationPath) -> dict[str, str]:
    """A path's editable details as the edit dialog shows them (for Shown)."""
    return {
        "target": iso(path.target_date) or "",
        "provider": path.provider,
        "course_start": iso(path.course_start) or "",
        "course_end": iso(path.course_end) or "",
    }


def edit_path(
    store: Store,
    path_id: int | str,
    *,
    course: Course,
    target: _dt.date | None = None,
    shown: Shown | None = None,
) -> CertificationPath:
    """Set a path's target date and its course (provider, first and last day). Agreements
    already issued keep the course they printed; new ones print this.

    With `shown` (the window's row version and field texts), a path changed elsewhere since
    is not overwritten: ChangedMeanwhile says what it is now."""
    with store.transaction() as db:
        before = get_path(store, path_id)
        after = replace(
            before,
            target_date=target,
            provider=course.provider,
            course_start=course.start,
            course_end=course.end,
        )
        if shown is not None:
            version = paths.row_version(db, CertificationPath, before.id)
            stored = course_values(before)
            changes = changes_since_shown(
                shown, version, stored, course_values(after), COURSE_LABELS
            )
            if changes:
                raise ChangedMeanwhile(f"Path {before.id}", changes, Shown(version, stored))
        if after == before:
            return before
        paths.update(db, after)
        audit.record(db, "path", after.id, "edit", before, after)
    return after


def _check_shown(db, path: CertificationPath, shown: Shown | None, yours: str) -> None:
    """Refuse a move made from a screen that showed the path before someone else moved it."""
    if shown is None:
        return
    version = paths.row_version(db, CertificationPath, path.id)
    stored = {"status": path.status}
    changes = changes_since_shown(shown, version, stored, {"status": yours}, {"status": "status"})
    if changes:
        raise ChangedMeanwhile(f"Path {path.id}", changes, Shown(version, stored))


def move_path(
    store: Store,
    path_id: int | str,
    new_status: str,
    on: str | None = None,
    *,
    shown: Shown | None = None,
) -> CertificationPath:
    """Move a path to approved, enrolled, withdrawn or failed (completion: complete_path).

    With `shown` (the window's row version and status), a path moved elsewhere since is not
    moved again: ChangedMeanwhile says what it is now.
    """
    if new_status == "completed":
        raise InvalidInput("status", "record a completion with its date and credential number")
    when = parse_optional_date(on, "on")
    with store.transaction() as db:
        before = get_path(store, path_id)
        _check_shown(db, before, shown, new_status)
        check_move(before.status, new_status)
        after = replace(before, status=new_status)
        if new_status == "enrolled":
            after = replace(after, enrolled_on=when or _dt.date.today())
        if new_status in ("withdrawn", "failed"):
            after = replace(after, ended_on=when or _dt.date.today())
        paths.update(db, after)
        audit.record(db, "path", after.id, new_status, before, after)
    return after


def complete_path(
    store: Store,
    path_id: int | str,
    on: str,
    credential_no: str = "",
    *,
    shown: Shown | None = None,
    proof: Path | None = None,
    missing_reason: str = "",
) -> CertificationPath:
    """Record a completion: date, credential number, the computed expiry and the credential's
    first cycle; with the proof (certificate, transcript) or the reason it is missing, both
    kept in the audit trail (without either, the proof is due)."""

    completed_on = parse_date(on, "on")
    credential = clean_text(credential_no, "credential_no", max_len=100)
    scan = read_scan(proof, "proof") if proof is not None else None
    with store.transaction() as db:
        before = get_path(store, path_id)
        _check_shown(db, before, shown, "completed")
        # A completion learned of late may arrive for a path still planned or approved: it
        # passes through the skipped statuses (each audited), enrolled on the completion day.
        current = before
        for step in ("approved", "enrolled"):
            if current.status in ("planned", "approved") and current.status != step:
                check_move(current.status, step)
                moved = replace(current, status=step)
                if step == "enrolled" and moved.enrolled_on is None:
                    moved = replace(moved, enrolled_on=completed_on)
                audit.record(db, "path", current.id, step, current, moved)
                current = moved
        check_move(current.status, "completed")
        if current.enrolled_on and completed_on < current.enrolled_on:
            raise InvalidInput("on", f"cannot be before enrolment on {current.enrolled_on}")
        expires = renewals.expiry_for_completion(db, before.certification_id, completed_on)
        after = replace(
            current,
            status="completed",
            completed_on=completed_on,
            credential_no=credential,
            expires_on=expires,
        )
        paths.update(db, after)
        audit.record(db, "path", after.id, "complete", before, after)
        renewals.start_first_cycle(db, after)
        renewals.record_completion_proof(
            db, after, proof=scan, missing_reason=missing_reason, on=completed_on
        )

        start_commitments_on_completion(db, after)
    return after


def add_cost(
    store: Store,
    path_id: int | str,
    *,
    kind: str,
    amount: str,
    paid_by: str = "company",
    paid_on: str | None = None,
    description: str = "",
    repayable: bool | None = None,
    not_yet_paid: bool = False,
) -> CostLine:
    """Add a cost line; class_wages are never repayable, others are by default.

    A company-paid line needs the day it was paid, or `not_yet_paid` (money committed, not
    spent yet: record_cost_payment dates it once paid)."""
    line = validated_cost(
        kind=kind,
        amount=amount,
        paid_by=paid_by,
        paid_on=paid_on,
        description=description,
        repayable=repayable,
        not_yet_paid=not_yet_paid,
    )
    with store.transaction() as db:
        path = get_path(store, path_id)
        line = paths.insert(db, replace(line, path_id=path.id))
        audit.record(db, "cost_line", line.id, "add", None, line)
    return line


def validated_cost(
    *,
    kind: str,
    amount: str,
    paid_by: str,
    paid_on: str | None,
    description: str,
    repayable: bool | None,
    not_yet_paid: bool,
) -> CostLine:
    """A cost line's fields checked once, for adding and for editing one (path_id left 0)."""
    if kind not in COST_KINDS:
        raise InvalidInput(
            "kind", f"{kind!r} is not a cost kind; use one of {', '.join(COST_KINDS)}"
        )
    if paid_by not in PAID_BY:
        raise InvalidInput("paid_by", f"{paid_by!r}: use company or employee")
    cents = parse_cents(amount, "amount")
    if repayable is None:
        repayable = kind != "class_wages"
    if kind == "class_wages" and repayable:
        raise InvalidInput("repayable", "wages for class hours are never repayable")
    day = parse_optional_date(paid_on, "paid_on")
    _check_paid_state(paid_by, day, not_yet_paid)
    return CostLine(
        path_id=0,
        kind=kind,
        amount_cents=cents,
        paid_by=paid_by,
        paid_on=day,
        description=clean_text(description, "description"),
        repayable=repayable,
        not_yet_paid=not_yet_paid,
    )


def _check_paid_state(paid_by: str, paid_on: _dt.date | None, not_yet_paid: bool) -> None:
    if not_yet_paid and paid_on is not None:
        raise InvalidInput("paid_on", "a cost not yet paid has no paid-on date; leave it empty")
    if paid_by == "company" and paid_on is None and not not_yet_paid:
        raise InvalidInput(
            "paid_on", "give the day the company paid it, or mark it as not yet paid"
        )


def record_cost_payment(store: Store, cost_id: int, paid_on: _dt.date | None) -> CostLine:
    """Date a cost line's payment (paid_on), or mark it as not yet paid (None)."""
    with store.transaction() as db:
        before = paths.get(db, CostLine, cost_id)
        if before is None:
            raise InvalidInput("cost_id", f"there is no cost line number {cost_id}")
        after = replace(before, paid_on=paid_on, not_yet_paid=paid_on is None)
        paths.update(db, after)
        audit.record(db, "cost_line", cost_id, "paid" if paid_on else "not_yet_paid", before, after)
    return after


def add_session(
    store: Store, path_id: int | str, *, on: str, hours: str, note: str = ""
) -> ClassSession:
    """Add a class session: its date and the hours away from the floor."""
    day = parse_date(on, "session_date")
    try:
        hours_away = float(hours)
    except (TypeError, ValueError):
        raise InvalidInput("hours", f"{hours!r} is not a number of hours") from None
    if not 0 < hours_away <= 24:
        raise InvalidInput("hours", "must be more than 0 and at most 24")
    with store.transaction() as db:
        path = get_path(store, path_id)
        session = paths.insert(
            db,
            ClassSession(
                path_id=path.id,
                session_date=day,
                hours_away=hours_away,
                note=clean_text(note, "note"),
            ),
        )
        audit.record(db, "class_session", session.id, "add", None, session)
    return session


def add_plan_item(
    store: Store, path_id: int | str, *, commitment: str, due: str | None = None
) -> PlanItem:
    """Add what the manager commits to put into practice after certifying."""
    text = clean_text(commitment, "commitment", max_len=500, required=True)
    due_date = parse_optional_date(due, "due")
    with store.transaction() as db:
        path = get_path(store, path_id)
        if path.status in ("withdrawn", "failed"):
            raise InvalidInput(
                "path_id", f"path {path.id} is {path.status}: there is nothing to put into practice"
            )
        item = paths.insert(db, PlanItem(path_id=path.id, commitment=text, due_date=due_date))
        audit.record(db, "plan_item", item.id, "add", None, item)
    return item


def finish_plan_item(store: Store, item_id: int, *, on: str, outcome: str = "") -> PlanItem:
    """Mark a plan item done, with what came of it."""
    done = parse_date(on, "done_on")
    with store.transaction() as db:
        before = paths.get(db, PlanItem, item_id)
        if before is None:
            raise InvalidInput("item_id", f"there is no plan item number {item_id}")
        if before.not_applicable_on is not None:
            raise InvalidInput(
                "item_id",
                f"plan item {item_id} was closed as not applicable on "
                f"{before.not_applicable_on} (its path was withdrawn or failed)",
            )
        after = replace(before, done_on=done, outcome=clean_text(outcome, "outcome", max_len=1000))
        paths.update(db, after)
        audit.record(db, "plan_item", item_id, "done", before, after)
    return after
