"""Agreements added to the window tests' database through the services (before it opens)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from certdesk.core.agreement_requests import parse_draft_request

DAY = dt.date(2026, 1, 5)
EXAMPLE_NO = "H-9100"  # DESIGN.md's worked example: 3,600.00, completed 2026-03-15, 24 months
EXAMPLE_NAME = "Maria O'Neill"


def open_db(db_path: Path):
    from certdesk.store import open_store

    return open_store(db_path)


def add_example_agreement(db_path: Path) -> str:
    """H-9100 in New York: 3,600.00 tuition, agreement signed, certification completed on
    2026-03-15, so the 24-month prorated commitment runs from that day. Returns its number."""
    from certdesk.services import managers
    from certdesk.services.agreements import drafting, issuing, lifecycle
    from certdesk.services.catalog import certifications as catalog
    from certdesk.services.paths import lifecycle as paths

    store = open_db(db_path)
    try:
        catalog.edit_certification(store, "CCCM", {"transferable": True})
        managers.add_manager(
            store,
            {
                "employee_no": EXAMPLE_NO,
                "full_name": EXAMPLE_NAME,
                "work_state": "NY",
                "hire_date": "2019-06-03",
            },
        )
        pid = paths.plan_path(store, EXAMPLE_NO, "CCCM", "2026-03-15")
        paths.add_cost(store, pid, kind="tuition", amount="3,600.00", paid_on="2026-01-15")
        number = drafting.draft_agreement(
            store, parse_draft_request(pid, months=24, schedule="prorated"), today=DAY
        ).agreement.agreement_no
        issuing.issue_agreement(store, number, on=DAY.isoformat())
        lifecycle.sign_agreement(store, number, "2026-01-10", accept_warnings=True)
        paths.complete_path(store, pid, "2026-03-15", "CCCM-778")
        return number
    finally:
        store.close()


def add_drafts(db_path: Path) -> dict[str, str]:
    """Drafts for Łukasz (Polish, no rule applies) and 山田 (California, a 'full' schedule that
    California AB 692 warns about). Returns {employee_no: agreement_no}."""
    from certdesk.services.agreements import drafting
    from certdesk.services.paths import lifecycle as paths

    store = open_db(db_path)
    try:
        made = {}
        for employee_no, schedule in (("H-9001", "prorated"), ("H-9003", "full")):
            found = paths.paths_of_manager(store, employee_no)
            pid = found[0]["id"] if found else paths.plan_path(store, employee_no, "SWMP")
            paths.add_cost(store, pid, kind="tuition", amount="2,400.00", paid_on="2026-02-02")
            made[employee_no] = drafting.draft_agreement(
                store, parse_draft_request(pid, months=12, schedule=schedule)
            ).agreement.agreement_no
        return made
    finally:
        store.close()


def name_the_company(db_path: Path, name: str = "Acme Contact Centers") -> None:
    """Settings' company name set (a new database has the placeholder)."""
    from certdesk.services.settings import update_settings

    store = open_db(db_path)
    try:
        update_settings(store, {"company_name": name})
    finally:
        store.close()
