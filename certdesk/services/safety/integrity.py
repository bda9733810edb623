"""Use cases that look after the file itself: check and backup (restore: services.safety)."""

from __future__ import annotations

from pathlib import Path

from certdesk.store import Store
from certdesk.store.backup import Progress, backup_file, backup_to, default_backup_name
from certdesk.store.integrity import check, notices


def check_database(store: Store) -> list[str]:
    """Integrity, foreign keys and domain invariants; an empty list means all is well."""
    return check(store.conn)


def database_notices(store: Store) -> list[str]:
    """What to tidy that is not damage (e.g. company-paid costs without a paid-on date)."""
    return notices(store.conn)


def backup_database(
    store: Store, dest: Path | str | None = None, *, progress: Progress | None = None
) -> Path:
    """A consistent copy of the database (default: backups/ beside it); returns its path.

    A file database is copied through its own read-only connection: the copy holds what is
    committed, whatever the store's connection is doing. `progress(done, total)` hears the
    pages copied so far (the window's progress dialog).
    """
    target = Path(dest) if dest else default_backup_name(store.path)
    if store.path is None:
        return backup_to(store.conn, target, progress)
    return backup_file(store.path, target, progress)
