"""Keeping the database file safe: the app's open sequence, daily backups, Back up now, checking
a backup, restore (the window runs each on its worker, with progress).

Opening for the app goes: take the one-writer lock → check the file read-only (integrity,
foreign keys, schema version; see store.database.check_file) → the day's automatic backup and
rotation → migrate (a migration is backed up first, unless the day's backup was just made).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from certdesk.core.errors import InvalidInput
from certdesk.files import human_size
from certdesk.store import Store, StoreError, open_store
from certdesk.store import settings as settings_store
from certdesk.store.backup import (
    AUTO,
    BackupFile,
    Progress,
    auto_backup_taken_on,
    backup_file,
    backup_name,
    backup_to,
    backups_dir,
    copy_damaged,
    fsync_dir,
    list_backups,
    newest_good_backup,
    rotate,
    verify_backup,
)
from certdesk.store.database import check_file, connect
from certdesk.store.errors import (
    DamagedDatabase,
    DiskProblem,
    NewerDatabase,
    ReadOnlyDatabase,
    is_io_problem,
    translate_error,
)
from certdesk.store.lock import DatabaseLock, DatabaseLocked
from certdesk.store.opening import migrate_store

SETTING_KEEP_DAILY = "backup_keep_daily"
SETTING_KEEP_WEEKLY = "backup_keep_weekly"
DEFAULT_KEEP_DAILY = 7
DEFAULT_KEEP_WEEKLY = 4


@dataclass(frozen=True)
class BackupPolicy:
    """How many automatic backups rotation keeps: one per day, then one per week."""

    daily: int = DEFAULT_KEEP_DAILY
    weekly: int = DEFAULT_KEEP_WEEKLY


@dataclass
class OpenedDatabase:
    """What opening for the app did."""

    store: Store
    backup: Path | None = None  # today's automatic backup, when this open made it
    removed: list[Path] = field(default_factory=list)  # old automatic backups rotated away
    migrated: list[int] = field(default_factory=list)  # schema versions applied
    warning: str | None = None  # a backup that failed; the database opened anyway
    has_backups: bool = False  # any backup of it in the backups folder (after this open)


def _setting_count(store: Store, key: str, default: int) -> int:
    try:
        text = settings_store.get_one(store.conn, key)
    except sqlite3.OperationalError:
        return default
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return value if 0 <= value <= 1000 else default


def backup_policy(
    store: Store, daily: int | None = None, weekly: int | None = None
) -> BackupPolicy:
    """The rotation policy: arguments first, then the settings table, then 7 daily + 4 weekly."""
    return BackupPolicy(
        daily
        if daily is not None
        else _setting_count(store, SETTING_KEEP_DAILY, DEFAULT_KEEP_DAILY),
        weekly
        if weekly is not None
        else _setting_count(store, SETTING_KEEP_WEEKLY, DEFAULT_KEEP_WEEKLY),
    )


def daily_backup(
    store: Store,
    *,
    now: _dt.datetime | None = None,
    daily: int | None = None,
    weekly: int | None = None,
) -> tuple[Path | None, list[Path]]:
    """Today's automatic backup, unless there is one already, then rotation.

    Returns (the new backup or None, the old automatic backups deleted).
    """
    if store.path is None or store.schema_version() < 1:
        return None, []  # a brand-new file holds nothing worth a copy yet
    now = now or _dt.datetime.now()
    if auto_backup_taken_on(store.path, now.date()):
        return None, []
    made = backup_to(store.conn, backup_name(store.path, AUTO, now))
    policy = backup_policy(store, daily, weekly)
    return made, rotate(store.path, daily=policy.daily, weekly=policy.weekly)


def open_for_app(
    db_path: Path | str,
    *,
    now: _dt.datetime | None = None,
    daily: int | None = None,
    weekly: int | None = None,
    lock: DatabaseLock | None = None,
) -> OpenedDatabase:
    """Open a database for the window: lock, check, daily backup, migrate. The date's status
    moves come after the window's first list (services.date_moves), so the list waits for less.

    Raises DatabaseLocked, DamagedDatabase, NewerDatabase, ReadOnlyDatabase or StoreError, each
    with a message for the user. `lock` may be one the caller holds already (after a restore).
    """
    path = Path(db_path)
    lock = lock or DatabaseLock(path)
    lock.acquire()
    try:
        store = open_store(path, migrate_schema=False)  # the read-only checks run here
    except BaseException:
        lock.release()
        raise
    store.lock = lock  # released when the store closes
    opened = OpenedDatabase(store)
    try:
        try:
            opened.backup, opened.removed = daily_backup(store, now=now, daily=daily, weekly=weekly)
        except StoreError as exc:
            opened.warning = (
                f"The daily backup could not be made: {exc.message}\nThe database opened "
                "normally; free some disk space, then use File → Back up now."
            )
        opened.migrated = migrate_store(store, backup=opened.backup is None)
        opened.has_backups = bool(list_backups(path))
    except BaseException:
        store.close()
        raise
    return opened


def database_problem(exc: sqlite3.Error, path: Path | None = None) -> StoreError | None:
    """What an SQLite error about the file or the disk means for the user (None: another
    kind of error), for the command line's one line."""
    return translate_error(exc, path)


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        return a.exists() and b.exists() and os.path.samefile(a, b)
    return False


def _part(progress: Progress | None, index: int, parts: int = 2) -> Progress | None:
    """Report copy `index` of `parts` as its share of one run from 0 to the end."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        if total:
            progress(index * total + done, parts * total)

    return report


def _keep_current(db: Path, keep_as: Path, progress: Progress | None = None) -> Path:
    """Keep the database a restore replaces: a consistent copy, or the very bytes if damaged."""
    try:
        check_file(db)
        damaged = False
    except DamagedDatabase:
        damaged = True
    except StoreError:
        damaged = False  # a newer schema is sound: copy it through SQLite
    try:
        if not damaged:
            try:
                return backup_file(db, keep_as, progress)
            except (StoreError, sqlite3.DatabaseError):
                pass  # unreadable after all: keep the bytes
        return copy_damaged(db, keep_as)
    except OSError as exc:
        raise StoreError(
            "backup",
            f"cannot keep a copy of the current database before restoring "
            f"({exc.strerror or exc}); nothing was changed",
        ) from None


def restore_backup(
    db_path: Path | str,
    backup: Path | str,
    *,
    lock: DatabaseLock | None = None,
    now: _dt.datetime | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Replace the database with a checked backup; returns where the replaced one was kept.

    The backup is checked first (integrity, foreign keys, a schema this certdesk can open).
    The current database is kept in the backups folder (through SQLite's backup API, or byte
    for byte if it is too damaged for that); then a fresh copy of the backup replaces it in one
    rename. Nobody else may have the database open: the lock is taken (or `lock` is one the
    caller holds, e.g. the window that closed its store to restore). `progress(done, total)`
    hears both copies as one run.
    """
    db = Path(db_path)
    source = Path(backup)
    verify_backup(source)
    if _same_file(db, source):
        raise StoreError("backup", f"{source.name} is the database itself, not a backup of it")
    _check_room_to_restore(db, source)
    own_lock = lock is None
    lock = lock or DatabaseLock(db)
    lock.acquire()
    kept: Path | None = None
    replaced = False
    try:
        if db.exists() and db.stat().st_size > 0:
            kept = _keep_current(db, backup_name(db, "before-restore", now), _part(progress, 0))
        staging = db.with_name(f".{db.name}.restoring-{os.getpid()}")
        src = connect(source, readonly=True)
        try:
            backup_to(src, staging, _part(progress, 1))
        finally:
            src.close()
        try:
            # The old database's write-ahead log must never be replayed into the restored
            # file: remove it (its content is in the copy kept above) before the swap.
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            os.replace(staging, db)
            replaced = True
        except OSError as exc:
            staging.unlink(missing_ok=True)
            raise StoreError("backup", f"cannot replace {db}: {exc.strerror or exc}") from None
        fsync_dir(db.parent)
        return kept
    finally:
        if not replaced and kept is not None:
            # A refused restore leaves nothing behind: the database is still the one it was.
            for leftover in (kept, Path(f"{kept}-wal")):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
        if own_lock:
            lock.release()


# Room a restore needs besides the two copies: SQLite's journal and index while copying.
_RESTORE_MARGIN_BYTES = 1024 * 1024


def _check_room_to_restore(db: Path, source: Path) -> None:
    """Refuse up front, naming the space, when the disk cannot hold what a restore writes:
    a copy of the current database (kept) and a fresh copy of the backup."""
    current = db.stat().st_size if db.exists() else 0
    wal = Path(f"{db}-wal")
    current += wal.stat().st_size if wal.exists() else 0
    needed = current + source.stat().st_size + _RESTORE_MARGIN_BYTES
    try:
        free = shutil.disk_usage(db.parent).free
    except OSError:
        return  # unknown: the copies themselves will say if they fail
    if free < needed:
        raise DiskProblem(
            "backup",
            f"the disk holding {db.name} is full: restoring needs about {human_size(needed)} "
            f"free (a copy of the current file and of the backup) and {human_size(free)} is "
            "free. Nothing was changed. Free some disk space and try again.",
        )


# ---- what the window asks for (each runs on its worker) -------------------------------------


def backups_folder(db_path: Path) -> Path:
    """Where the backups of `db_path` are kept (the backups folder beside it)."""
    return backups_dir(Path(db_path))


def backups_of(db_path: Path) -> list[BackupFile]:
    """The backups of `db_path`, newest first."""
    return list_backups(Path(db_path))


def check_backup(file: Path | str) -> int:
    """Check a backup before it is trusted (integrity, certdesk tables, a schema this certdesk
    can open); returns its schema version, or raises StoreError saying what is wrong."""
    return verify_backup(Path(file))


@dataclass(frozen=True)
class RestoreOffer:
    """What the window offers for a damaged database: its newest good backup, if any."""

    backups_folder: Path
    backup: Path | None = None
    taken: str = "an unknown date"  # "2026-11-27 17:05"


def restore_offer(db_path: Path | str) -> RestoreOffer:
    """The newest backup of a damaged database that passes its checks (each one is read)."""
    path = Path(db_path)
    good = newest_good_backup(path)
    taken = next(
        (b.taken_at.strftime("%Y-%m-%d %H:%M") for b in list_backups(path) if b.path == good),
        "an unknown date",
    )
    return RestoreOffer(backups_dir(path), good, taken)


@dataclass(frozen=True)
class RestoredDatabase:
    """The database after Restore…: `opened` holds it again (restored, or as it was when the
    restore was refused, with `problem` saying why)."""

    opened: OpenedDatabase
    backup: Path
    kept: Path | None = None  # where the replaced database was kept
    problem: str | None = None


def restore_open_database(
    store: Store, backup: Path | str, *, progress: Progress | None = None
) -> RestoredDatabase:
    """Restore…: check the backup, close `store` keeping its lock (nobody may open the file in
    between), swap the backup in and open the database again under the same lock.

    A backup that fails its checks is refused before anything is closed. If opening again
    fails, the lock is let go and the StoreError names both problems: no database is open.
    """
    source = Path(backup)
    check_backup(source)
    if store.path is None:
        raise StoreError("backup", "a database in memory cannot be restored from a backup")
    db_path = store.path
    lock = store.detach_lock()
    store.close()
    kept: Path | None = None
    problem: str | None = None
    try:
        kept = restore_backup(db_path, source, lock=lock, progress=progress)
    except StoreError as exc:
        problem = exc.message
    try:
        opened = open_for_app(db_path, lock=lock)
    except StoreError as exc:
        if lock is not None:
            lock.release()
        first = f"{problem}\n" if problem else ""
        raise StoreError("database", f"{first}{exc.message}") from exc
    return RestoredDatabase(opened, source, kept, problem)


def open_refusal(problem: InvalidInput) -> str:
    """What kind of refusal opening met, for the window's title and offer: "damaged" (offer
    the newest good backup), "disk_full", "disk", "locked", "newer", "read_only" or "other"."""
    if isinstance(problem, DamagedDatabase) and not all(map(is_io_problem, problem.problems)):
        return "damaged"
    if isinstance(problem, DiskProblem):
        return "disk_full" if "is full" in problem.message else "disk"
    if isinstance(problem, DatabaseLocked):
        return "locked"
    if isinstance(problem, NewerDatabase):
        return "newer"
    if isinstance(problem, ReadOnlyDatabase):
        return "read_only"
    return "other"
