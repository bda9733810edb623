"""The team matrix on 10,000 managers × 12 certifications: time to first paint of the page.

Run: .venv/bin/python benchmarks/matrix.py [--runs 3]

Builds (once) a database of 10,000 active managers, 12 certifications and 36,000 paths in every
status (completed ones with their cycles, some renewed, some lapsed), and a role → required
certifications table. In one process with the window open on it, each run marks the Matrix page
stale, opens it and measures:
  first paint   from show_page("matrix") to the page's first paint with the grid loaded
  worker        building the grid on the worker thread (services.matrix.matrix_grid)
  GUI stall     the longest time the GUI thread was busy in one go while the page loaded
                (a 10 ms heartbeat timer; DESIGN.md: no stall over 50 ms)
It prints the medians; the window's first paint is printed for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_db import SITES, TITLES, full_name  # noqa: E402

from certdesk.core.models import Employee  # noqa: E402
from certdesk.store import employees, open_store  # noqa: E402

DB = Path(tempfile.gettempdir()) / "certdesk-bench" / "matrix-10000x12.certdesk"
MANAGERS, CERTS, PATHS_EACH = 10_000, 12, 3


def build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(16)
    today = dt.date.today()
    store = open_store(path)
    try:
        with store.transaction() as db:
            for i in range(CERTS - 4):
                db.execute(
                    "INSERT INTO certifications (code, name, validity_months) VALUES (?, ?, 24)",
                    [f"CX{i + 1:02d}", f"Extra certification {i + 1}"],
                )
            db.execute(
                "UPDATE certifications SET validity_months = 36 WHERE validity_months IS NULL"
            )
            employees.insert_many(
                db,
                [
                    Employee(
                        employee_no=f"M-{100000 + i}",
                        full_name=full_name(rng),
                        job_title=TITLES[i % len(TITLES)],
                        site=SITES[i % len(SITES)][0],
                        work_state=SITES[i % len(SITES)][1],
                    )
                    for i in range(MANAGERS)
                ],
            )
            cert_ids = [r[0] for r in db.execute("SELECT id FROM certifications ORDER BY id")]
            people = [r[0] for r in db.execute("SELECT id FROM employees ORDER BY id")]
            paths, cycles = [], []
            statuses = ["completed", "completed", "enrolled", "planned", "approved", "completed"]
            n = 0
            for e in people:
                for cert in rng.sample(cert_ids, PATHS_EACH):
                    n += 1
                    status = rng.choice(statuses)
                    done = today - dt.timedelta(days=rng.randint(30, 1400))
                    ends = done + dt.timedelta(days=730)
                    paths.append(
                        (
                            n,
                            e,
                            cert,
                            status,
                            done.isoformat() if status == "completed" else None,
                            ends.isoformat() if status == "completed" else None,
                            done.isoformat() if status in ("enrolled", "completed") else None,
                        )
                    )
                    if status == "completed":
                        cycles.append((n, 1, done.isoformat(), ends.isoformat()))
            db.conn.executemany(
                "INSERT INTO paths (id, employee_id, certification_id, status, completed_on,"
                " expires_on, enrolled_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
                paths,
            )
            db.conn.executemany(
                "INSERT INTO cycles (path_id, seq, starts_on, ends_on) VALUES (?, ?, ?, ?)", cycles
            )
            codes = [r[0] for r in db.execute("SELECT id FROM certifications ORDER BY code")]
            for t, title in enumerate(TITLES):
                db.execute(
                    "INSERT INTO role_requirements (job_title, certification_id) VALUES (?, ?)",
                    [title, codes[t % len(codes)]],
                )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def ensure() -> Path:
    if not DB.exists():
        build(DB)
    return DB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    path = ensure()
    print(f"database: {path} ({time.perf_counter() - started:.1f} s to make sure it exists)")

    from PySide6.QtCore import QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from certdesk.gui.app import create_window
    from certdesk.services.reports.matrix import matrix_grid

    app = QApplication.instance() or QApplication([])
    spawn = time.perf_counter()
    window = create_window(path)
    window.show()
    while not window._painted:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    window_paint = time.perf_counter() - spawn
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # let the managers list load first
    loop.exec()

    store = open_store(path)
    worker = []
    for _ in range(args.runs):
        t = time.perf_counter()
        grid = matrix_grid(store)
        worker.append(time.perf_counter() - t)
    store.close()

    page = window.page("matrix")

    class PaintWatch(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.painted_at: float | None = None

        def eventFilter(self, obj, event):  # noqa: N802 (Qt)
            if event.type() == event.Type.Paint and page.is_loaded and self.painted_at is None:
                self.painted_at = time.perf_counter()
            return False

    # The same heartbeat with nothing to do: what the machine itself adds (other processes).
    idle: list[float] = [time.perf_counter()]
    idle_timer = QTimer()
    idle_timer.setInterval(10)
    idle_timer.timeout.connect(lambda: idle.append(time.perf_counter()))
    idle_timer.start()
    while time.perf_counter() - idle[0] < 2:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    idle_timer.stop()
    idle_stall = max(b - a for a, b in zip(idle, idle[1:], strict=False))

    paints, stalls = [], []
    for _ in range(args.runs):
        window.show_page("managers")
        app.processEvents()
        page._stale = True
        page._loaded_once = False
        watch = PaintWatch()
        page.view.viewport().installEventFilter(watch)
        beats: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda beats=beats: beats.append(time.perf_counter()))
        timer.start()
        t0 = time.perf_counter()
        beats.append(t0)
        window.show_page("matrix")
        while watch.painted_at is None and time.perf_counter() - t0 < 60:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        timer.stop()
        page.view.viewport().removeEventFilter(watch)
        paints.append(watch.painted_at - t0)
        stalls.append(
            max(b - a for a, b in zip(beats, beats[1:], strict=False)) if len(beats) > 1 else 0
        )
    print(
        "stalls ms:",
        [round(s * 1000) for s in stalls],
        "paints ms:",
        [round(p * 1000) for p in paints],
    )
    rows = len(grid.rows)
    print(f"matrix: {rows:,} managers × {len(grid.codes)} certifications")
    print(f"window first paint:            {window_paint * 1000:7.0f} ms")
    print(
        f"matrix page first paint:       {statistics.median(paints) * 1000:7.0f} ms (median of {args.runs})"
    )
    print(f"  grid built on the worker:    {statistics.median(worker) * 1000:7.0f} ms")
    print(f"  longest GUI-thread stall:    {statistics.median(stalls) * 1000:7.0f} ms (budget 50)")
    print(f"  idle heartbeat's longest gap:{idle_stall * 1000:7.0f} ms (the machine's own noise)")
    window.ops.shutdown()


if __name__ == "__main__":
    main()
