"""The repayment statement PDF."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from pypdf import PdfReader

from certdesk.core.repayment_types import Calculation, CalculationLine
from certdesk.forms import samples
from certdesk.forms.repayment_statement import render_repayment_statement
from certdesk.forms.wording import FINAL_PAY_NOTE


def text_of(pdf: bytes) -> str:
    """All text, whitespace (and line wraps) collapsed to single spaces."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_per_payment_statement():
    content = samples.repayment_statement()
    pdf = render_repayment_statement(content)
    text = text_of(pdf)
    assert "Repayment Statement" in text
    assert "Nguyễn Thị Hương" in text
    assert "TA-2026-0011" in text
    assert "12 months served of 24" in text and "6 months served of 24" in text
    assert "50 %" in text and "75 %" in text
    assert "$2,125.00" in text  # owed
    assert "$500.00" in text  # received
    assert "Balance due" in text and "$1,625.00" in text
    assert "resignation, is not waived" in text
    assert "minimum wage" in text and "overtime" in text
    assert "page 1 of 1" in text
    assert render_repayment_statement(content) == pdf


def test_waived_departure_and_custom_note():
    line = CalculationLine(
        "Whole repayable amount", dt.date(2026, 3, 15), 360000, 5, 0, 0, "Layoff: waived."
    )
    calc = Calculation(0, 360000, "layoff", True, (line,), ("Layoff is waived: owed 0.00.",))
    content = replace(
        samples.repayment_statement(),
        employee_name="山田 太郎",
        reason="layoff",
        clock="commitment",
        commitment_text="24 months from 2026-03-15",
        calculation=calc,
        payments_received_cents=0,
        final_pay_note="Custom <note> & text",
        page_size="a4",
    )
    text = text_of(render_repayment_statement(content))
    assert "山田" in text and "太郎" in text
    assert "is waived: nothing is owed" in text
    assert "5 months served of 24" in text
    # Nothing owed: no final-pay note, custom or not, and the table says why.
    assert "Nothing is owed under this agreement" in text
    assert "Custom <note> & text" not in text
    assert FINAL_PAY_NOTE[:30] not in text


def test_default_note_mentions_flsa():
    assert "minimum wage" in FINAL_PAY_NOTE and "overtime" in FINAL_PAY_NOTE
