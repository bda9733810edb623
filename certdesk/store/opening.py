"""Opening a certdesk database safely: checks, connection settings, migrations.

Opening an existing file goes: refuse a folder or a read-only file → check it through a
read-only connection (SQLite's quick_check, foreign keys, schema version) so that a damaged or
newer file is never opened for writing → connect (WAL, synchronous=FULL, busy_timeout, foreign
keys) → back up, then migrate, if the schema is older.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import stat
import sys
from pathlib import Path

from certdesk.store.backup import backup_name, backup_to
from certdesk.store.database import Store, check_file, connect, in_memory, schema_version
from certdesk.store.errors import (
    DiskProblem,
    ReadOnlyDatabase,
    StoreError,
    disk_problem_on_open,
    newer_database,
    translate_error,
)
from certdesk.store.schema import MIGRATIONS, latest_version


def _is_readonly(file: Path) -> bool:
    # The owner-write bit, not only access(): root may write anyway, but a file the user
    # marked read-only is meant to stay as it is.
    try:
        mode = file.stat().st_mode
    except OSError:
        return False
    return not (mode & stat.S_IWUSR) or not os.access(file, os.W_OK)


def _owner_only(file: Path) -> None:
    """HR records are personal data: no group or other access (POSIX only)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        if file.stat().st_mode & 0o077:
            os.chmod(file, 0o600)


def migrate(conn: sqlite3.Connection, *, now: _dt.datetime | None = None) -> list[int]:
    """Apply pending migrations, each in its own transaction; return the versions applied."""
    current = schema_version(conn)
    known = latest_version()
    if current > known:
        raise newer_database(current, known)
    stamp = (now or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds")
    # Versions are reserved by work landing in any order: a file may hold 9 but not yet 4, so
    # every migration the file has not recorded is applied (each is self-contained).
    done = {r[0] for r in conn.execute("SELECT version FROM schema_version")} if current else set()
    applied = []
    for version, description, statements in MIGRATIONS:
        if version in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                if callable(statement):  # a data step (see schema.MIGRATIONS)
                    statement(conn)
                else:
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)",
                (version, stamp, description),
            )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """Every migration version the file records as applied."""
    if schema_version(conn) == 0:
        return set()
    return {version for (version,) in conn.execute("SELECT version FROM schema_version")}


def pending_versions(conn: sqlite3.Connection) -> list[int]:
    """The migrations this certdesk knows that the file has not had yet, in order."""
    done = applied_versions(conn)
    return [version for version, _, _ in MIGRATIONS if version not in done]


def migrate_store(store: Store, *, backup: bool = True) -> list[int]:
    """Bring the schema up to date; an existing, non-empty file is backed up first."""
    current = store.schema_version()
    if current > latest_version() or not pending_versions(store.conn):
        return migrate(store.conn)  # also refuses a newer file
    before: Path | None = None
    if backup and current >= 1 and store.path is not None:
        target = backup_name(store.path, f"before-v{latest_version()}")
        try:
            before = backup_to(store.conn, target)
        except StoreError as exc:
            raise StoreError(
                "database",
                f"certdesk must upgrade {store.path.name} but could not back it up first "
                f"({exc.message}); nothing was changed. Free some disk space and open it again.",
            ) from exc
    try:
        return migrate(store.conn)
    except sqlite3.DatabaseError as exc:
        kept = f" The file as it was before is kept in {before}." if before else ""
        problem = translate_error(exc, store.path)
        reason = problem.message if problem else str(exc)
        raise StoreError(
            "database", f"upgrading the database failed and was undone: {reason}{kept}"
        ) from exc


def open_store(
    path: Path | str,
    *,
    create: bool = True,
    migrate_schema: bool = True,
    verify: bool = True,
    backup_before_migration: bool = True,
) -> Store:
    """Open (and, when `create`, create) a certdesk database and bring its schema up to date.

    `verify` runs the read-only checks on an existing file first (see check_file).
    """
    file: Path | None = None
    if not in_memory(path):
        file = Path(path)
        if file.is_dir():
            raise StoreError("database", f"{file} is a folder, not a certdesk database")
        if not file.exists():
            if not create:
                raise StoreError("database", f"{file} does not exist")
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
                # Owner-only from the first byte: HR records are personal data.
                fd = os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                os.close(fd)
            except OSError as exc:
                raise StoreError(
                    "database", f"cannot create {file}: {exc.strerror or exc}"
                ) from None
        if _is_readonly(file):
            raise ReadOnlyDatabase(
                "database",
                f"{file} is read-only, so certdesk cannot keep changes in it. Copy it to a folder "
                "you can write to (or clear its read-only mark) and open the copy.",
            )
        if not os.access(file.parent, os.W_OK):
            raise ReadOnlyDatabase(
                "database",
                f"the folder {file.parent} is read-only, and certdesk needs to write its journal "
                "and backups beside the database. Move the file to a folder you can write to.",
            )
        _owner_only(file)
        if verify and file.stat().st_size > 0:
            check_file(file)
    try:
        conn = connect(file if file is not None else ":memory:")
        conn.isolation_level = None  # transactions are explicit (BEGIN ... COMMIT)
    except sqlite3.DatabaseError as exc:
        problem = translate_error(exc, file)
        if isinstance(problem, DiskProblem) and file is not None:
            raise disk_problem_on_open(file, str(exc)) from exc
        if isinstance(problem, ReadOnlyDatabase | DiskProblem):
            raise problem from exc
        raise StoreError(
            "database", f"{path} cannot be opened as a certdesk database: {exc}"
        ) from exc
    store = Store(conn, file)
    if migrate_schema:
        try:
            migrate_store(store, backup=backup_before_migration)
        except BaseException:
            store.close()
            raise
    return store
