"""Golden outputs: what the command line prints and the forms it writes, on the demo database.

The demo is built with the clock frozen at 2026-11-28 09:30 UTC, then every command below runs
in-process under the same clock. Text outputs are compared with tests/golden/<case>.txt; PDFs by
SHA-256 in tests/golden/pdf_hashes.json. A refactoring must leave every case unchanged; a change
to a printed output on purpose is regenerated with

    CERTDESK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

and the diff of tests/golden/ read before committing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from pypdf import PdfReader

time_machine = pytest.importorskip("time_machine")

from certdesk.cli import main  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"
HASHES = GOLDEN / "pdf_hashes.json"
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
UPDATE = os.environ.get("CERTDESK_UPDATE_GOLDEN") == "1"
VERSIONS_KEY = "_rendered_with"


def renderer_versions() -> dict[str, str]:
    """The libraries that decide a PDF's bytes and its extracted text."""
    return {name: metadata.version(name) for name in ("reportlab", "uharfbuzz", "pypdf")}


# DESIGN.md's worked examples, plus the state rules' notes.
REPAYMENT = [
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2027-03-14 --reason resigned",
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2027-03-15 --reason resigned",
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2028-03-15 --reason resigned",
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2026-03-01 --reason resigned",
    "--amount 1000.00 --start 2026-03-15 --months 36 --schedule prorated --departure 2026-04-15 --reason resigned",
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule stepped --departure 2026-10-15 --reason resigned",
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2026-10-15 --reason layoff",
    "--amount 4500.00 --start 2025-06-30 --schedule tiers --tiers 12:100,24:66,36:33 --departure 2026-09-15 --reason resigned",
    "--clock per-payment --payment 2026-01-15:2000.00 --payment 2026-07-20:1500.00 --schedule tiers --tiers 6:100,12:75,18:50,24:25 --departure 2027-02-10 --reason resigned",
    "--amount 1950.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2026-10-15 --reason dismissed_other --state CA --signed 2026-01-01",
    "--amount 1950.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2026-10-15 --reason dismissed_other --state NY --signed 2026-12-18",
    "--amount 3600.00 --start 2026-03-15 --months 36 --schedule stepped --departure 2026-10-15 --reason resigned --state CO",
    "--amount 3600.00 --start 2026-03-15 --months 24 --schedule prorated --departure 2026-02-30 --reason resigned",
]

ISSUED = [
    "TA-2024-0001",
    "TA-2025-0001",
    "TA-2025-0002",
    "TA-2025-0003",
    "TA-2026-0001",
    "TA-2026-0002",
    "TA-2026-0003",
    "TA-2026-0004",
    "TA-2026-0006",
    "TA-2026-0007",
]
DEPARTED = ["TA-2025-0002", "TA-2025-0003", "TA-2026-0006"]

# (case name, arguments after --db; "{out}" is a file the command writes)
CASES: list[tuple[str, str]] = [
    *[(f"list-{kind}", f"list {kind} --json") for kind in ("managers", "paths", "agreements")],
    *[
        (f"export-{kind}", f"export {kind} -o {{out}}.csv")
        for kind in ("managers", "paths", "agreements")
    ],
    *[
        (f"report-{kind}", f"report {kind} -o {{out}}.csv")
        for kind in ("roster", "agreements", "spend", "expiring", "renewals", "matrix")
    ],
    *[
        (f"report-{kind}-pdf", f"report {kind} -o {{out}}.pdf")
        for kind in ("roster", "agreements", "spend", "expiring", "renewals", "matrix")
    ],
    *[(f"repayment-{i:02d}", f"repayment {args}") for i, args in enumerate(REPAYMENT, 1)],
    *[(f"form-{number}", f"form {number} -o {{out}}.pdf") for number in ISSUED],
    *[(f"statement-{number}", f"statement {number} -o {{out}}.pdf") for number in DEPARTED],
    (
        "authorization-TA-2026-0001",
        "agreement authorization TA-2026-0001 --max-per-period 150.00 -o {out}.pdf",
    ),
    ("binder-H-9009", "binder H-9009 -o {out}.pdf"),
    # The commitment-start notice (TA-2025-0001: version 2, after the demo's unpaid leave).
    *[
        (f"notice-{number}", f"notice {number} -o {{out}}.pdf")
        for number in ("TA-2025-0001", "TA-2026-0002", "TA-2026-0007")
    ],
    ("leave-list", "leave list --json"),
    ("cycles-H-9001", "cycles H-9001 --json"),
    ("check", "check"),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("golden") / "demo.db"
    with time_machine.travel(NOW, tick=False):
        assert main(["--db", str(path), "demo"]) == 0
    yield path


def run_case(
    db: Path, arguments: str, out_stem: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, list[Path]]:
    """The case's text (exit code, stdout, stderr, written text files) and the PDFs it wrote."""
    argv = [part.replace("{out}", str(out_stem)) for part in arguments.split()]
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False):
        code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    text = f"$ certdesk {arguments}\nexit: {code}\n--- stdout\n{out}--- stderr\n{err}"
    pdfs: list[Path] = []
    for written in sorted(out_stem.parent.glob(out_stem.name + ".*")):
        if written.suffix == ".pdf":
            pdfs.append(written)
            pages = PdfReader(written).pages
            text += f"--- .pdf, {len(pages)} page(s)\n"
            text += "\n".join(page.extract_text() for page in pages) + "\n"
        else:
            text += f"--- {written.suffix}\n{written.read_text(encoding='utf-8')}"
    return text.replace(str(out_stem.parent), "<tmp>"), pdfs


@pytest.mark.parametrize(("case", "arguments"), CASES, ids=[case for case, _ in CASES])
def test_output_is_unchanged(
    case: str, arguments: str, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, pdfs = run_case(demo_db, arguments, tmp_path / "out", capsys)
    hashes = json.loads(HASHES.read_text()) if HASHES.exists() else {}
    got_hash = hashlib.sha256(pdfs[0].read_bytes()).hexdigest() if pdfs else None
    expected_file = GOLDEN / f"{case}.txt"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        expected_file.write_text(text, encoding="utf-8")
        # Each case owns its key; re-read right before writing (xdist workers share the file).
        hashes = json.loads(HASHES.read_text()) if HASHES.exists() else {}
        if got_hash:
            hashes[case] = got_hash
        else:
            hashes.pop(case, None)
        hashes[VERSIONS_KEY] = renderer_versions()
        HASHES.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        return
    assert expected_file.exists(), f"no golden output for {case}: run with CERTDESK_UPDATE_GOLDEN=1"
    if pdfs and hashes.get(VERSIONS_KEY) != renderer_versions():
        # Another reportlab/pypdf lays out or extracts differently: the golden files say nothing.
        pytest.skip(f"golden PDFs were rendered with {hashes.get(VERSIONS_KEY)}")
    assert text == expected_file.read_text(encoding="utf-8")
    assert got_hash == hashes.get(case), f"{case}: the PDF's bytes changed"


def test_every_golden_file_has_a_case() -> None:
    """A case removed from the list leaves no stale file behind."""
    names = {case for case, _ in CASES}
    stale = sorted(p.stem for p in GOLDEN.glob("*.txt") if p.stem not in names)
    assert stale == []
    assert set(json.loads(HASHES.read_text())) - {VERSIONS_KEY} <= names
