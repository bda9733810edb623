"""Use cases for managers: add, edit, list, look up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from certdesk.core.errors import ChangedMeanwhile, InvalidInput, Shown, changes_since_shown
from certdesk.core.models import Employee
from certdesk.core.validation import (
    clean_employee_no,
    employee_from_fields,
    fold,
    manager_keys,
)
from certdesk.store import Store, audit, employees


class ManagerRow(NamedTuple):
    """One row of the managers list, with its pre-folded name and search keys.

    A named tuple, not a dataclass: 10,000 of them are made for the first screen, and a tuple
    is the cheapest record Python makes (no per-row dict, no __init__ in Python).
    """

    id: int
    employee_no: str
    full_name: str
    email: str
    job_title: str
    site: str
    work_state: str
    hire_date: str
    status: str
    path_codes: str
    next_deadline: str
    search_key: str
    row_version: int = 1  # what the list showed; an edit from it is checked against it
    name_key: str = ""  # the folded name (the Name column sorts by it)


def list_managers(store: Store) -> list[ManagerRow]:
    """Every manager with paths and next deadline, ready for a table.

    The keys were folded when each manager was written (store.employees); only path codes,
    short and mostly ASCII, are folded here, and a manager whose keys a hand edit dropped.
    """
    rows = []
    # Sites, titles, states, statuses, path codes and dates repeat across thousands of rows:
    # one shared string each instead of a copy per row (a third of the list's memory).
    shared: dict[str, str] = {}
    folded: dict[str, str] = {}
    make = ManagerRow
    for (
        rid,
        number,
        name,
        email,
        title,
        site,
        state,
        hired,
        status,
        version,
        codes,
        deadline,
        name_key,
        search_key,
    ) in employees.iter_list_tuples(store.conn):
        if search_key is None:
            name_key, search_key = manager_keys(number, name, email, site)
        codes = shared.setdefault(codes or "", codes or "")
        codes_key = folded.get(codes)
        if codes_key is None:
            codes_key = folded[codes] = fold(codes)
        rows.append(
            make(
                rid,
                number,
                name,
                email,
                shared.setdefault(title or "", title or ""),
                shared.setdefault(site or "", site or ""),
                shared.setdefault(state or "", state or ""),
                shared.setdefault(hired or "", hired or ""),
                shared.setdefault(status or "", status or ""),
                codes,
                shared.setdefault(deadline or "", deadline or ""),
                f"{search_key} {codes_key}",
                version,
                name_key,
            )
        )
    return rows


def get_manager(store: Store, employee_no: str) -> Employee:
    """The manager with this employee number, or InvalidInput naming employee_no."""
    found = employees.get_by_no(store.db, clean_employee_no(employee_no))
    if found is None:
        raise InvalidInput("employee_no", f"no manager has employee number {employee_no!r}")
    return found


def add_manager(store: Store, fields: Mapping[str, object]) -> Employee:
    """Add a manager from typed-in fields (employee_no, full_name, ...)."""
    new = employee_from_fields(fields)
    with store.transaction() as db:
        if employees.get_by_no(db, new.employee_no) is not None:
            raise InvalidInput(
                "employee_no", f"{new.employee_no} is already used by another manager"
            )
        saved = employees.insert(db, new)
        audit.record(db, "employee", saved.employee_no, "add", None, saved)
    return saved


def manager_values(employee: Employee) -> dict[str, str]:
    """A manager's editable fields as the window shows them (text; '' for none)."""
    return {
        "employee_no": employee.employee_no,
        "full_name": employee.full_name,
        "email": employee.email,
        "job_title": employee.job_title,
        "site": employee.site,
        "work_state": employee.work_state,
        "hire_date": employee.hire_date.isoformat() if employee.hire_date else "",
    }


def edit_manager(
    store: Store,
    employee_no: str,
    fields: Mapping[str, object],
    *,
    shown: Shown | None = None,
    labels: Mapping[str, str] | None = None,
) -> Employee:
    """Change a manager's fields; only the keys given change.

    With `shown` (what the window showed: row version and field texts), a record changed
    elsewhere since then in one of those fields is not overwritten: ChangedMeanwhile carries
    both values, and saving again with its `stored` overwrites knowingly.
    """
    with store.transaction() as db:
        before = get_manager(store, employee_no)
        if shown is not None:
            version = employees.row_version(db, before.id)
            stored = manager_values(before)
            yours = {k: str(v if v is not None else "") for k, v in fields.items()}
            changes = changes_since_shown(shown, version, stored, yours, labels)
            if changes:
                raise ChangedMeanwhile(
                    f"{before.employee_no} {before.full_name}", changes, Shown(version, stored)
                )
        after = employee_from_fields(fields, base=before)
        if after.employee_no != before.employee_no and employees.get_by_no(db, after.employee_no):
            raise InvalidInput(
                "employee_no", f"{after.employee_no} is already used by another manager"
            )
        if after.hire_date and before.departure_date and after.hire_date > before.departure_date:
            raise InvalidInput("hire_date", "cannot be after the recorded departure date")
        employees.update(db, after)
        audit.record(db, "employee", after.employee_no, "edit", before, after)
    return after


def filter_rows(rows: list[ManagerRow], text: str) -> list[ManagerRow]:
    """Rows whose number, name, e-mail, site or paths contain every word of `text`."""
    words = fold(text).split()
    if not words:
        return rows
    return [r for r in rows if all(w in r.search_key for w in words)]
