"""The demo's sample scans: a certificate PDF and a receipt PNG, even without FreeType."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from PIL import Image, ImageFont
from pypdf import PdfReader

from certdesk.forms import demo_files


def test_certificate_is_a_one_page_pdf_with_the_name() -> None:
    pdf = demo_files.certificate_pdf(
        "山田 太郎", "Certified Call Center Manager", "X-1", dt.date(2026, 1, 2)
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "Certified Call Center Manager" in reader.pages[0].extract_text()


def test_receipt_png_with_and_without_freetype() -> None:
    lines = [("CCCM course tuition", "1,495.00")]
    for patch in (None, mock.patch.object(ImageFont, "truetype", side_effect=ImportError)):
        if patch is None:
            data = demo_files.receipt_png("ICMI", lines, "1,495.00", dt.date(2026, 1, 2))
        else:
            with patch:  # the standalone bundle's Pillow has no FreeType
                data = demo_files.receipt_png("ICMI", lines, "1,495.00", dt.date(2026, 1, 2))
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.width == 620
