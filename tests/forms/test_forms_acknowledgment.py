"""The acknowledgment PDF: text read back, determinism, page sizes, long schedules."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from certdesk.forms import samples
from certdesk.forms.acknowledgment import render_acknowledgment
from certdesk.forms.base import short_hash


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def content():
    return samples.acknowledgment()


@pytest.fixture(scope="module")
def pdf(content) -> bytes:
    return render_acknowledgment(content)


def test_renders_a_pdf(pdf):
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_text_reads_back(pdf, content):
    text = "\n".join(pages_text(pdf))
    assert "Łukasz Żółć-Nguyễn" in text
    assert "Tuition Assistance Agreement and Acknowledgment" in text
    assert content.agreement_no in text
    assert "Tuition Assistance Policy, version 3" in text
    for amount in ("3,000.00", "600.00", "85.00"):  # each cost line
        assert amount in text
    assert "Repayable amount under this agreement" in text
    assert "3,600.00" in text  # totals
    assert "24 months" in text
    assert "Leaving from 2026-03-15 to 2026-04-14" in text
    assert "On or after 2028-03-15" in text
    assert "66.67 %" in text
    assert "not a condition of employment" in text
    assert "Layoff or reduction in force" in text
    assert "Initials" in text


def test_footer_on_every_page(pdf, content):
    texts = pages_text(pdf)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {total}" in text
        assert short_hash(content.terms_hash) in text
        assert f"Agreement {content.agreement_no}" in text
        assert "Form CD-101" in text
        assert content.company_name in text


def test_short_hash_is_12_hex():
    assert short_hash(samples.TERMS_HASH) == samples.TERMS_HASH[:12]


def test_cjk_name_prints(content):
    text = "\n".join(pages_text(render_acknowledgment(replace(content, employee_name="山田 太郎"))))
    assert "山田 太郎" in text or "山田太郎" in text.replace(" ", "")
    assert "山田" in text and "太郎" in text


def test_markup_in_a_name_is_printed_literally(content):
    pdf = render_acknowledgment(replace(content, employee_name="Ann <b>& Co", site="A&B <i>"))
    text = "\n".join(pages_text(pdf))
    assert "Ann <b>& Co" in text
    assert "A&B <i>" in text


def test_same_input_same_bytes(content, pdf):
    again = render_acknowledgment(content)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(pdf).hexdigest()


def test_letter_and_a4(content, pdf):
    letter_box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(letter_box.width)), round(float(letter_box.height))) == (612, 792)
    a4 = render_acknowledgment(replace(content, page_size="a4"))
    a4_box = PdfReader(io.BytesIO(a4)).pages[0].mediabox
    assert (round(float(a4_box.width)), round(float(a4_box.height))) == (595, 842)


def test_long_prorated_schedule_splits_across_pages():
    content = samples.acknowledgment(months=40)
    texts = pages_text(render_acknowledgment(content))
    rows = [
        i for i, t in enumerate(texts) for line in t.splitlines() if line.startswith("Leaving from")
    ]
    assert sum("Leaving from" in line for t in texts for line in t.splitlines()) == 40
    schedule_pages = sorted(set(rows))
    assert len(schedule_pages) >= 2
    for i in schedule_pages:  # the block title and column header repeat on each page
        assert "If you leave" in texts[i]
        assert "Whole repayable amount" in texts[i]
    assert "On or after 2029-07-15" in "\n".join(texts)


def test_per_payment_blocks():
    content = samples.per_payment_acknowledgment()
    text = "\n".join(pages_text(render_acknowledgment(content)))
    assert "Nguyễn Thị Hương" in text
    assert "Payment 1: SWMP part 1: $2,000.00, clock starts 2026-01-15" in text
    assert "Payment 2: SWMP part 2: $1,500.00, clock starts 2026-07-20" in text
    assert "Leaving from 2026-07-20 to 2027-01-19" in text
    assert "1,125.00" in text
    assert "Wages paid for class hours are never repayable." in text


def test_invalid_page_size_is_rejected(content):
    from certdesk.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as err:
        render_acknowledgment(replace(content, page_size="legal"))
    assert err.value.field == "page_size"


def test_bytes_match_a_fresh_process(pdf):
    """Caches (parsed paragraphs, font subsets) never change the output."""
    import subprocess
    import sys

    code = (
        "import hashlib, sys; from certdesk.forms import samples; "
        "from certdesk.forms.acknowledgment import render_acknowledgment; "
        "sys.stdout.write(hashlib.sha256(render_acknowledgment(samples.acknowledgment()))"
        ".hexdigest())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    render_acknowledgment(samples.per_payment_acknowledgment())  # warm other cache entries
    assert out.stdout == hashlib.sha256(render_acknowledgment(samples.acknowledgment())).hexdigest()
    assert out.stdout == hashlib.sha256(pdf).hexdigest()


def test_a_cost_not_yet_paid_says_so(content):
    first = replace(content.cost_lines[0], paid_on=None, not_yet_paid=True)
    text = pages_text(
        render_acknowledgment(replace(content, cost_lines=(first, *content.cost_lines[1:])))
    )
    assert "not yet paid" in text[0]
    assert "not yet paid" not in " ".join(pages_text(render_acknowledgment(content)))
