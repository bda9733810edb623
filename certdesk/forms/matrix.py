"""The team matrix as a landscape PDF: managers × certifications, coloured cells, readiness per
site. Up to 40 certification columns fit the page: cells carry dates while they are wide enough,
else a letter (explained in the legend); headers turn upright when the columns are narrow."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from certdesk.core.matrix import CELL_LETTERS, CELL_STATE_LABELS, CellState
from certdesk.forms import blocks, fonts
from certdesk.forms.base import RULE, SHADE, FormRenderer, date_text

if TYPE_CHECKING:
    from certdesk.services.reports.matrix import MatrixGrid

CELL_COLORS = {
    CellState.HELD: colors.HexColor("#cfe8d0"),
    CellState.RENEWAL_DUE: colors.HexColor("#fbe3b4"),
    CellState.LAPSED: colors.HexColor("#f4c7c3"),
    CellState.IN_PROGRESS: colors.HexColor("#cfe0f4"),
    CellState.PLANNED: colors.HexColor("#e6e6e6"),
}
CHUNK = 40  # rows per table: each repeats the header
WORDS_MIN_WIDTH = 40  # points: below this a cell shows a letter, not a date


class _Upright(Flowable):
    """A column header written bottom to top (for narrow columns)."""

    def __init__(self, text: str, size: float = 6.5) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.width = size + 2
        self.height = fonts_width(text, size) + 2

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.rotate(90)
        fonts.draw_string(canv, 1, -self.size - 0.5, self.text, fonts.BOLD, self.size)
        canv.restoreState()


def fonts_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, fonts.BOLD, size)


class MatrixRenderer(FormRenderer):
    form_no = "CD-M"
    title = "Team certification matrix"
    wide = True
    margin_x = 10 * mm

    def __init__(self, grid: MatrixGrid, *, generated_on: _dt.date, **kw) -> None:
        super().__init__(**kw)
        self.grid = grid
        self.generated_on = generated_on

    def story(self) -> list[Flowable]:
        grid = self.grid
        count = len(grid.rows)
        out: list[Flowable] = [
            blocks.text(self.doc_title, "Title"),
            blocks.text(
                f"Generated {date_text(self.generated_on)}  ·  {count} active "
                f"manager{'s' * (count != 1)}  ·  {len(grid.codes)} certifications",
                "Subtitle",
            ),
        ]
        ready = [r.text() for r in grid.readiness if r.percent is not None]
        if ready:
            out.append(
                blocks.text(
                    "Readiness by site (roles' required certifications held): " + ";  ".join(ready)
                )
            )
        out.append(blocks.text(self._legend()))
        if not grid.rows or not grid.codes:
            return out + [blocks.text("Nothing to report.")]
        fixed = [44.0, 120.0]
        cert_w = (self.width - sum(fixed)) / len(grid.codes)
        words = cert_w >= WORDS_MIN_WIDTH
        size = 6.0 if words else max(4.5, min(6.5, cert_w * 0.45))
        header: list[object] = ["No.", "Name"]
        header += [code if words else _Upright(code) for code in grid.codes]
        widths = fixed + [cert_w] * len(grid.codes)
        for start in range(0, len(grid.rows), CHUNK):
            chunk = grid.rows[start : start + CHUNK]
            body: list[list[object]] = [header]
            styles: list[tuple] = [
                ("FONT", (0, 0), (-1, 0), fonts.BOLD, 6.5),
                ("FONT", (0, 1), (-1, -1), fonts.REGULAR, size),
                ("FONT", (0, 1), (1, -1), fonts.REGULAR, 6.5),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
            ]
            for y, row in enumerate(chunk, start=1):
                name = row.full_name if len(row.full_name) <= 28 else row.full_name[:27] + "…"
                line: list[object] = [row.employee_no, blocks.cell(name, fixed[1], "Cell")]
                for x, cell in enumerate(row.cells, start=2):
                    line.append(_cell_text(cell, words))
                    color = CELL_COLORS.get(cell.state)
                    if color is not None:
                        styles.append(("BACKGROUND", (x, y), (x, y), color))
                    if row.required[x - 2]:
                        styles.append(("BOX", (x, y), (x, y), 0.9, colors.black))
                body.append(line)
            table = Table(body, colWidths=widths, repeatRows=1)
            table.setStyle(TableStyle(styles))
            out.append(table)
        return out

    def _legend(self) -> str:
        parts = [
            f"{CELL_LETTERS[s]} = {CELL_STATE_LABELS[s]}" for s in CELL_LETTERS if CELL_LETTERS[s]
        ]
        return (
            "Cells: held until its expiry date, renewal due (within 90 days), lapsed, in "
            "progress (enrolled), planned. Where columns are narrow: "
            + ", ".join(parts)
            + ". A framed cell is required by the manager's role."
        )


def _cell_text(cell, words: bool) -> str:
    if not words:
        return CELL_LETTERS[cell.state]
    if cell.state == CellState.HELD:
        return str(cell.date) if cell.date else "held"
    if cell.state == CellState.RENEWAL_DUE:
        return f"due {cell.days} d"
    if cell.state == CellState.LAPSED:
        return f"lapsed {cell.date:%Y-%m}" if cell.date else "lapsed"
    return cell.text()


def render_matrix(
    grid: MatrixGrid, *, company_name: str, page_size: str, generated_on: _dt.date
) -> bytes:
    return MatrixRenderer(
        grid, generated_on=generated_on, company_name=company_name, page_size=page_size
    ).render()
