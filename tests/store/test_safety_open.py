"""Opening a database safely: damaged, newer and read-only files are refused clearly and never
written; connection settings; permissions; a backup before every migration; file names that
are only file names."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

import certdesk.store.database as database
import certdesk.store.opening as opening
import certdesk.store.schema as schema
from certdesk.services import managers
from certdesk.services.exchange.csv_import import import_managers_text
from certdesk.services.safety.backups import open_for_app
from certdesk.store import StoreError, open_store
from certdesk.store.backup import list_backups
from certdesk.store.errors import DamagedDatabase, NewerDatabase, ReadOnlyDatabase
from certdesk.store.lock import DatabaseLock

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"


def fill(db_path: Path, rows: int = 400) -> None:
    """A database with `rows` managers, checkpointed (no -wal left) and closed."""
    store = open_store(db_path)
    try:
        text = HEADER + "".join(
            f"E-{i:05d},Żółć Nguyễn {i},e{i}@example.com,,,,\n" for i in range(rows)
        )
        import_managers_text(store, text, "fill.csv")
    finally:
        store.close()


def corrupt_middle(db_path: Path) -> None:
    """Overwrite one whole page in the middle of the file with garbage."""
    page = 4096
    pages = db_path.stat().st_size // page
    assert pages >= 8, "the database is too small to corrupt a middle page"
    with open(db_path, "r+b") as handle:
        handle.seek((pages // 2) * page)
        handle.write(b"\xde\xad\xbe\xef" * (page // 4))


def bump_version(db_path: Path, version: int) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'x', 'from the future')", [version])
    conn.close()


# ---- damaged files ---------------------------------------------------------------------------


def test_a_corrupted_file_is_refused_with_the_problems_and_left_untouched(
    db_path: Path, file_fingerprint
) -> None:
    fill(db_path)
    corrupt_middle(db_path)
    before = file_fingerprint(db_path)
    with pytest.raises(DamagedDatabase) as exc:
        open_store(db_path)
    assert exc.value.field == "database"
    assert exc.value.problems, "the checks' findings are kept for the dialog"
    message = exc.value.message
    assert "is damaged, so certdesk did not open it" in message
    # Which page the garbage hits depends on the schema: a finding, or SQLite's own refusal.
    assert "integrity:" in message or "malformed" in message
    assert "Restore the newest good backup" in message
    assert "Traceback" not in message
    # Never opened for writing: not a byte changed, no -wal or -shm created.
    assert file_fingerprint(db_path) == before
    assert not Path(f"{db_path}-shm").exists()


def test_a_dangling_foreign_key_is_refused_on_open(db_path: Path) -> None:
    fill(db_path, rows=1)
    raw = sqlite3.connect(db_path)  # foreign keys off: writes what certdesk never would
    with raw:
        raw.execute(
            "INSERT INTO paths (employee_id, certification_id, status) VALUES (999, 1, 'planned')"
        )
    raw.close()
    with pytest.raises(DamagedDatabase) as exc:
        open_store(db_path)
    assert "foreign key: paths row" in exc.value.message
    assert "missing employees" in exc.value.message


def test_a_damaged_open_through_the_app_releases_the_lock(db_path: Path) -> None:
    fill(db_path)
    corrupt_middle(db_path)
    with pytest.raises(DamagedDatabase):
        open_for_app(db_path)
    with DatabaseLock(db_path):  # free again: the restore can take it
        pass


def test_not_sqlite_at_all_is_a_damaged_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.certdesk"
    text.write_text("Dear HR, ...\n" * 200)
    with pytest.raises(DamagedDatabase, match="not an SQLite database file"):
        open_store(text)
    assert text.read_text() == "Dear HR, ...\n" * 200


# ---- newer files -----------------------------------------------------------------------------


def test_a_newer_file_is_refused_naming_both_versions_and_not_written(
    db_path: Path, file_fingerprint
) -> None:
    fill(db_path, rows=3)
    latest = schema.latest_version()
    bump_version(db_path, latest + 3)
    before = file_fingerprint(db_path)
    with pytest.raises(NewerDatabase) as exc:
        open_for_app(db_path)
    assert (exc.value.found, exc.value.known) == (latest + 3, latest)
    assert f"schema version {latest + 3}" in exc.value.message
    assert f"up to {latest}" in exc.value.message
    assert file_fingerprint(db_path) == before
    assert list_backups(db_path) == []  # refused before the daily backup


# ---- read-only files -------------------------------------------------------------------------


def test_a_read_only_file_is_refused_clearly(db_path: Path, file_fingerprint) -> None:
    fill(db_path, rows=3)
    db_path.chmod(0o400)
    try:
        before = file_fingerprint(db_path)
        for opener in (open_store, open_for_app):
            with pytest.raises(ReadOnlyDatabase) as exc:
                opener(db_path)
            assert "is read-only" in exc.value.message
            assert "Copy it to a folder you can write to" in exc.value.message
        assert file_fingerprint(db_path) == before
    finally:
        db_path.chmod(0o600)


def test_a_write_refused_by_sqlite_rolls_back_with_a_clear_message(store) -> None:
    managers.add_manager(store, {"employee_no": "H-1", "full_name": "Ada"})
    store.conn.execute("PRAGMA query_only = ON")  # SQLite now refuses every write (SQLITE_READONLY)
    with pytest.raises(ReadOnlyDatabase) as exc:
        managers.add_manager(store, {"employee_no": "H-2", "full_name": "Grace"})
    assert "nothing of this change was saved" in exc.value.message
    assert not store.conn.in_transaction
    store.conn.execute("PRAGMA query_only = OFF")
    managers.add_manager(store, {"employee_no": "H-2", "full_name": "Grace"})
    assert store.conn.execute("SELECT count(*) FROM employees").fetchone() == (2,)


def test_another_writer_holding_on_gives_a_clear_busy_message(store) -> None:
    store.conn.execute("PRAGMA busy_timeout = 50")  # do not wait the full 5 s in a test
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as exc:
            managers.add_manager(store, {"employee_no": "H-1", "full_name": "Ada"})
        assert "another program is using" in exc.value.message
        assert not store.conn.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    managers.add_manager(store, {"employee_no": "H-1", "full_name": "Ada"})


# ---- settings and permissions ----------------------------------------------------------------


def test_connection_settings(store) -> None:
    pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") == 5000
    assert pragma("foreign_keys") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_database_journal_and_backups_are_owner_only(db_path: Path) -> None:
    fill(db_path, rows=3)
    assert db_path.stat().st_mode & 0o777 == 0o600
    opened = open_for_app(db_path)
    try:
        with opened.store.transaction() as db:
            db.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        assert Path(f"{db_path}-wal").stat().st_mode & 0o777 == 0o600
        assert opened.backup is not None
        assert opened.backup.stat().st_mode & 0o777 == 0o600
        assert opened.backup.parent.stat().st_mode & 0o777 == 0o700
    finally:
        opened.store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_existing_world_readable_database_is_tightened(db_path: Path) -> None:
    fill(db_path, rows=1)
    db_path.chmod(0o644)
    open_store(db_path).close()
    assert db_path.stat().st_mode & 0o777 == 0o600


# ---- migrations ------------------------------------------------------------------------------


def test_a_migration_of_a_non_empty_file_is_backed_up_first(tmp_path: Path) -> None:
    copy = tmp_path / "old.certdesk"
    shutil.copyfile(FIXTURES / "v1_with_data.db", copy)
    open_store(copy).close()
    backups = list_backups(copy)
    assert [b.kind for b in backups] == [f"before-v{schema.latest_version()}"]
    with sqlite3.connect(backups[0].path) as conn:
        assert database.schema_version(conn) == 1
        assert conn.execute("SELECT count(*) FROM employees").fetchone() == (10,)
    conn.close()
    open_store(copy).close()
    assert len(list_backups(copy)) == 1  # nothing to migrate, nothing backed up


def test_an_empty_new_file_is_not_backed_up(tmp_path: Path) -> None:
    copy = tmp_path / "new.certdesk"
    shutil.copyfile(FIXTURES / "v0_empty.db", copy)
    open_store(copy).close()
    assert list_backups(copy) == []


def _file_at_version(path: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database written by the certdesk whose last migration was `version`, with data."""
    older = [m for m in schema.MIGRATIONS if m[0] <= version]
    monkeypatch.setattr(opening, "MIGRATIONS", older)
    monkeypatch.setattr(database, "latest_version", lambda: version)
    monkeypatch.setattr(opening, "latest_version", lambda: version)
    store = open_store(path)
    try:
        # Plain SQL, as that certdesk wrote it: today's writes also fill later tables.
        with store.transaction() as db:
            db.execute(
                "INSERT INTO employees (employee_no, full_name) VALUES (?, ?)",
                ["H-1", "Łukasz Żółć"],
            )
    finally:
        store.close()
    monkeypatch.undo()


@pytest.mark.parametrize("version", [v for v, _, _ in schema.MIGRATIONS][:-1])
def test_every_earlier_schema_opens_in_the_app_with_a_backup(
    tmp_path: Path, version: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"v{version}.certdesk"
    _file_at_version(path, version, monkeypatch)
    opened = open_for_app(path)
    try:
        assert opened.store.schema_version() == schema.latest_version()
        assert opened.migrated == [v for v, _, _ in schema.MIGRATIONS if v > version]
        assert managers.get_manager(opened.store, "H-1").full_name == "Łukasz Żółć"
        # The day's backup was taken before migrating, so it holds the old schema.
        assert opened.backup is not None
        with sqlite3.connect(opened.backup) as conn:
            assert database.schema_version(conn) == version
        conn.close()
    finally:
        opened.store.close()


# ---- file names are only file names ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        ":memory:",
        "file:x.db?mode=ro",
        "file:/etc/passwd",
        "x'; DROP TABLE employees; --",
        "a#b?c=d",
    ],
)
def test_a_path_is_never_a_uri_or_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store(Path(name))
    try:
        managers.add_manager(store, {"employee_no": "H-1", "full_name": "Ada"})
    finally:
        store.close()
    assert (tmp_path / name).is_file(), "the name became a file in the current folder"
    again = open_store(Path(name))  # and the data is in that file
    try:
        assert managers.get_manager(again, "H-1").full_name == "Ada"
    finally:
        again.close()
