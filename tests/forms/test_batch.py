"""A batch rendered on worker processes gives the same bytes, in the same order, as one by one."""

from dataclasses import replace

from certdesk.forms import samples
from certdesk.forms.acknowledgment import render_acknowledgment
from certdesk.forms.batch import PARALLEL_FROM, render_acknowledgments


def test_parallel_batch_matches_one_by_one():
    base = samples.acknowledgment()
    contents = [
        replace(base, agreement_no=f"TA-2026-{i:04d}", employee_no=f"H-{i}")
        for i in range(PARALLEL_FROM + 2)
    ]
    seen = []
    rendered = render_acknowledgments(contents, workers=2, progress=lambda d, t: seen.append(d))
    assert rendered[0] == render_acknowledgment(contents[0])
    assert rendered[-1] == render_acknowledgment(contents[-1])
    assert len(set(rendered)) == len(contents)  # each form is its own
    assert seen[-1] == len(contents) and seen == sorted(seen)
