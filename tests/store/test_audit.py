"""The audit log: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.models import Employee
from certdesk.services import managers
from certdesk.services.exchange.csv_import import CsvRejected, import_managers
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store, StoreError, audit

NAME = "Łukasz Żółć-Nguyễn"


def audit_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def add(store: Store, employee_no: str = "H-9001", **extra: str) -> Employee:
    return managers.add_manager(
        store, {"employee_no": employee_no, "full_name": NAME, "work_state": "NY", **extra}
    )


def test_add_writes_one_row_with_the_new_record(store: Store) -> None:
    add(store, hire_date="2020-01-02")
    [row] = audit.entries(store.db)
    assert (row["entity"], row["entity_id"], row["action"]) == ("employee", "H-9001", "add")
    summary = json.loads(row["summary"])
    assert summary["before"] is None
    assert summary["after"]["full_name"] == NAME
    assert summary["after"]["hire_date"] == "2020-01-02"
    assert NAME in row["summary"]  # stored readable, not \\u-escaped
    at = dt.datetime.fromisoformat(row["at"])
    assert at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - at) < dt.timedelta(minutes=5)


def test_edit_records_only_what_changed(store: Store) -> None:
    add(store, site="Gdańsk Hub")
    managers.edit_manager(store, "H-9001", {"site": "Buffalo Service Desk", "full_name": NAME})
    newest = audit.entries(store.db)[0]
    assert newest["action"] == "edit"
    assert json.loads(newest["summary"]) == {
        "changed": {"site": ["Gdańsk Hub", "Buffalo Service Desk"]}
    }


def test_summarize_dates_and_changes() -> None:
    before = Employee(employee_no="H-1", full_name="A", hire_date=dt.date(2020, 1, 2))
    after = Employee(employee_no="H-1", full_name="B", hire_date=dt.date(2021, 3, 4))
    assert json.loads(audit.summarize(before, after)) == {
        "changed": {"full_name": ["A", "B"], "hire_date": ["2020-01-02", "2021-03-04"]}
    }
    assert json.loads(audit.summarize(before, before)) == {"changed": {}}
    assert json.loads(audit.summarize(None, {"x": 1})) == {"before": None, "after": {"x": 1}}


def test_entries_filter_and_order(store: Store) -> None:
    add(store, "H-1")
    add(store, "H-2")
    path_id = paths.plan_path(store, "H-1", "CCCM")
    paths.move_path(store, path_id, "approved")
    assert [r["action"] for r in audit.entries(store.db, "path", path_id)] == ["approved", "plan"]
    assert [r["entity_id"] for r in audit.entries(store.db, "employee")] == ["H-2", "H-1"]
    assert len(audit.entries(store.db)) == 4


def test_every_use_case_leaves_a_row(store: Store, sample_csv) -> None:
    import_managers(store, sample_csv)
    path_id = paths.plan_path(store, "H-9001", "CCCM")
    paths.add_cost(store, path_id, kind="tuition", amount="1000", paid_on="2026-01-05")
    paths.add_session(store, path_id, on="2026-01-05", hours="4")
    item = paths.add_plan_item(store, path_id, commitment="Weekly calibration")
    paths.finish_plan_item(store, item.id, on="2026-06-01", outcome="Done")
    paths.complete_path(store, path_id, on="2026-02-01")
    actions = [(r["entity"], r["action"]) for r in reversed(audit.entries(store.db))]
    assert actions == [
        ("employee", "import"),
        ("path", "plan"),
        ("cost_line", "add"),
        ("class_session", "add"),
        ("plan_item", "add"),
        ("plan_item", "done"),
        ("path", "approved"),  # a late completion passes through the skipped statuses
        ("path", "enrolled"),
        ("path", "complete"),
        ("cycle", "start"),  # the credential's first cycle
        ("path", "proof_missing"),  # completed without proof or reason: the proof is due
    ]
    imported = json.loads(audit.entries(store.db, "employee")[0]["summary"])
    assert imported == {"file": "managers.csv", "added": 10, "updated": 0}


# --- a failing use case leaves no audit row ----------------------------------------------------


def test_refused_input_leaves_no_row(store: Store) -> None:
    add(store)
    count = audit_count(store)
    with pytest.raises(InvalidInput):
        add(store)  # duplicate employee_no
    with pytest.raises(InvalidInput):
        managers.edit_manager(store, "H-9001", {"hire_date": "2026-02-30"})
    path_id = paths.plan_path(store, "H-9001", "CCCM")
    count += 1
    with pytest.raises(InvalidInput):
        paths.move_path(store, path_id, "enrolled")  # planned → enrolled skips approval
    with pytest.raises(InvalidInput):
        paths.add_cost(store, path_id, kind="tuition", amount="12,34.5")
    assert audit_count(store) == count


def test_audit_rows_of_a_failed_use_case_are_rolled_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """complete_path audits the skipped statuses first; a later failure takes them back too."""
    add(store)
    path_id = paths.plan_path(store, "H-9001", "CCCM")
    count = audit_count(store)
    real_update = paths.paths.update

    def failing_update(db, record):
        raise sqlite3.IntegrityError("disk says no")

    monkeypatch.setattr(paths.paths, "update", failing_update)
    with pytest.raises(StoreError):
        paths.complete_path(store, path_id, on="2026-02-01")
    assert audit_count(store) == count
    assert paths.get_path(store, path_id).status == "planned"
    monkeypatch.setattr(paths.paths, "update", real_update)
    paths.complete_path(store, path_id, on="2026-02-01")
    assert audit_count(store) == count + 5  # approved, enrolled, complete, cycle, proof


def test_a_failing_audit_write_undoes_the_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_record(*args, **kwargs):
        raise sqlite3.IntegrityError("audit log is full")

    monkeypatch.setattr(managers.audit, "record", failing_record)
    with pytest.raises(StoreError):
        add(store)
    monkeypatch.undo()
    assert store.conn.execute("SELECT count(*) FROM employees").fetchone()[0] == 0
    assert audit_count(store) == 0
    add(store)  # and the same manager can then be added normally
    assert audit_count(store) == 1


def test_a_rejected_import_leaves_no_row(store: Store, write_file) -> None:
    bad = write_file(
        "bad.csv",
        "employee_no,full_name,email,job_title,site,work_state,hire_date\n"
        "H-1,Anna,,,,NY,2026-02-30\n",
    )
    with pytest.raises(CsvRejected):
        import_managers(store, bad)
    good = write_file(
        "good.csv",
        "employee_no,full_name,email,job_title,site,work_state,hire_date\nH-1,Anna,,,,NY,\n",
    )
    import_managers(store, good, dry_run=True)
    assert audit_count(store) == 0
