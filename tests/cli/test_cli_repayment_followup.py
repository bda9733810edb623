"""After a departure on the command line: payments with their method and the plan's paid,
late and left; a hardship decision; the deduction authorization on file. Bad input exits 1
naming the field, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.departure_requests import parse_departure_request

TODAY = dt.date.today()


@pytest.fixture
def departed(run_cli, tmp_path: Path) -> tuple[Path, str]:
    """A Texas manager who owes 1,400.00 (schedule full) under the default terms (12
    instalments: 116.66 × 11 + 116.74), left 2026-09-01."""
    db = tmp_path / "c.db"
    from certdesk.services import managers
    from certdesk.services.agreements import drafting, issuing, lifecycle
    from certdesk.services.departures import recording as departures
    from certdesk.services.paths import lifecycle as paths
    from certdesk.store import open_store

    store = open_store(db)
    try:
        managers.add_manager(
            store,
            {"employee_no": "H-1", "full_name": "Łukasz Żółć", "work_state": "TX"},
        )
        pid = paths.plan_path(store, "H-1", "CCCM", "2026-03-01")
        paths.add_cost(store, pid, kind="tuition", amount="2,000.00", paid_on="2026-01-10")
        number = drafting.draft_agreement(
            store,
            parse_draft_request(pid, months=24, schedule="full", amount="1400.00"),
            today=dt.date(2026, 1, 20),
        ).agreement.agreement_no
        issuing.issue_agreement(store, number, on="2026-01-20", accept_warnings=True)
        lifecycle.sign_agreement(store, number, dt.date(2026, 1, 22), accept_warnings=True)
        paths.complete_path(store, pid, on="2026-03-01")
        departures.record_departure(
            store, parse_departure_request("H-1", on="2026-09-01", reason="resigned")
        )
    finally:
        store.close()
    return db, number


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--amount", "-5", "--on", "2026-09-10"], "amount"),
        (["--amount", "12,34.5", "--on", "2026-09-10"], "amount"),
        (["--amount", "1,400.01", "--on", "2026-09-10"], "amount"),
        (["--amount", "10.00", "--on", "2026-08-31"], "on"),
        (["--amount", "10.00", "--on", "2026-09-10", "--method", "payroll"], "method"),
        (["--amount", "10.00", "--on", "2026-09-10", "--method", "gold"], "method"),
    ],
)
def test_bad_payments_exit_1_naming_the_field(run_cli, departed, args, field):
    db, number = departed
    code, out, err = run_cli("--db", db, "agreement", "payment", number, *args)
    assert code == 1 and err.startswith(f"error: {field}:"), err
    assert count(db, "repayment_payments") == 0


def test_payments_and_the_plan(run_cli, departed):
    db, number = departed
    code, _, _ = run_cli(
        "--db",
        db,
        "agreement",
        "payment",
        number,
        "--amount",
        "116.66",
        "--on",
        "2026-09-10",
        "--method",
        "cheque",
    )
    assert code == 0
    code, out, _ = run_cli("--db", db, "agreement", "payments", number, "--as-of", TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{number}: repayment_due; owed 1,400.00, received 116.66, left 1,283.34"
    assert "\t116.66\t116.66\t0.00\tpaid" in lines[3]
    assert lines[-2].startswith("Payments pay the instalments oldest first")
    assert lines[-1] == "received\t2026-09-10\t116.66\tcheque"


def test_hardship_in_part_and_a_new_statement(run_cli, departed, tmp_path):
    db, number = departed
    code, out, err = run_cli(
        "--db",
        db,
        "agreement",
        "hardship",
        number,
        "--decision",
        "part",
        "--on",
        TODAY,
        "--by",
        "Ana Ruiz",
        "--reason",
        "medical costs",
        "--new-amount",
        "700.00",
        "--instalments",
        "6",
    )
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"{number}: granted in part: the amount owed becomes 700.00; repayment_due, "
        "left 700.00; statement no. 2 stored"
    )
    amounts = [line.split("\t")[2] for line in out.splitlines()[1:]]
    assert amounts == ["116.66"] * 5 + ["116.70"]
    code, out, _ = run_cli("--db", db, "statement", number, "-o", tmp_path / "s.pdf", "--new")
    assert code == 0 and out.startswith("statement no. 3 stored")
    # the form, the commitment-start notice and three statements
    assert count(db, "documents") == 5


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--decision", "part", "--new-amount", "700.00", "--instalments", "0"], "instalments"),
        (
            ["--decision", "part", "--new-amount", "700.00", "--first-due", "2026-08-01"],
            "first_due",
        ),
        (["--decision", "part"], "new_amount"),
        (["--decision", "perhaps"], "decision"),
        (["--decision", "refused", "--instalments", "x"], "instalments"),
    ],
)
def test_bad_hardship_decisions_exit_1_and_store_nothing(run_cli, departed, args, field):
    db, number = departed
    base = ["--on", str(TODAY), "--by", "Ana", "--reason", "why"]
    code, _, err = run_cli("--db", db, "agreement", "hardship", number, *args, *base)
    assert code == 1 and err.startswith(f"error: {field}:"), err
    # the form, the commitment-start notice and the departure's statement: nothing added
    assert count(db, "hardship_decisions") == 0 and count(db, "documents") == 3


def test_authorization_on_file_with_its_scan_and_revoked(run_cli, departed, write_file):
    db, number = departed
    scan = write_file("cd103.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    code, out, err = run_cli(
        "--db",
        db,
        "agreement",
        "authorization-on-file",
        number,
        "--signed",
        "2026-01-22",
        "--max-per-period",
        "150.00",
        "--scan",
        scan,
    )
    assert code == 0, err
    assert out == (
        "deduction authorization on file: signed 2026-01-22, at most 150.00 per pay period, "
        "scan cd103.png\n"
    )
    code, _, err = run_cli(
        "--db", db, "agreement", "authorization-revoked", number, "--on", "2026-01-01"
    )
    assert code == 1 and err.startswith("error: revoked_on:")
    code, out, _ = run_cli(
        "--db", db, "agreement", "authorization-revoked", number, "--on", "2026-10-01"
    )
    assert code == 0 and out.endswith("revoked in writing on 2026-10-01\n")
    code, _, err = run_cli(
        "--db",
        db,
        "agreement",
        "authorization-on-file",
        number,
        "--signed",
        "2026-01-22",
        "--max-per-period",
        "-5",
    )
    assert code == 1 and err.startswith("error: max_per_period:")
    assert count(db, "deduction_authorizations") == 1
