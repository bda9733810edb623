"""Opening a certdesk database safely: checks, connection settings, migrations, transactions.

Opening an existing file goes: refuse a folder or a read-only file → check it through a
read-only connection (SQLite's quick_check, foreign keys, schema version) so that a damaged or
newer file is never opened for writing → connect (WAL, synchronous=FULL, busy_timeout, foreign
keys) → back up, then migrate, if the schema is older.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shutil
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.errors import InvalidInput
from certdesk.store.schema import MIGRATIONS, latest_version

if TYPE_CHECKING:
    from certdesk.store.lock import DatabaseLock

# SQLite's primary result codes that say something about the file or the disk.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(InvalidInput):
    """The store refused a change or a file (constraint, newer schema, damaged file...)."""


class NewerDatabase(StoreError):
    """The file was written by a newer certdesk; nothing was changed in it."""

    def __init__(self, message: str, found: int, known: int) -> None:
        super().__init__("database", message)
        self.found, self.known = found, known


class DamagedDatabase(StoreError):
    """The file failed SQLite's checks (or is not a database); it was not opened for writing."""

    def __init__(self, message: str, problems: list[str], path: Path | None = None) -> None:
        super().__init__("database", message)
        self.problems = problems
        self.path = path


class ReadOnlyDatabase(StoreError):
    """The file (or its folder) cannot be written, so certdesk cannot keep changes in it."""


class DiskProblem(StoreError):
    """The disk is full or failed during a change; the change was rolled back."""


def translate_error(exc: sqlite3.Error, path: Path | None = None) -> StoreError | None:
    """A StoreError the user can act on for an SQLite error about the file or disk, else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    name = path.name if path is not None else "the database"
    free = _free_bytes(path.parent) if path is not None else None
    free_text = f" ({_size_text(free)} free)" if free is not None else ""
    nearly_full = free is not None and free < NEARLY_FULL_BYTES
    if (
        primary == SQLITE_FULL
        or "database or disk is full" in text
        or (nearly_full and (primary == SQLITE_IOERR or "disk i/o error" in text))
    ):
        return DiskProblem(
            "database",
            f"the disk is full{free_text} (or the database reached its size limit), so nothing "
            "of this change was saved. Free some disk space and try again.",
        )
    if primary == SQLITE_IOERR or "disk i/o error" in text:
        return DiskProblem(
            "database",
            f"the disk reported an error while saving to {name}{free_text}, so nothing of this "
            "change was saved. Check that the disk (or USB stick or network folder) is still "
            "there and try again.",
        )
    if primary == SQLITE_READONLY or "readonly database" in text:
        return ReadOnlyDatabase(
            "database",
            f"{name} is read-only, so nothing of this change was saved. Copy the file to a "
            "folder you can write to (or clear its read-only mark) and open the copy.",
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return StoreError(
            "database",
            f"another program is using {name} and did not let go in time, so nothing of this "
            "change was saved. Try again in a moment.",
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text:
        return DamagedDatabase(
            f"{name} is damaged ({exc}), so nothing of this change was saved. Close certdesk: "
            "when it opens the file again it offers to restore the newest good backup.",
            [str(exc)],
            path,
        )
    return None


# Below this much free space an I/O error is the disk being full: SQLite needs room for its
# shared-memory index (32 KB) and write-ahead log before it can even read a WAL database.
NEARLY_FULL_BYTES = 1024 * 1024
# Errors about reaching the file or the disk, not about what is in the file.
_IO_WORDS = ("disk i/o error", "unable to open database file", "disk is full", "out of memory")


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _size_text(size: int) -> str:
    from certdesk.store.files import human_size

    return human_size(size)


def is_io_problem(problem: str) -> bool:
    """True for a check line that says the file could not be read, not that it is damaged."""
    return any(word in problem.lower() for word in _IO_WORDS)


def disk_problem_on_open(file: Path, detail: str) -> DiskProblem:
    """The file could not be read or its journal not created: the disk, not damage."""
    free = _free_bytes(file.parent)
    if free is not None and free < NEARLY_FULL_BYTES:
        return DiskProblem(
            "database",
            f"the disk holding {file.name} is full ({_size_text(free)} free), so certdesk "
            "could not open it; nothing in it was changed. Free some disk space (delete or "
            "move files you do not need) and open it again.",
        )
    free_text = f", {_size_text(free)} free" if free is not None else ""
    return DiskProblem(
        "database",
        f"the disk reported an error while opening {file.name} ({detail}{free_text}); nothing "
        "in it was changed, and this is not known to be damage. Check that the disk (or USB "
        "stick or network folder) is still there and open it again.",
    )


class Store:
    """One open database file. Only the thread that runs use cases touches it."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, lock: DatabaseLock | None = None
    ) -> None:
        self._conn = conn
        self._db: sqlite_utils.Database | None = None
        self.path = path
        self.lock = lock  # the one-writer lock, held while the store is open (None: not taken)

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


def _in_memory(path: Path | str) -> bool:
    # Only the string ":memory:" from code means a memory database; a Path (what the command
    # line and the window pass) is always a file, even one called ":memory:".
    return isinstance(path, str) and path == ":memory:"


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with certdesk's settings. The path is always a plain file name, never a URI."""
    created_before: dict[Path, bool] = {}
    if _in_memory(path):
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


def _newer(found: int, known: int) -> NewerDatabase:
    return NewerDatabase(
        f"this database was written by a newer certdesk (schema version {found}); this "
        f"certdesk understands schema versions up to {known}. Update certdesk to open it; the "
        "file was not changed.",
        found,
        known,
    )


def _damaged(file: Path, problems: list[str]) -> DamagedDatabase:
    shown = "\n".join(f"- {p}" for p in problems[:20])
    more = f"\n- ... and {len(problems) - 20} more" if len(problems) > 20 else ""
    return DamagedDatabase(
        f"{file} is damaged, so certdesk did not open it (nothing was written to it). "
        f"The checks found:\n{shown}{more}\nRestore the newest good backup from the "
        f"'backups' folder beside it (in the window, or: certdesk --db FILE restore BACKUP).",
        problems,
        file,
    )


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
        raise _damaged(file, problems)
    if version > latest_version():
        raise _newer(version, latest_version())
    return version


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
        raise _newer(current, known)
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
        from certdesk.store.backup import backup_name, backup_to

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
    if not _in_memory(path):
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
