"""CSV exports: safe in a spreadsheet (formula cells neutralised) and re-importable."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from certdesk.core.course import Course
from certdesk.core.errors import InvalidInput
from certdesk.core.validation import MANAGER_FIELDS
from certdesk.services import managers
from certdesk.services.exchange.csv_export import (
    PATH_COLUMNS,
    export,
    export_managers,
    export_paths,
    neutralise,
    to_csv,
)
from certdesk.services.exchange.csv_import import import_managers, import_managers_text
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store, open_store


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("a=1", "a=1"),
        ("Łukasz Żółć-Nguyễn", "Łukasz Żółć-Nguyễn"),
        ("", ""),
        (None, ""),
        (12, "12"),
        (-5, "'-5"),
    ],
)
def test_neutralise(value: object, cell: str) -> None:
    assert neutralise(value) == cell


def test_to_csv_neutralises_every_cell_but_not_the_header() -> None:
    text = to_csv(["a", "b"], [["=1", "ok"], ["x", "@y"]])
    assert text == "a,b\r\n'=1,ok\r\nx,'@y\r\n"


def test_exported_formula_cells_stay_text(store: Store) -> None:
    managers.add_manager(
        store,
        {
            "employee_no": "H-1",
            "full_name": "=cmd|' /C calc'!A0",
            "job_title": "+Team Lead",
            "site": "-Gdańsk",
            "work_state": "NY",
        },
    )
    # Characters the form refuses can still arrive in the file by other routes.
    store.conn.execute(
        "UPDATE employees SET email = '@x.example.com', job_title = char(9) || 'sup'"
    )
    [header, row] = rows_of(export_managers(store))
    assert header == list(MANAGER_FIELDS)
    cells = dict(zip(header, row, strict=True))
    assert cells["full_name"] == "'=cmd|' /C calc'!A0"
    assert cells["site"] == "'-Gdańsk"
    assert cells["email"] == "'@x.example.com"
    assert cells["job_title"] == "'\tsup"
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_managers_export_round_trips(tmp_path: Path, sample_csv: Path) -> None:
    first = open_store(tmp_path / "a.db")
    second = open_store(tmp_path / "b.db")
    try:
        import_managers(first, sample_csv)
        exported = export_managers(first)
        assert rows_of(exported)[0] == list(MANAGER_FIELDS)
        # Into the same database: nothing changes.
        assert import_managers_text(first, exported, "export.csv").describe() == (
            "0 added, 0 updated, 10 unchanged"
        )
        # Into a new database: the same managers, field for field.
        out = tmp_path / "managers.csv"
        out.write_text(exported, encoding="utf-8", newline="")
        assert import_managers(second, out).describe() == "10 added, 0 updated, 0 unchanged"

        def plain(store: Store) -> list[tuple]:
            return [
                (
                    r.employee_no,
                    r.full_name,
                    r.email,
                    r.job_title,
                    r.site,
                    r.work_state,
                    r.hire_date,
                )
                for r in managers.list_managers(store)
            ]

        assert plain(first) == plain(second)
        assert export_managers(second) == exported
    finally:
        first.close()
        second.close()


def test_neutralised_cells_round_trip(tmp_path: Path) -> None:
    """A site such as "@Home Agents" goes out as "'@Home Agents" and comes back unchanged."""
    store = open_store(tmp_path / "a.db")
    try:
        managers.add_manager(
            store,
            {
                "employee_no": "H-1",
                "full_name": "Ola Nowak",
                "site": "@Home Agents",
                "job_title": "+1 Line Lead",
                "email": "o@example.com",
                "work_state": "NY",
            },
        )
        managers.add_manager(
            store,
            {"employee_no": "H-2", "full_name": "'Ola' Nowak", "site": "-", "work_state": "NY"},
        )
        exported = export_managers(store)
        assert "'@Home Agents" in exported and "'+1 Line Lead" in exported
        summary = import_managers_text(store, exported, "export.csv")
        assert summary.describe() == "0 added, 0 updated, 2 unchanged"
        assert managers.get_manager(store, "H-1").site == "@Home Agents"
        assert managers.get_manager(store, "H-2").full_name == "'Ola' Nowak"
        assert managers.get_manager(store, "H-2").site == "-"
        assert export_managers(store) == exported
    finally:
        store.close()


def test_paths_export(store: Store, sample_csv: Path) -> None:
    import_managers(store, sample_csv)
    store.conn.execute("UPDATE certifications SET validity_months = 36 WHERE code = 'CCCM'")
    course = Course("Call Center School", dt.date(2026, 1, 19), dt.date(2026, 1, 23))
    path_id = paths.plan_path(store, "H-9002", "CCCM", "2026-12-15", course=course)
    paths.add_cost(store, path_id, kind="tuition", amount="1,895.00", paid_on="2026-01-05")
    paths.add_cost(store, path_id, kind="exam", amount="350.50", paid_on="2026-01-05")
    paths.add_cost(store, path_id, kind="materials", amount="89.50", paid_by="employee")
    paths.add_session(store, path_id, on="2026-01-20", hours="7.5")
    paths.complete_path(store, path_id, on="2026-03-15", credential_no="=CCCM-1")
    paths.plan_path(store, "H-9003", "SWMP")
    [header, first, second] = rows_of(export_paths(store))
    assert header == list(PATH_COLUMNS)
    row = dict(zip(header, first, strict=True))
    assert row == {
        "path_id": str(path_id),
        "employee_no": "H-9002",
        "full_name": "Nguyễn Thị Hương",
        "cert_code": "CCCM",
        "status": "completed",
        "target_date": "2026-12-15",
        "enrolled_on": "2026-03-15",
        "completed_on": "2026-03-15",
        "credential_no": "'=CCCM-1",
        "expires_on": "2029-03-15",
        "company_paid": "2245.50",
        "hours_away": "7.5",
        "provider": "Call Center School",
        "course_start": "2026-01-19",
        "course_end": "2026-01-23",
    }
    other = dict(zip(header, second, strict=True))
    assert (other["status"], other["company_paid"], other["expires_on"]) == ("planned", "0.00", "")
    assert (other["provider"], other["course_start"], other["course_end"]) == ("", "", "")


def test_export_by_name(store: Store) -> None:
    assert rows_of(export(store, "managers")) == [list(MANAGER_FIELDS)]
    assert rows_of(export(store, "paths")) == [list(PATH_COLUMNS)]
    with pytest.raises(InvalidInput) as exc:
        export(store, "salaries")
    assert exc.value.field == "what"
