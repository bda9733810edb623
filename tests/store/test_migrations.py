"""Migrations: frozen old files reach the latest schema with every row intact; newer files are refused."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

import certdesk.store.database as database
import certdesk.store.opening as opening
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
    "v2_demo_departures.db": (
        2,
        {
            "employees": 44,
            "certifications": 4,
            "paths": 59,
            "cost_lines": 186,
            "class_sessions": 169,
            "plan_items": 44,
            "audit_log": 673,
            "settings": 1,
            "schema_version": 2,
            "policies": 1,
            "agreements": 8,
            "documents": 12,
            "repayments": 5,
            "repayment_payments": 0,
        },
    ),
}
# Rows a later migration rewrites on purpose (tested one by one below): departure reasons
# renamed in migration 3, each with an audit row keeping the old value.
CHANGED_ON_PURPOSE = {
    "v2_demo_departures.db": {"employees", "repayments", "agreements", "audit_log"}
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
            if table in CHANGED_ON_PURPOSE.get(name, ()):
                assert len(now) >= len(rows)
                continue
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
        assert opening.migrate(again.conn) == []
    finally:
        again.close()


def test_v1_data_reads_back_through_the_services(tmp_path: Path) -> None:
    from certdesk.services import managers
    from certdesk.services.paths import lifecycle as paths

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
    monkeypatch.setattr(opening, "MIGRATIONS", broken)
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


def test_v2_departure_reasons_say_who_ended_it_and_keep_the_old_value(tmp_path: Path) -> None:
    """Migration 3 on a file written by certdesk d80e2d0 (schema 2): `certdesk demo` for
    2026-11-28, then H-9003 left "terminated_for_cause" and H-9004 "terminated_without_cause".

    terminated_for_cause covered performance as well as misconduct: it becomes dismissed_other,
    the reading under which no state law is broken by asking for money. Issued terms stay frozen
    (their hash still verifies) and read the old waived reasons as today's.
    """
    from certdesk.services.agreements import terms
    from certdesk.services.agreements import views as agreement_views

    copy = tmp_path / "v2.db"
    shutil.copyfile(FIXTURES / "v2_demo_departures.db", copy)
    store = open_store(copy)
    try:
        conn = store.conn
        reasons = dict(
            conn.execute(
                "SELECT employee_no, departure_reason FROM employees WHERE departure_reason <> ''"
            ).fetchall()
        )
        assert reasons == {
            "H-9003": "dismissed_other",
            "H-9004": "dismissed_other",
            "H-9009": "resigned",
            "H-9012": "resigned",
        }
        assert sorted(r[0] for r in conn.execute("SELECT reason FROM repayments")) == [
            "dismissed_other",
            "dismissed_other",
            "dismissed_other",
            "resigned",
            "resigned",
        ]
        renamed = conn.execute(
            "SELECT entity, entity_id, summary FROM audit_log WHERE action = 'reason_renamed'"
            " ORDER BY id"
        ).fetchall()
        # 2 managers, 3 repayments and 1 draft's waivers, each with the old value.
        assert len(renamed) == 6
        assert ("employee", "H-9003") == renamed[0][:2]
        assert "terminated_for_cause" in renamed[0][2] and "dismissed_other" in renamed[0][2]
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 673 + 6
        drafts = conn.execute(
            "SELECT waived_reasons FROM agreements WHERE terms_sha256 IS NULL"
        ).fetchall()
        assert drafts and all("terminated" not in w for (w,) in drafts)
        # Issued terms are untouched and still verify; they read as today's reasons.
        assert check(conn) == []
        issued = terms.get_agreement(store.db, "TA-2026-0004")
        assert "terminated_without_cause" in issued.terms_json
        assert terms.terms_of(issued).waived_reasons[0] == "dismissed_other"
        detail = agreement_views.agreement_detail(store, "TA-2026-0004")
        assert detail.schedule and not detail.schedule_problem
        # The catalog now says whether a credential is transferable (not yet, until marked).
        assert conn.execute("SELECT sum(transferable) FROM certifications").fetchone()[0] == 0
    finally:
        store.close()


def test_migration_4_closes_plan_items_of_ended_paths_and_keeps_undated_costs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plan items of paths withdrawn or failed before migration 4 become not applicable on the
    day the audit log says the path ended (today when it does not say); company-paid lines
    without a date stay as they were, for `certdesk check` to list."""
    import datetime as dt

    from certdesk.store.integrity import notices

    path = tmp_path / "v2.db"
    before_4 = [m for m in schema.MIGRATIONS if m[0] < 4]
    with monkeypatch.context() as patch:
        patch.setattr(opening, "MIGRATIONS", before_4)
        patch.setattr(database, "latest_version", lambda: before_4[-1][0])
        patch.setattr(opening, "latest_version", lambda: before_4[-1][0])
        conn = database.connect(path)
        conn.isolation_level = None
        opening.migrate(conn)
        conn.executescript(
            """
            INSERT INTO employees (id, employee_no, full_name) VALUES (1, 'H-1', 'Ana');
            INSERT INTO paths (id, employee_id, certification_id, status) VALUES
                (1, 1, 1, 'withdrawn'), (2, 1, 2, 'failed'), (3, 1, 3, 'enrolled');
            INSERT INTO audit_log (at, entity, entity_id, action) VALUES
                ('2025-03-04T10:00:00+00:00', 'path', '1', 'withdrawn');
            INSERT INTO plan_items (id, path_id, commitment, due_date, done_on) VALUES
                (1, 1, 'open, withdrawn path', '2025-06-01', NULL),
                (2, 1, 'done before withdrawal', '2025-02-01', '2025-02-01'),
                (3, 2, 'open, failed path', '2025-06-01', NULL),
                (4, 3, 'open, enrolled path', '2025-06-01', NULL);
            INSERT INTO cost_lines (id, path_id, kind, amount_cents, paid_by, paid_on) VALUES
                (1, 3, 'tuition', 100000, 'company', NULL),
                (2, 3, 'materials', 5000, 'employee', NULL);
            """
        )
        conn.close()
    store = open_store(path)
    try:
        closed = dict(store.conn.execute("SELECT id, not_applicable_on FROM plan_items"))
        assert closed == {1: "2025-03-04", 2: None, 3: dt.date.today().isoformat(), 4: None}
        assert store.conn.execute("SELECT not_yet_paid FROM cost_lines ORDER BY id").fetchall() == [
            (0,),
            (0,),
        ]
        assert check(store.conn) == []
        [notice] = notices(store.conn)
        assert notice.startswith(
            "to do: company-paid cost lines without a paid-on date: 1 (ids 1); date each with"
        )
    finally:
        store.close()


def test_a_migration_numbered_below_the_files_version_is_still_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version numbers are reserved by work landing in any order: a file written before
    migration 4 existed may already hold 9; opening it applies 4 all the same."""
    path = tmp_path / "v9-without-4.db"
    without_4 = [m for m in schema.MIGRATIONS if m[0] != 4]
    with monkeypatch.context() as patch:
        patch.setattr(opening, "MIGRATIONS", without_4)
        patch.setattr(database, "latest_version", lambda: without_4[-1][0])
        patch.setattr(opening, "latest_version", lambda: without_4[-1][0])
        open_store(path).close()
    store = open_store(path)
    try:
        versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_version")]
        assert sorted(versions) == [v for v, _, _ in schema.MIGRATIONS]
        columns = [c[1] for c in store.conn.execute("PRAGMA table_info(cost_lines)")]
        assert "not_yet_paid" in columns
        assert opening.migrate(store.conn) == []
    finally:
        store.close()


@pytest.mark.parametrize("name", ["v1_with_data.db", "v2_demo_departures.db"])
def test_completed_paths_get_their_first_cycle(tmp_path: Path, name: str) -> None:
    """Schema 7: every completed path keeps its completion and expiry and holds cycle 1 over
    exactly those dates; no other path gets a cycle."""
    copy = tmp_path / name
    shutil.copyfile(FIXTURES / name, copy)
    with contextlib.closing(sqlite3.connect(copy)) as before:
        completed = before.execute(
            "SELECT id, completed_on, expires_on FROM paths WHERE status = 'completed' ORDER BY id"
        ).fetchall()
    assert completed, "the frozen file has completed paths"
    store = open_store(copy)
    try:
        cycles = store.conn.execute(
            "SELECT path_id, starts_on, ends_on FROM cycles WHERE seq = 1 ORDER BY path_id"
        ).fetchall()
        assert cycles == completed
        assert store.conn.execute("SELECT count(*) FROM cycles").fetchone()[0] == len(completed)
        assert (
            store.conn.execute(
                "SELECT id, completed_on, expires_on FROM paths WHERE status = 'completed'"
                " ORDER BY id"
            ).fetchall()
            == completed
        )
        assert check(store.conn) == []
    finally:
        store.close()


def test_v1_expiries_become_cycles(tmp_path: Path) -> None:
    copy = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "v1_with_data.db", copy)
    store = open_store(copy)
    try:
        rows = store.conn.execute(
            "SELECT path_id, seq, starts_on, ends_on, renewed_on FROM cycles ORDER BY path_id"
        ).fetchall()
        # H-9002 CCCM completed 2025-01-31 (36 months), H-9003 SWMP 2024-11-29 (never expires).
        assert rows == [(2, 1, "2025-01-31", "2028-01-31", None), (3, 1, "2024-11-29", None, None)]
    finally:
        store.close()


def test_migration_9_keeps_every_document_and_its_withdrawal_and_allows_the_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 9 rebuilds documents for the commitment-start notice: ids, bytes and the rows of
    withdrawn_documents pointing at them stay; documents stay frozen; unknown kinds are refused."""
    path = tmp_path / "v8.db"
    upto_8 = [m for m in schema.MIGRATIONS if m[0] <= 8]
    with monkeypatch.context() as patch:
        patch.setattr(opening, "MIGRATIONS", upto_8)
        patch.setattr(database, "latest_version", lambda: 8)
        patch.setattr(opening, "latest_version", lambda: 8)
        store = open_store(path)
        store.conn.execute(
            "INSERT INTO documents (id, kind, filename, mime, sha256, size_bytes, content, "
            "created_at) VALUES (7, 'report', 'r.pdf', 'application/pdf', ?, 3, X'010203', "
            "'2026-01-02T03:04:05+00:00')",
            ["a" * 64],
        )
        store.conn.execute(
            "INSERT INTO withdrawn_documents VALUES (7, '2026-01-03T00:00:00+00:00', 'undone')"
        )
        store.conn.commit()
        store.close()
    store = open_store(path)
    try:
        conn = store.conn
        assert conn.execute("SELECT id, kind, content FROM documents").fetchall() == [
            (7, "report", b"\x01\x02\x03")
        ]
        assert conn.execute("SELECT document_id FROM withdrawn_documents").fetchall() == [(7,)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute(
            "INSERT INTO documents (kind, filename, mime, sha256, size_bytes, content, created_at)"
            " VALUES ('commitment_notice', 'n.pdf', 'application/pdf', ?, 1, X'00', 'now')",
            ["b" * 64],
        )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO documents (kind, filename, mime, sha256, size_bytes, content, "
                "created_at) VALUES ('bogus', 'n.pdf', 'application/pdf', ?, 1, X'00', 'now')",
                ["b" * 64],
            )
        with pytest.raises(sqlite3.IntegrityError, match="never change"):
            conn.execute("UPDATE documents SET filename = 'x' WHERE id = 7")
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            conn.execute("DELETE FROM documents WHERE id = 7")
        conn.rollback()
    finally:
        store.close()
