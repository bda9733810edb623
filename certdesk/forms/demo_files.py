"""Sample scans for the demo database: a certificate PDF and a receipt image, so that proofs,
receipts and the audit binder can be tried without real documents."""

from __future__ import annotations

import datetime as _dt
import io

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from certdesk.forms import fonts
from certdesk.forms.base import setup


def certificate_pdf(full_name: str, cert_name: str, credential_no: str, on: _dt.date) -> bytes:
    """A one-page landscape certificate of completion (sample)."""
    setup()
    buffer = io.BytesIO()
    width, height = landscape(letter)
    canv = Canvas(buffer, pagesize=(width, height), invariant=1)
    canv.setTitle(f"Certificate — {cert_name}")
    canv.setLineWidth(3)
    canv.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    canv.setLineWidth(0.8)
    canv.rect(19 * mm, 19 * mm, width - 38 * mm, height - 38 * mm)
    middle = width / 2
    fonts.draw_string(
        canv, middle, height - 55 * mm, "CERTIFICATE OF COMPLETION", fonts.BOLD, 26, "center"
    )
    fonts.draw_string(
        canv, middle, height - 75 * mm, "This certifies that", fonts.REGULAR, 13, "center"
    )
    fonts.draw_string(canv, middle, height - 95 * mm, full_name, fonts.BOLD, 24, "center")
    fonts.draw_string(
        canv,
        middle,
        height - 115 * mm,
        "has met every requirement of the",
        fonts.REGULAR,
        13,
        "center",
    )
    fonts.draw_string(canv, middle, height - 132 * mm, cert_name, fonts.BOLD, 18, "center")
    fonts.draw_string(
        canv,
        middle,
        45 * mm,
        f"Credential no. {credential_no}   ·   awarded {on.isoformat()}",
        fonts.REGULAR,
        11,
        "center",
    )
    fonts.draw_string(
        canv, middle, 32 * mm, "SAMPLE — certdesk demo data", fonts.REGULAR, 8, "center"
    )
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def receipt_png(vendor: str, lines: list[tuple[str, str]], total: str, on: _dt.date) -> bytes:
    """An itemised receipt as a PNG image (sample), as a phone photo or scan would be."""

    image = Image.new("RGB", (620, 300 + 34 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    try:
        regular = ImageFont.truetype(str(fonts.FONT_DIR / "DejaVuSans.ttf"), 20)
        bold = ImageFont.truetype(str(fonts.FONT_DIR / "DejaVuSans-Bold.ttf"), 26)
    except (ImportError, OSError):  # a Pillow without FreeType (the standalone bundle)
        regular = bold = ImageFont.load_default_imagefont()
    draw.rectangle([8, 8, image.width - 9, image.height - 9], outline="black", width=2)
    draw.text((30, 28), vendor, font=bold, fill="black")
    draw.text((30, 70), f"Receipt · {on.isoformat()}", font=regular, fill="black")
    y = 120
    for text, amount in lines:
        draw.text((30, y), text, font=regular, fill="black")
        draw.text((image.width - 30, y), amount, font=regular, fill="black", anchor="ra")
        y += 34
    draw.line([30, y + 6, image.width - 30, y + 6], fill="black", width=2)
    draw.text((30, y + 20), "Total paid", font=bold, fill="black")
    draw.text((image.width - 30, y + 20), total, font=bold, fill="black", anchor="ra")
    draw.text((30, image.height - 50), "SAMPLE - certdesk demo data", font=regular, fill="gray")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
