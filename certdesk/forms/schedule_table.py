"""The repayment schedule table of one block, drawn directly on the canvas.

A platypus Table costs about 130 µs a row here, which made the month-by-month schedule the
slowest part of the acknowledgment; this flowable draws the same look in one text object and
one path, splits between rows and repeats its title and column header on every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from certdesk.forms.base import ACCENT, INK, RULE, SHADE
from certdesk.forms.fonts import BOLD, REGULAR

ZEBRA = "#f6f7f9"
PAD_X = 4.0
PAD_Y = 2.5
SIZE, LEADING = 8.5, 10.5
HEAD_SIZE, HEAD_LEADING = 8.0, 10.0
ROW_H = LEADING + 2 * PAD_Y
HEAD_H = HEAD_LEADING + 2 * PAD_Y
MIN_ROWS = 3  # never leave fewer rows than this at the foot of a page or alone on the next


class ScheduleTable(Flowable):
    """Title row (a Paragraph), a shaded column header, then plain-text rows."""

    small_text_reason = "data table: one row per band, dates and amounts"

    def __init__(
        self,
        title: Paragraph,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        fractions: Sequence[float],
        right: Sequence[int] = (),
    ) -> None:
        super().__init__()
        self.title = title
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.fractions = list(fractions)
        self.right = set(right)
        self.title_h = 0.0

    def _fixed_height(self, width: float) -> float:
        _, h = self.title.wrap(width - 2 * PAD_X, 10_000)
        self.title_h = h + 2 * PAD_Y
        return self.title_h + HEAD_H

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self._fixed_height(availWidth) + ROW_H * len(self.rows)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        fixed = self._fixed_height(availWidth)
        fits = int((availHeight - fixed) // ROW_H)
        if fits >= len(self.rows):
            return [self]
        fits = min(fits, len(self.rows) - MIN_ROWS)
        if fits < MIN_ROWS:
            return []  # move the whole table to the next page
        return [self._part(self.rows[:fits]), self._part(self.rows[fits:])]

    def _part(self, rows: list[list[str]]) -> ScheduleTable:
        return ScheduleTable(self.title, self.header, rows, self.fractions, self.right)

    def draw(self) -> None:
        canv = self.canv
        width = self.width
        edges = [0.0]
        for fraction in self.fractions:
            edges.append(edges[-1] + width * fraction)
        top = self.height
        self.title.drawOn(canv, PAD_X, top - PAD_Y - self.title.height)
        head_top = top - self.title_h
        body_top = head_top - HEAD_H
        bottom = body_top - ROW_H * len(self.rows)

        canv.saveState()
        canv.setFillColor(SHADE)
        canv.rect(0, body_top, width, HEAD_H, stroke=0, fill=1)
        zebra = canv.beginPath()
        for i in range(1, len(self.rows), 2):
            zebra.rect(0, body_top - ROW_H * (i + 1), width, ROW_H)
        canv.setFillColor(ZEBRA)
        canv.drawPath(zebra, stroke=0, fill=1)
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(0.8)
        canv.line(0, body_top, width, body_top)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(0, bottom, width, bottom)

        text = canv.beginText()
        text.setFillColor(INK)
        text.setFont(BOLD, HEAD_SIZE, HEAD_LEADING)
        self._line(text, self.header, edges, head_top - PAD_Y - HEAD_SIZE, BOLD, HEAD_SIZE)
        text.setFont(REGULAR, SIZE, LEADING)
        for i, row in enumerate(self.rows):
            baseline = body_top - ROW_H * i - PAD_Y - SIZE
            self._line(text, row, edges, baseline, REGULAR, SIZE)
        canv.drawText(text)
        canv.restoreState()

    def _line(self, text, cells, edges, baseline, font, size) -> None:
        for col, value in enumerate(cells):
            if not value:
                continue
            if col in self.right:
                x = edges[col + 1] - PAD_X - stringWidth(value, font, size)
            else:
                x = edges[col] + PAD_X
            text.setTextOrigin(x, baseline)
            text.textOut(value)
