"""Backups of a live database through SQLite's online backup API (never a file copy), their
names, their rotation, and checking a backup before it is trusted.

Backups live in `backups/` beside the database, named `<stem>-YYYYMMDD-HHMMSS[-kind].db` (local
time): kind "auto" for the daily backup on opening (the only kind rotation deletes), "before-vN"
before a migration, "before-restore" for the database a restore replaced, none for "Back up now"
and `certdesk backup`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from certdesk.files import free_space_text
from certdesk.store.database import connect, file_problems, plain_file_name, schema_version
from certdesk.store.errors import StoreError, translate_error
from certdesk.store.schema import latest_version

# (done, total) of the pages a copy has written so far.
Progress = Callable[[int, int], None]

AUTO = "auto"
BACKUPS_FOLDER = "backups"
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    """One backup in the backups folder."""

    path: Path
    taken_at: _dt.datetime
    kind: str  # "" for a backup made on request


def backups_dir(db_path: Path) -> Path:
    """The backups folder beside a database."""
    return Path(db_path).parent / BACKUPS_FOLDER


def backup_name(db_path: Path | None, kind: str = "", now: _dt.datetime | None = None) -> Path:
    """A new backup file name for `db_path` (made unique if that second is taken already)."""
    base = Path(db_path) if db_path is not None else Path.cwd() / "certdesk.db"
    stamp = (now or _dt.datetime.now()).strftime(_STAMP)
    folder = backups_dir(base)
    tail = f"-{kind}" if kind else ""
    candidate = folder / f"{base.stem}-{stamp}{tail}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base.stem}-{stamp}{tail}-{n}.db"
        n += 1
    return candidate


def default_backup_name(db_path: Path | None, now: _dt.datetime | None = None) -> Path:
    """backups/<name>-YYYYMMDD-HHMMSS.db beside the database."""
    return backup_name(db_path, "", now)


def fsync_dir(folder: Path) -> None:
    # The rename itself must reach the disk too (POSIX; Windows has no directory handles).
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _private_dir(folder: Path) -> None:
    if folder.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


# Pages copied per step of SQLite's backup (4 MB with 4 KB pages): each step reports progress.
STEP_PAGES = 1024


def backup_to(conn: sqlite3.Connection, dest: Path, progress: Progress | None = None) -> Path:
    """Write a consistent copy of `conn`'s database to `dest` atomically, owner-only.

    `progress(done, total)` hears the pages copied after each step (on the calling thread).
    """
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        _private_dir(dest.parent)
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        target = sqlite3.connect(plain_file_name(tmp))
        try:
            if progress is None:
                conn.backup(target)
            else:

                def step(_status: int, remaining: int, total: int) -> None:
                    progress(total - remaining, total)

                conn.backup(target, pages=STEP_PAGES, progress=step)
            # A standalone copy: no WAL beside it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        _discard(tmp)
        why = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            why = f"the disk is full ({free_space_text(dest.parent)})"
        raise StoreError("backup", f"cannot write {dest}: {why}") from None
    except sqlite3.Error as exc:
        _discard(tmp)
        problem = translate_error(exc, dest)
        reason = problem.message if problem else str(exc)
        raise StoreError("backup", f"cannot write {dest}: {reason}") from None
    return dest


def backup_file(db_path: Path, dest: Path, progress: Progress | None = None) -> Path:
    """Back up a database file through its own read-only connection (safe beside a writer)."""
    conn = connect(db_path, readonly=True)
    try:
        return backup_to(conn, dest, progress)
    finally:
        conn.close()


def copy_damaged(db_path: Path, dest: Path) -> Path:
    """Keep a byte copy of a file SQLite cannot read (and its -wal), for an expert to look at."""
    _private_dir(dest.parent)
    wal = Path(f"{db_path}-wal")
    try:
        _copy_private(db_path, dest)
        if wal.exists():
            _copy_private(wal, Path(f"{dest}-wal"))
    except OSError:
        _discard(dest)  # a refused copy leaves nothing half-written behind
        _discard(Path(f"{dest}-wal"))
        raise
    return dest


def _copy_private(source: Path, dest: Path) -> None:
    """Copy bytes into a file that is owner-only from its first byte."""
    fd = os.open(dest, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    try:
        with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
            fd = -1
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    finally:
        if fd >= 0:
            os.close(fd)


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        re.escape(stem) + r"-(?P<stamp>\d{8}-\d{6})(?:-(?P<kind>[a-z][a-z0-9-]*?))?(?:-\d+)?\.db"
    )


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of `db_path`, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(Path(db_path).stem)
    found = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            taken = _dt.datetime.strptime(match["stamp"], _STAMP)
        except ValueError:
            continue
        found.append(BackupFile(entry, taken, match["kind"] or ""))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def auto_backup_taken_on(db_path: Path, day: _dt.date) -> bool:
    """Whether the automatic backup of `day` exists already (one a day is enough)."""
    return any(b.kind == AUTO and b.taken_at.date() == day for b in list_backups(db_path))


def backups_to_keep(backups: list[BackupFile], daily: int, weekly: int) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last `daily` days that have one,
    then the newest of each of the last `weekly` ISO weeks among the backups not kept already
    (the rule borg and restic use); `backups` is newest first."""
    keep: set[Path] = set()

    def pick(count: int, period) -> None:
        last = None
        kept = 0
        for backup in backups:
            if kept >= count:
                return
            key = period(backup.taken_at)
            if key == last:
                continue
            last = key
            if backup.path not in keep:
                keep.add(backup.path)
                kept += 1

    pick(daily, lambda t: t.date())
    pick(weekly, lambda t: t.isocalendar()[:2])
    return keep


def rotate(db_path: Path, *, daily: int = 7, weekly: int = 4) -> list[Path]:
    """Delete the automatic backups that rotation no longer keeps; returns what was deleted.

    Backups made on request, before a migration or before a restore are never deleted.
    """
    autos = [b for b in list_backups(db_path) if b.kind == AUTO]
    keep = backups_to_keep(autos, max(daily, 1), max(weekly, 0))
    removed = []
    for backup in autos:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


def verify_backup(file: Path) -> int:
    """Check a backup before trusting it: a sound certdesk database this certdesk can open.

    Returns its schema version; raises StoreError saying what is wrong with it.
    """
    file = Path(file)
    name = file.name
    if not file.is_file():
        raise StoreError("backup", f"{file} is not a file")
    with open(file, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StoreError("backup", f"{name} is not a certdesk database (not SQLite)")
    try:
        conn = connect(file, readonly=True)
        try:
            problems = file_problems(conn)
            version = schema_version(conn) if not problems else 0
            has_employees = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'employees'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError("backup", f"{name} is damaged: {exc}") from None
    if problems:
        raise StoreError("backup", f"{name} is damaged: {'; '.join(problems[:5])}")
    if version < 1 or not has_employees:
        raise StoreError("backup", f"{name} is not a certdesk database (no certdesk tables)")
    if version > latest_version():
        raise StoreError(
            "backup",
            f"{name} was written by a newer certdesk (schema version {version}); this certdesk "
            f"understands schema versions up to {latest_version()}",
        )
    return version


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of `db_path` that passes verify_backup (None if there is none)."""
    for backup in list_backups(db_path):
        try:
            verify_backup(backup.path)
        except StoreError:
            continue
        return backup.path
    return None
