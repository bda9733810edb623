"""The team matrix: one row per active manager, one column per certification code, with
readiness per site from the role → required certifications table; as CSV or landscape PDF."""

from __future__ import annotations

import datetime as _dt
import gc
from dataclasses import dataclass
from pathlib import Path

from certdesk.core.errors import InvalidInput
from certdesk.core.matrix import (
    CELL_STATE_LABELS,
    HOLDING,
    NO_CELL,
    Cell,
    CellState,
    PathFacts,
    SiteReadiness,
    matrix_cell,
)
from certdesk.files import write_csv_or_pdf
from certdesk.services.catalog.roles import role_requirements
from certdesk.services.exchange.csv_export import to_csv
from certdesk.store import Store
from certdesk.store import renewals as store
from certdesk.store import settings as settings_store

MAX_PDF_CERTIFICATIONS = 40


@dataclass(frozen=True, slots=True)
class MatrixRow:
    employee_no: str
    full_name: str
    site: str
    job_title: str
    cells: tuple[Cell, ...]
    required: tuple[bool, ...]  # per code: does this manager's role require it
    ready: bool | None  # None: the role requires nothing


@dataclass(frozen=True)
class MatrixGrid:
    codes: tuple[str, ...]
    rows: list[MatrixRow]
    readiness: list[SiteReadiness]
    today: _dt.date

    def sites(self) -> list[str]:
        return sorted({r.site for r in self.rows})


def matrix_grid(store_: Store, today: _dt.date | None = None) -> MatrixGrid:
    """The whole grid (reads only).

    It makes some 150,000 small objects for 10,000 managers, none of them in a reference
    cycle: the cyclic garbage collector is paused meanwhile, else its full passes over the
    whole process (the window's lists included) would hold the interpreter lock long enough to
    freeze the window while this runs on the worker thread."""

    paused = gc.isenabled()
    gc.disable()
    try:
        return _matrix_grid(store_, today or _dt.date.today())
    finally:
        if paused:
            gc.enable()


def _matrix_grid(store_: Store, today: _dt.date) -> MatrixGrid:
    managers, certs, path_rows, latest = store.matrix_source(store_.db)
    held_codes = {cert_id for _, _, cert_id, _ in path_rows}
    columns = [(cid, code) for cid, code, active in certs if active or cid in held_codes]
    codes = tuple(code for _, code in columns)
    index = {cid: i for i, (cid, _) in enumerate(columns)}
    facts: dict[int, list[list[PathFacts]]] = {}
    for path_id, employee_id, cert_id, status in path_rows:
        if cert_id not in index:
            continue
        per = facts.get(employee_id)
        if per is None:
            per = facts[employee_id] = [[] for _ in columns]
        per[index[cert_id]].append(PathFacts(path_id, status, latest.get(path_id)))
    requirements = role_requirements(store_)
    needs = {" ".join(t.split()).casefold(): set(c) for t, c in requirements.items()}
    # Per job title (as typed): which columns its role requires; computed once per title.
    required_of: dict[str, tuple[tuple[bool, ...], tuple[int, ...]]] = {}
    empty = tuple(NO_CELL for _ in columns)
    no_requirement = tuple(False for _ in columns)
    rows = []
    tally: dict[str, list[int]] = {}
    for employee_id, employee_no, name, site, title in managers:
        per = facts.get(employee_id)
        cells = tuple(matrix_cell(f, today) if f else NO_CELL for f in per) if per else empty
        if title not in required_of:
            wanted = needs.get(" ".join(title.split()).casefold(), set())
            flags = tuple(code in wanted for code in codes) if wanted else no_requirement
            # A required code missing from the columns (retired, never held) is never held.
            missing = bool(wanted - set(codes))
            columns_needed = tuple(i for i, f in enumerate(flags) if f)
            required_of[title] = (flags, (-1, *columns_needed) if missing else columns_needed)
        flags, wanted_columns = required_of[title]
        entry = tally.setdefault(site, [0, 0])
        ready = None
        if wanted_columns:
            ready = all(i >= 0 and cells[i].state in HOLDING for i in wanted_columns)
            entry[0] += ready
            entry[1] += 1
        rows.append(MatrixRow(employee_no, name, site, title, cells, flags, ready))
    readiness = [SiteReadiness(site, r, c) for site, (r, c) in sorted(tally.items())]
    return MatrixGrid(codes, rows, readiness, today)


def filter_rows(
    rows: list[MatrixRow], *, site: str | None = None, state: CellState | None = None
) -> list[MatrixRow]:
    """Rows at a site (None: all) with at least one cell in a state (None: any)."""
    out = rows if site is None else [r for r in rows if r.site == site]
    if state is not None:
        out = [r for r in out if any(c.state == state for c in r.cells)]
    return out


def matrix_csv(grid: MatrixGrid) -> str:
    cols = ("employee_no", "full_name", "site", "job_title", *grid.codes)
    return to_csv(
        cols,
        (
            [r.employee_no, r.full_name, r.site, r.job_title, *(c.long_text() for c in r.cells)]
            for r in grid.rows
        ),
    )


def matrix_pdf(store_: Store, grid: MatrixGrid) -> bytes:
    from certdesk.forms.matrix import render_matrix

    if len(grid.codes) > MAX_PDF_CERTIFICATIONS:
        raise InvalidInput(
            "output",
            f"the printed matrix fits up to {MAX_PDF_CERTIFICATIONS} certifications "
            f"({len(grid.codes)} in the catalog); export it as CSV instead",
        )
    settings = settings_store.get_all(store_.db)
    return render_matrix(
        grid,
        company_name=settings["company_name"],
        page_size=settings["page_size"],
        generated_on=grid.today,
    )


def write_matrix(store_: Store, output: Path | None, today: _dt.date | None = None) -> str | None:
    """`certdesk report matrix`: to a .csv or .pdf file, or CSV text without a file."""

    grid = matrix_grid(store_, today)
    return write_csv_or_pdf(
        output, lambda: matrix_csv(grid), lambda: matrix_pdf(store_, grid), "the matrix"
    )


STATE_WORDS = CELL_STATE_LABELS
