"""One renderer base for every certdesk PDF: geometry, page templates, styles, header, footer.

Renderers return bytes (byte-identical for the same input: reportlab's `invariant=1`);
callers store them or write them with certdesk.files.write_bytes_atomically.
"""

from __future__ import annotations

import datetime as _dt
import io
from functools import lru_cache
from typing import ClassVar

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents
from certdesk.forms import fonts

PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": letter, "a4": A4}

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#ececec")
ACCENT = colors.HexColor("#1f3b5c")


def page_size_of(name: str, *, wide: bool = False) -> tuple[float, float]:
    """The reportlab page size for "letter" or "a4" (landscape when `wide`)."""
    size = PAGE_SIZES.get((name or "").strip().lower())
    if size is None:
        raise InvalidInput("page_size", f"{name!r} is not a page size; use letter or a4")
    return landscape(size) if wide else size


def percent_text(basis_points: int) -> str:
    """Basis points as a percentage: 10000 -> "100 %", 6667 -> "66.67 %", 3350 -> "33.5 %"."""
    whole, frac = divmod(basis_points, 100)
    text = f"{whole}.{frac:02d}".rstrip("0").rstrip(".") if frac else str(whole)
    return f"{text} %"


def money(cents: int, symbol: str = "") -> str:
    """Cents as "1,234.56" (with the currency symbol when given)."""
    return format_cents(cents, symbol)


def date_text(value: _dt.date | None, empty: str = "—") -> str:
    """An ISO date, or `empty` when there is none."""
    return value.isoformat() if value is not None else empty


def short_hash(terms_hash: str) -> str:
    """The first 12 hex characters of the terms hash, as printed on every page."""
    return (terms_hash or "").strip().lower()[:12]


def months_text(months: int) -> str:
    """ "1 month", "24 months"."""
    return f"{months} month" if months == 1 else f"{months} months"


@lru_cache(maxsize=1)
def stylesheet() -> StyleSheet1:
    """The named paragraph styles every form uses (built once, on first render)."""
    fonts.register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "Body", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5, textColor=INK, spaceAfter=4
    )

    def add(name: str, **kw) -> None:
        sheet.add(ParagraphStyle(name, parent=kw.pop("parent", base), **kw))

    sheet.add(base)
    add("Title", fontName=fonts.BOLD, fontSize=16, leading=20, spaceAfter=2, textColor=ACCENT)
    add("Subtitle", fontSize=9.5, leading=12, textColor=MUTED, spaceAfter=8)
    add(
        "Heading",
        fontName=fonts.BOLD,
        fontSize=11,
        leading=14,
        spaceBefore=7,
        spaceAfter=4,
        textColor=ACCENT,
    )
    add(
        "Subheading",
        fontName=fonts.BOLD,
        fontSize=9.5,
        leading=12,
        spaceBefore=6,
        spaceAfter=3,
    )
    # No text of a form's body under 9.5 pt (tests/forms/test_body_text_size.py): only data
    # tables (blocks.grid, the schedule) and the running header and footer are smaller.
    add("Small", fontSize=9.5, leading=12, textColor=MUTED, spaceAfter=2)
    add("Policy", fontSize=9.5, leading=12.5, spaceAfter=4)  # binding text: never smaller
    add("Bullet", leftIndent=12, bulletIndent=2, spaceAfter=2)
    add("PolicyBullet", parent=sheet["Policy"], leftIndent=12, bulletIndent=2, spaceAfter=1.5)
    add("Cell", fontSize=8.5, leading=10.5, spaceAfter=0)
    add("CellBold", parent=sheet["Cell"], fontName=fonts.BOLD)
    add("CellRight", parent=sheet["Cell"], alignment=TA_RIGHT)
    add("Field", fontSize=9.5, leading=12, spaceAfter=0)  # a value in blocks.fields
    add("CellSmall", parent=sheet["Cell"], fontSize=7.5, leading=9, textColor=MUTED)
    add("Label", fontSize=7.5, leading=9, textColor=MUTED, spaceAfter=0)
    add("Notice", fontSize=9.5, leading=12.5, spaceAfter=0)
    add("Total", fontName=fonts.BOLD, fontSize=11, leading=14, spaceAfter=0)
    return sheet


_configured = False


def setup() -> None:
    """Once per process: register the fonts and write binary (not ASCII85) streams,
    which are smaller and skip a slow pure-Python encoder. Only forms use reportlab."""
    global _configured
    if not _configured:
        fonts.register_fonts()
        rl_config.useA85 = 0
        _configured = True


class _NumberedCanvas(Canvas):
    """A canvas that writes "page x of y" once the page count is known (one build pass)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            spot = getattr(self, "_page_label_spot", None)
            if spot is not None:
                x, y = spot
                self.setFont(fonts.REGULAR, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(x, y, f"page {self._pageNumber} of {total}")
            Canvas.showPage(self)
        Canvas.save(self)


class FormRenderer:
    """Base of every certdesk PDF. Subclasses set the class attributes and write `story()`."""

    form_no: ClassVar[str] = ""
    title: ClassVar[str] = ""
    wide: ClassVar[bool] = False  # landscape
    margin_x: ClassVar[float] = 18 * mm
    margin_top: ClassVar[float] = 22 * mm
    margin_bottom: ClassVar[float] = 20 * mm

    def __init__(
        self,
        *,
        company_name: str,
        page_size: str = "letter",
        agreement_no: str = "",
        terms_hash: str = "",
        title: str | None = None,
        wide: bool | None = None,
        logo: bytes = b"",
    ) -> None:
        self.company_name = company_name or ""
        self.logo = logo or b""  # PNG or JPEG printed left of the company name
        self.page_size = page_size_of(page_size, wide=self.wide if wide is None else wide)
        self.agreement_no = agreement_no or ""
        self.terms_hash = terms_hash or ""
        self.doc_title = title or self.title
        self.width = self.page_size[0] - 2 * self.margin_x
        self.height = self.page_size[1] - self.margin_top - self.margin_bottom
        self.styles = stylesheet()

    def story(self) -> list[Flowable]:
        """The flowables of the document body."""
        raise NotImplementedError

    def columns(self, *fractions: float) -> list[float]:
        """Column widths as fractions of the frame width."""
        return [self.width * f for f in fractions]

    def footer_text(self) -> str:
        """Form number, agreement number and short terms hash, as given."""
        parts = []
        if self.form_no:
            parts.append(f"Form {self.form_no}")
        if self.agreement_no:
            parts.append(f"Agreement {self.agreement_no}")
        if self.terms_hash:
            parts.append(f"Terms {short_hash(self.terms_hash)}")
        return "  ·  ".join(parts)

    def render(self) -> bytes:
        """Build the PDF and return its bytes."""
        setup()
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.margin_x,
            rightMargin=self.margin_x,
            topMargin=self.margin_top,
            bottomMargin=self.margin_bottom,
            title=self.doc_title,
            author=self.company_name,
            subject=self.agreement_no or self.doc_title,
            creator="certdesk",
            invariant=1,
        )
        frame = Frame(
            self.margin_x,
            self.margin_bottom,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates(
            [
                PageTemplate("first", [frame], onPage=self._decorate, autoNextPageTemplate="later"),
                PageTemplate("later", [frame], onPage=self._decorate),
            ]
        )
        doc.build(self.story(), canvasmaker=_NumberedCanvas)
        return buffer.getvalue()

    def _draw_logo(self, canv: Canvas, x: float, y: float) -> float:
        """The logo, 9 mm high (at most 45 mm wide), its bottom at y; returns its width."""
        from reportlab.lib.utils import ImageReader

        try:
            image = ImageReader(io.BytesIO(self.logo))
            width, height = image.getSize()
        except Exception:  # noqa: BLE001 (a logo reportlab cannot read is left out)
            return -3 * mm
        high = 9 * mm
        wide = min(45 * mm, high * width / max(height, 1))
        canv.drawImage(image, x, y, width=wide, height=high, mask="auto", preserveAspectRatio=True)
        return wide

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Header (company name) and footer on every page."""
        page_w, page_h = self.page_size
        left, right = self.margin_x, page_w - self.margin_x
        canv.saveState()
        header_y = page_h - 13 * mm
        name_x = left
        if self.logo:
            name_x = left + self._draw_logo(canv, left, header_y - 1.5 * mm) + 3 * mm
        fonts.draw_string(canv, name_x, header_y, self.company_name, fonts.BOLD, 10)
        canv.setFillColor(MUTED)
        right_text = (
            self.doc_title if doc.page > 1 else (f"Form {self.form_no}" if self.form_no else "")
        )
        if right_text:
            fonts.draw_string(canv, right, header_y, right_text, fonts.REGULAR, 8, align="right")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, header_y - 2.5 * mm, right, header_y - 2.5 * mm)

        footer_y = 11 * mm
        canv.line(left, footer_y + 3.5 * mm, right, footer_y + 3.5 * mm)
        fonts.draw_string(canv, left, footer_y, self.footer_text(), fonts.REGULAR, 7.5)
        canv._page_label_spot = (right, footer_y)
        canv.restoreState()
