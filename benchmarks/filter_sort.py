"""One find-box keystroke and one column sort over 10,000 managers, in the real page.

Run: .venv/bin/python benchmarks/filter_sort.py [--db PATH] [--repeat 5]

The Managers page is shown (offscreen unless QT_QPA_PLATFORM says otherwise) with the
10,000-manager list from the big benchmark database. A keystroke is timed from setText on the
find box through the filter, the model reset, the selection update and the repaint of the
table; a sort from sortByColumn to the repaint. Budgets from DESIGN.md: a keystroke ≤ 30 ms,
a sort ≤ 50 ms. As in the window, the sort keys are computed beside the rows (on the worker
there); the time that takes, and a list shown without them, are printed for comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from big_db import DEFAULT_PATH, ensure_big_db  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from certdesk.gui.managers.page import ManagersPage  # noqa: E402
from certdesk.gui.operations.runner import Ops  # noqa: E402
from certdesk.gui.widgets.columns import MANAGER_COLUMNS, MANAGER_NAME_COLUMN  # noqa: E402
from certdesk.gui.widgets.table_model import compute_sort_keys  # noqa: E402
from certdesk.services import managers
from certdesk.store import open_store  # noqa: E402

KEYSTROKE_BUDGET_MS = 30
SORT_BUDGET_MS = 50
# Typing "łukasz nguyen" one key at a time, then deleting it again, then a one-letter search
# that matches nearly everyone (the largest result the view has to show).
TYPED = "łukasz nguyen"


def timed(app: QApplication, action) -> float:
    """Milliseconds for `action` plus the event processing (repaint) it causes."""
    started = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = open_store(ensure_big_db(args.db))
    rows = managers.list_managers(store)
    store.close()

    # As the window does: the worker thread computes the slow columns' sort keys with the
    # rows (No. and Name); the others are computed on their first click, inside "first" below.
    started = time.perf_counter()
    keys = compute_sort_keys(MANAGER_COLUMNS, rows, only=(0, MANAGER_NAME_COLUMN))
    keys_ms = (time.perf_counter() - started) * 1000

    app = QApplication.instance() or QApplication([])
    page = ManagersPage(Ops())
    page.resize(1280, 760)
    page.show()
    load_ms = timed(app, lambda: page.show_rows(rows, keys))
    assert page.model.rowCount() == len(rows) == 10_000

    keystrokes: list[float] = []
    for _ in range(args.repeat):
        texts = [TYPED[:i] for i in range(1, len(TYPED) + 1)]
        texts += texts[-2::-1] + [""]  # backspace back to empty
        texts += ["a", ""]
        for text in texts:
            keystrokes.append(timed(app, lambda t=text: page.find.setText(t)))
    page.find.setText("nguyen")
    found = page.model.rowCount()
    page.find.setText("")

    cold: dict[str, float] = {}
    warm: dict[str, list[float]] = {}
    for column, spec in enumerate(MANAGER_COLUMNS):
        for rep in range(args.repeat):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                ms = timed(app, lambda c=column, o=order: page.view.sortByColumn(c, o))
                if rep == 0 and order == Qt.SortOrder.AscendingOrder:
                    cold[spec.header] = ms
                else:
                    warm.setdefault(spec.header, []).append(ms)
    # Without keys from the worker, the GUI thread would compute the sorted column's keys.
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    cold_ms = timed(app, lambda: page.show_rows(list(rows)))

    worst_key = max(keystrokes)
    print(f"filter and sort over {len(rows):,} managers ({os.environ['QT_QPA_PLATFORM']})")
    print(f"  sort keys of No. and Name, on the worker thread  {keys_ms:6.1f} ms")
    print(f"  show the list (set rows, sort by name, paint)   {load_ms:6.1f} ms")
    print(
        f"  keystroke in the find box: median {statistics.median(keystrokes):5.1f} ms, "
        f"90th pct {statistics.quantiles(keystrokes, n=10)[-1]:5.1f} ms, worst {worst_key:5.1f} ms"
        f"  (budget ≤ {KEYSTROKE_BUDGET_MS} ms, {len(keystrokes)} keystrokes; "
        f"'nguyen' finds {found:,})"
    )
    for header in cold:
        print(
            f"  sort by {header:<14s} first {cold[header]:5.1f} ms, then median "
            f"{statistics.median(warm[header]):5.1f} ms  (budget ≤ {SORT_BUDGET_MS} ms)"
        )
    print(
        f"  (for comparison: showing the list sorted by No. with keys computed here "
        f"{cold_ms:.1f} ms)"
    )
    worst_sort = max([*cold.values(), *(max(v) for v in warm.values())])
    ok = worst_key <= KEYSTROKE_BUDGET_MS and worst_sort <= SORT_BUDGET_MS
    print(
        f"  worst keystroke {worst_key:.1f} ms, worst sort {worst_sort:.1f} ms: "
        f"{'within budget' if ok else 'OVER BUDGET'}"
    )


if __name__ == "__main__":
    main()
