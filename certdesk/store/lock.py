"""One writer per database file: an operating-system lock on `<database>.lock`.

The lock is taken with flock() on POSIX and msvcrt.locking() on Windows. Both belong to the open
file, so the operating system drops the lock when the process ends, however it ends (crash,
SIGKILL, power cut): a lock file left behind by a dead copy of certdesk is simply taken over.
The file also holds who has the lock (program id, computer, since when) so that the second copy
can say who it is waiting for. No Qt here: the store must not import it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from certdesk.store.errors import StoreError

# On Windows the locked byte cannot be read by others, so the holder's details start after it.
_INFO_OFFSET = 16


class DatabaseLocked(StoreError):
    """Another copy of certdesk (or another window) has this database open."""

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__("database", message)
        self.holder = holder


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database lock, as written in the lock file."""

    pid: int
    host: str
    since: str

    def describe(self, today: _dt.date | None = None) -> str:
        here = self.host == socket.gethostname()
        since = since_words(self.since, today)
        if here and self.pid == os.getpid():
            return f"another window of this certdesk ({since})"
        where = "this computer" if here else f"the computer {self.host!r}"
        return f"certdesk (process {self.pid}) on {where}, {since}"


def since_words(stamp: str, today: _dt.date | None = None) -> str:
    """ "since 09:41 today", "since 2026-11-27 at 17:05" (a raw timestamp reads badly)."""
    try:
        when = _dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return f"since {stamp}"
    if when.date() == (today or _dt.date.today()):
        return f"since {when:%H:%M} today"
    return f"since {when.date().isoformat()} at {when:%H:%M}"


def lock_path_for(db_path: Path | str) -> Path:
    """The lock file that guards `db_path`: `<db_path>.lock` beside it."""
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(lock_file: Path) -> LockHolder | None:
    """The holder recorded in a lock file (None when absent or unreadable)."""
    try:
        with open(lock_file, "rb") as handle:
            handle.seek(_INFO_OFFSET)
            data = json.loads(handle.read(4096).decode("utf-8"))
        return LockHolder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class DatabaseLock:
    """The one-writer lock of one database file; `acquire()` or use it as a context manager."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise DatabaseLocked naming who holds it; never waits."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            raise StoreError(
                "database",
                f"cannot create the lock file {self.path}: {exc.strerror or exc}. certdesk needs "
                "to write in the database's folder.",
            ) from None
        if not _try_lock(fd):
            os.close(fd)
            holder = read_holder(self.path)
            who = holder.describe() if holder else "another copy of certdesk"
            raise DatabaseLocked(
                f"{self.db_path.name} is already open in {who}. Only one copy of certdesk may "
                "change a database at a time: switch to that window, or close it and try again.",
                holder,
            )
        # The lock is ours: record who we are (after the locked region, for Windows).
        info = json.dumps(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": _dt.datetime.now().isoformat(timespec="seconds"),
            }
        ).encode("utf-8")
        try:
            os.ftruncate(fd, _INFO_OFFSET)
            os.lseek(fd, _INFO_OFFSET, os.SEEK_SET)
            os.write(fd, info)
        except OSError:
            pass  # the details are a courtesy; the lock itself is what counts
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (the file stays: deleting it would race with a new opener)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, _INFO_OFFSET)
        except OSError:
            pass
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten lock must not outlive its owner object
        try:
            self.release()
        except Exception:
            pass
