"""Tabular reports."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from pypdf import PdfReader

from certdesk.forms.reports import (
    AgreementRow,
    RosterRow,
    SpendRow,
    render_agreements_register,
    render_roster,
    render_spend,
)

D = dt.date(2026, 3, 1)


def read(pdf: bytes) -> tuple[list[str], tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    return [p.extract_text() for p in reader.pages], (round(box.width), round(box.height))


def test_roster_landscape_and_unicode():
    rows = [
        RosterRow("H-9001", "Łukasz Żółć-Nguyễn", "Gdańsk Hub", "CCCM", "completed", D, None),
        RosterRow("H-9002", "山田 太郎", "Tokyo", "SWMP", "enrolled"),
    ] * 40
    texts, size = read(render_roster(rows, company_name="Acme", generated_on=D))
    assert size == (792, 612)
    assert len(texts) >= 2
    assert all("Employee no." in t for t in texts)  # header repeats
    joined = "\n".join(texts)
    assert "Łukasz Żółć-Nguyễn" in joined and "山田" in joined
    assert "Generated 2026-03-01" in joined and "80 rows" in joined
    assert "never" in joined  # no expiry


def test_agreements_register_a4():
    rows = [AgreementRow("TA-2026-0001", "Ann <b>&", "CCCM", "in_commitment", 360000, 24, D, None)]
    texts, size = read(
        render_agreements_register(rows, company_name="Acme", generated_on=D, page_size="a4")
    )
    assert size == (842, 595)
    assert "Ann <b>&" in texts[0] and "3,600.00" in texts[0] and "In commitment" in texts[0]


def test_spend_flags_section_127():
    rows = [
        SpendRow(2025, "H-1", "Ann", 610000, 85000),
        SpendRow(2025, "H-2", "Bo", 200000),
        SpendRow(2026, "H-1", "Ann", 100000),
    ]
    texts, size = read(render_spend(rows, company_name="Acme", generated_on=D))
    assert size == (612, 792)
    text = texts[0]
    assert "Taxable above limit" in text and "850.00" in text
    assert "Total 2025" in text and "8,100.00" in text and "Total 2026" in text
    assert "5,250.00" in text


def test_empty_report():
    texts, _ = read(render_roster([], company_name="Acme", generated_on=D))
    assert "Nothing to report." in texts[0]


def test_long_report_is_chunked_and_keeps_row_styles():
    rows = [SpendRow(2025, f"H-{i:04d}", "Ann", 610000 if i % 3 == 0 else 1000) for i in range(400)]
    rows = [replace(r, over_127_cents=85000) if r.company_paid_cents > 525000 else r for r in rows]
    texts, _ = read(render_spend(rows, company_name="Acme", generated_on=D))
    joined = "\n".join(texts)
    assert joined.count("Taxable above limit") == len([r for r in rows if r.over_127_cents])
    assert "H-0399" in joined and "Total 2025" in joined
    assert all("Employee no." in t for t in texts)
