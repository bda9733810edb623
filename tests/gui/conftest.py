"""Fixtures for the window tests: a small database built through the services, and the window."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from certdesk.core.dates import add_months

TODAY = dt.date.today()

# (employee_no, full_name, site, work_state, status of their paths...)
MANAGERS = [
    ("H-9001", "Łukasz Żółć-Nguyễn", "Gdańsk Hub", "PL", ("planned",)),
    ("H-9002", "Nguyễn Thị Hương", "Buffalo Service Desk", "NY", ("enrolled", "completed")),
    ("H-9003", "山田 太郎", "Sacramento Contact Center", "CA", ()),
    ("H-9004", "Agnieszka Wróblewska", "Gdańsk Hub", "PL", ("approved",)),
    ("H-10000", "Zoë Van der Berg", "Denver Customer Care", "CO", ()),
    ("H-9005", "emily johnson", "Denver Customer Care", "CO", ()),
]
DEPARTED = "H-9004"
CERT_OF = {"planned": "CCCM", "approved": "SWMP", "enrolled": "QAMC", "completed": "CCCS"}


def build_database(path: Path) -> None:
    """Managers with Unicode names and paths in several statuses, written via the services."""
    from certdesk.services import managers
    from certdesk.services.paths import lifecycle as paths
    from certdesk.store import catalog, open_store

    store = open_store(path)
    try:
        with store.transaction() as db:  # CCCS expires after 12 months (the seed has no expiry)
            cccs = catalog.get_by_code(db, "CCCS")
            catalog.update(db, replace(cccs, validity_months=12))
        for number, name, site, state, statuses in MANAGERS:
            managers.add_manager(
                store,
                {
                    "employee_no": number,
                    "full_name": name,
                    "site": site,
                    "work_state": state,
                    "email": f"{number.lower()}@example.com",
                    "hire_date": "2020-02-03",
                },
            )
            for status in statuses:
                path_id = paths.plan_path(
                    store, number, CERT_OF[status], add_months(TODAY, 3).isoformat()
                )
                if status == "planned":
                    continue
                paths.move_path(store, path_id, "approved")
                paths.add_cost(
                    store, path_id, kind="tuition", amount="1,495.00", paid_on=TODAY.isoformat()
                )
                if status == "approved":
                    continue
                paths.move_path(store, path_id, "enrolled", on=add_months(TODAY, -12).isoformat())
                if status == "completed":
                    # Completed 11 months and a bit ago: the credential expires within 30 days.
                    done = add_months(TODAY, -12) + dt.timedelta(days=20)
                    paths.complete_path(store, path_id, done.isoformat(), "CCCS-123456")
        # Record the departure directly: departures are another team's use case.
        store.db.execute(
            "UPDATE employees SET status = 'departed', departure_date = ? WHERE employee_no = ?",
            (TODAY.isoformat(), DEPARTED),
        )
    finally:
        store.close()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.certdesk"
    build_database(path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    """A fresh copy of the test database for one test."""
    path = tmp_path / "acme-hr.certdesk"
    shutil.copy(template_db, path)
    return path


@pytest.fixture(autouse=True)
def preferences_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test remembers window sizes, folders and recent databases in its own file."""
    path = tmp_path / "preferences.ini"
    monkeypatch.setenv("CERTDESK_PREFERENCES", str(path))
    return path


def count(db_path: Path, table: str) -> int:
    """Rows in a table, read through a separate connection (the window's is on its worker)."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def query(db_path: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def window(qtbot, db_path: Path) -> Iterator:
    """The main window on the test database, shown, with the managers list loaded."""
    from certdesk.gui.app import create_window

    win = create_window(db_path)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.managers_page.loaded, timeout=5000):
        win.show()
    yield win
    win.close()
