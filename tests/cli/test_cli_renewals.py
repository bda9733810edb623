"""The command line for proofs, receipts, credits, renewals, rules and roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def db(db_path: Path, run_cli, sample_csv: Path) -> Path:
    assert run_cli("--db", db_path, "import", "managers", sample_csv)[0] == 0
    return db_path


def test_rule_complete_credits_renew_and_cycles(db: Path, run_cli, tmp_path: Path) -> None:
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(PDF)
    code, out, err = run_cli(
        "--db", db, "rule", "add", "cccm", "--effective", "2020-01-01", "--validity", "36",
        "--credits", "6", "--unit", "ceu", "--caps", "self-study:50%", "--fee", "150.00",
    )  # fmt: skip
    assert code == 0, err
    assert out == (
        "CCCM rule version 1 from 2020-01-01: valid 36 months; 6 CEU per cycle; "
        "self-study: at most 50 %; fee 150.00\n"
    )
    path_id = run_cli("--db", db, "path", "add", "H-9001", "CCCM")[1].strip()
    code, out, err = run_cli(
        "--db", db, "path", "complete", path_id, "--on", "2024-02-29", "--proof", proof
    )
    assert (code, err) == (0, "")
    assert out.endswith("credential expires: 2027-02-28\n")
    add = ("--db", db, "credit", "add", path_id, "--title", "Webinars")
    assert (
        run_cli(*add, "--on", "2025-01-10", "--credits", "40", "--category", "Self-Study")[0] == 0
    )
    code, _, err = run_cli("--db", db, "renew", path_id, "--on", "2026-12-01")
    assert code == 1
    assert err == (
        "error: credits: the renewal rule is not met yet: 3 CEU short (record more activities, "
        "or renew by passing the exam again)\n"
    )
    assert run_cli(*add, "--on", "2026-01-10", "--credits", "3", "--unit", "ceu")[0] == 0
    code, out, _ = run_cli("--db", db, "renew", path_id, "--on", "2026-12-01")
    assert out == f"path {path_id}: cycle 2 runs from 2027-02-28 to 2030-02-28\n"
    code, out, _ = run_cli("--db", db, "cycles", "H-9001", "--json")
    cycles = json.loads(out)[0]["cycles"]
    assert [(c["seq"], c["state"], c["renewal_met"]) for c in cycles] == [
        (1, "renewed", True),
        (2, "current", False),
    ]
    assert cycles[0]["credits_counted"] == "6 CEU"


def test_completion_without_proof_warns_and_reason_is_recorded(db: Path, run_cli) -> None:
    path_id = run_cli("--db", db, "path", "add", "H-9002", "QAMC")[1].strip()
    code, _, err = run_cli("--db", db, "path", "complete", path_id, "--on", "2026-01-05")
    assert code == 0
    assert err.startswith("warning: proof of completion: none attached")
    code, out, _ = run_cli("--db", db, "path", "proof", path_id, "--missing", "Lost in the post")
    assert code == 0 and "reason is recorded" in out
    other = run_cli("--db", db, "path", "add", "H-9003", "QAMC")[1].strip()
    code, _, err = run_cli(
        "--db", db, "path", "complete", other, "--on", "2026-01-05", "--no-proof", "Issuer late"
    )
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rule", "add", "CCCM", "--effective", "2020-01-01", "--validity", "0"), "validity_months"),
        (("rule", "add", "NOPE", "--effective", "2020-01-01", "--validity", "12"), "cert_code"),
        (("rule", "add", "CCCM", "--effective", "2020-02-30", "--validity", "12"), "effective"),
        (("rule", "add", "CCCM", "--effective", "2020-01-01", "--validity", "12",
          "--credits", "10", "--caps", "a:150%"), "caps"),
        (("credit", "add", "1", "--on", "2026-01-01", "--title", "x", "--credits", "-1"), "credits"),
        (("renew", "abc", "--on", "2026-01-01"), "path_id"),
        (("role", "require", "Team Lead", "--certs", "XYZ"), "certs"),
        (("cost", "receipt", "99", "/nonexistent.pdf"), "receipt"),
    ],
)  # fmt: skip
def test_bad_input_exits_1_naming_the_field(db: Path, run_cli, args, message) -> None:
    code, out, err = run_cli("--db", db, *args)
    assert code == 1, err
    assert err.startswith(f"error: {message}") or message in err
    assert out == ""


def test_roles(db: Path, run_cli) -> None:
    assert run_cli("--db", db, "role", "require", "Team Lead", "--certs", "cccs,CCCM")[1] == (
        "Team Lead: CCCM, CCCS\n"
    )
    assert run_cli("--db", db, "role", "list")[1] == "Team Lead\tCCCM,CCCS\n"
