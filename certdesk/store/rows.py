"""Converting between database rows and core dataclasses (ISO text ↔ datetime.date)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")

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
        row[f.name] = value
    return row


def insert_record(db: Any, table: str, record: T) -> T:
    """INSERT a dataclass's fields (not its id) into `table`; returns it with its new id."""
    from dataclasses import replace

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
