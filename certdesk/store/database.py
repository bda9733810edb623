"""Opening a certdesk database: connection settings, migrations, transactions."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from certdesk.core.errors import InvalidInput
from certdesk.store.schema import MIGRATIONS, latest_version


class StoreError(InvalidInput):
    """The store refused a change or a file (constraint, newer schema, damaged file...)."""


class Store:
    """One open database file. Only the thread that runs use cases touches it."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One use case = one transaction; constraint failures become StoreError."""
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.IntegrityError as exc:
            raise StoreError("database", f"the change was refused: {exc}") from exc

    def schema_version(self) -> int:
        """The highest migration applied to this file (0 for a new, empty file)."""
        return schema_version(self.conn)

    def close(self) -> None:
        self.db.close()


def schema_version(conn: sqlite3.Connection) -> int:
    """The highest schema version recorded in a connection's database, 0 if none."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with certdesk's settings. The path is always a plain file name, never a URI."""
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        file = Path(path)
        if readonly:
            # A URI is built from the resolved path here on purpose (quoted), so that a file
            # name such as "file:x?mode=rwc" from the user is still only a file name.
            from urllib.parse import quote

            conn = sqlite3.connect(
                f"file:{quote(str(file.resolve()))}?mode=ro", uri=True, check_same_thread=False
            )
        else:
            conn = sqlite3.connect(str(file), check_same_thread=False, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def migrate(conn: sqlite3.Connection, *, now: _dt.datetime | None = None) -> list[int]:
    """Apply pending migrations, each in its own transaction; return the versions applied."""
    current = schema_version(conn)
    known = latest_version()
    if current > known:
        raise StoreError(
            "database",
            f"this database was written by a newer certdesk (schema version {current}); "
            f"this certdesk understands schema versions up to {known}. Update certdesk to open it.",
        )
    stamp = (now or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds")
    applied = []
    for version, description, statements in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)",
                (version, stamp, description),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def open_store(path: Path | str, *, create: bool = True, migrate_schema: bool = True) -> Store:
    """Open (and, when `create`, create) a certdesk database and bring its schema up to date."""
    if str(path) != ":memory:":
        file = Path(path)
        if not file.exists():
            if not create:
                raise StoreError("database", f"{file} does not exist")
            file.parent.mkdir(parents=True, exist_ok=True)
            # Owner-only from the first byte: HR records are personal data.
            fd = os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        elif file.is_dir():
            raise StoreError("database", f"{file} is a folder, not a certdesk database")
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path)
        conn.isolation_level = None  # transactions are explicit (BEGIN ... COMMIT)
        if migrate_schema:
            migrate(conn)
    except BaseException as exc:
        if conn is not None:
            conn.close()  # a refused file must not stay open (and locked) behind the error
        if isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(
                "database", f"{path} cannot be opened as a certdesk database: {exc}"
            ) from exc
        raise
    db = sqlite_utils.Database(conn, execute_plugins=False)
    return Store(db, None if str(path) == ":memory:" else Path(path))
