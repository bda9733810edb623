"""Start-up: process start → first painted main window, certdesk vs a bare PySide6 window.

Run: .venv/bin/python benchmarks/startup.py [--runs 5] [--db PATH]

Each run starts a fresh interpreter (subprocess), alternating the two programs:
  bare      QApplication + QMainWindow with an empty QTableView, 1280×800
  certdesk  certdesk's main window on the 10,000-manager / 50,000-path database
The clock starts in the parent just before the process is spawned and stops in the child once
the window's first paint pass is over (the same hook for both). For certdesk the time until
the managers list is loaded and painted is reported too, then the Paths page is opened (as a
click in the navigation does) and timed until its 50,000 paths are painted. Peak RSS
(ru_maxrss) is taken in each child: for certdesk when the managers list is shown (and, for
information, once the Paths page is). Medians of --runs runs; budgets (DESIGN.md, issue 12):
first paint and memory with the list ≤ 1.3× the bare window, the list on screen ≤ 1.5× the
bare window's first paint, the Paths page ≤ 3× the bare first paint from being opened.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_db import DEFAULT_PATH, ensure_big_db  # noqa: E402

BUDGET = 1.3
LIST_BUDGET = 1.5  # the managers list on screen, against the bare window's first paint
PATHS_BUDGET = 3.0  # the Paths page from the click that opens it to its 50,000 rows painted
PYCACHE = DEFAULT_PATH.parent / "pycache"

# Shared by both children: time since the parent's spawn, and peak RSS in MB.
_PRELUDE = r"""
import sys, time, resource
SPAWNED = float(sys.argv[1])
def since_spawn(): return time.time() - SPAWNED
def peak_rss_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

BARE = (
    _PRELUDE
    + r"""
import json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, done)

def done():
    print(json.dumps({"first_paint": since_spawn(), "rss_mb": peak_rss_mb()}))
    app.quit()

app = QApplication([])
window = Window()
window.setWindowTitle("bare")
window.setCentralWidget(QTableView())
window.resize(1280, 800)
window.show()
app.exec()
"""
)

CERTDESK = (
    _PRELUDE
    + r"""
import json
from pathlib import Path
from PySide6.QtWidgets import QApplication
from certdesk.gui.app import create_window

from PySide6.QtCore import QTimer
seen = {"stall": 0.0}
ticks = []
def tick():  # how long the GUI thread goes without running its event loop while loading
    now = time.perf_counter()
    if ticks:
        seen["stall"] = max(seen["stall"], now - ticks[-1])
    ticks.append(now)
heartbeat = QTimer()
heartbeat.setInterval(5)
heartbeat.timeout.connect(tick)
def painted():
    seen["first_paint"] = since_spawn()
    seen["rss_at_paint_mb"] = peak_rss_mb()
    heartbeat.start()
def loaded():
    window.repaint()  # paint the filled list now, then stop the clock
    tick()
    seen["list_shown"] = since_spawn()
    seen["rows"] = window.managers_page.model.rowCount()
    seen["rss_mb"] = peak_rss_mb()
    seen["reportlab"] = "reportlab" in sys.modules
    QTimer.singleShot(0, open_paths)  # then open the Paths page, as a click on it would
def open_paths():
    heartbeat.stop()
    seen["paths_opened"] = time.perf_counter()
    window.show_page("paths")
    window.paths_page.loaded.connect(paths_shown)
def paths_shown():
    window.repaint()  # the 50,000 paths painted, then stop the clock
    seen["paths_shown"] = time.perf_counter() - seen.pop("paths_opened")
    seen["path_rows"] = window.paths_page.model.rowCount()
    seen["rss_paths_mb"] = peak_rss_mb()
    app.quit()

app = QApplication([])
window = create_window(Path(sys.argv[2]))
window.first_painted.connect(painted)
window.managers_page.loaded.connect(loaded)
window.show()
app.exec()
window.close()
print(json.dumps(seen))
"""
)


def run_child(code: str, *args: str) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        # As installed: modules load from cached bytecode (the warm-up run writes it).
        "PYTHONPYCACHEPREFIX": str(PYCACHE),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, repr(spawned), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()
    db = ensure_big_db(args.db)
    run_child(BARE)  # warm the file cache for both (not counted)
    run_child(CERTDESK, str(db))
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(run_child(BARE))
        app.append(run_child(CERTDESK, str(db)))
    assert all(r["rows"] == 10_000 for r in app), "the list did not show 10,000 managers"
    assert all(r["path_rows"] == 50_000 for r in app), "the Paths page did not show 50,000 paths"

    def med(rows: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    bare_paint, app_paint = med(bare, "first_paint"), med(app, "first_paint")
    app_list = med(app, "list_shown")
    bare_rss, app_rss, app_rss_paint = (
        med(bare, "rss_mb"),
        med(app, "rss_mb"),
        med(app, "rss_at_paint_mb"),
    )
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(
        f"start-up on {db.name} (10,000 managers, 50,000 paths), median of {args.runs}, "
        f"QT_QPA_PLATFORM={platform}"
    )
    print(f"  bare PySide6 window, first paint     {bare_paint * 1000:7.0f} ms")
    print(
        f"  certdesk window, first paint         {app_paint * 1000:7.0f} ms   "
        f"ratio {app_paint / bare_paint:.2f} (budget ≤ {BUDGET})"
    )
    print(
        f"  certdesk, 10,000 managers shown      {app_list * 1000:7.0f} ms   "
        f"ratio {app_list / bare_paint:.2f} (budget ≤ {LIST_BUDGET})"
    )
    paths = med(app, "paths_shown")
    print(
        f"  Paths page, opened → 50,000 shown    {paths * 1000:7.0f} ms   "
        f"ratio {paths / bare_paint:.2f} (budget ≤ {PATHS_BUDGET}, against the bare first paint)"
    )
    print(f"  peak RSS bare                        {bare_rss:7.1f} MB")
    print(
        f"  peak RSS certdesk at first paint     {app_rss_paint:7.1f} MB   "
        f"ratio {app_rss_paint / bare_rss:.2f}"
    )
    print(
        f"  peak RSS certdesk, list shown        {app_rss:7.1f} MB   "
        f"ratio {app_rss / bare_rss:.2f} (budget ≤ {BUDGET})"
    )
    print(
        f"  peak RSS certdesk, Paths page shown  {med(app, 'rss_paths_mb'):7.1f} MB   "
        f"ratio {med(app, 'rss_paths_mb') / bare_rss:.2f} (for information)"
    )
    print(
        f"  longest GUI-thread stall while the list loads {med(app, 'stall') * 1000:5.0f} ms "
        f"(worst run {max(r['stall'] for r in app) * 1000:.0f} ms)"
    )
    print(f"  reportlab imported: {any(r['reportlab'] for r in app)}")


if __name__ == "__main__":
    main()
