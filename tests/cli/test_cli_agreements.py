"""The agreement, departure and repayment commands, as a script or the coordinator types them."""

from __future__ import annotations

import json

import pytest

# DESIGN.md "Repayment rules", every worked example through `certdesk repayment`.
DESIGN_EXAMPLES = [
    (
        [
            "--amount",
            "3600.00",
            "--start",
            "2026-03-15",
            "--months",
            "24",
            "--schedule",
            "prorated",
            "--departure",
            "2027-03-14",
            "--reason",
            "resigned",
        ],
        "1950.00",
    ),
    (
        [
            "--amount",
            "3600.00",
            "--start",
            "2026-03-15",
            "--months",
            "24",
            "--schedule",
            "prorated",
            "--departure",
            "2027-03-15",
            "--reason",
            "resigned",
        ],
        "1800.00",
    ),
    (
        [
            "--amount",
            "3600.00",
            "--start",
            "2026-03-15",
            "--months",
            "24",
            "--schedule",
            "prorated",
            "--departure",
            "2028-03-15",
            "--reason",
            "resigned",
        ],
        "0.00",
    ),
    (
        [
            "--amount",
            "3600.00",
            "--start",
            "2026-03-15",
            "--months",
            "24",
            "--schedule",
            "prorated",
            "--departure",
            "2026-03-01",
            "--reason",
            "resigned",
        ],
        "3600.00",
    ),
    (
        [
            "--amount",
            "1000.00",
            "--start",
            "2026-03-15",
            "--months",
            "36",
            "--schedule",
            "prorated",
            "--departure",
            "2026-04-15",
            "--reason",
            "resigned",
        ],
        "972.22",
    ),
    (
        [
            "--amount",
            "3600.00",
            "--start",
            "2026-03-15",
            "--months",
            "24",
            "--schedule",
            "stepped",
            "--departure",
            "2026-10-15",
            "--reason",
            "resigned",
        ],
        "2700.00",
    ),
    (
        [
            "--amount",
            "3600.00",
            "--start",
            "2026-03-15",
            "--months",
            "24",
            "--schedule",
            "prorated",
            "--departure",
            "2026-10-15",
            "--reason",
            "layoff",
        ],
        "0.00",
    ),
    (
        [
            "--amount",
            "4500.00",
            "--start",
            "2025-06-30",
            "--schedule",
            "tiers",
            "--tiers",
            "12:100,24:66,36:33",
            "--departure",
            "2026-09-15",
            "--reason",
            "resigned",
        ],
        "2970.00",
    ),
    (
        [
            "--clock",
            "per-payment",
            "--payment",
            "2026-01-15:2000.00",
            "--payment",
            "2026-07-20:1500.00",
            "--schedule",
            "tiers",
            "--tiers",
            "6:100,12:75,18:50,24:25",
            "--departure",
            "2027-02-10",
            "--reason",
            "resigned",
        ],
        "2125.00",
    ),
]


@pytest.mark.parametrize(("args", "owed"), DESIGN_EXAMPLES)
def test_repayment_command_gives_the_design_examples(run_cli, args, owed):
    code, out, err = run_cli("repayment", *args)
    assert (code, out.strip()) == (0, owed), err


def test_repayment_warnings_name_the_rule(run_cli):
    code, out, err = run_cli(
        "repayment",
        "--amount",
        "3600",
        "--start",
        "2026-03-15",
        "--months",
        "24",
        "--schedule",
        "full",
        "--departure",
        "2026-06-01",
        "--reason",
        "resigned",
        "--state",
        "CA",
    )
    assert code == 0 and out.strip() == "3600.00"
    assert err.startswith("warning: California AB 692:")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--amount", "-5"], "amount"),
        (["--amount", "12,34.5"], "amount"),
        (["--months", "0"], "months"),
        (["--schedule", "weekly"], "schedule"),
        (["--reason", "quit"], "reason"),
        (["--departure", "2026-02-30"], "departure"),
        (["--schedule", "tiers", "--tiers", "12:100,6:50"], "tiers"),
        (["--waive", "holiday"], "waive"),
        (["--state", "Atlantis"], "state"),
        (["--state", "CA", "--signed", "2027-02-01"], "signed"),
        (["--signed", "2026-13-01"], "signed"),
    ],
)
def test_repayment_bad_input_exits_1_naming_the_field(run_cli, args, field):
    base = {
        "--amount": "3600",
        "--start": "2026-03-15",
        "--months": "24",
        "--schedule": "prorated",
        "--departure": "2027-01-01",
        "--reason": "resigned",
    }
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    code, out, err = run_cli("repayment", *[x for kv in base.items() for x in kv])
    assert code == 1 and out == ""
    assert err.startswith(f"error: {field}:"), err


# California AB 692 (contracts from 2026-01-01) and New York Labor Law § 1052 (from 2026-12-19):
# a dismissal other than for misconduct owes 0.00 whatever the waivers say. By hand: 3,600.00,
# 24 months, 11 served → 3,600.00 × 13 / 24 = 1,950.00 when the law does not apply.
@pytest.mark.parametrize(
    ("state", "start", "departure", "signed", "owed"),
    [
        ("CA", "2026-03-15", "2027-03-14", "2026-01-01", "0.00"),
        ("CA", "2026-03-15", "2027-03-14", "2025-12-31", "1950.00"),
        ("california", "2026-03-15", "2027-03-14", None, "0.00"),  # signed = the start
        ("NY", "2026-12-19", "2027-12-18", "2026-12-19", "0.00"),
        ("NY", "2026-12-19", "2027-12-18", "2026-12-18", "1950.00"),
        ("TX", "2026-03-15", "2027-03-14", "2026-06-01", "1950.00"),
    ],
)
def test_repayment_prints_what_the_law_decides(run_cli, state, start, departure, signed, owed):
    args = ["--amount", "3600.00", "--start", start, "--months", "24", "--schedule", "prorated"]
    args += ["--departure", departure, "--reason", "dismissed_other", "--waive", "none"]
    args += ["--state", state] + (["--signed", signed] if signed else [])
    code, out, err = run_cli("repayment", *args)
    assert (code, out.strip()) == (0, owed), err
    decided = [line for line in err.splitlines() if line.startswith("note: ")]
    if owed == "0.00":
        assert len(decided) == 1 and decided[0].startswith(
            ("note: California AB 692: ", "note: New York")
        )
    else:
        assert decided == []


def test_dismissal_for_misconduct_owes_the_schedule_in_california(run_cli):
    args = ["--amount", "3600.00", "--start", "2026-03-15", "--months", "24"]
    args += ["--schedule", "prorated", "--departure", "2027-03-14", "--state", "CA"]
    code, out, _ = run_cli("repayment", *args, "--reason", "dismissed_misconduct")
    assert (code, out.strip()) == (0, "1950.00")


def test_earlier_reason_spellings_are_read_with_a_deprecation_note(run_cli):
    args = ["--amount", "3600.00", "--start", "2026-03-15", "--months", "24"]
    args += ["--schedule", "prorated", "--departure", "2027-03-14"]
    code, out, err = run_cli("repayment", *args, "--reason", "terminated_without_cause")
    assert (code, out.strip()) == (0, "0.00")  # dismissed_other, waived by default
    assert "note: reason 'terminated_without_cause' is an earlier spelling" in err


def mark_transferable(db_path, code: str) -> None:
    """What the coordinator ticks in Catalog (the command line has no catalog editing)."""
    from certdesk.services.catalog import certifications as catalog
    from certdesk.store import open_store

    store = open_store(db_path)
    try:
        catalog.edit_certification(store, code, {"transferable": True})
    finally:
        store.close()


@pytest.fixture
def ready(run_cli, db_path, write_file):
    """A database with one New York manager and a CCCM path costing 3,000.00 + 600.00."""
    csv = write_file(
        "m.csv",
        "employee_no,full_name,email,job_title,site,work_state,hire_date\n"
        "H-9001,Łukasz Żółć-Nguyễn,l@example.com,Manager,Gdańsk Hub,NY,2020-01-02\n",
    )
    assert run_cli("--db", db_path, "import", "managers", csv)[0] == 0
    mark_transferable(db_path, "CCCM")
    code, out, _ = run_cli(
        "--db", db_path, "path", "add", "H-9001", "CCCM", "--target", "2026-12-15"
    )
    path_id = out.strip()
    for kind, amount, paid in (
        ("tuition", "3000.00", "2026-11-02"),
        ("exam", "600.00", "2026-11-03"),
    ):
        assert (
            run_cli(
                "--db",
                db_path,
                "cost",
                "add",
                path_id,
                "--kind",
                kind,
                "--amount",
                amount,
                "--paid-on",
                paid,
            )[0]
            == 0
        )
    return path_id


def test_full_agreement_flow(run_cli, db_path, ready, tmp_path):
    db = ["--db", db_path]
    code, out, err = run_cli(
        *db,
        "agreement",
        "draft",
        ready,
        "--months",
        "24",
        "--schedule",
        "prorated",
        "--start",
        "signing",
    )
    assert code == 0, err
    number = out.strip()
    assert number.startswith("TA-")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    code, out, err = run_cli(*db, "agreement", "issue", number, "-o", first, "--on", "2026-11-04")
    assert code == 0, err
    assert run_cli(*db, "form", number, "-o", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    # Issued Wednesday 2026-11-04: the review period runs to Wednesday 2026-11-11.
    code, _, err = run_cli(*db, "agreement", "sign", number, "--on", "2026-11-05")
    assert code == 1 and "warning: Review period" in err and "2026-11-11" in err
    code, _, err = run_cli(
        *db, "agreement", "sign", number, "--on", "2026-11-05", "--accept-warnings"
    )
    assert code == 0, err
    assert "warning: Review period: signing on 2026-11-05 is before" in err
    code, out, err = run_cli(
        *db, "depart", "H-9001", "--on", "2027-11-05", "--reason", "resigned", "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["total_owed"] == "1800.00"
    assert result["agreements"][0]["months_served"] == 12
    listed = json.loads(run_cli(*db, "list", "agreements", "--json")[1])
    assert listed[0]["status"] == "repayment_due" and listed[0]["owed"] == "1800.00"
    assert run_cli(*db, "check")[0] == 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (
            [
                "agreement",
                "draft",
                "{path}",
                "--months",
                "24",
                "--schedule",
                "prorated",
                "--amount",
                "3600.01",
            ],
            "amount",
        ),
        (["agreement", "draft", "{path}", "--months", "0", "--schedule", "prorated"], "months"),
        (["agreement", "draft", "{path}", "--months", "24", "--schedule", "weekly"], "schedule"),
        (
            [
                "agreement",
                "draft",
                "{path}",
                "--months",
                "24",
                "--schedule",
                "prorated",
                "--amount",
                "-5",
            ],
            "amount",
        ),
        (
            [
                "agreement",
                "draft",
                "{path}",
                "--schedule",
                "tiers",
                "--tiers",
                "6:100,12:75",
                "--months",
                "24",
            ],
            "tiers",
        ),
        (
            [
                "agreement",
                "draft",
                "{path}",
                "--months",
                "24",
                "--schedule",
                "prorated",
                "--clock",
                "per-payment",
                "--waive",
                "vacation",
            ],
            "waive",
        ),
        (["agreement", "sign", "TA-2026-0001", "--on", "2026-12-01"], "agreement_no"),
        (["depart", "H-9001", "--on", "2019-01-01", "--reason", "resigned"], "on"),
        (["depart", "H-9001", "--on", "2027-01-01", "--reason", "bored"], "reason"),
    ],
)
def test_bad_input_exits_1_and_changes_nothing(
    run_cli, db_path, ready, file_fingerprint, args, field
):
    db = ["--db", db_path]
    assert (
        run_cli(*db, "agreement", "draft", ready, "--months", "12", "--schedule", "prorated")[0]
        == 0
    )
    assert run_cli(*db, "agreement", "void", "TA-2026-0001", "--reason", "redo")[0] == 0
    if args[0] == "agreement" and args[1] == "sign":
        # A draft that was never issued cannot be signed.
        run_cli(*db, "agreement", "draft", ready, "--months", "12", "--schedule", "prorated")
        args = ["agreement", "sign", "TA-2026-0002", "--on", "2026-12-01"]
    before = file_fingerprint(db_path)
    code, out, err = run_cli(*db, *[a.replace("{path}", ready) for a in args])
    assert code == 1, (out, err)
    assert err.startswith(f"error: {field}:"), err
    assert file_fingerprint(db_path) == before


def test_issuing_twice_exits_1(run_cli, db_path, ready):
    db = ["--db", db_path]
    number = run_cli(*db, "agreement", "draft", ready, "--months", "24", "--schedule", "prorated")[
        1
    ].strip()
    assert run_cli(*db, "agreement", "issue", number)[0] == 0
    code, _, err = run_cli(*db, "agreement", "issue", number)
    assert code == 1 and "already issued" in err


def test_issue_over_warnings_needs_accept_flag(run_cli, db_path, ready):
    db = ["--db", db_path]
    number = run_cli(*db, "agreement", "draft", ready, "--months", "24", "--schedule", "full")[
        1
    ].strip()
    code, _, err = run_cli(*db, "agreement", "issue", number, "--on", "2026-12-20")
    assert code == 1 and "warning: New York" in err
    code, _, err = run_cli(
        *db, "agreement", "issue", number, "--on", "2026-12-20", "--accept-warnings"
    )
    assert code == 0 and err.startswith("warning: New York")


def test_usage_errors_exit_2(run_cli, db_path):
    assert run_cli("--db", db_path, "agreement", "draft")[0] == 2
    assert run_cli("repayment", "--amount", "1")[0] == 2


def test_signing_runs_the_rules_for_the_signing_day(run_cli, db_path, ready, file_fingerprint):
    """New York's law applies to contracts entered into from 2026-12-19: a 'full' schedule
    issued on 2026-12-10 without a word warns when it is signed on 2026-12-20."""
    db = ["--db", db_path]
    number = run_cli(*db, "agreement", "draft", ready, "--months", "24", "--schedule", "full")[
        1
    ].strip()
    code, _, err = run_cli(*db, "agreement", "issue", number, "--on", "2026-12-10")
    assert code == 1 and "if signed on or after 2026-12-19" in err  # warned at issue already
    assert (
        run_cli(*db, "agreement", "issue", number, "--on", "2026-12-10", "--accept-warnings")[0]
        == 0
    )
    before = file_fingerprint(db_path)
    # Signed before it was issued: refused naming the date.
    code, _, err = run_cli(*db, "agreement", "sign", number, "--on", "2026-12-09")
    assert code == 1 and err.startswith("error: on:") and "before the agreement was issued" in err
    # Signed after the law took effect: the warning needs confirming; nothing is stored.
    code, _, err = run_cli(*db, "agreement", "sign", number, "--on", "2026-12-20")
    assert code == 1 and err.startswith("error: warnings:") and "New York" in err
    assert file_fingerprint(db_path) == before
    code, out, err = run_cli(
        *db, "agreement", "sign", number, "--on", "2026-12-20", "--accept-warnings"
    )
    assert code == 0 and f"{number} signed on 2026-12-20" in out
    assert err.startswith("warning: New York Trapped at Work Act: ")
