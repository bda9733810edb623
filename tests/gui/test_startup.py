"""Start-up does only what the first screen needs (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from certdesk.gui.app import create_window

app = QApplication([])
window = create_window(Path(sys.argv[1]))
seen = {}
def painted():
    heavy = ("sqlite_utils", "certdesk.store", "certdesk.services", "certdesk.core.models",
             "reportlab")
    seen["at_first_paint"] = sorted(m for m in heavy if m in sys.modules)
def loaded():
    seen["rows"] = window.managers_page.model.rowCount()
    seen["loaded"] = sorted(
        m for m in ("reportlab", "certdesk.forms", "certdesk.services.paths.views")
        if m in sys.modules
    )
    seen["paths_loaded"] = window.paths_page.is_loaded
    app.quit()
window.first_painted.connect(painted)
window.managers_page.loaded.connect(loaded)
window.show()
app.exec()
window.close()
print(json.dumps(seen))
"""


def test_the_window_opens_without_reportlab_and_loads_only_the_managers(db_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["at_first_paint"] == []  # the database layer and services load after it
    assert seen["rows"] == 6
    assert "reportlab" not in seen["loaded"]
    assert "certdesk.forms" not in seen["loaded"]
    assert seen["paths_loaded"] is False


def test_run_shows_the_window_and_returns_the_exit_code(qapp, db_path: Path, monkeypatch):
    # run() installs an error dialog as sys.excepthook; later tests in this process must not
    # get a modal dialog for their own expected exceptions (they would wait on it forever).
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from certdesk.gui.app import run
    from certdesk.gui.main_window import MainWindow
    from certdesk.store.lock import DatabaseLock

    seen: list[str] = []

    def when_loaded() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].managers_page.is_loaded:
            seen.append(windows[0].windowTitle())
            windows[0].close()
            QApplication.exit(3)
        else:
            QTimer.singleShot(20, when_loaded)

    QTimer.singleShot(0, when_loaded)
    assert run(db_path) == 3
    assert seen == ["certdesk — acme-hr.certdesk"]
    lock = DatabaseLock(db_path)  # the window let go of the database
    lock.acquire()
    lock.release()


def test_quit_after_the_list_for_start_up_timings(qapp, tmp_path, monkeypatch):
    """`--quit-after list` ends the program once the managers list is shown (exit 0)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    from PySide6.QtWidgets import QApplication

    from certdesk.cli import main
    from certdesk.gui.main_window import MainWindow

    db_path = tmp_path / "timing.certdesk"
    assert main(["--db", str(db_path), "--quit-after", "list"]) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert windows and windows[-1].managers_page.is_loaded
    for window in windows:
        window.close()
