"""Acknowledgment PDF timings (not part of the test suite).

Run: .venv/bin/python benchmarks/forms.py [--batch 500] [--repeat 30]

Prints the median time of one acknowledgment after warm-up, a batch of distinct forms, a
one-paragraph reportlab document built in the same run, and the ratios. Budget (DESIGN.md):
one form <= 15 ms, 500 in a batch <= 5 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from dataclasses import replace

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from certdesk.forms import samples
from certdesk.forms.acknowledgment import render_acknowledgment
from certdesk.forms.base import setup, stylesheet
from certdesk.forms.batch import render_acknowledgments

FORM_BUDGET_MS = 15.0
BATCH_BUDGET_S = 5.0
NAMES = (
    "Łukasz Żółć-Nguyễn",
    "Nguyễn Thị Hương",
    "山田 太郎",
    "Mary O'Connor",
    "José Álvarez Peña",
    "Søren Kierkegård",
    "Aylin Yılmaz",
    "Zoë Brontë-Smith",
)


def median_ms(fn, repeat: int) -> float:
    """Median wall time of fn() in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def one_paragraph(style) -> bytes:
    """The smallest useful reportlab document: one paragraph on one page."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build(
        [Paragraph("Tuition assistance acknowledgment for Łukasz.", style)]
    )
    return buffer.getvalue()


def batch_contents(count: int):
    """Distinct forms (names, numbers, sites, commitment lengths), made one at a time as a
    batch job reading rows would."""
    base = samples.acknowledgment()
    for i in range(count):
        months = (12, 24, 36)[i % 3]
        content = samples.acknowledgment(months=months, name=f"{NAMES[i % len(NAMES)]} {i}")
        yield replace(
            content,
            agreement_no=f"TA-2026-{i + 1:04d}",
            employee_no=f"H-{10000 + i}",
            site=("Gdańsk Hub", "Austin", "Manila", "Tokyo")[i % 4],
            policy_body=base.policy_body,
        )


def accelerated() -> bool:
    """True when reportlab uses its C accelerator (the rl_accel package)."""
    from reportlab.lib import rl_accel

    return rl_accel.fp_str.__module__ != "reportlab.lib.rl_accel"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    setup()
    content = samples.acknowledgment()
    for _ in range(5):  # warm-up: fonts, styles, caches
        render_acknowledgment(content)
        one_paragraph(stylesheet()["Body"])

    form_ms = median_ms(lambda: render_acknowledgment(content), args.repeat)
    para_dejavu_ms = median_ms(lambda: one_paragraph(stylesheet()["Body"]), args.repeat)
    para_plain_ms = median_ms(lambda: one_paragraph(getSampleStyleSheet()["Normal"]), args.repeat)
    start, cpu = time.perf_counter(), time.process_time()
    total_bytes = sum(len(render_acknowledgment(c)) for c in batch_contents(args.batch))
    batch_s = time.perf_counter() - start
    batch_cpu_s = time.process_time() - cpu

    contents = list(batch_contents(args.batch))
    start = time.perf_counter()
    parallel = render_acknowledgments(contents)
    parallel_s = time.perf_counter() - start
    assert len(parallel) == args.batch

    pages = render_acknowledgment(content).count(b"/Type /Page\n")
    print(f"reportlab C accelerator (rl_accel): {'yes' if accelerated() else 'no'}")
    print(f"one acknowledgment ({pages} pages), median of {args.repeat}: {form_ms:.2f} ms")
    print(f"one-paragraph document, DejaVu:    {para_dejavu_ms:.2f} ms")
    print(f"one-paragraph document, Helvetica: {para_plain_ms:.2f} ms")
    print(f"ratio acknowledgment / one-paragraph DejaVu:    {form_ms / para_dejavu_ms:.1f}x")
    print(f"ratio acknowledgment / one-paragraph Helvetica: {form_ms / para_plain_ms:.1f}x")
    print(
        f"batch of {args.batch} distinct acknowledgments: {batch_s:.2f} s "
        f"({batch_s / args.batch * 1000:.2f} ms each, CPU {batch_cpu_s:.2f} s, "
        f"{total_bytes / args.batch / 1024:.0f} KiB each)"
    )
    print(
        f"batch of {args.batch} with forms.batch.render_acknowledgments (all cores): "
        f"{parallel_s:.2f} s ({parallel_s / args.batch * 1000:.2f} ms each); "
        f"ratio to one by one: {parallel_s / batch_s:.2f}x"
    )
    print(
        f"budget one form <= {FORM_BUDGET_MS:.0f} ms: "
        f"{'ok' if form_ms <= FORM_BUDGET_MS else 'MISSED'}; "
        f"budget 500 <= {BATCH_BUDGET_S:.0f} s: "
        f"{'ok' if parallel_s * 500 / args.batch <= BATCH_BUDGET_S else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
