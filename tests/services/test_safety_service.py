"""services.safety as the window calls it on its worker: Back up now and restore with progress,
checking a backup, the restore offer for a damaged file, and Restore… of the open database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import certdesk.store.backup as store_backup
from certdesk.services.safety import backups as safety
from certdesk.services.safety.integrity import backup_database
from certdesk.store import StoreError, open_store
from certdesk.store.lock import DatabaseLock, DatabaseLocked

MONDAY = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def filled(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database spanning many pages, copied a few pages per step (so progress has steps)."""
    monkeypatch.setattr(store_backup, "STEP_PAGES", 4)
    store = open_store(db_path)
    try:
        with store.transaction() as db:
            db.conn.executemany(
                "INSERT INTO employees (employee_no, full_name) VALUES (?, ?)",
                [(f"E-{i:05d}", f"Łukasz Żółć {i}") for i in range(300)],
            )
    finally:
        store.close()
    return db_path


def employees(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT count(*) FROM employees").fetchone()[0]
    conn.close()
    return found


def test_back_up_now_reports_progress_to_the_end(filled: Path) -> None:
    steps: list[tuple[int, int]] = []
    store = open_store(filled)
    try:
        made = backup_database(store, progress=lambda done, total: steps.append((done, total)))
    finally:
        store.close()
    assert len(steps) > 2
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert steps[-1][0] == steps[-1][1] > 0
    assert employees(made) == 300
    assert safety.check_backup(made) >= 1


def test_restore_reports_both_copies_as_one_run(filled: Path) -> None:
    opened = safety.open_for_app(filled, now=MONDAY)
    opened.store.close()
    steps: list[tuple[int, int]] = []
    safety.restore_backup(filled, opened.backup, progress=lambda d, t: steps.append((d, t)))
    shares = [d / t for d, t in steps]
    assert shares == sorted(shares) and shares[-1] == 1
    assert any(s <= 0.5 for s in shares) and any(s > 0.5 for s in shares)


def test_the_restore_offer_names_the_newest_good_backup(filled: Path) -> None:
    assert safety.restore_offer(filled).backup is None
    opened = safety.open_for_app(filled, now=MONDAY)
    opened.store.close()
    offer = safety.restore_offer(filled)
    assert offer.backup == opened.backup
    assert offer.taken == "2026-03-02 09:00"
    assert offer.backups_folder == filled.parent / "backups"
    assert safety.backups_of(filled)[0].path == opened.backup


def test_restore_of_the_open_database_reopens_it_under_the_same_lock(filled: Path) -> None:
    first = safety.open_for_app(filled, now=MONDAY)
    with first.store.transaction() as db:  # after the backup
        db.execute("DELETE FROM employees WHERE employee_no >= 'E-00100'")
    restored = safety.restore_open_database(first.store, first.backup)
    try:
        assert first.store.closed
        assert restored.problem is None and restored.kept is not None
        assert employees(filled) == 300
        count = restored.opened.store.conn.execute("SELECT count(*) FROM employees")
        assert count.fetchone() == (300,)
        with pytest.raises(DatabaseLocked):
            DatabaseLock(filled).acquire()
    finally:
        restored.opened.store.close()


def test_a_bad_backup_is_refused_before_the_open_database_is_closed(
    filled: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a backup")
    opened = safety.open_for_app(filled, now=MONDAY)
    try:
        with pytest.raises(StoreError, match="not a certdesk database"):
            safety.restore_open_database(opened.store, junk)
        assert not opened.store.closed
        assert opened.store.conn.execute("SELECT count(*) FROM employees").fetchone() == (300,)
    finally:
        opened.store.close()
