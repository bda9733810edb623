"""The paths list as the window shows it: one row per path, found and filtered in Python."""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from certdesk.core.path_status import shown_status
from certdesk.core.validation import fold
from certdesk.store import Store, paths


class PathRow(NamedTuple):
    """One row of the paths list, with a pre-folded search key.

    A named tuple, not a dataclass: the Paths page holds 50,000 of them.
    """

    id: int
    employee_no: str
    full_name: str
    cert_code: str
    cert_name: str
    status: str  # as shown: completed paths past expiry read "expired"
    target_date: str
    enrolled_on: str
    completed_on: str
    credential_no: str
    expires_on: str
    company_paid_cents: int
    search_key: str
    manager_active: bool = True  # the manager has not left the company
    name_key: str = ""  # the manager's folded name (the Name column sorts by it)


def list_paths(store: Store, today: _dt.date | None = None) -> list[PathRow]:
    """Every certification path, ready for a table.

    The managers' names were folded when they were written (store.employees); numbers,
    certifications and statuses repeat across the rows and are folded once each here.
    """
    today = today or _dt.date.today()
    paid = paths.company_paid_by_path(store.conn)
    shown: dict[tuple[str, str], tuple[str, str]] = {}  # (status, expires_on) → shown, key
    # employee_no → (number, name, name key, "number name" key): one string each per manager,
    # shared by their paths.
    people: dict[str, tuple[str, str, str, str]] = {}
    certs: dict[str, tuple[str, str, str]] = {}  # code → (code, name, their key)
    shared: dict[str, str] = {}  # dates repeat: one string each
    rows = []
    new = tuple.__new__  # PathRow's fields in order, without a Python-level __new__ per row
    for (
        pid,
        number,
        name,
        name_key,
        manager_status,
        code,
        cert_name,
        path_status,
        target,
        enrolled,
        completed,
        credential,
        expires,
    ) in paths.iter_list_tuples(store.conn):
        expires = expires or ""
        status_and_key = shown.get((path_status, expires))
        if status_and_key is None:
            status = shown_status(
                path_status, _dt.date.fromisoformat(expires) if expires else None, today
            )
            status_and_key = shown[(path_status, expires)] = (status, fold(status))
        status, status_key = status_and_key
        person = people.get(number)
        if person is None:
            name_key = name_key or fold(name)
            person = people[number] = (number, name, name_key, f"{fold(number)} {name_key}")
        cert = certs.get(code)
        if cert is None:
            cert = certs[code] = (code, cert_name, fold(f"{code} {cert_name}"))
        credential = credential or ""
        rows.append(
            new(
                PathRow,
                (
                    pid,
                    person[0],
                    person[1],
                    cert[0],
                    cert[1],
                    status,
                    shared.setdefault(target or "", target or ""),
                    shared.setdefault(enrolled or "", enrolled or ""),
                    shared.setdefault(completed or "", completed or ""),
                    credential,
                    shared.setdefault(expires, expires),
                    paid.get(pid, 0),
                    f"{person[3]} {cert[2]} {status_key} {fold(credential)}"
                    if credential
                    else f"{person[3]} {cert[2]} {status_key} ",
                    manager_status == "active",
                    person[2],
                ),
            )
        )
    return rows


def filter_paths(rows: list[PathRow], text: str) -> list[PathRow]:
    """Rows whose manager, certification, status or credential contain every word of `text`."""
    words = fold(text).split()
    if not words:
        return rows
    return [r for r in rows if all(w in r.search_key for w in words)]
