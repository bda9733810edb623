"""Domain records. Money is int cents, dates are datetime.date."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

EMPLOYEE_STATUSES = ("active", "departed")
COST_KINDS = ("tuition", "exam", "materials", "travel", "class_wages", "other")
# Each cost kind in words, for screens and forms alike.
COST_KIND_LABELS: dict[str, str] = {
    "tuition": "Tuition",
    "exam": "Exam fee",
    "materials": "Materials",
    "travel": "Travel",
    "class_wages": "Wages for class hours",
    "other": "Other",
}
PAID_BY = ("company", "employee")


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
    status: str = "planned"
    target_date: _dt.date | None = None
    enrolled_on: _dt.date | None = None
    completed_on: _dt.date | None = None
    credential_no: str = ""
    expires_on: _dt.date | None = None
    notes: str = ""
    ended_on: _dt.date | None = None  # the day it was withdrawn or failed
    id: int | None = None


@dataclass(frozen=True)
class CostLine:
    """Money spent on a path. class_wages are never repayable."""

    path_id: int
    kind: str
    amount_cents: int
    description: str = ""
    paid_by: str = "company"
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


@dataclass
class PathSummary:
    """A row of the paths list: the path with its manager's and certification's names."""

    path: CertificationPath
    employee_no: str
    full_name: str
    cert_code: str
    cert_name: str
    company_paid_cents: int = 0
    extra: dict = field(default_factory=dict)
