"""`certdesk report`: PDF and CSV outputs, §127 flags."""

from __future__ import annotations

import csv
import io

import pypdf
import pytest

from certdesk.services import managers
from certdesk.services.paths import lifecycle as paths


@pytest.fixture
def spend_db(store, db_path):
    """One manager whose company paid 6,000.00 of tuition in 2026 (over the 5,250.00 §127 limit)
    plus travel (not education assistance) and class wages (pay, not assistance)."""
    managers.add_manager(store, {"employee_no": "H-1", "full_name": "山田 太郎", "site": "Osaka"})
    pid = paths.plan_path(store, "H-1", "CCCM")
    paths.add_cost(store, pid, kind="tuition", amount="4000.00", paid_on="2026-02-01")
    paths.add_cost(store, pid, kind="exam", amount="2000.00", paid_on="2026-09-01")
    paths.add_cost(store, pid, kind="travel", amount="900.00", paid_on="2026-09-01")
    paths.add_cost(store, pid, kind="class_wages", amount="700.00", paid_on="2026-09-01")
    paths.add_cost(store, pid, kind="tuition", amount="100.00", paid_on="2027-01-05")
    store.close()
    return db_path


def test_spend_csv_flags_the_section_127_excess(run_cli, spend_db):
    code, out, err = run_cli("--db", spend_db, "report", "spend")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["year"], r["company_paid"], r["over_127"]) for r in rows] == [
        ("2026", "6000.00", "750.00"),
        ("2027", "100.00", "0.00"),
    ]
    assert rows[0]["flag"] and not rows[1]["flag"]


@pytest.mark.parametrize("name", ["roster", "agreements", "spend", "expiring"])
def test_every_report_writes_a_pdf(run_cli, spend_db, tmp_path, name):
    out = tmp_path / f"{name}.pdf"
    code, _, err = run_cli("--db", spend_db, "report", name, "-o", out)
    assert code == 0, err
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    if name in ("roster", "spend"):
        assert "山田 太郎" in text


def test_report_to_an_unknown_file_type_is_rejected(run_cli, spend_db, tmp_path):
    code, _, err = run_cli("--db", spend_db, "report", "roster", "-o", tmp_path / "r.docx")
    assert code == 1 and err.startswith("error: output:")
