"""The status moves a new date calls for (a served commitment becomes fulfilled), run once
when a database is opened — by the command line before its command, by the window right after
its first list is shown — and in the writes that start a commitment. Reads never make them."""

from __future__ import annotations

from pathlib import Path

from certdesk.services.agreements.lifecycle import refresh_statuses
from certdesk.store import Store, open_store


def open_for_command(db_path: Path | str) -> Store:
    """Open a database for one command-line command: checks, migrate (backed up first), then
    the date's status moves, as the window makes them when it opens the file, so both show the
    same statuses."""
    store = open_store(db_path)
    try:
        refresh_statuses(store)
    except BaseException:
        store.close()
        raise
    return store


def move_statuses_by_date(store: Store) -> int:
    """The date's status moves on an open database; how many agreements moved."""
    return refresh_statuses(store)
