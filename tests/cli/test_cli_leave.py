"""`certdesk notice` and `certdesk leave`, as the coordinator types them."""

from __future__ import annotations

import json
import sqlite3


def started(run_cli, db) -> str:
    """H-7001's agreement, signed, its certification completed on 2026-03-15."""
    assert run_cli("--db", db, "import", "managers", _csv(db))[0] == 0
    code, out, _ = run_cli("--db", db, "path", "add", "H-7001", "CCCM", "--target", "2026-03-31")
    path_id = out.strip()
    run_cli(
        "--db",
        db,
        "cost",
        "add",
        path_id,
        "--kind",
        "tuition",
        "--amount",
        "3600.00",
        "--paid-on",
        "2026-01-10",
    )
    code, out, err = run_cli(
        "--db", db, "agreement", "draft", path_id, "--months", "24", "--schedule", "prorated"
    )
    assert code == 0, err
    number = out.strip().split()[0]
    assert (
        run_cli(
            "--db", db, "agreement", "issue", number, "--accept-warnings", "--on", "2026-01-15"
        )[0]
        == 0
    )
    assert (
        run_cli("--db", db, "agreement", "sign", number, "--on", "2026-01-20", "--accept-warnings")[
            0
        ]
        == 0
    )
    return number, path_id


def _csv(db) -> str:
    path = db.parent / "m.csv"
    path.write_text(
        "employee_no,full_name,work_state,hire_date\nH-7001,Łukasz Żółć,TX,2020-01-06\n",
        encoding="utf-8",
    )
    return str(path)


def test_notice_is_written_byte_for_byte_once_the_commitment_started(run_cli, tmp_path) -> None:
    db = tmp_path / "c.certdesk"
    number, path_id = started(run_cli, db)
    code, _, err = run_cli("--db", db, "notice", number, "-o", tmp_path / "n.pdf")
    assert code == 1
    assert "no commitment-start notice yet" in err and "agreement_no" in err
    assert not (tmp_path / "n.pdf").exists()
    for status in ("approved", "enrolled"):
        run_cli("--db", db, "path", "status", path_id, status, "--on", "2026-01-25")
    assert run_cli("--db", db, "path", "complete", path_id, "--on", "2026-03-15")[0] == 0
    assert run_cli("--db", db, "notice", number, "-o", tmp_path / "n.pdf")[0] == 0
    conn = sqlite3.connect(db)
    (stored,) = conn.execute(
        "SELECT content FROM documents WHERE kind = 'commitment_notice'"
    ).fetchone()
    conn.close()
    assert (tmp_path / "n.pdf").read_bytes() == stored


def test_leave_add_and_list(run_cli, tmp_path) -> None:
    db = tmp_path / "c.certdesk"
    number, path_id = started(run_cli, db)
    for status in ("approved", "enrolled"):
        run_cli("--db", db, "path", "status", path_id, status, "--on", "2026-01-25")
    run_cli("--db", db, "path", "complete", path_id, "--on", "2026-03-15")
    code, out, err = run_cli(
        "--db",
        db,
        "leave",
        "add",
        "H-7001",
        "--from",
        "2026-06-01",
        "--to",
        "2026-08-31",
        "--unpaid",
    )
    assert code == 0, err
    assert "unpaid leave 2026-06-01 to 2026-08-31 (3 months) recorded for H-7001" in out
    assert f"new commitment-start notice for {number}" in out
    code, out, _ = run_cli("--db", db, "leave", "list", "--json")
    assert json.loads(out) == [
        {
            "employee_no": "H-7001",
            "full_name": "Łukasz Żółć",
            "from": "2026-06-01",
            "to": "2026-08-31",
            "paid": False,
            "length": "3 months",
            "note": "",
            "id": 1,
        }
    ]
    code, out, _ = run_cli("--db", db, "leave", "remove", "1")
    assert code == 0
    assert "leave 2026-06-01 to 2026-08-31 of H-7001 removed" in out
    assert f"new commitment-start notice for {number}: its dates moved back" in out
    assert run_cli("--db", db, "leave", "list", "--json")[1].strip() == "[]"
    code, _, err = run_cli("--db", db, "leave", "remove", "1")
    assert code == 1 and err.startswith("error: leave_id: there is no leave number 1")


def test_bad_leaves_exit_1_naming_the_field_and_store_nothing(run_cli, tmp_path) -> None:
    db = tmp_path / "c.certdesk"
    started(run_cli, db)
    code, _, err = run_cli(
        "--db", db, "leave", "add", "H-7001", "--from", "2026-06-01", "--to", "2026-05-01", "--paid"
    )
    assert code == 1
    assert err.startswith("error: to: the leave ends on 2026-05-01, before it starts on 2026-06-01")
    code, _, err = run_cli(
        "--db", db, "leave", "add", "H-7001", "--from", "2026-02-30", "--to", "2026-05-01", "--paid"
    )
    assert code == 1 and err.startswith("error: from:")
    run_cli(
        "--db", db, "leave", "add", "H-7001", "--from", "2026-06-01", "--to", "2026-06-30", "--paid"
    )
    code, _, err = run_cli(
        "--db",
        db,
        "leave",
        "add",
        "H-7001",
        "--from",
        "2026-06-15",
        "--to",
        "2026-07-15",
        "--unpaid",
    )
    assert code == 1 and err.startswith("error: from: this leave overlaps the paid leave")
    assert run_cli("--db", db, "leave", "list", "--json")[1].count('"from"') == 1
    code, _, err = run_cli(
        "--db", db, "leave", "add", "H-7001", "--from", "2026-06-01", "--to", "2026-06-30"
    )
    assert code == 2  # --paid or --unpaid is required: a usage error
