"""The team matrix: for each manager and certification, where the credential stands, and how
ready each site is (the share of managers holding every certification their role requires)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from certdesk.core.renewal import Cycle, CycleState, cycle_state


class CellState(StrEnum):
    HELD = "held"
    RENEWAL_DUE = "renewal_due"
    LAPSED = "lapsed"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    NONE = "none"


CELL_STATE_LABELS = {
    CellState.HELD: "held",
    CellState.RENEWAL_DUE: "renewal due",
    CellState.LAPSED: "lapsed",
    CellState.IN_PROGRESS: "in progress",
    CellState.PLANNED: "planned",
    CellState.NONE: "none",
}
# One letter each, for a printed matrix too narrow for words (the legend explains them).
CELL_LETTERS = {
    CellState.HELD: "H",
    CellState.RENEWAL_DUE: "D",
    CellState.LAPSED: "L",
    CellState.IN_PROGRESS: "I",
    CellState.PLANNED: "P",
    CellState.NONE: "",
}
HOLDING = frozenset({CellState.HELD, CellState.RENEWAL_DUE})


@dataclass(frozen=True, slots=True)
class Cell:
    """One manager × certification: state, the date that matters, days left, the path."""

    state: CellState
    date: _dt.date | None = None
    days: int | None = None
    path_id: int | None = None

    def text(self) -> str:
        """Short text for a cell: "2027-03-10" (held until), "due in 24 d", "lapsed 2025-06-15"."""
        if self.state == CellState.HELD:
            return str(self.date) if self.date else "held"
        if self.state == CellState.RENEWAL_DUE:
            return f"due in {self.days} d"
        if self.state == CellState.LAPSED:
            return f"lapsed {self.date}"
        if self.state == CellState.IN_PROGRESS:
            return "in progress"
        if self.state == CellState.PLANNED:
            return "planned"
        return ""

    def long_text(self) -> str:
        """The text for CSV and tooltips."""
        if self.state == CellState.HELD:
            return f"held until {self.date}" if self.date else "held, never expires"
        if self.state == CellState.RENEWAL_DUE:
            return f"renewal due in {self.days} days ({self.date})"
        return self.text()


NO_CELL = Cell(CellState.NONE)


@dataclass(frozen=True, slots=True)
class PathFacts:
    """What the matrix needs of one path: its status and its latest cycle (if completed)."""

    path_id: int
    status: str
    latest_cycle: Cycle | None = None


def matrix_cell(paths: Iterable[PathFacts], today: _dt.date) -> Cell:
    """The cell for one manager's paths toward one certification.

    A held credential (the latest cycle of a completed path) wins; one that never expires
    counts as held for good. Without one held: lapsed if a credential lapsed, else in progress
    (enrolled), else planned (planned or approved), else none."""
    best: Cell | None = None
    lapsed: Cell | None = None
    in_progress = planned = None
    for facts in paths:
        cycle = facts.latest_cycle
        if facts.status == "completed" and cycle is not None:
            state = cycle_state(cycle, today)
            if state == CycleState.LAPSED:
                if lapsed is None or (
                    cycle.ends_on and lapsed.date and cycle.ends_on > lapsed.date
                ):
                    lapsed = Cell(CellState.LAPSED, cycle.ends_on, None, facts.path_id)
                continue
            if state == CycleState.RENEWAL_DUE:
                cell = Cell(
                    CellState.RENEWAL_DUE,
                    cycle.ends_on,
                    (cycle.ends_on - today).days if cycle.ends_on else None,
                    facts.path_id,
                )
            else:
                cell = Cell(CellState.HELD, cycle.ends_on, None, facts.path_id)
            if best is None or _later(cell.date, best.date):
                best = cell
        elif facts.status == "enrolled":
            in_progress = in_progress or Cell(CellState.IN_PROGRESS, path_id=facts.path_id)
        elif facts.status in ("planned", "approved"):
            planned = planned or Cell(CellState.PLANNED, path_id=facts.path_id)
    return best or lapsed or in_progress or planned or NO_CELL


def _later(a: _dt.date | None, b: _dt.date | None) -> bool:
    """Is expiry a later than expiry b (None = never expires = latest)?"""
    if a is None:
        return b is not None
    return b is not None and a > b


@dataclass(frozen=True)
class SiteReadiness:
    """Managers at a site whose role requires certifications, and how many hold them all."""

    site: str
    ready: int
    counted: int

    @property
    def percent(self) -> int | None:
        """Rounded half up; None when no manager there has a role with requirements."""
        if not self.counted:
            return None
        return (200 * self.ready + self.counted) // (2 * self.counted)

    def text(self) -> str:
        if self.percent is None:
            return f"{self.site or '(no site)'}: no role requirements"
        return f"{self.site or '(no site)'}: {self.percent} % ({self.ready} of {self.counted})"


def is_ready(cells: Mapping[str, Cell], required: Iterable[str]) -> bool:
    """Holds (or is due to renew) every required certification."""
    return all(cells.get(code, NO_CELL).state in HOLDING for code in required)


def readiness_by_site(
    managers: Sequence[tuple[str, str, Mapping[str, Cell]]],
    requirements: Mapping[str, Iterable[str]],
) -> list[SiteReadiness]:
    """(site, job title, cells by code) per manager → readiness per site, sites sorted.

    Job titles compare without case or surrounding spaces; a manager whose role requires
    nothing is not counted."""
    needs = {" ".join(t.split()).casefold(): list(codes) for t, codes in requirements.items()}
    tally: dict[str, list[int]] = {}
    for site, title, cells in managers:
        entry = tally.setdefault(site, [0, 0])
        required = needs.get(" ".join(title.split()).casefold())
        if not required:
            continue
        entry[1] += 1
        entry[0] += is_ready(cells, required)
    return [SiteReadiness(site, r, c) for site, (r, c) in sorted(tally.items())]
