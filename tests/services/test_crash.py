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


def wal_size(db: Path) -> int:
    try:
        return Path(f"{db}-wal").stat().st_size
    except FileNotFoundError:
        return 0


def run_lane(
    jobs: list[tuple[Path, str, float]], source: Path
) -> list[tuple[Path, float, int | None]]:
    """Start one import per job at once and kill each at its moment.

    A job is (database, "time", seconds after the start) or (database, "wal", bytes the
    write-ahead log must reach): the second ties the kill to the import's own progress through
    its write, so the moment does not depend on how busy the machine is. Returns (database,
    moment, exit code) per job; -SIGKILL means it was interrupted.
    """
    started = time.monotonic()
    running = {db: (kind, moment, start_import(db, source)) for db, kind, moment in jobs}
    results = []
    deadline = started + 120
    while running:
        assert time.monotonic() < deadline, "an import did not finish within 120 s"
        for db, (kind, moment, proc) in list(running.items()):
            if proc.poll() is None:
                due = (
                    time.monotonic() - started >= moment
                    if kind == "time"
                    else wal_size(db) >= moment
                )
                if not due:
                    continue
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
            assert proc.stderr is not None
            proc.stderr.close()
            results.append((db, moment, proc.returncode))
            del running[db]
        time.sleep(0.002)  # polling interval, not a wait for timing
    return results


def test_killed_imports_leave_all_rows_or_none(
    big_csv: Path, empty_db: Path, tmp_path: Path, run_cli
) -> None:
    # Uninterrupted runs, LANES at once as below: how long an import takes here, how large its
    # write-ahead log grows, and that it works.
    wholes = [tmp_path / f"whole{i}.certdesk" for i in range(LANES)]
    for whole in wholes:
        shutil.copyfile(empty_db, whole)
    started = time.monotonic()
    procs = [start_import(whole, big_csv) for whole in wholes]
    largest_wal = 0
    while any(proc.poll() is None for proc in procs):
        largest_wal = max([largest_wal, *(wal_size(w) for w in wholes)])
        time.sleep(0.002)
    duration = time.monotonic() - started
    for whole, proc in zip(wholes, procs, strict=True):
        err = proc.communicate(timeout=30)[1]
        assert proc.returncode == 0, err.decode()
        assert employees(whole) == ROWS
    assert largest_wal > 0, "the import never wrote to its write-ahead log"

    rng = random.Random(SEED)
    jobs = []
    for run in range(RUNS):
        db = tmp_path / f"run{run}.certdesk"
        shutil.copyfile(empty_db, db)
        if run % 2 == 0:  # anywhere while reading and checking the file
            jobs.append((db, "time", rng.uniform(0.0, 0.5 * duration)))
        else:  # somewhere in the write, before the commit completes
            jobs.append((db, "wal", rng.uniform(0.02, 0.9) * largest_wal))

    outcomes = []
    for first in range(0, RUNS, LANES):
        outcomes += run_lane(jobs[first : first + LANES], big_csv)
    mid_write = 0
    for db, moment, returncode in outcomes:
        wal = Path(f"{db}-wal")
        wrote = wal.exists() and wal.stat().st_size > 0  # killed with pages in the journal
        code, out, err = run_cli("--db", db, "check")
        assert code == 0, f"{db.name} (killed at {moment:.2f}): {out}{err}"
        assert out.startswith("ok")
        count = employees(db)
        assert count in (0, ROWS), f"{db.name}: {count} managers, a partial import"
        if returncode == 0:  # a run that ended on its own imported everything
            assert count == ROWS
        mid_write += wrote and returncode == -signal.SIGKILL

    killed = [o for o in outcomes if o[2] == -signal.SIGKILL]
    assert len(killed) >= RUNS // 2, f"too few runs were really interrupted: {outcomes}"
    assert mid_write >= 1, "no kill landed while the import was writing"
