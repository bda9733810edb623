"""Small flowable builders shared by the forms: paragraphs, grids, notices, signature lines."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from certdesk.forms.base import ACCENT, MUTED, RULE, SHADE, stylesheet
from certdesk.forms.fonts import BOLD, REGULAR, markup, needs_shaping

# An empty table cell that draws nothing ("" would still emit an empty text object).
EMPTY: tuple = ()


def style(name: str) -> ParagraphStyle:
    """A named style from the shared stylesheet."""
    return stylesheet()[name]


@lru_cache(maxsize=64)
def _shaping(style_name: str) -> ParagraphStyle:
    """The style with HarfBuzz shaping on, for paragraphs that hold Arabic, Indic or Thai runs
    (each word is shaped in its font; Latin-only paragraphs skip the cost)."""
    base = style(style_name)
    return ParagraphStyle(f"{base.name}+shaping", parent=base, shaping=1)


def _style_for(safe_markup: str, style_name: str) -> ParagraphStyle:
    return _shaping(style_name) if needs_shaping(safe_markup) else style(style_name)


@lru_cache(maxsize=8192)
def _parsed(safe_markup: str, style_name: str) -> tuple:
    """Parsed paragraph fragments, cached: reportlab's markup parser is the costly part of a
    Paragraph, and forms repeat the same texts. Fragments are only cloned, never changed."""
    return tuple(Paragraph(safe_markup, _style_for(safe_markup, style_name)).frags)


def para(safe_markup: str, style_name: str = "Body", bullet: str | None = None) -> Paragraph:
    """A Paragraph from markup that is already safe (built with `markup`)."""
    frags = list(_parsed(safe_markup, style_name))
    return Paragraph(
        safe_markup, _style_for(safe_markup, style_name), bulletText=bullet, frags=frags
    )


def text(value: str, style_name: str = "Body") -> Paragraph:
    """A paragraph of user (or any plain) text: always escaped, with the CJK fallback."""
    return para(markup(value), style_name)


def rich(trusted_markup: str, style_name: str = "Body") -> Paragraph:
    """A paragraph of markup built by the form itself (user parts already went through markup)."""
    return para(trusted_markup, style_name)


def heading(title: str) -> list[Flowable]:
    """A section heading that never ends a page: it starts a new page unless some room is
    left for what follows (cheaper than keepWithNext, which re-wraps the next flowable)."""
    return [CondPageBreak(30 * mm), para(markup(title), "Heading")]


def grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    right_cols: Sequence[int] = (),
    zebra: bool = True,
    extra: Sequence[tuple] = (),
    header_rows: int = 1,
) -> Table:
    """A data table: shaded bold header row, thin rules, optional zebra rows, splits by page.

    With `header_rows` > 1 the last header row is the column header; all of them repeat."""
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5, 10.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]
    head = header_rows - 1
    if header:
        commands += [
            ("FONT", (0, head), (-1, head), BOLD, 8, 10),
            ("BACKGROUND", (0, head), (-1, head), SHADE),
            ("LINEBELOW", (0, head), (-1, head), 0.8, ACCENT),
        ]
    for col in right_cols:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if zebra:
        first = header_rows if header else 0
        commands.append(("ROWBACKGROUNDS", (0, first), (-1, -1), [None, "#f6f7f9"]))
    commands += list(extra)
    return _data_table(
        Table(
            [list(r) for r in rows],
            colWidths=list(widths),
            repeatRows=header_rows if header else 0,
            style=TableStyle(commands),
            hAlign="LEFT",
        ),
        "data table: columns of figures and dates",
    )


def _data_table(table: Table, reason: str) -> Table:
    """Mark a table whose text may be under 9.5 pt, and why (body text never is)."""
    table.small_text_reason = reason
    return table


def cell(value: str, width: float, style_name: str = "Cell") -> object:
    """A table cell of user text: a plain string when it is safe and fits on one line (fast),
    else a wrapping, escaped Paragraph. Plain strings take the table's FONT for the cell."""
    st = style(style_name)
    value = value or ""
    if (
        "\n" not in value
        and markup(value) == value
        and stringWidth(value, st.fontName, st.fontSize) <= width - 8
    ):
        return value
    return para(markup(value), style_name)


def fields(pairs: Sequence[tuple[str, str]], width: float, columns: int = 2) -> Table:
    """Label/value pairs laid out in `columns` pairs per row (values are user text)."""
    label_w, value_w = width * 0.14, width * (1 / columns - 0.14)
    cells: list[list[object]] = []
    row: list[object] = []
    for label, value in pairs:
        row += [label, cell(value or "—", value_w, "Field")]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [EMPTY] * (2 * columns - len(row)))
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9.5, 12),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]
    for col in range(0, 2 * columns, 2):
        commands += [
            ("FONT", (col, 0), (col, -1), REGULAR, 8.5, 12),
            ("TEXTCOLOR", (col, 0), (col, -1), MUTED),
        ]
    widths = [label_w if i % 2 == 0 else value_w for i in range(2 * columns)]
    return _data_table(
        Table(cells, colWidths=widths, hAlign="LEFT", style=TableStyle(commands)),
        "label column only: the values print at 9.5 pt",
    )


def boxed(flowables: list[Flowable], width: float, shade: str = "#f4f6f9") -> Table:
    """Flowables inside a ruled, lightly shaded box (notices, totals)."""
    return Table(
        [[f] for f in flowables],
        colWidths=[width],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), shade),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (0, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        ),
    )


def signature_lines(parties: Sequence[tuple[str, str]], width: float) -> Table:
    """Signature, printed name and date lines for each (role, printed name) pair."""
    widths = [width * f for f in (0.44, 0.04, 0.32, 0.04, 0.16)]
    rows: list[list[object]] = []
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5, 10.5),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for role, name in parties:
        top = len(rows)
        rows.append([EMPTY, EMPTY, cell(name, widths[2]) if name else EMPTY, EMPTY, EMPTY])
        rows.append([f"{role} signature", EMPTY, "Printed name", EMPTY, "Date"])
        rows.append([EMPTY] * 5)
        label_row = top + 1
        commands += [
            ("LINEABOVE", (col, label_row), (col, label_row), 0.7, MUTED) for col in (0, 2, 4)
        ]
        commands += [
            ("FONT", (0, label_row), (-1, label_row), REGULAR, 7.5, 9),
            ("TEXTCOLOR", (0, label_row), (-1, label_row), MUTED),
            ("VALIGN", (0, label_row), (-1, label_row), "TOP"),
            ("TOPPADDING", (0, label_row), (-1, label_row), 2),
        ]
    heights = [(10 * mm, None, 2 * mm)[i % 3] for i in range(len(rows))]
    return _data_table(
        Table(rows, colWidths=widths, rowHeights=heights, style=TableStyle(commands)),
        "captions under the signature lines",
    )


def bullet(value: str, style_name: str = "Bullet") -> Paragraph:
    """A bullet item of plain text."""
    return para(markup(value), style_name, "•")


def gap(height_mm: float = 3) -> Spacer:
    """Vertical space."""
    return Spacer(1, height_mm * mm)


_BULLETS = ("- ", "* ", "• ")


def plain_text(body: str, style_name: str = "Policy") -> list[Flowable]:
    """Plain text as paragraphs: blank lines separate paragraphs, single newlines reflow,
    and lines starting with "- ", "* " or "• " become bullet items."""
    out: list[Flowable] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        items: list[tuple[bool, list[str]]] = []  # (is_bullet, lines)
        for raw in block.split("\n"):
            line = raw.strip()
            if line.startswith(_BULLETS):
                items.append((True, [line[2:].strip()]))
            elif line and items:
                items[-1][1].append(line)
            elif line:
                items.append((False, [line]))
        for is_bullet, lines in items:
            joined = markup(" ".join(lines))
            if is_bullet:
                out.append(para(joined, "PolicyBullet", "•"))
            else:
                out.append(para(joined, style_name))
        if items and items[-1][0]:
            out.append(Spacer(1, 2.5))
    return out
