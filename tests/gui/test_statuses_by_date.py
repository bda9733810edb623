"""Reads never write: the status moves the date calls for (a commitment served becomes
fulfilled) run once when a database is opened, the same by the window and the command line,
and never while a list is read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.agreements import views as agreement_views
from certdesk.services.paths import lifecycle as paths
from certdesk.store import open_store

time_machine = pytest.importorskip("time_machine")

SIGNED = dt.date(2024, 1, 10)  # a 12-month commitment from signing: served on 2025-01-10


@pytest.fixture
def served_db(tmp_path: Path) -> Path:
    """A database last used in January 2024, holding an agreement in commitment that the
    date has since served (nobody has opened the file since)."""
    path = tmp_path / "served.certdesk"
    with time_machine.travel(dt.datetime(2024, 1, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        store = open_store(path)
        try:
            managers.add_manager(
                store, {"employee_no": "H-1", "full_name": "Łukasz Żółć", "work_state": "PL"}
            )
            pid = paths.plan_path(store, "H-1", "CCCM", "2024-06-01")
            paths.add_cost(store, pid, kind="tuition", amount="1,200.00", paid_on="2024-01-05")
            number = drafting.draft_agreement(
                store,
                parse_draft_request(pid, months=12, schedule="prorated", start="signing"),
                today=SIGNED,
            ).agreement.agreement_no
            issuing.issue_agreement(store, number, accept_warnings=True, today=SIGNED)
            lifecycle.sign_agreement(store, number, SIGNED, accept_warnings=True)
            status = store.conn.execute("SELECT status FROM agreements").fetchone()[0]
            assert status == "in_commitment"
        finally:
            store.close()
    return path


def fulfilled_audits(path: Path) -> int:
    store = open_store(path)
    try:
        row = store.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'fulfilled'")
        return row.fetchone()[0]
    finally:
        store.close()


def test_listing_agreements_writes_nothing(served_db: Path, file_fingerprint) -> None:
    from certdesk.gui.agreements.page import _list_agreements

    store = open_store(served_db)  # a plain open: no status moves
    try:
        before = file_fingerprint(served_db)
        audit = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()
        rows = agreement_views.list_agreements(store)
        page_rows, _ = _list_agreements(store)
        assert [r.status for r in rows] == [r.status for r in page_rows] == ["in_commitment"]
        assert file_fingerprint(served_db) == before
        assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone() == audit
    finally:
        store.close()


def test_the_command_line_and_the_window_show_the_same_statuses(
    qtbot, served_db: Path, run_cli
) -> None:
    from certdesk.gui.app import create_window

    code, out, err = run_cli("--db", served_db, "list", "agreements", "--json")
    assert (code, err) == (0, "")
    assert [a["status"] for a in json.loads(out)] == ["fulfilled"]
    assert fulfilled_audits(served_db) == 1  # moved once, audited

    win = create_window(served_db)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.managers_page.loaded, timeout=10_000):
        win.show()
    with qtbot.waitSignal(win.agreements_page.loaded, timeout=10_000):
        win.show_page("agreements")
    assert [r.status for r in win.agreements_page.model.all_rows()] == ["fulfilled"]
    win.close()
    assert fulfilled_audits(served_db) == 1  # the window found nothing more to move


def test_the_window_moves_the_statuses_when_it_opens_the_file(qtbot, served_db: Path) -> None:
    from certdesk.gui.app import create_window

    win = create_window(served_db)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.managers_page.loaded, timeout=10_000):
        win.show()
    with qtbot.waitSignal(win.agreements_page.loaded, timeout=10_000):
        win.show_page("agreements")
    assert [r.status for r in win.agreements_page.model.all_rows()] == ["fulfilled"]
    win.close()
    assert fulfilled_audits(served_db) == 1


def test_signing_for_a_commitment_long_served_fulfils_it_at_once(tmp_path: Path) -> None:
    store = open_store(tmp_path / "late.certdesk")
    try:
        managers.add_manager(store, {"employee_no": "H-2", "full_name": "山田 太郎"})
        pid = paths.plan_path(store, "H-2", "CCCM")
        paths.add_cost(store, pid, kind="tuition", amount="900.00", paid_on="2022-01-05")
        number = drafting.draft_agreement(
            store,
            parse_draft_request(pid, months=12, schedule="prorated", start="signing"),
            today=dt.date(2022, 1, 6),
        ).agreement.agreement_no
        issuing.issue_agreement(store, number, accept_warnings=True, today=dt.date(2022, 1, 6))
        signed = lifecycle.sign_agreement(store, number, "2022-01-07", accept_warnings=True)
        assert signed.agreement.status == "fulfilled"
    finally:
        store.close()
