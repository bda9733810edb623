"""Importing 10,000 managers from CSV (not part of the test suite).

Run: .venv/bin/python benchmarks/import_managers.py [--rows 10000] [--repeat 3] [--profile]
         [--big-mb 200] [--wide 100000]

Writes a managers CSV with Unicode names in a temporary folder, then times, each on a fresh
database file (best of --repeat runs):
  1. the first import (every row added),
  2. the same file again (every row unchanged),
  3. a file where every row changed (every row updated).
  4. the same people as an HR system exports them (Employee ID, First Name, Last Name, ...,
     dates MM/DD/YYYY, detected), every row added.
Each is printed in seconds and as a ratio to the budget in DESIGN.md (import 10,000 managers
from CSV <= 2 s). --profile prints the top of a cProfile of the first import.

Then, each in a fresh child process (so its peak resident memory is the import's alone):
  5. a --big-mb MB file (default 200 MB, ~1.4 million managers; 0 skips it): time and peak
     memory against the ~300 MB budget;
  6. a 1 MB file with --wide columns (default 100,000): the time until the import answers
     (budget 2 s), and the length of what it prints.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_db import SITES, TITLES, full_name  # noqa: E402  (the same sample people)

from certdesk.services.exchange.csv_import import import_managers
from certdesk.store import open_store

BUDGET_S = 2.0
HEADER = ("employee_no", "full_name", "email", "job_title", "site", "work_state", "hire_date")
HR_HEADER = (
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Job Title",
    "Location",
    "State",
    "Hire Date",
)
MEMORY_BUDGET_MB = 300
WIDE_BUDGET_S = 2.0


def write_csv(path: Path, rows: int, *, variant: str = "") -> None:
    """A deterministic HR export; `variant` changes every row's job title (for updates)."""
    rng = random.Random(10_000)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            site, state = SITES[i % len(SITES)]
            writer.writerow(
                [
                    f"H-{100000 + i}",
                    full_name(rng),
                    f"manager.{100000 + i}@example.com",
                    TITLES[i % len(TITLES)] + variant,
                    site,
                    state,
                    f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                ]
            )


def write_hr_csv(path: Path, rows: int) -> None:
    """The same people as an HR system exports them: two name columns, MM/DD/YYYY dates."""
    rng = random.Random(10_000)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HR_HEADER)
        for i in range(rows):
            site, state = SITES[i % len(SITES)]
            given, _, family = full_name(rng).partition(" ")
            writer.writerow(
                [
                    f"E{100000 + i}",
                    given,
                    family,
                    f"manager.{100000 + i}@example.com",
                    TITLES[i % len(TITLES)],
                    site,
                    state,
                    f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(2005, 2025)}",
                ]
            )


def write_big_csv(path: Path, megabytes: int) -> int:
    """A managers CSV of about `megabytes` MB; returns its row count."""
    rng = random.Random(200)
    target = megabytes * 1024 * 1024
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        while handle.tell() < target:
            for _ in range(1000):
                site, state = SITES[rows % len(SITES)]
                writer.writerow(
                    [
                        f"B-{rows}",
                        full_name(rng),
                        f"m{rows}@example.com",
                        TITLES[rows % len(TITLES)],
                        site,
                        state,
                        f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-"
                        f"{rng.randint(1, 28):02d}",
                    ]
                )
                rows += 1
    return rows


_CHILD = """
import resource, sys, time
from certdesk.services.exchange.csv_import import import_managers
from certdesk.store import open_store
store = open_store(sys.argv[1])
start = time.perf_counter()
summary = import_managers(store, sys.argv[2])
seconds = time.perf_counter() - start
store.close()
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, peak_kb, summary.describe(), sep="\t")
"""


def import_in_child(db: Path, csv_file: Path) -> tuple[float, float, str]:
    """(seconds, peak resident MB, summary) of one import in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db), str(csv_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, peak_kb, summary = done.stdout.strip().split("\t")
    return float(seconds), int(peak_kb) / 1024, summary


def baseline_in_child(db: Path) -> float:
    """Peak resident MB of a child that imports the same modules and opens a store."""
    code = _CHILD.split("start =")[0] + (
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(db), ""], check=True, capture_output=True, text=True
    )
    return int(done.stdout) / 1024


def wide_in_child(db: Path, csv_file: Path) -> tuple[float, float, int]:
    """(seconds until `certdesk import managers` answers, its CPU seconds, characters it
    printed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "certdesk", "--db", str(db), "import", "managers", str(csv_file)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, len(done.stdout) + len(done.stderr)


def best_of(repeat: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--big-mb", type=int, default=200, help="size of the big file (0: skip)")
    parser.add_argument("--wide", type=int, default=100_000, help="columns of the wide file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="certdesk-bench-") as tmp:
        folder = Path(tmp)
        first, changed = folder / "managers.csv", folder / "managers-changed.csv"
        write_csv(first, args.rows)
        write_csv(changed, args.rows, variant=" II")
        hr_export = folder / "hr-export.csv"
        write_hr_csv(hr_export, args.rows)
        counter = iter(range(1_000_000))

        def fresh_store():
            return open_store(folder / f"bench-{next(counter)}.db")

        def timed(prepare: list[Path], measured: Path, expect: str) -> float:
            store = fresh_store()
            try:
                for file in prepare:
                    import_managers(store, file)
                start = time.perf_counter()
                summary = import_managers(store, measured)
                seconds = time.perf_counter() - start
            finally:
                store.close()
            assert summary.describe().startswith(expect), summary.describe()
            return seconds

        n = args.rows
        results = [
            (
                f"first import ({n} added)",
                best_of(
                    args.repeat, lambda: timed([], first, f"{n} added, 0 updated, 0 unchanged")
                ),
            ),
            (
                f"same file again ({n} unchanged)",
                best_of(
                    args.repeat, lambda: timed([first], first, f"0 added, 0 updated, {n} unchanged")
                ),
            ),
            (
                f"every row changed ({n} updated)",
                best_of(
                    args.repeat,
                    lambda: timed([first], changed, f"0 added, {n} updated, 0 unchanged"),
                ),
            ),
            (
                f"HR export, MM/DD/YYYY ({n} added)",
                best_of(
                    args.repeat, lambda: timed([], hr_export, f"{n} added, 0 updated, 0 unchanged")
                ),
            ),
        ]
        print(f"import {n:,} managers from CSV (best of {args.repeat}; budget {BUDGET_S:.1f} s)")
        for label, seconds in results:
            verdict = "ok" if seconds <= BUDGET_S else "OVER BUDGET"
            print(f"  {label:<34} {seconds:6.3f} s   ratio {seconds / BUDGET_S:5.2f}   {verdict}")

        if args.big_mb:
            big = folder / "big.csv"
            rows = write_big_csv(big, args.big_mb)
            size_mb = big.stat().st_size / 1024 / 1024
            baseline = baseline_in_child(folder / "baseline.db")
            seconds, peak_mb, summary = import_in_child(folder / "big.db", big)
            verdict = "ok" if peak_mb <= MEMORY_BUDGET_MB else "OVER BUDGET"
            print(f"import a {size_mb:.0f} MB CSV ({rows:,} managers) in a fresh process")
            print(f"  {summary}")
            print(f"  time {seconds:6.1f} s   ({rows / seconds:,.0f} managers/s)")
            print(
                f"  peak memory {peak_mb:6.0f} MB (process with modules loaded and the store "
                f"open: {baseline:.0f} MB)   budget {MEMORY_BUDGET_MB} MB   "
                f"ratio {peak_mb / MEMORY_BUDGET_MB:4.2f}   {verdict}"
            )
            big.unlink()

        if args.wide:
            wide = folder / "wide.csv"
            extra = [f"x{i}" for i in range(args.wide)]  # 100,000 columns: about 1 MB
            wide.write_text(
                ",".join(["Employee ID", "Name", *extra])
                + "\n"
                + ",".join(["W-1", "Anna Kowalska", *[""] * args.wide])
                + "\n",
                encoding="utf-8",
            )
            seconds, cpu, printed = wide_in_child(folder / "wide.db", wide)
            verdict = "ok" if seconds <= WIDE_BUDGET_S else "OVER BUDGET"
            print(
                f"a {wide.stat().st_size / 1024 / 1024:.1f} MB CSV with {args.wide:,} columns: "
                f"answered in {seconds:.2f} s, {cpu:.2f} s of CPU (whole command, start-up "
                f"included; budget {WIDE_BUDGET_S:.0f} s; ratio {seconds / WIDE_BUDGET_S:4.2f}) "
                f"{verdict}; printed {printed} characters"
            )

        if args.profile:
            store = fresh_store()
            profiler = cProfile.Profile()
            profiler.enable()
            import_managers(store, first)
            profiler.disable()
            store.close()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
