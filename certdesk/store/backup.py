"""Copies of a live database through SQLite's online backup API (never a file copy)."""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from pathlib import Path

from certdesk.store.database import StoreError


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of `conn`'s database to `dest` atomically, owner-only."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            # A standalone copy: no WAL beside it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError("backup", f"cannot write {dest}: {exc.strerror or exc}") from None
    return dest


def default_backup_name(db_path: Path | None, now: _dt.datetime | None = None) -> Path:
    """backups/<name>-YYYYMMDD-HHMMSS.db beside the database."""
    stamp = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = db_path if db_path is not None else Path.cwd() / "certdesk.db"
    return base.parent / "backups" / f"{base.stem}-{stamp}.db"
