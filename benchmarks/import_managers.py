"""Importing 10,000 managers from CSV (not part of the test suite).

Run: .venv/bin/python benchmarks/import_managers.py [--rows 10000] [--repeat 3] [--profile]

Writes a managers CSV with Unicode names in a temporary folder, then times, each on a fresh
database file (best of --repeat runs):
  1. the first import (every row added),
  2. the same file again (every row unchanged),
  3. a file where every row changed (every row updated).
Each is printed in seconds and as a ratio to the budget in DESIGN.md (import 10,000 managers
from CSV <= 2 s). --profile prints the top of a cProfile of the first import.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_db import SITES, TITLES, full_name  # noqa: E402  (the same sample people)

from certdesk.services.csv_import import import_managers
from certdesk.store import open_store

BUDGET_S = 2.0
HEADER = ("employee_no", "full_name", "email", "job_title", "site", "work_state", "hire_date")


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


def best_of(repeat: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="certdesk-bench-") as tmp:
        folder = Path(tmp)
        first, changed = folder / "managers.csv", folder / "managers-changed.csv"
        write_csv(first, args.rows)
        write_csv(changed, args.rows, variant=" II")
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
        ]
        print(f"import {n:,} managers from CSV (best of {args.repeat}; budget {BUDGET_S:.1f} s)")
        for label, seconds in results:
            verdict = "ok" if seconds <= BUDGET_S else "OVER BUDGET"
            print(f"  {label:<34} {seconds:6.3f} s   ratio {seconds / BUDGET_S:5.2f}   {verdict}")

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
