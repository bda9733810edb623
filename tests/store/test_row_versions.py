"""Migration 5: row versions bumped by every write from any face; invisible characters removed
from the managers' names already stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import certdesk.store.opening as opening
import certdesk.store.schema as schema
from certdesk.services import managers
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store, open_store
from certdesk.store.schema import ROW_VERSION_TABLES


def version_of(conn: sqlite3.Connection, table: str, row_id: int) -> int:
    return conn.execute(f"SELECT row_version FROM {table} WHERE id = ?", (row_id,)).fetchone()[0]


def test_every_update_from_any_connection_bumps_the_row_version(store: Store, db_path: Path):
    saved = managers.add_manager(store, {"employee_no": "H-9001", "full_name": "Łukasz Żółć"})
    assert version_of(store.conn, "employees", saved.id) == 1
    managers.edit_manager(store, "H-9001", {"email": "l@example.com"})
    assert version_of(store.conn, "employees", saved.id) == 2

    # Another program (the command line, a hand edit) knows nothing of row versions.
    other = sqlite3.connect(db_path)
    with other:
        other.execute("UPDATE employees SET site = 'Gdańsk Hub' WHERE id = ?", (saved.id,))
    other.close()
    assert version_of(store.conn, "employees", saved.id) == 3

    pid = paths.plan_path(store, "H-9001", "CCCM")
    paths.move_path(store, pid, "approved")
    assert version_of(store.conn, "paths", pid) == 2


def test_every_edited_table_has_a_row_version(store: Store) -> None:
    for table in ROW_VERSION_TABLES:
        columns = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
        assert "row_version" in columns, table


def test_migration_5_removes_invisible_characters_from_stored_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.certdesk"
    older = [m for m in schema.MIGRATIONS if m[0] < 5]
    with monkeypatch.context() as patch:
        patch.setattr(opening, "MIGRATIONS", older)
        patch.setattr(opening, "latest_version", lambda: older[-1][0])
        old = open_store(path)
        with old.transaction() as db:
            db.execute(
                "INSERT INTO employees (employee_no, full_name, site) VALUES"
                " ('H-1', 'John\u200b Doe', '\ufeffBuffalo'), ('H-2', 'अनीता\u200d शर्मा', ''),"
                " ('H-3', '\u200b', ''), ('H-4', 'क्\u200dष 👩🏽\u200d💼', '')"
            )
        old.close()

    store = open_store(path)
    try:
        rows = dict(store.conn.execute("SELECT employee_no, full_name FROM employees"))
        assert rows["H-1"] == "John Doe"
        assert rows["H-2"] == "अनीता शर्मा"  # a joiner before a space joins nothing
        assert rows["H-3"] == "\u200b"  # a name is never emptied: check/edit shows it
        assert rows["H-4"] == "क्\u200dष 👩🏽\u200d💼"  # joiners that shape a script or an emoji
        site = store.conn.execute("SELECT site FROM employees WHERE employee_no = 'H-1'")
        assert site.fetchone()[0] == "Buffalo"
        audit = store.conn.execute(
            "SELECT entity_id FROM audit_log WHERE action = 'remove_invisible_characters'"
        ).fetchall()
        assert sorted(a[0] for a in audit) == ["H-1", "H-2"]
        # "john doe" now finds him.
        found = managers.filter_rows(managers.list_managers(store), "john doe")
        assert [r.employee_no for r in found] == ["H-1"]
    finally:
        store.close()


def test_a_file_that_has_a_later_version_but_lacks_5_gets_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Versions are handed out to parallel work: a file may have had 9 before 5 existed.
    path = tmp_path / "gap.certdesk"
    without_5 = [m for m in schema.MIGRATIONS if m[0] != 5]
    with monkeypatch.context() as patch:
        patch.setattr(opening, "MIGRATIONS", without_5)
        patch.setattr(opening, "latest_version", lambda: without_5[-1][0])
        open_store(path).close()
    store = open_store(path)
    try:
        versions = [v for (v,) in store.conn.execute("SELECT version FROM schema_version")]
        assert 5 in versions
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(employees)")]
        assert "row_version" in columns
    finally:
        store.close()
