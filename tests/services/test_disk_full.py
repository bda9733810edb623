"""A full disk during a use case: a clear error, nothing partial, and the store keeps working.

PRAGMA max_page_count caps the database just above its size, so SQLite fails with "database or
disk is full" exactly as it does when the disk itself is full.
"""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, terms
from certdesk.services.exchange.csv_import import import_managers_text
from certdesk.services.paths import lifecycle as paths
from certdesk.services.safety.integrity import check_database
from certdesk.store import Store
from certdesk.store.errors import DiskProblem

DAY = dt.date(2026, 1, 5)
HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"
UNLIMITED = 1_073_741_823


def counts(store: Store) -> dict[str, int]:
    tables = ("employees", "paths", "cost_lines", "agreements", "documents", "audit_log")
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def cap_size(store: Store, spare_pages: int = 2) -> None:
    """Let the database grow by only `spare_pages` pages from now on."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


def assert_disk_full(exc: pytest.ExceptionInfo[DiskProblem]) -> None:
    assert exc.value.field == "database"
    assert "disk is full" in exc.value.message
    assert "nothing of this change was saved" in exc.value.message


def many_managers(n: int) -> str:
    return HEADER + "".join(
        f"E-{i:05d},Nguyễn Thị Hương {i},h{i}@example.com,Team lead,Buffalo,NY,2021-03-01\n"
        for i in range(n)
    )


def test_an_import_that_fills_the_disk_imports_nothing(store: Store) -> None:
    managers.add_manager(store, {"employee_no": "H-1", "full_name": "Łukasz Żółć"})
    before = counts(store)
    cap_size(store)
    with pytest.raises(DiskProblem) as exc:
        import_managers_text(store, many_managers(5000), "big.csv")
    assert_disk_full(exc)
    assert not store.conn.in_transaction  # rolled back, ready for the next use case
    assert counts(store) == before
    assert check_database(store) == []

    store.conn.execute(f"PRAGMA max_page_count = {UNLIMITED}")  # space freed
    summary = import_managers_text(store, many_managers(5000), "big.csv")
    assert summary.added == 5000
    assert counts(store)["employees"] == before["employees"] + 5000
    assert check_database(store) == []


@pytest.fixture
def draft_no(store: Store) -> str:
    """A manager, a path with company-paid tuition, and a draft agreement for it."""
    managers.add_manager(
        store,
        {"employee_no": "H-9001", "full_name": "Łukasz Żółć-Nguyễn", "work_state": "NY"},
    )
    pid = paths.plan_path(store, "H-9001", "CCCM", "2026-03-15")
    paths.add_cost(store, pid, kind="tuition", amount="3,000.00", paid_on="2026-01-02")
    draft = drafting.draft_agreement(
        store, parse_draft_request(pid, months=24, schedule="prorated"), today=DAY
    )
    return draft.agreement.agreement_no


def test_issuing_an_agreement_on_a_full_disk_changes_nothing(store: Store, draft_no: str) -> None:
    before = counts(store)
    cap_size(store)  # the issued PDF (tens of kB) cannot fit in two pages
    with pytest.raises(DiskProblem) as exc:
        issuing.issue_agreement(store, draft_no, accept_warnings=True, today=DAY)
    assert_disk_full(exc)
    assert not store.conn.in_transaction
    assert counts(store) == before
    still = terms.get_agreement(store.db, draft_no)
    assert still.status == "draft" and still.terms_sha256 is None and still.issued_on is None
    assert check_database(store) == []

    store.conn.execute(f"PRAGMA max_page_count = {UNLIMITED}")
    issued = issuing.issue_agreement(store, draft_no, accept_warnings=True, today=DAY)
    assert issued.agreement.agreement_no == draft_no  # the same number, no gap
    assert issued.agreement.status == "issued"
    assert issuing.stored_form(store, draft_no) == issued.pdf
    after = counts(store)
    assert after["documents"] == before["documents"] + 1
    assert check_database(store) == []


def test_a_small_change_still_fits_after_a_failed_big_one(store: Store, draft_no: str) -> None:
    cap_size(store, spare_pages=4)
    with pytest.raises(DiskProblem):
        import_managers_text(store, many_managers(5000), "big.csv")
    # The failed import left its pages free again: a small use case goes through.
    managers.add_manager(store, {"employee_no": "H-2", "full_name": "山田 太郎"})
    assert managers.get_manager(store, "H-2").full_name == "山田 太郎"
    assert check_database(store) == []
