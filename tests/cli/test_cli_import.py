"""`certdesk import managers`: summary on success, exit 1 naming line and field on bad input,
and not one byte of the database written when the file is rejected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date"


@pytest.fixture
def db(db_path: Path, run_cli, sample_csv: Path) -> Path:
    """A database with the sample managers, closed by the command line after the import."""
    code, out, err = run_cli("--db", db_path, "import", "managers", sample_csv)
    assert (code, out, err) == (0, "10 added, 0 updated, 0 unchanged\n", "")
    return db_path


def test_import_into_a_new_database(run_cli, db_path: Path, sample_csv: Path) -> None:
    code, out, err = run_cli("--db", db_path, "import", "managers", sample_csv)
    assert (code, out, err) == (0, "10 added, 0 updated, 0 unchanged\n", "")
    records = json.loads(run_cli("--db", db_path, "list", "managers", "--json")[1])
    assert [r["full_name"] for r in records][:3] == [
        "Łukasz Żółć-Nguyễn",
        "Nguyễn Thị Hương",
        "山田 太郎",
    ]


def test_reimport_and_update(run_cli, db: Path, sample_csv: Path, write_file) -> None:
    assert run_cli("--db", db, "import", "managers", sample_csv)[1] == (
        "0 added, 0 updated, 10 unchanged\n"
    )
    lines = sample_csv.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Call Center Manager", "Senior Call Center Manager")
    lines.append("H-9011,Paulina Zając,p.zajac@example.com,Team Lead,Gdańsk Hub,PL,2025-05-05")
    code, out, _ = run_cli("--db", db, "import", "managers", write_file("v2.csv", "\n".join(lines)))
    assert (code, out) == (0, "1 added, 1 updated, 9 unchanged\n")
    records = {
        r["employee_no"]: r
        for r in json.loads(run_cli("--db", db, "list", "managers", "--json")[1])
    }
    assert records["H-9001"]["job_title"] == "Senior Call Center Manager"
    assert records["H-9011"]["full_name"] == "Paulina Zając"


BAD = [
    (
        "missing column",
        "Employee ID,Work Email\nH-1,anna@example.com\n",
        "line 1: no column for full_name (or given_name and family_name)",
    ),
    (
        "duplicate employee_no",
        f"{HEADER}\nH-1,Anna,,,,NY,\nH-1,Anna,,,,NY,\n",
        "line 3, employee_no: H-1 already appears on line 2",
    ),
    ("impossible date", f"{HEADER}\nH-1,Anna,,,,NY,2026-02-30\n", "line 2, hire_date: "),
    ("empty name", f"{HEADER}\nH-1,,,,,NY,\n", "line 2, full_name: "),
    (
        "latin-1 bytes",
        f"{HEADER}\nH-1,Ren\xe9e,,,,NY,\n".encode("latin-1"),
        "line 2: the file is not UTF-8 text",
    ),
    (
        "too many fields",
        f"{HEADER}\nH-1,Kowalska, Anna,,,,NY,\n",
        "line 2: has 8 fields but the header has 7",
    ),
    (
        "update of an existing manager with a bad value",
        f"{HEADER}\nH-9001,Łukasz Żółć-Nguyễn,,,,Atlantis,\n",
        "line 2, work_state: ",
    ),
]


@pytest.mark.parametrize(("case", "content", "message"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("dry_run", [False, True], ids=["write", "dry-run"])
def test_bad_file_exits_1_and_the_database_is_byte_for_byte_unchanged(
    run_cli, db: Path, write_file, file_fingerprint, case, content, message, dry_run
) -> None:
    before = file_fingerprint(db)
    assert before["-wal"] is None  # the command line closed (and checkpointed) the database
    extra = ["--dry-run"] if dry_run else []
    code, out, err = run_cli(
        "--db", db, "import", "managers", write_file("hr.csv", content), *extra
    )
    assert code == 1, (out, err)
    assert out == ""
    assert err.startswith("error: hr.csv: nothing was imported.\n"), err
    assert message in err
    assert file_fingerprint(db) == before


def test_every_bad_line_is_on_stderr(run_cli, db: Path, write_file) -> None:
    content = f"{HEADER}\nH-1,Anna,,,,NY,2026-02-30\nH-2,Ola,,,,NY,\nH-3,,,,,NY,\nH-4,Jan,x,,,NY,\n"
    code, _, err = run_cli("--db", db, "import", "managers", write_file("hr.csv", content))
    assert code == 1
    problem_lines = [line for line in err.splitlines() if line.startswith("line ")]
    assert [p.split(":")[0] for p in problem_lines] == [
        "line 2, hire_date",
        "line 4, full_name",
        "line 5, email",
    ]


def test_dry_run_reports_and_writes_nothing(
    run_cli, db: Path, write_file, file_fingerprint
) -> None:
    before = file_fingerprint(db)
    content = f"{HEADER}\nH-9001,Łukasz Żółć,,,,CA,\nH-9100,Anna,,,,NY,\n"
    code, out, err = run_cli(
        "--db", db, "import", "managers", write_file("hr.csv", content), "--dry-run"
    )
    assert (code, err) == (0, "")
    assert out == "1 would be added, 1 would be updated, 0 unchanged — dry run, nothing written\n"
    assert file_fingerprint(db) == before


def test_bom_file_is_accepted(run_cli, db_path: Path, write_file) -> None:
    data = ("\ufeff" + HEADER + "\r\nH-1,Nguyễn Thị Hương,,,,ca,\r\n").encode("utf-8")
    code, out, _ = run_cli("--db", db_path, "import", "managers", write_file("bom.csv", data))
    assert (code, out) == (0, "1 added, 0 updated, 0 unchanged\n")
    [record] = json.loads(run_cli("--db", db_path, "list", "managers", "--json")[1])
    assert (record["employee_no"], record["work_state"]) == ("H-1", "CA")


def test_missing_file_exits_1(run_cli, db: Path, tmp_path: Path, file_fingerprint) -> None:
    before = file_fingerprint(db)
    code, out, err = run_cli("--db", db, "import", "managers", tmp_path / "nope.csv")
    assert code == 1 and out == ""
    assert err.startswith("error: ") and "nope.csv" in err
    assert file_fingerprint(db) == before


def test_missing_argument_exits_2(run_cli, db: Path) -> None:
    code, _, err = run_cli("--db", db, "import", "managers")
    assert code == 2 and "file" in err


def test_export_then_import_round_trips(run_cli, db: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "export.csv"
    assert run_cli("--db", db, "export", "managers", "-o", out_file)[0] == 0
    fresh = tmp_path / "fresh.db"
    code, out, _ = run_cli("--db", fresh, "import", "managers", out_file)
    assert (code, out) == (0, "10 added, 0 updated, 0 unchanged\n")
    original = run_cli("--db", db, "list", "managers", "--json")[1]
    assert run_cli("--db", fresh, "list", "managers", "--json")[1] == original
    assert run_cli("--db", db, "import", "managers", out_file)[1] == (
        "0 added, 0 updated, 10 unchanged\n"
    )
