"""One open certdesk database: the connection with certdesk's settings, transactions, and the
read-only checks an existing file passes before it is opened for writing (store.opening opens and
migrates; store.errors holds the errors).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from certdesk.store.errors import (
    DamagedDatabase,
    StoreError,
    damaged_database,
    disk_problem_on_open,
    is_io_problem,
    newer_database,
    translate_error,
)
from certdesk.store.schema import latest_version

if TYPE_CHECKING:
    import sqlite_utils

    from certdesk.store.lock import DatabaseLock

SQLITE_HEADER = b"SQLite format 3\x00"


class Store:
    """One open database file. Only the thread that runs use cases touches it."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, lock: DatabaseLock | None = None
    ) -> None:
        self._conn = conn
        self._db: sqlite_utils.Database | None = None
        self.path = path
        self.lock = lock  # the one-writer lock, held while the store is open (None: not taken)
        self.closed = False

    @property
    def conn(self) -> sqlite3.Connection:
        """The plain sqlite3 connection (reads on the start-up path use it directly)."""
        return self._conn

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, made on first use.

        sqlite-utils (with click, dateutil and pluggy) costs ~14 MB and ~130 ms to import; the
        window's first list does not need it, so it is imported only when a use case does.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn, execute_plugins=False)
        return self._db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One use case = one transaction; nothing of it stays if any part fails.

        Constraint failures, a full disk, disk errors and a read-only file become StoreError
        after the rollback, so the caller (a dialog) can show the message and keep its input.
        """
        conn = self.conn
        try:
            if conn.in_transaction:  # a use case calling another: a savepoint inside it
                with self.db.atomic():
                    yield self.db
                return
            # IMMEDIATE: take the write lock now, so busy_timeout applies instead of a
            # deadlock error half-way through the use case.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):  # the original error matters more
                        conn.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError as exc:
            raise StoreError("database", f"the change was refused: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            problem = translate_error(exc, self.path)
            if problem is None:
                raise
            raise problem from exc

    def data_version(self) -> int:
        """SQLite's data_version: it changes when another connection (the command line,
        another program) commits to the file, never for this connection's own writes."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def schema_version(self) -> int:
        """The highest migration applied to this file (0 for a new, empty file)."""
        return schema_version(self.conn)

    def detach_lock(self) -> DatabaseLock | None:
        """Hand the lock over to the caller (who must release it); close() then keeps it."""
        lock, self.lock = self.lock, None
        return lock

    def close(self) -> None:
        self.closed = True
        try:
            self._conn.close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None


def schema_version(conn: sqlite3.Connection) -> int:
    """The highest schema version recorded in a connection's database, 0 if none."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _readonly_uri(file: Path, *, immutable: bool = False) -> str:
    # The URI is built from the resolved path on purpose (every special character quoted), so
    # that a file name such as "file:x?mode=rwc" or "x#y" from the user is only a file name.
    extra = "&immutable=1" if immutable else ""
    return f"file:{quote(file.resolve().as_posix())}?mode=ro{extra}"


def plain_file_name(path: Path | str) -> str:
    """The absolute path as SQLite should get it: never read as a URI or as ":memory:".

    SQLite may be built to read any name starting with "file:" as a URI (Debian's is), so a
    relative "file:x?mode=ro" from the command line would open something else: an absolute
    path starts with "/" (or a drive letter) and is only ever a file name.
    """
    return os.path.abspath(os.fspath(path))


def in_memory(path: Path | str) -> bool:
    # Only the string ":memory:" from code means a memory database; a Path (what the command
    # line and the window pass) is always a file, even one called ":memory:".
    return isinstance(path, str) and path == ":memory:"


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with certdesk's settings. The path is always a plain file name, never a URI."""
    created_before: dict[Path, bool] = {}
    if in_memory(path):
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        file = Path(path)
        created_before = {c: c.exists() for c in _companions(file)}
        if readonly:
            conn = sqlite3.connect(_readonly_uri(file), uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(plain_file_name(file), check_same_thread=False, timeout=5.0)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()  # a file that refuses the settings is not left open
        _remove_own_companions(created_before)
        raise
    return conn


def _companions(file: Path) -> tuple[Path, Path]:
    return Path(f"{file}-wal"), Path(f"{file}-shm")


def _remove_own_companions(existed: dict[Path, bool]) -> None:
    """After a failed open: remove the -wal and -shm this open created, if the log is empty.

    On a full disk SQLite may create them and fail to grow the shared-memory file: a truncated
    -shm left behind makes every later open fail. An empty log holds nothing; the -shm is only
    an index SQLite rebuilds. Files that were there before (another program's, or a crash's)
    are left to SQLite's own recovery.
    """
    wal = next((c for c in existed if c.name.endswith("-wal")), None)
    if wal is None or existed.get(wal) or (wal.exists() and wal.stat().st_size > 0):
        return
    for companion, was_there in existed.items():
        if not was_there:
            with contextlib.suppress(OSError):
                companion.unlink(missing_ok=True)


def file_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check and foreign_key_check, one line per problem (empty: sound)."""
    problems = [
        f"integrity: {result}" for (result,) in conn.execute("PRAGMA quick_check") if result != "ok"
    ]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    return problems


def _read_checks(file: Path, *, immutable: bool) -> tuple[list[str], int]:
    """(problems, schema version) through a read-only connection that writes nothing."""
    try:
        conn = sqlite3.connect(_readonly_uri(file, immutable=immutable), uri=True)
    except sqlite3.DatabaseError as exc:
        return [str(exc)], 0
    try:
        problems = file_problems(conn)
        return problems, (schema_version(conn) if not problems else 0)
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed" and kin
        return [f"integrity: {exc}"], 0  # the checks could not even finish: the same finding
    finally:
        conn.close()


def check_file(file: Path) -> int:
    """Check an existing database through a read-only connection; returns its schema version.

    Raises DamagedDatabase (failed checks, not a database) or NewerDatabase; writes nothing.
    """
    with open(file, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DamagedDatabase(
            f"{file} cannot be opened as a certdesk database: it is not an SQLite database "
            "file (it may be another kind of file, or its first bytes were overwritten).",
            ["not an SQLite database file"],
            file,
        )
    # Without a -wal file the database file alone is the whole database, and an immutable
    # read leaves nothing behind (a read-only WAL connection would leave -wal/-shm files).
    # If a -wal appeared meanwhile, another program started writing during the check: its
    # findings are then confirmed by an ordinary read-only connection, which sees that writer.
    wal = Path(f"{file}-wal")
    immutable = not wal.exists()
    problems, version = _read_checks(file, immutable=immutable)
    if problems and immutable and wal.exists():
        problems, version = _read_checks(file, immutable=False)
    if problems and all(is_io_problem(p) for p in problems):
        # Not read is not damaged: a full disk (no room for the -shm index) or a failing one.
        raise disk_problem_on_open(file, "; ".join(problems))
    if problems:
        raise damaged_database(file, problems)
    if version > latest_version():
        raise newer_database(version, latest_version())
    return version
