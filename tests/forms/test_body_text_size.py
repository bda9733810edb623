"""No body text under 9.5 pt on a printed form.

Body text is every paragraph outside a data table: titles, sections, the policy, notices,
the review clause, acknowledgments. Data tables (costs, the schedule, the calculation, report
rows, label/value facts and the signature captions) may be smaller where their columns need
it, and say so with `small_text_reason`; the running header and footer are not body text.
Checked twice: on the reportlab story (each paragraph's style) and on the PDF itself (no text
of a body paragraph is drawn under 9.5 pt).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
from reportlab.platypus import Flowable, Paragraph, Table

from certdesk.forms import reports, samples
from certdesk.forms.acknowledgment import AcknowledgmentRenderer
from certdesk.forms.deduction_authorization import (
    DeductionAuthorizationContent,
    DeductionAuthorizationRenderer,
)
from certdesk.forms.repayment_statement import RepaymentStatementRenderer

MIN_BODY_PT = 9.5


def body_paragraphs(flowables: list[Flowable]) -> list[Paragraph]:
    """Every paragraph of the story that is body text (not inside a data table)."""
    found: list[Paragraph] = []
    for item in flowables:
        if isinstance(item, Paragraph):
            found.append(item)
        elif getattr(item, "small_text_reason", ""):
            continue  # a data table: small where its columns need it
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    cells = cell if isinstance(cell, (list, tuple)) else [cell]
                    found += body_paragraphs([c for c in cells if isinstance(c, Flowable)])
        else:
            for attr in ("_content", "_flowables"):  # KeepTogether and friends
                inner = getattr(item, attr, None)
                if isinstance(inner, list):
                    found += body_paragraphs(inner)
    return found


def _authorization() -> DeductionAuthorizationRenderer:
    return DeductionAuthorizationRenderer(
        DeductionAuthorizationContent(
            company_name="Acme Contact Centers, Inc.",
            agreement_no="TA-2026-0007",
            terms_hash=samples.TERMS_HASH,
            employee_name="Łukasz Żółć-Nguyễn",
            employee_no="H-9001",
            certification="CCCM — Certified Call Center Manager",
            repayable_amount_cents=360000,
            max_per_period_cents=25000,
            no_final_pay_rules=("California AB 692",),
        )
    )


def _report() -> reports.ReportRenderer:
    row = reports.RosterRow(
        "H-9001",
        "Łukasz Żółć-Nguyễn",
        "Gdańsk Hub",
        "CCCM",
        "completed",
        dt.date(2026, 3, 15),
        dt.date(2029, 3, 15),
    )
    captured: list[reports.ReportRenderer] = []
    original = reports.ReportRenderer.render

    def keep(self: reports.ReportRenderer) -> bytes:
        captured.append(self)
        return original(self)

    reports.ReportRenderer.render = keep  # type: ignore[method-assign]
    try:
        reports.render_roster(
            [row], title="Roster", company_name="Acme", generated_on=dt.date(2026, 11, 28)
        )
    finally:
        reports.ReportRenderer.render = original  # type: ignore[method-assign]
    return captured[0]


RENDERERS = {
    "acknowledgment": lambda: AcknowledgmentRenderer(samples.acknowledgment()),
    "acknowledgment per payment": lambda: AcknowledgmentRenderer(
        samples.per_payment_acknowledgment()
    ),
    "repayment statement": lambda: RepaymentStatementRenderer(samples.repayment_statement()),
    "deduction authorization": _authorization,
    "report": _report,
}


@pytest.mark.parametrize("name", RENDERERS)
def test_every_body_paragraph_is_at_least_9_5_pt(name):
    renderer = RENDERERS[name]()
    paragraphs = body_paragraphs(renderer.story())
    assert paragraphs
    small = [
        (p.style.name, p.style.fontSize, p.getPlainText()[:60])
        for p in paragraphs
        if p.style.fontSize < MIN_BODY_PT
    ]
    assert small == []
    # Inline markup never shrinks body text either.
    assert not [p for p in paragraphs if re.search(r"<font[^>]*size", p.text or "")]


def _runs(pdf: bytes) -> list[tuple[float, str]]:
    """(size in points, text) of every piece of text drawn in the PDF."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            runs.append((round(font_size * scale, 2), text.strip()))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", RENDERERS)
def test_no_body_text_is_drawn_under_9_5_pt_in_the_pdf(name):
    renderer = RENDERERS[name]()
    body = [_words(p.getPlainText()) for p in body_paragraphs(renderer.story())]
    runs = _runs(renderer.render())
    assert any(size >= MIN_BODY_PT for size, _ in runs)
    small_body = [
        (size, text)
        for size, text in runs
        if size < MIN_BODY_PT
        # Short labels ("Certification", a date, a name) appear in tables and in sentences.
        and len(text.split()) >= 6
        and any(_words(text) in paragraph for paragraph in body)
    ]
    assert small_body == []


def test_the_policy_text_and_the_review_clause_print_at_9_5_pt_or_more():
    renderer = AcknowledgmentRenderer(samples.acknowledgment())
    runs = _runs(renderer.render())
    clause = [s for s, t in runs if t.startswith("Given to you on 2026-02-02")]
    policy = [s for s, t in runs if t.startswith("Purpose. The company pays")]
    assert clause and policy
    assert min(clause + policy) >= MIN_BODY_PT
