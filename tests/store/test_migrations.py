"""Migrations: frozen old files reach the latest schema with every row intact; newer files are refused."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

import certdesk.store.database as database
import certdesk.store.schema as schema
from certdesk.store import StoreError, open_store
from certdesk.store.integrity import check

FIXTURES = Path(__file__).parent / "fixtures"

# Each frozen file: its schema version and the row counts it was written with.
FIXTURE_FILES = {
    "v0_empty.db": (0, {}),
    "v1_with_data.db": (
        1,
        {
            "employees": 10,
            "certifications": 4,
            "paths": 7,
            "cost_lines": 5,
            "class_sessions": 2,
            "plan_items": 1,
            "audit_log": 30,
            "settings": 2,
            "schema_version": 1,
        },
    ),
}


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]


def _dump(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows (ordered by rowid)."""
    out = {}
    for table in _user_tables(conn):
        columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        out[table] = (columns, rows)
    return out


def _schema(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def test_every_fixture_file_is_listed() -> None:
    on_disk = {p.name for p in FIXTURES.glob("*.db")}
    assert on_disk == set(FIXTURE_FILES), "add the new frozen file's expectations to FIXTURE_FILES"


@pytest.mark.parametrize("name", sorted(FIXTURE_FILES))
def test_frozen_file_migrates_to_latest(tmp_path: Path, name: str) -> None:
    version, counts = FIXTURE_FILES[name]
    copy = tmp_path / name
    shutil.copyfile(FIXTURES / name, copy)

    before = sqlite3.connect(copy)
    try:
        assert database.schema_version(before) == version, "the frozen file is not what it says"
        old = _dump(before)
    finally:
        before.close()
    assert {t: len(rows) for t, (_, rows) in old.items()} == counts

    store = open_store(copy)
    try:
        assert store.schema_version() == schema.latest_version()
        applied = [
            r[0] for r in store.conn.execute("SELECT version FROM schema_version ORDER BY 1")
        ]
        assert applied == [v for v, _, _ in schema.MIGRATIONS]
        # Every row that was there is still there, column for column.
        for table, (columns, rows) in old.items():
            if table == "schema_version":
                assert (
                    store.conn.execute(
                        "SELECT * FROM schema_version WHERE version <= ? ORDER BY version",
                        [version],
                    ).fetchall()
                    == rows
                )
                continue
            cols = ", ".join(columns)
            now = store.conn.execute(f"SELECT {cols} FROM {table} ORDER BY rowid").fetchall()
            assert now == rows, f"{table} changed during migration"
        assert check(store.conn) == []
        migrated_schema = _schema(store.conn)
    finally:
        store.close()

    fresh = open_store(tmp_path / "fresh.db")
    try:
        assert migrated_schema == _schema(fresh.conn), "a migrated file differs from a new one"
    finally:
        fresh.close()

    # Opening again applies nothing and changes nothing.
    again = open_store(copy)
    try:
        assert database.migrate(again.conn) == []
    finally:
        again.close()


def test_v1_data_reads_back_through_the_services(tmp_path: Path) -> None:
    from certdesk.services import managers, paths

    copy = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "v1_with_data.db", copy)
    store = open_store(copy)
    try:
        lukasz = managers.get_manager(store, "H-9001")
        assert lukasz.full_name == "Łukasz Żółć-Nguyễn"
        found = managers.filter_rows(managers.list_managers(store), "huong")
        assert [r.employee_no for r in found] == ["H-9002"]
        detail = paths.path_detail(store, 2)
        assert detail.path.status == "completed"
        assert str(detail.path.expires_on) == "2028-01-31"
        assert [c.kind for c in detail.costs if not c.repayable] == ["class_wages"]
        assert sum(c.amount_cents for c in detail.costs) == 189500 + 35000 + 96000 + 8950
        assert [s.hours_away for s in detail.sessions] == [7.5, 8.0]
        assert detail.plan[0].outcome.startswith("Calibration variance")
        assert managers.get_manager(store, "H-9010").status == "departed"
        # And the migrated file takes new work.
        new_id = paths.plan_path(store, "H-9001", "QAMC")
        assert paths.get_path(store, new_id).status == "planned"
    finally:
        store.close()


def test_newer_schema_is_refused_naming_both_versions(db_path: Path) -> None:
    open_store(db_path).close()
    latest = schema.latest_version()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO schema_version VALUES (?, '2099-01-01T00:00:00+00:00', 'from the future')",
            [latest + 1],
        )
    conn.close()
    with pytest.raises(StoreError) as exc:
        open_store(db_path)
    message = exc.value.message
    assert f"schema version {latest + 1}" in message
    assert f"up to {latest}" in message
    assert "newer certdesk" in message
    # The refused file is closed again at once (no connection left behind the error holding
    # the file open; with WAL, the -wal/-shm companions go when the last connection closes).
    assert not Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}-shm").exists()
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert database.schema_version(conn) == latest + 1  # left untouched


def test_newer_schema_refused_through_the_cli(db_path: Path, run_cli) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO schema_version VALUES (?, 'x', 'from the future')",
            [schema.latest_version() + 5],
        )
    conn.close()
    code, out, err = run_cli("--db", db_path, "list", "managers", "--json")
    assert code == 1
    assert err.startswith("error: database: ")
    assert str(schema.latest_version() + 5) in err
    assert out == ""


def test_a_failing_migration_leaves_the_previous_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(db_path).close()
    latest = schema.latest_version()
    broken = [
        *schema.MIGRATIONS,
        (
            latest + 1,
            "a broken migration",
            ["CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT", "CREATE TABLE oops ("],
        ),
    ]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    with pytest.raises(StoreError):
        open_store(db_path)
    monkeypatch.undo()
    store = open_store(db_path)
    try:
        assert store.schema_version() == latest
        assert not store.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'half_done'"
        ).fetchone(), "a failed migration must leave nothing behind"
    finally:
        store.close()


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"this is a text file, not SQLite\n" * 100)
    with pytest.raises(StoreError) as exc:
        open_store(junk)
    assert exc.value.field == "database"
    assert "cannot be opened as a certdesk database" in exc.value.message
    assert junk.read_bytes() == b"this is a text file, not SQLite\n" * 100


def test_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
