"""The figures' definitions and their little arithmetic (core/figures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certdesk.core.figures import FIGURES, RepaymentSplit, per_certified_cents, split_repayment

DOCS = Path(__file__).parents[2] / "docs" / "figures.md"


def test_docs_list_every_definition_word_for_word():
    text = DOCS.read_text(encoding="utf-8")
    for figure in FIGURES.values():
        assert f"- **{figure.title}**: {figure.definition}" in text, figure.key


def test_the_readme_links_the_definitions():
    readme = (DOCS.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/figures.md)" in readme


@pytest.mark.parametrize(
    ("owed", "waived", "received", "split"),
    [
        (120000, True, 30000, RepaymentSplit(120000, 30000, 90000, 0)),  # partial, then waived
        (120000, False, 30000, RepaymentSplit(120000, 30000, 0, 90000)),
        (120000, False, 120000, RepaymentSplit(120000, 120000, 0, 0)),  # repaid
        (0, True, 0, RepaymentSplit()),  # waived at departure: nothing charged
    ],
)
def test_a_repayment_split(owed, waived, received, split):
    assert split_repayment(owed, waived, received) == split


@given(st.integers(0, 10**9), st.booleans(), st.integers(0, 10**9))
def test_charged_is_always_received_plus_waived_plus_to_come(owed, waived, received):
    s = split_repayment(owed, waived, received)
    assert s.charged_cents == s.received_cents + s.waived_cents + s.to_come_cents
    assert min(s.received_cents, s.waived_cents, s.to_come_cents) >= 0


@pytest.mark.parametrize(
    ("spend", "certified", "per"),
    [(855002, 4, 213751), (855001, 4, 213750), (100, 3, 33), (200, 3, 67), (5, 0, None)],
)
def test_per_certified_rounds_half_up(spend, certified, per):
    assert per_certified_cents(spend, certified) == per
