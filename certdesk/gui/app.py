"""Start the window: `run(db_path)` returns the application's exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import QRect
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from certdesk.gui.main_window import MainWindow
from certdesk.locations import resources_dir

DEFAULT_SIZE = (1280, 800)


def create_window(db_path: Path) -> MainWindow:
    """The main window for a database: where and as large as it was last time, else sized to
    fit the screen (a 1366×768 laptop included) with the status bar visible."""
    from certdesk.gui.settings import preferences

    window = MainWindow(Path(db_path))
    geometry = preferences.window_geometry()
    if geometry is None or not window.restoreGeometry(geometry):
        fit_to_screen(window)
    return window


def install_error_dialog(window: MainWindow) -> None:
    """Every error nobody caught is shown as a dialog (the traceback still goes to stderr).

    Qt calls sys.excepthook for an exception in a slot and carries on; without this the
    coordinator would see nothing and wonder why a button did nothing.
    """
    previous = sys.excepthook

    def show(kind, error, trace) -> None:
        previous(kind, error, trace)
        if issubclass(kind, KeyboardInterrupt) or not shiboken6.isValid(window):
            return
        if getattr(error, "certdesk_told", False):  # an op's failure: its screen said it already
            return
        from certdesk.gui.widgets.messages import show_problem

        show_problem(
            window,
            "Something went wrong",
            f"certdesk could not finish this because of an internal problem: {error}\n\n"
            "What was saved before is kept. If it happens again, note what you did and report it.",
        )

    sys.excepthook = show


def fit_to_screen(window: MainWindow, free: QRect | None = None) -> None:
    """At most 1280×800, never larger than the screen's free area (`free`, default the
    window's screen), centred on it."""
    if free is None:
        screen = window.screen() or QApplication.primaryScreen()
        if screen is None:
            window.resize(*DEFAULT_SIZE)
            return
        free = screen.availableGeometry()
    # The window frame (title bar, borders) is not in the size given: leave room for it.
    width = min(DEFAULT_SIZE[0], free.width() - 16)
    height = min(DEFAULT_SIZE[1], free.height() - 48)
    window.resize(width, height)
    window.move(
        free.x() + max(0, (free.width() - width) // 2),
        free.y() + max(0, (free.height() - height - 32) // 2),
    )


def run(db_path: Path, quit_after: str | None = None) -> int:
    """Show the window on `db_path` until it closes; returns the exit code.

    `quit_after` ("first-paint" or "list") ends the program at that moment instead: start-up
    timings from outside the process (the frozen app against the virtualenv) use it.

    Start-up does only what the first screen needs: the store, sqlite-utils and the services
    are imported on the worker thread after the first paint, then the managers list loads.
    Other pages load when first opened; reportlab is never imported here.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("certdesk")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "certdesk.png")))
    window = create_window(db_path)
    install_error_dialog(window)
    if quit_after == "first-paint":
        window.first_painted.connect(app.quit)
    elif quit_after == "list":
        window.managers_page.loaded.connect(app.quit)
    window.show()
    code = app.exec()
    window.ops.shutdown()
    return code
