"""The audit binder: index with page numbers, every scan appended, every page numbered."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from certdesk.core.errors import InvalidInput
from certdesk.services.demo.database import fill_demo
from certdesk.services.reports import binder
from certdesk.store import open_store

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    store = open_store(tmp_path_factory.mktemp("binder") / "demo.certdesk")
    fill_demo(store, TODAY)
    yield store
    store.close()


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_binder_of_the_manager_with_the_most_history(demo) -> None:
    pdf = binder.binder_pdf(demo, "H-9001", today=TODAY)
    pages = _texts(pdf)
    total = len(pages)
    # Every page numbered "page x of y".
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {total}" in text
    cover = pages[0]
    assert "Audit binder — Łukasz Żółć-Nguyễn (H-9001)" in cover
    # The index names every section with the page it starts on, and the page says so.
    lines = cover.splitlines()
    # Extracted text gives each entry's dot leader and page number, then its title.
    index = {
        lines[i + 1].strip(): line.split()[-1]
        for i, line in enumerate(lines[:-1])
        if re.fullmatch(r"[ .]+\d+", line)
    }
    for title in ("Audit trail", "Agreements"):
        found = next(k for k in index if k.strip().endswith(title))
        assert title in pages[int(index[found]) - 1]
    issued = next(k for k in index if "Issued form — TA-" in k)
    # The issued form's own pages are appended (its heading and its footer both appear).
    assert "Tuition Assistance Agreement" in pages[int(index[issued]) - 1]
    signed = next(k for k in index if "Signed copy" in k)
    assert int(index[signed]) > int(index[issued])
    assert any("CERTIFICATE OF COMPLETION" in p for p in pages)  # proofs appended
    assert any("receipt.png" in p for p in pages)
    terms = re.search(r"Terms SHA-256: ([0-9a-f]{64})", "".join(pages))
    assert terms is not None
    assert "renewed" in "".join(pages) and "renewal met" in "".join(pages)


def test_company_binder_for_a_period_and_errors(demo, tmp_path: Path) -> None:
    out = binder.write_binder(
        demo, None, tmp_path / "company.pdf", period=(TODAY, TODAY + dt.timedelta(days=365_0))
    )
    text = "".join(_texts(out.read_bytes()))
    assert "H-9001" in text and "H-9044" in text
    with pytest.raises(InvalidInput) as exc:
        binder.binder_content(demo, None)
    assert exc.value.field == "from"
    with pytest.raises(InvalidInput, match="FILE.pdf"):
        binder.write_binder(demo, "H-9001", tmp_path / "b.txt")
    with pytest.raises(InvalidInput) as exc:
        binder.binder_content(demo, "H-0000")
    assert exc.value.field == "employee_no"
