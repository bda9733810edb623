"""A big database for the window benchmarks: 10,000 managers and 50,000 certification paths.

Run: .venv/bin/python benchmarks/big_db.py [PATH] [--managers 10000] [--paths 50000] [--force]

Managers go in through the store's bulk insert; paths and their cost lines through executemany
in one transaction (a benchmark fixture, not a use case). The file is reused when it already
holds the requested numbers, so the other benchmarks can call `ensure_big_db()` cheaply.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from certdesk.core.models import Employee
from certdesk.store import employees, open_store

DEFAULT_PATH = Path(tempfile.gettempdir()) / "certdesk-bench" / "big-10000.certdesk"
GIVEN = [
    "Łukasz",
    "Hương",
    "太郎",
    "Agnieszka",
    "José",
    "Zoë",
    "Björn",
    "Małgorzata",
    "Sinéad",
    "Trần",
    "花子",
    "Grzegorz",
    "Renée",
    "Oluwaseun",
    "Mehmet",
    "Ingrid",
    "Emily",
    "Marcus",
    "Chloé",
    "Dmitri",
    "Aisha",
    "Kenji",
    "Paulina",
    "Tomás",
    "Priya",
    "Kwame",
    "Olga",
    "Carlos",
]
FAMILY = [
    "Żółć-Nguyễn",
    "Nguyễn Thị",
    "山田",
    "Wróblewska",
    "Martínez",
    "Ångström",
    "Ní Bhriain",
    "Brzęczyszczykiewicz",
    "Yılmaz",
    "Sørensen",
    "Dubois",
    "Ivanov",
    "Raghunathan",
    "Mensah",
    "Van der Berg",
    "Kowalczyk",
    "Gutiérrez",
    "Johnson",
    "Chen",
    "O'Neill",
    "Lefèvre",
    "佐藤",
    "Szymański",
    "Ferreira",
    "Petrova",
    "Washington",
    "Watanabe",
    "Zając",
    "Thompson",
    "García",
]
SITES = [
    ("Gdańsk Hub", "PL"),
    ("Sacramento Contact Center", "CA"),
    ("Buffalo Service Desk", "NY"),
    ("Denver Customer Care", "CO"),
    ("Austin Support Center", "TX"),
    ("Tampa Operations", "FL"),
    ("Phoenix Care Center", "AZ"),
    ("Kraków Service Center", "PL"),
]
TITLES = ["Call Center Manager", "Contact Center Supervisor", "Workforce Manager", "Team Lead"]
STATUSES = ["planned", "approved", "enrolled", "completed", "withdrawn", "failed"]


def full_name(rng: random.Random) -> str:
    """A Unicode name; a middle name for most, so that nearly every name is distinct."""
    given = rng.choice(GIVEN)
    if rng.random() < 0.8:
        given += " " + rng.choice(GIVEN)
    return f"{given} {rng.choice(FAMILY)}"


def build(path: Path, managers: int = 10_000, paths: int = 50_000, seed: int = 2026) -> None:
    """Write a fresh database with `managers` managers and `paths` paths (Unicode names)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    today = dt.date.today()
    store = open_store(path)
    try:
        people = []
        for i in range(managers):
            site, state = SITES[i % len(SITES)]
            people.append(
                Employee(
                    employee_no=f"H-{100000 + i}",
                    full_name=full_name(rng),
                    email=f"manager.{100000 + i}@example.com",
                    job_title=TITLES[i % len(TITLES)],
                    site=site,
                    work_state=state,
                    hire_date=today - dt.timedelta(days=rng.randint(100, 5000)),
                )
            )
        with store.transaction() as db:
            employees.insert_many(db, people)
            cert_ids = [r[0] for r in db.execute("SELECT id FROM certifications ORDER BY id")]
            employee_ids = [r[0] for r in db.execute("SELECT id FROM employees ORDER BY id")]
            path_rows, cost_rows = [], []
            for n in range(paths):
                status = STATUSES[n % len(STATUSES)]
                start = today - dt.timedelta(days=rng.randint(30, 900))
                target = start + dt.timedelta(days=rng.randint(90, 400))
                enrolled = start if status in ("enrolled", "completed", "failed") else None
                completed = start + dt.timedelta(days=120) if status == "completed" else None
                expires = completed + dt.timedelta(days=730) if completed else None
                path_rows.append(
                    (
                        n + 1,
                        employee_ids[n % len(employee_ids)],
                        cert_ids[(n + n // managers) % len(cert_ids)],
                        status,
                        target.isoformat(),
                        enrolled and enrolled.isoformat(),
                        completed and completed.isoformat(),
                        f"CRED-{n:06d}" if completed else "",
                        expires and expires.isoformat(),
                    )
                )
                if status != "planned":
                    cost_rows.append(
                        (n + 1, "tuition", rng.choice([95000, 129500, 149500]), start.isoformat())
                    )
            db.conn.executemany(
                "INSERT INTO paths (id, employee_id, certification_id, status, target_date,"
                " enrolled_on, completed_on, credential_no, expires_on)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                path_rows,
            )
            db.conn.executemany(
                "INSERT INTO cost_lines (path_id, kind, amount_cents, paid_on) VALUES (?, ?, ?, ?)",
                cost_rows,
            )
            # Every completed path holds its credential's first cycle (as completing one does).
            db.conn.execute(
                "INSERT INTO cycles (path_id, seq, starts_on, ends_on) SELECT id, 1,"
                " completed_on, expires_on FROM paths WHERE status = 'completed'"
            )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def counts(path: Path) -> tuple[int, int]:
    """(managers, paths) in an existing database, or (-1, -1) if it cannot be read."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return (
                conn.execute("SELECT count(*) FROM employees").fetchone()[0],
                conn.execute("SELECT count(*) FROM paths").fetchone()[0],
            )
    except sqlite3.Error:
        return (-1, -1)


def ensure_big_db(path: Path = DEFAULT_PATH, managers: int = 10_000, paths: int = 50_000) -> Path:
    """The big database at `path`, built only if missing or of another size."""
    if not path.exists() or counts(path) != (managers, paths):
        build(path, managers, paths)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--managers", type=int, default=10_000)
    parser.add_argument("--paths", type=int, default=50_000)
    parser.add_argument("--force", action="store_true", help="rebuild even if it exists")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.force:
        build(args.path, args.managers, args.paths)
    else:
        ensure_big_db(args.path, args.managers, args.paths)
    managers, paths = counts(args.path)
    print(
        f"{args.path}: {managers:,} managers, {paths:,} paths "
        f"({time.perf_counter() - started:.2f} s)"
    )


if __name__ == "__main__":
    main()
