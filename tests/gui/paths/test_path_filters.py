"""The Paths page's Show choices agree with the status bar's counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from certdesk.gui.paths.filters import EXPIRING, OVERDUE, keep_only
from certdesk.services.overview import attention
from certdesk.services.paths.views import list_paths
from certdesk.store import open_store


@pytest.mark.parametrize("days_on", [0, 100, 400])
def test_each_group_lists_as_many_paths_as_the_status_bar_counts(db_path: Path, days_on: int):
    day = dt.date.today() + dt.timedelta(days=days_on)
    store = open_store(db_path)
    try:
        counted = attention(store, today=day)
        rows = list_paths(store, today=day)
    finally:
        store.close()

    def listed(choice: str) -> int:
        keep = keep_only(choice, day)
        return sum(1 for r in rows if keep(r))

    assert listed(EXPIRING) == counted.expiring_soon
    assert listed("expired") == counted.expired
    assert listed(OVERDUE) == counted.overdue


def test_all_paths_has_no_condition():
    assert keep_only("") is None


def test_a_departed_managers_credential_is_not_expiring(db_path: Path):
    """The same window as the dashboard card and `report expiring`: active managers only."""
    from certdesk.store import figures

    store = open_store(db_path)
    try:
        [(path_id, expires, number)] = store.conn.execute(
            "SELECT p.id, p.expires_on, e.employee_no FROM paths p"
            " JOIN employees e ON e.id = p.employee_id WHERE p.expires_on IS NOT NULL"
        ).fetchall()
        store.conn.execute(
            "UPDATE employees SET status = 'departed', departure_date = ? WHERE employee_no = ?",
            (dt.date.today().isoformat(), number),
        )
        day = dt.date.today()
        rows = list_paths(store, today=day)
        assert attention(store, today=day).expiring_soon == 0
        assert figures.expiring_path_ids(store.conn, day.isoformat(), expires) == []
    finally:
        store.close()
    keep = keep_only(EXPIRING, day)
    assert not any(keep(r) for r in rows)
    assert [r.id for r in rows if r.expires_on] == [path_id]
