"""Use cases that look after the file itself: check and backup."""

from __future__ import annotations

from pathlib import Path

from certdesk.store import Store
from certdesk.store.backup import backup_to, default_backup_name
from certdesk.store.integrity import check


def check_database(store: Store) -> list[str]:
    """Integrity, foreign keys and domain invariants; an empty list means all is well."""
    return check(store.conn)


def backup_database(store: Store, dest: Path | str | None = None) -> Path:
    """A consistent copy of the database (default: backups/ beside it); returns its path."""
    target = Path(dest) if dest else default_backup_name(store.path)
    return backup_to(store.conn, target)
