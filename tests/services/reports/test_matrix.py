"""The team matrix: grid, filters, readiness, CSV and the landscape PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.matrix import CellState
from certdesk.services import managers
from certdesk.services.catalog import roles
from certdesk.services.paths import lifecycle as paths
from certdesk.services.reports import matrix
from certdesk.store import Store

TODAY = dt.date.today()


@pytest.fixture
def team(store: Store) -> Store:
    store.conn.execute("UPDATE certifications SET validity_months = 24")
    people = [
        ("H-1", "Łukasz Żółć", "Gdańsk Hub", "Call Center Manager"),
        ("H-2", "山田 太郎", "Gdańsk Hub", "Call Center Manager"),
        ("H-3", "Nguyễn Thị Hương", "Buffalo", "Team Lead"),
    ]
    for number, name, site, title in people:
        managers.add_manager(
            store,
            {"employee_no": number, "full_name": name, "site": site, "job_title": title},
        )
    done = TODAY - dt.timedelta(days=100)
    for number in ("H-1", "H-2"):
        pid = paths.plan_path(store, number, "CCCM")
        paths.complete_path(store, pid, done.isoformat(), missing_reason="demo")
    pid = paths.plan_path(store, "H-1", "QAMC")
    paths.complete_path(store, pid, "2020-01-10", missing_reason="demo")  # lapsed 2022
    paths.move_path(store, paths.plan_path(store, "H-3", "SWMP"), "approved")
    roles.set_role_requirements(store, "Call Center Manager", ["CCCM"])
    return store


def test_grid_cells_and_readiness(team: Store) -> None:
    grid = matrix.matrix_grid(team, TODAY)
    assert grid.codes == ("CCCM", "CCCS", "QAMC", "SWMP")
    by_no = {r.employee_no: r for r in grid.rows}
    assert [c.state for c in by_no["H-1"].cells] == [
        CellState.HELD,
        CellState.NONE,
        CellState.LAPSED,
        CellState.NONE,
    ]
    assert by_no["H-3"].cells[3].state == CellState.PLANNED
    assert by_no["H-1"].required == (True, False, False, False)
    assert (by_no["H-1"].ready, by_no["H-3"].ready) == (True, None)
    assert [(r.site, r.ready, r.counted) for r in grid.readiness] == [
        ("Buffalo", 0, 0),
        ("Gdańsk Hub", 2, 2),
    ]
    assert [r.employee_no for r in matrix.filter_rows(grid.rows, state=CellState.LAPSED)] == ["H-1"]
    assert [r.employee_no for r in matrix.filter_rows(grid.rows, site="Buffalo")] == ["H-3"]


def test_csv_one_row_per_active_manager(team: Store) -> None:
    managers.add_manager(team, {"employee_no": "H-4", "full_name": "Gone"})
    team.conn.execute(
        "UPDATE employees SET status = 'departed', departure_date = '2026-01-01'"
        " WHERE employee_no = 'H-4'"
    )
    rows = list(csv.reader(io.StringIO(matrix.write_matrix(team, None, TODAY))))
    assert rows[0] == [
        "employee_no",
        "full_name",
        "site",
        "job_title",
        "CCCM",
        "CCCS",
        "QAMC",
        "SWMP",
    ]
    assert [r[0] for r in rows[1:]] == ["H-1", "H-2", "H-3"]
    assert rows[1][6].startswith("lapsed 2022-01-10")
    assert rows[1][4].startswith("held until ")


def test_pdf_landscape_fits_40_certifications(team: Store, tmp_path: Path) -> None:
    from pypdf import PdfReader

    for i in range(36):
        team.conn.execute(
            "INSERT INTO certifications (code, name) VALUES (?, ?)", [f"X{i:02d}-LONGCODE", "x"]
        )
    out = tmp_path / "matrix.pdf"
    matrix.write_matrix(team, out, TODAY)
    reader = PdfReader(out)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert len(reader.pages) == 1
    text = page.extract_text()
    assert "Team certification matrix" in text and "Gdańsk Hub: 100 % (2 of 2)" in text
    assert "page 1 of 1" in text
    team.conn.execute("INSERT INTO certifications (code, name) VALUES ('Z41', 'z')")
    with pytest.raises(InvalidInput, match="up to 40 certifications") as exc:
        matrix.write_matrix(team, tmp_path / "big.pdf", TODAY)
    assert exc.value.field == "output"
    assert not (tmp_path / "big.pdf").exists()
    with pytest.raises(InvalidInput, match=r"\.pdf or \.csv"):
        matrix.write_matrix(team, tmp_path / "m.txt", TODAY)
