"""Backups: the daily one on opening, rotation (7 daily + 4 weekly), checks before a restore,
and restore itself (the replaced database is kept; an old journal is never replayed)."""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from certdesk.services import managers
from certdesk.services.safety.backups import (
    SETTING_KEEP_DAILY,
    SETTING_KEEP_WEEKLY,
    open_for_app,
    restore_backup,
)
from certdesk.store import StoreError, open_store
from certdesk.store.backup import (
    AUTO,
    BackupFile,
    backup_name,
    backup_to,
    backups_to_keep,
    list_backups,
    newest_good_backup,
    rotate,
    verify_backup,
)
from certdesk.store.errors import DamagedDatabase
from certdesk.store.lock import DatabaseLock, DatabaseLocked

MONDAY = dt.datetime(2026, 3, 2, 9, 0)


def names(db_path: Path) -> list[str]:
    store = open_store(db_path)
    try:
        return [r[0] for r in store.conn.execute("SELECT full_name FROM employees ORDER BY id")]
    finally:
        store.close()


def add(db_path: Path, *people: str) -> None:
    store = open_store(db_path)
    try:
        for i, name in enumerate(people):
            number = f"H-{abs(hash(name)) % 10**6}-{i}"
            managers.add_manager(store, {"employee_no": number, "full_name": name})
    finally:
        store.close()


def corrupt_middle(db_path: Path) -> None:
    size = db_path.stat().st_size
    with open(db_path, "r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


@pytest.fixture
def filled(db_path: Path) -> Path:
    """A database with enough managers to span many pages."""
    store = open_store(db_path)
    try:
        with store.transaction() as db:
            db.conn.executemany(
                "INSERT INTO employees (employee_no, full_name) VALUES (?, ?)",
                [(f"E-{i:05d}", f"Nguyễn Thị Hương {i}") for i in range(300)],
            )
    finally:
        store.close()
    return db_path


# ---- the daily backup ------------------------------------------------------------------------


def test_one_automatic_backup_a_day_on_opening(filled: Path) -> None:
    first = open_for_app(filled, now=MONDAY)
    first.store.close()
    assert first.backup is not None and first.backup.name.endswith("-auto.db")
    assert first.backup.parent == filled.parent / "backups"
    assert verify_backup(first.backup) >= 1

    later = open_for_app(filled, now=MONDAY + dt.timedelta(hours=5))
    later.store.close()
    assert later.backup is None  # at most one a day

    tomorrow = open_for_app(filled, now=MONDAY + dt.timedelta(days=1))
    tomorrow.store.close()
    assert tomorrow.backup is not None
    assert [b.kind for b in list_backups(filled)] == [AUTO, AUTO]


def test_a_new_database_is_not_backed_up(db_path: Path) -> None:
    opened = open_for_app(db_path, now=MONDAY)
    opened.store.close()
    assert opened.backup is None and list_backups(db_path) == []


def test_the_backup_holds_what_was_committed(filled: Path) -> None:
    opened = open_for_app(filled, now=MONDAY)
    opened.store.close()
    with sqlite3.connect(opened.backup) as conn:
        assert conn.execute("SELECT count(*) FROM employees").fetchone() == (300,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # standalone
    conn.close()


def test_a_failed_daily_backup_is_a_warning_not_a_refusal(filled: Path) -> None:
    (filled.parent / "backups").write_text("a file where the folder should be")
    opened = open_for_app(filled, now=MONDAY)
    try:
        assert opened.backup is None
        assert opened.warning is not None and "daily backup could not be made" in opened.warning
        assert opened.store.conn.execute("SELECT count(*) FROM employees").fetchone() == (300,)
    finally:
        opened.store.close()


# ---- rotation --------------------------------------------------------------------------------


def _fake(days_ago: int, hour: int = 9, kind: str = AUTO) -> BackupFile:
    taken = MONDAY - dt.timedelta(days=days_ago) + dt.timedelta(hours=hour - 9)
    return BackupFile(Path(f"{days_ago}-{hour}-{kind}.db"), taken, kind)


def test_rotation_keeps_seven_days_then_four_weeks() -> None:
    # Backups every day for 60 days, two on some days (newest first, as list_backups gives).
    backups = sorted(
        [_fake(d) for d in range(60)] + [_fake(d, hour=17) for d in (0, 3, 10)],
        key=lambda b: b.taken_at,
        reverse=True,
    )
    keep = backups_to_keep(backups, daily=7, weekly=4)
    kept = sorted((b for b in backups if b.path in keep), key=lambda b: b.taken_at, reverse=True)
    # Daily: the newest of each of the last 7 days (the 17:00 one where there were two).
    daily = kept[:7]
    assert [b.taken_at.date() for b in daily] == [
        (MONDAY - dt.timedelta(days=d)).date() for d in range(7)
    ]
    assert daily[0].taken_at.hour == 17 and daily[3].taken_at.hour == 17
    # Weekly: the newest of each of the 4 ISO weeks before those whose newest was not kept:
    # MONDAY is 2026-03-02 (a Monday); days 1..6 are the previous week, kept daily already.
    weekly = kept[7:]
    assert [b.taken_at.date() for b in weekly] == [
        dt.date(2026, 2, 22),
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 8),
        dt.date(2026, 2, 1),
    ]
    assert len(keep) == 11


def test_rotation_with_few_backups_keeps_them_all() -> None:
    backups = [_fake(d) for d in (0, 2, 20)]
    assert backups_to_keep(backups, daily=7, weekly=4) == {b.path for b in backups}


def test_rotation_on_disk_deletes_only_old_automatic_backups(filled: Path) -> None:
    store = open_store(filled)
    try:
        for days_ago in range(20):
            backup_to(store.conn, backup_name(filled, AUTO, MONDAY - dt.timedelta(days=days_ago)))
        manual = backup_to(store.conn, backup_name(filled, "", MONDAY - dt.timedelta(days=90)))
        before_migration = backup_to(
            store.conn, backup_name(filled, "before-v9", MONDAY - dt.timedelta(days=80))
        )
    finally:
        store.close()
    removed = rotate(filled, daily=3, weekly=1)
    remaining = list_backups(filled)
    autos = [b for b in remaining if b.kind == AUTO]
    assert [b.taken_at.date() for b in autos] == [
        (MONDAY - dt.timedelta(days=d)).date() for d in (0, 1, 2)
    ] + [dt.date(2026, 2, 22)]
    assert len(removed) == 16 and not any(p.exists() for p in removed)
    assert manual.exists() and before_migration.exists()


def test_rotation_is_configurable_in_settings_and_by_argument(filled: Path) -> None:
    store = open_store(filled)
    try:
        with store.transaction() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, '2'), (?, '0')",
                (SETTING_KEEP_DAILY, SETTING_KEEP_WEEKLY),
            )
    finally:
        store.close()
    for days_ago in range(10, 0, -1):
        open_for_app(filled, now=MONDAY - dt.timedelta(days=days_ago)).store.close()
    assert len([b for b in list_backups(filled) if b.kind == AUTO]) == 2
    opened = open_for_app(filled, now=MONDAY, daily=4, weekly=0)  # arguments win
    opened.store.close()
    assert len(opened.removed) == 0
    assert len([b for b in list_backups(filled) if b.kind == AUTO]) == 3


# ---- checking a backup -----------------------------------------------------------------------


def test_verify_refuses_what_cannot_be_restored(tmp_path: Path, filled: Path) -> None:
    good = backup_to(open_store(filled).conn, tmp_path / "good.db")
    assert verify_backup(good) >= 1

    text = tmp_path / "notes.db"
    text.write_text("not a database")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'x', 'future')")
    conn.close()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(good.read_bytes())
    corrupt_middle(damaged)

    cases = {
        text: "not a certdesk database (not SQLite)",
        foreign: "no certdesk tables",
        newer: "newer certdesk (schema version 99)",
        damaged: "is damaged",
        tmp_path / "missing.db": "is not a file",
    }
    for path, expected in cases.items():
        with pytest.raises(StoreError) as exc:
            verify_backup(path)
        assert expected in exc.value.message, path


def test_newest_good_backup_skips_a_damaged_one(filled: Path) -> None:
    store = open_store(filled)
    try:
        older = backup_to(store.conn, backup_name(filled, AUTO, MONDAY))
        newest = backup_to(store.conn, backup_name(filled, AUTO, MONDAY + dt.timedelta(days=1)))
    finally:
        store.close()
    corrupt_middle(newest)
    assert newest_good_backup(filled) == older


# ---- restore ---------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_database(filled: Path) -> None:
    add(filled, "Łukasz Żółć")
    opened = open_for_app(filled, now=MONDAY)
    opened.store.close()
    add(filled, "山田 太郎")  # after the backup
    assert names(filled)[-2:] == ["Łukasz Żółć", "山田 太郎"]

    kept = restore_backup(filled, opened.backup)
    assert names(filled)[-1] == "Łukasz Żółć"  # back to the backup
    assert kept is not None and kept.name.endswith("-before-restore.db")
    with sqlite3.connect(kept) as conn:  # nothing is lost: the replaced data is in the copy
        assert conn.execute(
            "SELECT full_name FROM employees ORDER BY id DESC LIMIT 1"
        ).fetchone() == ("山田 太郎",)
    conn.close()
    if sys.platform != "win32":
        assert filled.stat().st_mode & 0o777 == 0o600
    assert open_store(filled).schema_version() >= 1


def test_restore_refuses_a_bad_backup_and_changes_nothing(
    filled: Path, tmp_path: Path, file_fingerprint
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("junk")
    before = file_fingerprint(filled)
    with pytest.raises(StoreError, match="not a certdesk database"):
        restore_backup(filled, bad)
    assert file_fingerprint(filled) == before
    assert list_backups(filled) == []


def test_restore_is_refused_while_the_database_is_open_elsewhere(filled: Path) -> None:
    opened = open_for_app(filled, now=MONDAY)
    try:
        with pytest.raises(DatabaseLocked):
            restore_backup(filled, opened.backup)
    finally:
        opened.store.close()


def test_restore_onto_itself_is_refused(filled: Path) -> None:
    with pytest.raises(StoreError, match="is the database itself"):
        restore_backup(filled, filled)


def test_a_damaged_database_is_restored_and_kept_byte_for_byte(filled: Path) -> None:
    opened = open_for_app(filled, now=MONDAY)
    opened.store.close()
    corrupt_middle(filled)
    damaged_bytes = filled.read_bytes()
    with pytest.raises(DamagedDatabase):
        open_store(filled)

    good = newest_good_backup(filled)
    assert good == opened.backup
    kept = restore_backup(filled, good)
    assert kept is not None and kept.read_bytes() == damaged_bytes
    assert len(names(filled)) == 300


KILLED_WRITER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("INSERT INTO employees (employee_no, full_name) VALUES ('W-1', 'in the WAL only')")
conn.commit()
os.kill(os.getpid(), signal.SIGKILL)  # no checkpoint: the row lives only in the -wal file
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_restore_never_replays_the_old_journal(filled: Path) -> None:
    opened = open_for_app(filled, now=MONDAY)
    opened.store.close()
    child = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(filled)], check=False)
    assert child.returncode == -signal.SIGKILL
    assert Path(f"{filled}-wal").stat().st_size > 0

    kept = restore_backup(filled, opened.backup)
    assert "in the WAL only" not in names(filled)
    with sqlite3.connect(kept) as conn:  # the kept copy has it (read through the WAL)
        assert conn.execute(
            "SELECT count(*) FROM employees WHERE employee_no = 'W-1'"
        ).fetchone() == (1,)
    conn.close()


def test_restore_with_the_lock_already_held(filled: Path) -> None:
    """The window closes its store but keeps the lock across the swap."""
    opened = open_for_app(filled, now=MONDAY)
    add_later = opened.store
    with add_later.transaction() as db:
        db.execute("DELETE FROM employees WHERE employee_no = 'E-00000'")
    lock = add_later.detach_lock()
    add_later.close()
    assert lock is not None and lock.held
    restore_backup(filled, opened.backup, lock=lock)
    assert lock.held  # still ours: nobody could slip in
    with pytest.raises(DatabaseLocked):
        DatabaseLock(filled).acquire()
    reopened = open_for_app(filled, lock=lock)
    try:
        assert reopened.store.conn.execute(
            "SELECT count(*) FROM employees WHERE employee_no = 'E-00000'"
        ).fetchone() == (1,)
    finally:
        reopened.store.close()
    assert not lock.held
