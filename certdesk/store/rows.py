"""Converting between database rows and core dataclasses (ISO text ↔ datetime.date)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import fields, replace
from enum import Enum
from typing import Any, TypeVar

from certdesk.core.agreements import Agreement, AgreementStatus
from certdesk.core.models import CertificationPath, CostKind, CostLine, Payer
from certdesk.core.path_status import PathStatus
from certdesk.core.repayment import format_tiers, parse_tiers
from certdesk.core.repayment_types import Clock, CommitmentStart, Schedule

T = TypeVar("T")

# Fields stored as text that core holds as a named state or a tuple: (read, write) per field.
_CODECS: dict[tuple[type, str], tuple[Any, Any]] = {
    (Agreement, "status"): (AgreementStatus, None),
    (Agreement, "schedule"): (Schedule, None),
    (Agreement, "clock"): (Clock, None),
    (Agreement, "start_rule"): (CommitmentStart, None),
    (Agreement, "tiers"): (
        lambda text: parse_tiers(text) if text else (),
        lambda tiers: format_tiers(tiers) if tiers else "",
    ),
    # Kept exactly as stored (earlier spellings too): issued terms never change.
    (Agreement, "waived_reasons"): (
        lambda text: tuple(r for r in text.split(",") if r),
        ",".join,
    ),
    (CertificationPath, "status"): (PathStatus, None),
    (CostLine, "kind"): (CostKind, None),
    (CostLine, "paid_by"): (Payer, None),
}

_DATE_FIELDS = {
    "hire_date",
    "departure_date",
    "target_date",
    "enrolled_on",
    "completed_on",
    "expires_on",
    "paid_on",
    "session_date",
    "due_date",
    "done_on",
    "effective_on",
    "created_on",
    "issued_on",
    "signed_on",
    "commitment_start",
    "completion_deadline",
    "ended_on",
    "received_on",
    "not_applicable_on",
    "course_start",
    "course_end",
}
_BOOL_FIELDS = {"active", "repayable", "waived", "transferable", "not_yet_paid"}


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Build a dataclass from a row, parsing ISO dates and 0/1 flags."""
    values = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in row:
            continue
        value = row[f.name]
        if f.name in _DATE_FIELDS and value is not None:
            value = _dt.date.fromisoformat(value)
        elif f.name in _BOOL_FIELDS:
            value = bool(value)
        elif (cls, f.name) in _CODECS and value is not None:
            value = _CODECS[cls, f.name][0](value)
        values[f.name] = value
    return cls(**values)


def to_row(record: Any) -> dict[str, Any]:
    """A dataclass as a row: dates as ISO text, booleans as 0/1, without its id."""
    row = {}
    for f in fields(record):
        if f.name == "id":
            continue
        value = getattr(record, f.name)
        if isinstance(value, _dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif (codec := _CODECS.get((type(record), f.name))) and codec[1] is not None:
            value = codec[1](value)
        elif isinstance(value, Enum):
            value = value.value
        row[f.name] = value
    return row


def stored_text(record: Any, name: str, value: Any, otherwise: Any) -> Any:
    """A field's `value` as its column holds it where core holds it as a tuple, else
    `otherwise` (the audit log summarises records in their stored form)."""
    codec = _CODECS.get((type(record), name))
    return codec[1](value) if codec and codec[1] is not None else otherwise


def insert_record(db: Any, table: str, record: T) -> T:
    """INSERT a dataclass's fields (not its id) into `table`; returns it with its new id."""

    row = to_row(record)
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})", row
    )
    return replace(record, id=cursor.lastrowid)


def update_record(db: Any, table: str, record: Any) -> None:
    """UPDATE every field of a dataclass's row in `table` (by its id)."""
    row = to_row(record)
    sets = ", ".join(f"{c} = :{c}" for c in row)
    db.execute(f"UPDATE {table} SET {sets} WHERE id = :id", row | {"id": record.id})


def sum_by_key(pairs: Iterable[tuple[Any, int | None]]) -> dict[Any, int]:
    """(key, cents) pairs summed per key in Python integers.

    Money totals are summed here, never with SQLite's sum(): a file written by an older
    version may hold an absurd amount, and SQLite stops every query that adds it up with
    "integer overflow" — Python's integers cannot overflow, so the window keeps working
    and `certdesk check` names the row instead.
    """
    totals: dict[Any, int] = {}
    for key, cents in pairs:
        totals[key] = totals.get(key, 0) + (cents or 0)
    return totals
