"""One writer per database: a second copy (or window) is refused clearly; a crash frees the lock."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from certdesk.services.safety.backups import open_for_app
from certdesk.store import StoreError, open_store
from certdesk.store.lock import DatabaseLock, DatabaseLocked, lock_path_for, read_holder

HOLDER = """
import sys
from certdesk.store.lock import DatabaseLock
lock = DatabaseLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.read()  # hold the lock until told to stop (or killed)
"""


@pytest.fixture
def other_process(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A second certdesk process holding the database's lock."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_a_second_window_in_the_same_process_is_refused(db_path: Path) -> None:
    first = DatabaseLock(db_path)
    first.acquire()
    try:
        with pytest.raises(DatabaseLocked) as exc:
            DatabaseLock(db_path).acquire()
        assert exc.value.field == "database"
        assert "already open in another window of this certdesk" in exc.value.message
        assert db_path.name in exc.value.message
    finally:
        first.release()
    DatabaseLock(db_path).acquire()  # free again once released


def test_another_process_is_named_and_its_crash_frees_the_lock(
    db_path: Path, other_process: subprocess.Popen[str]
) -> None:
    with pytest.raises(DatabaseLocked) as exc:
        DatabaseLock(db_path).acquire()
    message = exc.value.message
    assert f"process {other_process.pid}" in message
    assert "this computer" in message
    assert "Only one copy of certdesk" in message
    assert exc.value.holder is not None and exc.value.holder.host == socket.gethostname()

    # The holder dies without cleaning up: the lock file stays, the lock does not.
    other_process.send_signal(signal.SIGKILL)
    other_process.wait(timeout=10)
    assert lock_path_for(db_path).exists()
    lock = DatabaseLock(db_path)
    lock.acquire()
    try:
        holder = read_holder(lock.path)
        assert holder is not None and holder.pid == os.getpid()
    finally:
        lock.release()


def test_a_stale_lock_file_with_garbage_is_taken_over(db_path: Path) -> None:
    lock_path_for(db_path).write_bytes(b"\x00garbage from an old crash" * 10)
    with DatabaseLock(db_path) as lock:
        assert lock.held
        assert read_holder(lock.path).pid == os.getpid()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_lock_file_is_owner_only(db_path: Path) -> None:
    with DatabaseLock(db_path) as lock:
        assert lock.path.stat().st_mode & 0o777 == 0o600


def test_the_app_open_holds_the_lock_until_the_store_closes(db_path: Path) -> None:
    first = open_for_app(db_path).store
    try:
        with pytest.raises(DatabaseLocked):
            open_for_app(db_path)
        # The refused opener changed nothing: the first window goes on working.
        with first.transaction() as db:
            db.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    finally:
        first.close()
    second = open_for_app(db_path).store
    try:
        assert second.conn.execute("SELECT value FROM settings WHERE key = 'k'").fetchone() == (
            "v",
        )
    finally:
        second.close()


def test_a_second_process_app_open_is_refused_before_touching_the_file(
    db_path: Path, other_process: subprocess.Popen[str], file_fingerprint
) -> None:
    open_store(db_path).close()
    before = file_fingerprint(db_path)
    with pytest.raises(StoreError) as exc:
        open_for_app(db_path)
    assert isinstance(exc.value, DatabaseLocked)
    assert file_fingerprint(db_path) == before


def test_who_holds_the_lock_is_said_in_words_not_a_raw_timestamp() -> None:
    import datetime as dt

    from certdesk.store.lock import LockHolder, since_words

    day = dt.date(2026, 11, 28)
    assert since_words("2026-11-28T09:41:07", day) == "since 09:41 today"
    assert since_words("2026-11-27T17:05:00", day) == "since 2026-11-27 at 17:05"
    holder = LockHolder(pid=1, host="elsewhere", since="2026-11-27T17:05:00")
    assert holder.describe(day) == (
        "certdesk (process 1) on the computer 'elsewhere', since 2026-11-27 at 17:05"
    )
