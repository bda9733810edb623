"""The command-line contract: exit 0 ok, 1 rejected input (message names the field), 2 usage."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from certdesk.store import open_store

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date"


@pytest.fixture
def db(db_path: Path, run_cli, sample_csv: Path) -> list[str]:
    """--db of a database holding the sample managers."""
    code, _, err = run_cli("--db", db_path, "import", "managers", sample_csv)
    assert code == 0, err
    return ["--db", str(db_path)]


@pytest.fixture
def path_id(db: list[str], run_cli) -> str:
    code, out, err = run_cli(*db, "path", "add", "H-9002", "CCCM", "--target", "2026-12-15")
    assert code == 0, err
    return out.strip()


# --- usage errors: exit 2 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["import"],
        ["import", "managers"],
        ["import", "paths", "x.csv"],
        ["export"],
        ["export", "salaries"],
        ["list"],
        ["list", "managers", "--yaml"],
        ["path"],
        ["path", "add", "H-9001"],
        ["path", "complete", "1"],
        ["path", "status", "1", "expired"],
        ["cost", "add", "1", "--kind", "tuition"],
        ["cost", "add", "1", "--kind", "bonus", "--amount", "5"],
        ["cost", "add", "1", "--amount", "5"],
        ["backup", "-o"],
        ["--db"],
    ],
)
def test_usage_errors_exit_2(run_cli, db_path: Path, args: list[str]) -> None:
    code, out, err = run_cli("--db", db_path, *args) if args != ["--db"] else run_cli(*args)
    assert code == 2, (out, err)
    assert err.startswith("certdesk"), err
    assert out == ""
    assert not db_path.exists(), "a usage error must not even create the database"


def test_help_and_version_exit_0(run_cli) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0 and "usage: certdesk" in out
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("certdesk ")
    code, out, _ = run_cli("import", "managers", "--help")
    assert code == 0 and "--dry-run" in out


# --- listing and exporting -----------------------------------------------------------------------


def test_list_managers_json_keeps_unicode(db: list[str], run_cli, path_id: str) -> None:
    code, out, err = run_cli(*db, "list", "managers", "--json")
    assert code == 0, err
    assert "Łukasz Żółć-Nguyễn" in out and "山田 太郎" in out  # raw, not \\u escapes
    records = json.loads(out)
    assert len(records) == 10
    first = records[0]
    assert first == {
        "employee_no": "H-9001",
        "full_name": "Łukasz Żółć-Nguyễn",
        "email": "lukasz.zolc@example.com",
        "job_title": "Call Center Manager",
        "site": "Buffalo Service Desk",
        "work_state": "NY",
        "hire_date": "2019-04-01",
        "status": "active",
        "paths": [],
    }
    assert records[1]["paths"] == ["CCCM"]


def test_list_paths_json(db: list[str], run_cli, path_id: str) -> None:
    assert (
        run_cli(
            *db,
            "cost",
            "add",
            path_id,
            "--kind",
            "tuition",
            "--amount",
            "1,895.00",
            "--paid-on",
            "2026-01-05",
        )[0]
        == 0
    )
    code, out, _ = run_cli(*db, "list", "paths", "--json")
    assert code == 0
    [record] = json.loads(out)
    assert record["path_id"] == int(path_id)
    assert record["full_name"] == "Nguyễn Thị Hương"
    assert (record["status"], record["company_paid"]) == ("planned", "1895.00")


def test_list_without_json_prints_tab_separated_lines(db: list[str], run_cli) -> None:
    code, out, _ = run_cli(*db, "list", "managers")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 10
    assert lines[2].split("\t")[:2] == ["H-9003", "山田 太郎"]


def test_export_managers_to_a_file(db: list[str], run_cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "managers.csv"
    code, out, err = run_cli(*db, "export", "managers", "-o", target)
    assert (code, out) == (0, ""), err
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == HEADER.split(",")
    assert len(rows) == 11
    assert rows[1][1] == "Łukasz Żółć-Nguyễn"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    # The same text as on standard output.
    code, stdout_text, _ = run_cli(*db, "export", "managers")
    assert code == 0
    assert target.read_bytes() == stdout_text.encode("utf-8")


def test_export_to_an_unwritable_place_exits_1(db: list[str], run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli(*db, "export", "managers", "-o", tmp_path)  # a folder
    assert code == 1
    assert err.startswith("error: ") and str(tmp_path) in err
    assert "Traceback" not in err


# --- paths and costs -----------------------------------------------------------------------------


def test_path_add_prints_the_id(db: list[str], run_cli) -> None:
    code, out, err = run_cli(*db, "path", "add", "H-9001", "cccm")
    assert (code, err) == (0, "")
    first = int(out.strip())
    code, out, _ = run_cli(*db, "path", "add", "H-9003", "SWMP", "--target", "2026-09-30")
    assert int(out.strip()) == first + 1


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["path", "add", "H-0000", "CCCM"], "employee_no"),
        (["path", "add", "H-9001", "PMP"], "cert_code"),
        (["path", "add", "H-9001", "CCCM", "--target", "2026-02-30"], "target"),
    ],
)
def test_path_add_rejections(db: list[str], run_cli, args: list[str], field: str) -> None:
    code, out, err = run_cli(*db, *args)
    assert code == 1 and out == ""
    assert err.startswith(f"error: {field}: "), err


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        ("12,34.5", "amount"),
        ("-5", "amount"),
        ("1.234", "amount"),
        ("abc", "amount"),
        ("", "amount"),
    ],
)
def test_cost_add_bad_amount_exits_1(
    db: list[str], run_cli, path_id: str, amount: str, field: str
) -> None:
    code, out, err = run_cli(
        *db, "cost", "add", path_id, "--kind", "tuition", "--amount", amount, "--not-yet-paid"
    )
    assert code == 1 and out == ""
    assert err.startswith(f"error: {field}: "), err
    assert amount in err


def test_cost_add_prints_the_id(db: list[str], run_cli, path_id: str) -> None:
    code, out, err = run_cli(
        *db,
        "cost",
        "add",
        path_id,
        "--kind",
        "class_wages",
        "--amount",
        "1,234.56",
        "--paid-on",
        "2026-01-20",
        "--description",
        "Wages — class day",
    )
    assert code == 0, err
    line_id = int(out.strip())
    store = open_store(Path(db[1]))
    try:
        row = store.conn.execute(
            "SELECT amount_cents, repayable, paid_on FROM cost_lines WHERE id = ?", [line_id]
        ).fetchone()
    finally:
        store.close()
    assert row == (123456, 0, "2026-01-20")


def test_cost_add_to_a_missing_path(db: list[str], run_cli) -> None:
    code, _, err = run_cli(
        *db, "cost", "add", "999", "--kind", "exam", "--amount", "5", "--not-yet-paid"
    )
    assert code == 1 and err.startswith("error: path_id: ")


def test_a_company_cost_needs_a_date_or_not_yet_paid(db: list[str], run_cli, path_id: str) -> None:
    code, out, err = run_cli(*db, "cost", "add", path_id, "--kind", "exam", "--amount", "5")
    assert code == 1 and out == "" and err.startswith("error: paid_on: "), err
    code, out, err = run_cli(
        *db, "cost", "add", path_id, "--kind", "exam", "--amount", "5", "--not-yet-paid"
    )
    assert code == 0, err
    line = out.strip()
    code, out, err = run_cli(*db, "cost", "paid", line, "--on", "2026-02-30")
    assert code == 1 and err.startswith("error: on: "), err
    code, out, err = run_cli(*db, "cost", "paid", line, "--on", "2026-03-02")
    assert (code, out.strip()) == (0, f"cost line {line} is paid on 2026-03-02"), err
    code, out, err = run_cli(*db, "cost", "paid", "x", "--on", "2026-03-02")
    assert code == 1 and err.startswith("error: cost_id: "), err


def test_check_lists_undated_company_costs_from_older_files(
    db: list[str], run_cli, path_id: str
) -> None:
    store = open_store(Path(db[1]))
    try:
        store.conn.execute("DROP TRIGGER cost_lines_paid_state_insert")  # as older files allowed
        store.conn.execute(
            "INSERT INTO cost_lines (path_id, kind, amount_cents) VALUES (?, 'tuition', 100)",
            [int(path_id)],
        )
    finally:
        store.close()
    code, out, err = run_cli(*db, "check")
    assert code == 0, err
    assert "to do: company-paid cost lines without a paid-on date: 1 (ids 1)" in out
    assert "cost paid ID --on" in out


def test_path_complete_bad_date_exits_1(db: list[str], run_cli, path_id: str) -> None:
    code, out, err = run_cli(*db, "path", "complete", path_id, "--on", "2026-02-30")
    assert code == 1 and out == ""
    assert err.startswith("error: on: ") and "2026-02-30" in err


def test_path_complete_reports_the_expiry(db: list[str], run_cli, path_id: str) -> None:
    code, out, err = run_cli(
        *db, "path", "complete", path_id, "--on", "2026-03-15", "--credential-no", "CCCM-77"
    )
    assert code == 0, err
    assert out.strip() == f"path {path_id} completed on 2026-03-15; credential expires: never"
    store = open_store(Path(db[1]))
    store.conn.execute("UPDATE certifications SET validity_months = 36 WHERE code = 'SWMP'")
    store.close()
    other = run_cli(*db, "path", "add", "H-9001", "SWMP")[1].strip()
    code, out, _ = run_cli(*db, "path", "complete", other, "--on", "2026-01-31")
    assert out.strip().endswith("credential expires: 2029-01-31")


def test_path_status_moves_and_refusals(db: list[str], run_cli, path_id: str) -> None:
    code, out, err = run_cli(*db, "path", "status", path_id, "enrolled")
    assert code == 1 and err.startswith("error: status: ") and "planned" in err
    assert run_cli(*db, "path", "status", path_id, "approved") == (
        0,
        f"path {path_id} is now approved\n",
        "",
    )
    code, out, _ = run_cli(*db, "path", "status", path_id, "enrolled", "--on", "2026-01-05")
    assert (code, out) == (0, f"path {path_id} is now enrolled\n")


# --- demo, check, backup -------------------------------------------------------------------------


def test_demo_then_check(run_cli, db_path: Path) -> None:
    code, out, err = run_cli("--db", db_path, "demo")
    assert code == 0, err
    assert out.startswith("demo data written: ")
    assert run_cli("--db", db_path, "check") == (
        0,
        "ok: integrity, foreign keys and invariants\n",
        "",
    )
    code, _, err = run_cli("--db", db_path, "demo")
    assert code == 1 and err.startswith("error: database: already holds managers")


def test_check_fails_on_a_broken_invariant(db: list[str], run_cli, path_id: str) -> None:
    assert run_cli(*db, "check")[0] == 0
    assert (
        run_cli(
            *db,
            "cost",
            "add",
            path_id,
            "--kind",
            "class_wages",
            "--amount",
            "960",
            "--paid-on",
            "2026-01-05",
        )[0]
        == 0
    )
    conn = sqlite3.connect(db[1])
    conn.execute("PRAGMA ignore_check_constraints = ON")  # what another tool might do
    with conn:
        conn.execute("UPDATE cost_lines SET repayable = 1 WHERE kind = 'class_wages'")
    conn.close()
    code, out, err = run_cli(*db, "check")
    assert code == 1, (out, err)
    # Reported either as the broken invariant or as SQLite's failed CHECK on that table.
    assert "class wages marked repayable" in out + err or "cost_lines" in out + err
    assert "Traceback" not in err


def test_check_fails_on_a_broken_foreign_key(db: list[str], run_cli) -> None:
    conn = sqlite3.connect(db[1])
    conn.execute("PRAGMA foreign_keys = OFF")
    with conn:
        conn.execute("INSERT INTO paths (employee_id, certification_id) VALUES (999, 1)")
    conn.close()
    code, out, err = run_cli(*db, "check")
    assert code == 1, (out, err)
    assert "foreign key: paths row 1 points to a missing employees" in out + err


def test_backup_has_the_same_rows(db: list[str], run_cli, path_id: str, tmp_path: Path) -> None:
    assert (
        run_cli(
            *db,
            "cost",
            "add",
            path_id,
            "--kind",
            "tuition",
            "--amount",
            "1895",
            "--paid-on",
            "2026-01-05",
        )[0]
        == 0
    )
    target = tmp_path / "copies" / "backup.db"
    code, out, err = run_cli(*db, "backup", "-o", target)
    assert code == 0, err
    assert out.strip() == str(target)
    assert not Path(f"{target}-wal").exists()

    def dump(path: Path) -> dict[str, list[tuple]]:
        conn = sqlite3.connect(path)
        try:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        finally:
            conn.close()

    copy = dump(target)
    assert copy == dump(Path(db[1]))
    assert len(copy["employees"]) == 10 and len(copy["cost_lines"]) == 1
    # The copy is a certdesk database in its own right.
    assert run_cli("--db", target, "check")[0] == 0
    code, out, _ = run_cli("--db", target, "list", "managers", "--json")
    assert json.loads(out)[0]["full_name"] == "Łukasz Żółć-Nguyễn"


def test_backup_default_location(db: list[str], run_cli) -> None:
    code, out, _ = run_cli(*db, "backup")
    assert code == 0
    made = Path(out.strip())
    assert made.parent == Path(db[1]).parent / "backups"
    assert made.name.startswith("certdesk-") and made.suffix == ".db" and made.is_file()


def test_default_database_is_in_the_user_data_folder(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.name != "posix" or os.uname().sysname == "Darwin":
        pytest.skip("XDG_DATA_HOME applies on Linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, out, _ = run_cli("list", "managers", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert (tmp_path / "xdg" / "certdesk" / "certdesk.db").is_file()
