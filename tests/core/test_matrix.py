"""Team matrix cells and readiness per site."""

from __future__ import annotations

import datetime as dt

from certdesk.core.matrix import (
    NO_CELL,
    CellState,
    PathFacts,
    matrix_cell,
    readiness_by_site,
)
from certdesk.core.renewal import Cycle

D = dt.date
TODAY = D(2026, 3, 15)


def test_cells() -> None:
    held = PathFacts(1, "completed", Cycle(1, 1, D(2025, 1, 1), D(2027, 1, 1)))
    cell = matrix_cell([held], TODAY)
    assert (cell.state, cell.date, cell.path_id, cell.text()) == (
        CellState.HELD,
        D(2027, 1, 1),
        1,
        "2027-01-01",
    )
    assert cell.long_text() == "held until 2027-01-01"
    due = PathFacts(2, "completed", Cycle(2, 1, D(2024, 4, 14), D(2026, 4, 14)))
    cell = matrix_cell([due], TODAY)
    assert (cell.state, cell.days, cell.text()) == (CellState.RENEWAL_DUE, 30, "due in 30 d")
    lapsed = PathFacts(3, "completed", Cycle(3, 1, D(2023, 1, 1), D(2025, 1, 1)))
    assert matrix_cell([lapsed], TODAY).text() == "lapsed 2025-01-01"
    enrolled, planned = PathFacts(4, "enrolled"), PathFacts(5, "approved")
    # Held wins over a lapsed or a new path; lapsed over one in progress; then progress, plan.
    assert matrix_cell([lapsed, held, enrolled], TODAY).path_id == 1
    assert matrix_cell([enrolled, lapsed], TODAY).state == CellState.LAPSED
    assert matrix_cell([planned, enrolled], TODAY).state == CellState.IN_PROGRESS
    assert matrix_cell([planned, PathFacts(6, "withdrawn")], TODAY).state == CellState.PLANNED
    assert matrix_cell([PathFacts(6, "failed")], TODAY) is NO_CELL
    never = PathFacts(7, "completed", Cycle(7, 1, D(2020, 1, 1), None))
    assert matrix_cell([held, never], TODAY).text() == "held"  # never expiring is the best
    renewed = Cycle(8, 1, D(2023, 1, 1), D(2025, 1, 1), D(2024, 12, 1), "credits")
    assert matrix_cell([PathFacts(8, "completed", renewed)], TODAY).state == CellState.HELD


def test_readiness_by_site() -> None:
    held = matrix_cell([PathFacts(1, "completed", Cycle(1, 1, D(2025, 1, 1), None))], TODAY)
    due = matrix_cell([PathFacts(2, "completed", Cycle(2, 1, D(2024, 4, 1), D(2026, 4, 1)))], TODAY)
    managers = [
        ("Buffalo", "Call Center Manager", {"CCCM": held, "QAMC": due}),  # ready
        ("Buffalo", "call center manager ", {"CCCM": held}),  # QAMC missing
        ("Buffalo", "Team Lead", {}),  # nothing required: not counted
        ("Gdańsk", "Call Center Manager", {"CCCM": held, "QAMC": held}),
        ("Gdańsk", "Call Center Manager", {"CCCM": held, "QAMC": held}),
        ("Gdańsk", "Call Center Manager", {}),
    ]
    out = readiness_by_site(managers, {"Call Center Manager": ["CCCM", "QAMC"]})
    assert [(r.site, r.ready, r.counted, r.percent) for r in out] == [
        ("Buffalo", 1, 2, 50),
        ("Gdańsk", 2, 3, 67),
    ]
    assert out[1].text() == "Gdańsk: 67 % (2 of 3)"
    assert readiness_by_site([("X", "T", {})], {})[0].text() == "X: no role requirements"
