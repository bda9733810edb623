"""Crash safety: an import killed with SIGKILL at random moments leaves all rows or none.

A child process runs `certdesk import managers` on a 50,000-row CSV and is killed after a delay
drawn (from a seeded generator) across the length of one uninterrupted import. After each kill
`certdesk check` must pass on the file and it must hold 0 or 50,000 managers, never a part.
"""

from __future__ import annotations

import csv
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certdesk.store import open_store

ROWS = 50_000
RUNS = 20
SEED = 20260105
LANES = 2  # imports killed side by side

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50,000 managers with Unicode names, written once for the module."""
    path = tmp_path_factory.mktemp("crash") / "big.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["employee_no", "full_name", "email", "job_title", "site", "work_state", "hire_date"]
        )
        for i in range(ROWS):
            writer.writerow(
                [
                    f"E-{i:06d}",
                    f"Łukasz Żółć-Nguyễn {i}",
                    f"manager{i}@example.com",
                    "Contact center manager",
                    "Gdańsk Hub",
                    "NY",
                    "2020-01-02",
                ]
            )
    return path


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, fully migrated database to copy for every run."""
    path = tmp_path_factory.mktemp("crash-template") / "empty.certdesk"
    open_store(path).close()
    return path


def start_import(db: Path, source: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "certdesk", "--db", str(db), "import", "managers", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def employees(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        count = conn.execute("SELECT count(*) FROM employees").fetchone()[0]
    conn.close()
    return count


def run_lane(jobs: list[tuple[Path, float]], source: Path) -> list[tuple[Path, float, int | None]]:
    """Start one import per (database, delay) at once; kill each when its delay is up.

    Returns (database, delay, exit code) per job; -SIGKILL means it was interrupted.
    """
    started = time.monotonic()
    running = [(db, delay, start_import(db, source)) for db, delay in jobs]
    results = []
    for db, delay, proc in sorted(running, key=lambda job: job[1]):
        try:  # finished before its moment came: a complete import
            proc.wait(timeout=max(0.0, started + delay - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
        results.append((db, delay, proc.returncode))
    return results


def test_killed_imports_leave_all_rows_or_none(
    big_csv: Path, empty_db: Path, tmp_path: Path, run_cli
) -> None:
    # Uninterrupted runs, LANES at once as below: how long an import takes here, and that it
    # works. Running the kills in parallel lanes keeps the test short on two cores.
    wholes = [tmp_path / f"whole{i}.certdesk" for i in range(LANES)]
    for whole in wholes:
        shutil.copyfile(empty_db, whole)
    started = time.monotonic()
    procs = [start_import(whole, big_csv) for whole in wholes]
    errors = [proc.communicate(timeout=120)[1] for proc in procs]
    duration = time.monotonic() - started
    for whole, proc, err in zip(wholes, procs, errors, strict=True):
        assert proc.returncode == 0, err.decode()
        assert employees(whole) == ROWS

    rng = random.Random(SEED)
    jobs = []
    for run in range(RUNS):
        # Half the kills anywhere in the run, half in its last 40 % (the write and commit).
        low = 0.0 if run % 2 == 0 else 0.6 * duration
        db = tmp_path / f"run{run}.certdesk"
        shutil.copyfile(empty_db, db)
        jobs.append((db, rng.uniform(low, duration)))

    outcomes = []
    for first in range(0, RUNS, LANES):
        outcomes += run_lane(jobs[first : first + LANES], big_csv)
    mid_write = 0
    for db, delay, returncode in outcomes:
        wal = Path(f"{db}-wal")
        wrote = wal.exists() and wal.stat().st_size > 0  # killed with pages in the journal
        code, out, err = run_cli("--db", db, "check")
        assert code == 0, f"{db.name} (killed after {delay:.2f} s): {out}{err}"
        assert out.startswith("ok")
        count = employees(db)
        assert count in (0, ROWS), f"{db.name}: {count} managers, a partial import"
        if returncode == 0:  # a run that ended on its own imported everything
            assert count == ROWS
        mid_write += wrote and returncode == -signal.SIGKILL

    killed = [o for o in outcomes if o[2] == -signal.SIGKILL]
    assert len(killed) >= RUNS // 2, f"too few runs were really interrupted: {outcomes}"
    assert mid_write >= 1, "no kill landed while the import was writing"
