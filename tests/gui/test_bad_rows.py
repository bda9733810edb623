"""The window keeps working around one bad row an older version left in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

INT64_MAX = 2**63 - 1


@pytest.fixture
def db_path(db_path: Path) -> Path:
    """The window tests' database with two cost lines SQLite's sum() cannot add up."""
    conn = sqlite3.connect(db_path)
    with conn:
        path_id = conn.execute("SELECT min(id) FROM paths").fetchone()[0]
        for cents in (INT64_MAX, 100):
            conn.execute(
                "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_by, paid_on)"
                " VALUES (?, 'tuition', ?, 'company', date('now'))",
                (path_id, cents),
            )
    conn.close()
    return db_path


def test_paths_and_dashboard_load_with_an_absurd_old_amount(qtbot, window):
    with qtbot.waitSignal(window.paths_page.loaded, timeout=10_000):
        window.show_page("paths")
    model = window.paths_page.model
    assert model.rowCount() > 0
    texts = [
        str(model.data(model.index(row, col)))
        for row in range(model.rowCount())
        for col in range(model.columnCount())
    ]
    assert any("92,233,720,368,547,759" in t for t in texts)  # shown as it is, not "Loading…"

    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        window.show_page("dashboard")
