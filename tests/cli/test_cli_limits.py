"""Limits that name the field: amounts, dates, record numbers; old files beyond them still work.

An amount over 10,000,000.00 or a date outside 1900-01-01..2199-12-31 is refused with the field
named (exit 1, nothing written). A file written by an older version may already hold such
values: every list, export, report and the dashboard still work (totals are added up in Python,
never with SQLite's overflowing sum()), and `certdesk check` names the rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from certdesk.services.dashboard import figures as dashboard
from certdesk.store import open_store

INT64_MAX = 2**63 - 1


@pytest.fixture
def db(db_path: Path, run_cli, sample_csv: Path) -> list[str]:
    code, _, err = run_cli("--db", db_path, "import", "managers", sample_csv)
    assert code == 0, err
    return ["--db", str(db_path)]


@pytest.fixture
def path_id(db: list[str], run_cli) -> str:
    code, out, err = run_cli(*db, "path", "add", "H-9002", "CCCM", "--target", "2026-12-15")
    assert code == 0, err
    return out.strip()


@pytest.mark.parametrize(
    "amount",
    ["99999999999999999999.99", "92233720368547758.07", "10,000,000.01", "9" * 5000],
)
def test_an_absurd_amount_is_refused_naming_the_field(
    db: list[str], path_id: str, run_cli, file_fingerprint, db_path: Path, amount: str
) -> None:
    before = file_fingerprint(db_path)
    code, out, err = run_cli(*db, "cost", "add", path_id, "--kind", "tuition", "--amount", amount)
    assert code == 1 and out == ""
    assert err.startswith("error: amount: ") and "10,000,000.00" in err
    assert len(err.splitlines()) == 1 and len(err) < 300
    assert file_fingerprint(db_path) == before


def test_the_limit_itself_is_accepted(db: list[str], path_id: str, run_cli) -> None:
    code, out, err = run_cli(
        *db,
        "cost",
        "add",
        path_id,
        "--kind",
        "tuition",
        "--amount",
        "10,000,000.00",
        "--paid-on",
        "2026-01-02",
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["agreement", "issue", "TA-2026-0001", "--on", "9999-12-31"], "on"),
        (["path", "add", "H-9001", "CCCM", "--target", "1899-12-31"], "target"),
        (["path", "add", "H-9001", "CCCM", "--target", "2200-01-01"], "target"),
        (["depart", "H-9001", "--on", "0001-01-01", "--reason", "resigned"], "on"),
        (
            [
                "cost",
                "add",
                "99999999999999999999999",
                "--kind",
                "exam",
                "--amount",
                "1",
                "--paid-on",
                "2026-01-02",
            ],
            "path_id",
        ),
        (["cost", "remove", "x"], "cost_id"),
    ],
)
def test_dates_and_numbers_out_of_range_are_refused(
    db: list[str], run_cli, args: list[str], field: str
) -> None:
    code, out, err = run_cli(*db, *args)
    assert code == 1, (out, err)
    assert err.startswith(f"error: {field}: "), err
    assert "Traceback" not in err


def test_check_and_every_total_survive_an_absurd_old_amount(
    db: list[str], path_id: str, run_cli, db_path: Path
) -> None:
    # Two lines that SQLite's sum() cannot add: what an older certdesk let through.
    conn = sqlite3.connect(db_path)
    with conn:
        for cents in (INT64_MAX, 100):
            conn.execute(
                "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_by, paid_on)"
                " VALUES (?, 'tuition', ?, 'company', '2026-01-10')",
                (int(path_id), cents),
            )
        conn.execute("UPDATE employees SET hire_date = '1850-01-01' WHERE employee_no = 'H-9001'")
    conn.close()

    code, out, err = run_cli(*db, "check")
    assert code == 1
    assert "cost amount is more than 10,000,000.00 (cost_lines.amount_cents)" in out
    assert "date outside 1900-01-01 to 2199-12-31 (employees.hire_date)" in out

    for args in (
        ["list", "paths", "--json"],
        ["export", "paths"],
        ["report", "roster"],
        ["report", "expiring"],
        ["report", "spend"],
    ):
        code, out, err = run_cli(*db, *args)
        assert code == 0, (args, err)
    code, out, err = run_cli(*db, "list", "paths", "--json")
    assert (
        str(INT64_MAX + 100) in out.replace(".", "").replace(",", "") or "92233720368547759" in out
    )

    # A draft from those lines is refused by the limit, naming the amount, not an overflow.
    code, out, err = run_cli(
        *db, "agreement", "draft", path_id, "--months", "24", "--schedule", "prorated"
    )
    assert code == 1 and err.startswith("error: amount: ") and "10,000,000.00" in err

    store = open_store(db_path)
    try:
        assert dashboard.dashboard(store) is not None
    finally:
        store.close()

    # The bad lines can be removed (no issued agreement uses them); check is then clean.
    conn = sqlite3.connect(db_path)
    ids = [r[0] for r in conn.execute("SELECT id FROM cost_lines WHERE amount_cents >= 100")]
    conn.close()
    for line_id in ids:
        code, out, err = run_cli(*db, "cost", "remove", line_id)
        assert code == 0, err
        assert out.startswith(f"cost line {line_id} removed from path {path_id}")
    run_cli(*db, "path", "add", "H-9003", "CCCM")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE employees SET hire_date = NULL WHERE employee_no = 'H-9001'")
    conn.close()
    code, out, err = run_cli(*db, "check")
    assert code == 0, out


def test_a_cost_line_of_an_issued_agreement_cannot_be_removed(
    db: list[str], path_id: str, run_cli
) -> None:
    code, line_id, err = run_cli(
        *db,
        "cost",
        "add",
        path_id,
        "--kind",
        "tuition",
        "--amount",
        "1200",
        "--paid-on",
        "2026-01-02",
    )
    assert code == 0, err
    code, number, err = run_cli(
        *db, "agreement", "draft", path_id, "--months", "12", "--schedule", "prorated"
    )
    assert code == 0, err
    code, _, err = run_cli(*db, "agreement", "issue", number.strip(), "--accept-warnings")
    assert code == 0, err
    code, out, err = run_cli(*db, "cost", "remove", line_id.strip())
    assert code == 1
    assert "error: cost_id: " in err and number.strip() in err and f"Void {number.strip()}" in err
    code, _, err = run_cli(
        *db, "agreement", "void", number.strip(), "--reason", "typo in the amount"
    )
    assert code == 0, err
    code, out, err = run_cli(*db, "cost", "remove", line_id.strip())
    assert code == 0, err
