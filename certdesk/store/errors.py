"""The store's errors, each with a message the user can act on, and the translation of
SQLite's file and disk errors into them. Nothing here opens a database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from certdesk.core.errors import InvalidInput
from certdesk.files import human_size

# SQLite's primary result codes that say something about the file or the disk.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


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


def newer_database(found: int, known: int) -> NewerDatabase:
    return NewerDatabase(
        f"this database was written by a newer certdesk (schema version {found}); this "
        f"certdesk understands schema versions up to {known}. Update certdesk to open it; the "
        "file was not changed.",
        found,
        known,
    )


def damaged_database(file: Path, problems: list[str]) -> DamagedDatabase:
    shown = "\n".join(f"- {p}" for p in problems[:20])
    more = f"\n- ... and {len(problems) - 20} more" if len(problems) > 20 else ""
    return DamagedDatabase(
        f"{file} is damaged, so certdesk did not open it (nothing was written to it). "
        f"The checks found:\n{shown}{more}\nRestore the newest good backup from the "
        f"'backups' folder beside it (in the window, or: certdesk --db FILE restore BACKUP).",
        problems,
        file,
    )
