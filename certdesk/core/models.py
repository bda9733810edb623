"""Domain records. Money is int cents, dates are datetime.date."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.cost_kinds import CostKind, Payer
from certdesk.core.path_status import PathStatus

COST_KINDS: tuple[CostKind, ...] = tuple(CostKind)
PAID_BY: tuple[Payer, ...] = tuple(Payer)


@dataclass(frozen=True)
class Employee:
    """A call-center manager; employee_no is the coordinator's key."""

    employee_no: str
    full_name: str
    email: str = ""
    job_title: str = ""
    site: str = ""
    work_state: str = ""
    hire_date: _dt.date | None = None
    status: str = "active"
    departure_date: _dt.date | None = None
    departure_reason: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Certification:
    """A credential in the catalog (CCCM, SWMP, ...). validity_months None = never expires."""

    code: str
    name: str
    issuer: str = ""
    description: str = ""
    validity_months: int | None = None
    renewal_requirements: str = ""
    active: bool = True
    # Usable with other employers and not required for the current job: the stay-or-pay laws
    # (California AB 692, New York) allow a repayment clause only for such a credential.
    transferable: bool = False
    id: int | None = None


@dataclass(frozen=True)
class CertificationPath:
    """One employee working toward one certification."""

    employee_id: int
    certification_id: int
    status: PathStatus = PathStatus.PLANNED
    target_date: _dt.date | None = None
    enrolled_on: _dt.date | None = None
    completed_on: _dt.date | None = None
    credential_no: str = ""
    expires_on: _dt.date | None = None
    notes: str = ""
    ended_on: _dt.date | None = None  # the day it was withdrawn or failed
    provider: str = ""  # who teaches the course ("Call Center School", "HDI")
    course_start: _dt.date | None = None  # the course's first day
    course_end: _dt.date | None = None  # the course's last day
    id: int | None = None


@dataclass(frozen=True)
class CostLine:
    """Money spent on a path. class_wages are never repayable."""

    path_id: int
    kind: CostKind
    amount_cents: int
    description: str = ""
    paid_by: Payer = Payer.COMPANY
    paid_on: _dt.date | None = None
    repayable: bool = True
    id: int | None = None
    # Explicitly "not yet paid": committed, not spent (paid_on is then None). A company-paid
    # line has a paid_on date or this flag; lines from older files may have neither.
    not_yet_paid: bool = False


@dataclass(frozen=True)
class ClassSession:
    """A class day: hours away from the floor."""

    path_id: int
    session_date: _dt.date
    hours_away: float
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class PlanItem:
    """What the manager commits to put into practice after certifying."""

    path_id: int
    commitment: str
    due_date: _dt.date | None = None
    done_on: _dt.date | None = None
    outcome: str = ""
    id: int | None = None
    # Closed on this day because its path was withdrawn or failed (never with done_on).
    not_applicable_on: _dt.date | None = None
