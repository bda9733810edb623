"""The main window: navigation with counts, the pages, menus and the attention status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from certdesk.core.errors import InvalidInput
from certdesk.gui.import_export import ManagerImport, choose_and_export, choose_and_import
from certdesk.gui.managers_page import ManagersPage
from certdesk.gui.messages import show_message, show_problem
from certdesk.gui.navigation import Navigation
from certdesk.gui.ops import Ops
from certdesk.gui.paths_page import PathsPage

if TYPE_CHECKING:
    from certdesk.services.gui_queries import Attention
    from certdesk.store import Store

EXIT_CANNOT_OPEN = 1


def attention_text(attention: Attention) -> str:
    """The status bar sentence: what needs looking at soon."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count:,} {one if count == 1 else many}"

    parts = []
    if attention.expiring_soon:
        parts.append(
            n(attention.expiring_soon, "credential expires", "credentials expire")
            + f" within {attention.days} days"
        )
    if attention.expired:
        parts.append(n(attention.expired, "credential has expired", "credentials have expired"))
    if attention.overdue:
        parts.append(
            n(attention.overdue, "path is past its target date", "paths are past their target date")
        )
    return " · ".join(parts) if parts else "Nothing needs attention"


def _summary(store: Store) -> tuple[dict[str, int], Attention]:
    from certdesk.services import gui_queries

    return gui_queries.counts(store), gui_queries.attention(store)


class MainWindow(QMainWindow):
    """certdesk's one window. The database opens after the first paint, on the worker."""

    first_painted = Signal()
    summary_updated = Signal()

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.setWindowTitle(f"certdesk — {self.db_path.name}")
        self.ops = Ops(self)
        self.last_import: ManagerImport | None = None
        self._painted = False
        self._started = False

        self.navigation = Navigation()
        self.navigation.add_page("managers", "Managers")
        self.navigation.add_page("paths", "Paths")
        self.managers_page = ManagersPage(self.ops)
        self.paths_page = PathsPage(self.ops)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.managers_page)
        self.pages.addWidget(self.paths_page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.attention = QLabel("Opening the database…")
        self.statusBar().addWidget(self.attention, 1)
        self._build_menus()

        self.ops.changed.connect(self._data_changed)
        self.ops.failed.connect(lambda message: show_problem(self, "certdesk", message))
        self.managers_page.count_changed.connect(lambda n: self.navigation.set_count("managers", n))
        self.paths_page.count_changed.connect(lambda n: self.navigation.set_count("paths", n))
        self.managers_page.import_requested.connect(self.import_csv)
        self.paths_page.manager_requested.connect(self.show_manager)

    # ---- menus --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        def action(menu, text: str, slot, shortcut=None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.import_action = action(file, "&Import managers from CSV…", self.import_csv, "Ctrl+I")
        action(file, "&Export managers to CSV…", lambda: self.export_csv("managers"))
        action(file, "Export &paths to CSV…", lambda: self.export_csv("paths"))
        file.addSeparator()
        action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self.new_action = action(
            edit, "&New manager…", self.new_manager, QKeySequence.StandardKey.New
        )
        action(edit, "&Find", self.focus_find, QKeySequence.StandardKey.Find)
        view = bar.addMenu("&View")
        action(view, "&Managers", lambda: self.navigation.setCurrentRow(0), "Ctrl+1")
        action(view, "&Paths", lambda: self.navigation.setCurrentRow(1), "Ctrl+2")
        help_menu = bar.addMenu("&Help")
        action(help_menu, "&About certdesk", self.about)

    # ---- start-up -----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # After this paint pass: start the database work once the window is on screen.
            QTimer.singleShot(0, self._after_first_paint)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        # Some platforms never paint a hidden-behind window; do not wait forever for it.
        QTimer.singleShot(300, self.start)

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        self.start()

    def start(self) -> None:
        """Open the database and load the managers list (once)."""
        if self._started:
            return
        self._started = True
        self.ops.open_store(self.db_path, self._opened, self._cannot_open)

    def _opened(self, _: Path) -> None:
        self.managers_page.reload()
        self.refresh_summary()

    def _cannot_open(self, exc: InvalidInput) -> None:
        self.attention.setText("The database could not be opened")
        box = show_problem(self, "certdesk cannot open this database", exc.message)
        box.finished.connect(lambda _: QApplication.exit(EXIT_CANNOT_OPEN))

    # ---- refreshing ---------------------------------------------------------------------
    def refresh_summary(self) -> None:
        """Navigation counts and the attention line (one small query on the worker)."""
        self.ops.run_op(_summary, self._show_summary)

    def _show_summary(self, result: tuple[dict[str, int], Attention]) -> None:
        counts, attention = result
        self.navigation.set_count("managers", counts["managers"])
        self.navigation.set_count("paths", counts["paths"])
        self.attention.setText(attention_text(attention))
        self.summary_updated.emit()

    def _data_changed(self) -> None:
        # One refresh per write, for every page (Anki's operation_did_execute).
        self.managers_page.reload()
        self.paths_page.mark_stale()
        self.refresh_summary()

    # ---- actions ------------------------------------------------------------------------
    def new_manager(self) -> None:
        self.navigation.setCurrentRow(0)
        self.managers_page.open_new()

    def focus_find(self) -> None:
        page = self.pages.currentWidget()
        if hasattr(page, "focus_find"):
            page.focus_find()

    def show_manager(self, employee_no: str) -> None:
        self.navigation.setCurrentRow(0)
        self.managers_page.select_employee(employee_no)

    def import_csv(self) -> None:
        self.navigation.setCurrentRow(0)
        self.last_import = choose_and_import(self, self.ops)

    def export_csv(self, what: str) -> None:
        choose_and_export(
            self, self.ops, what, lambda text: self.statusBar().showMessage(text, 8000)
        )

    def about(self) -> None:
        from certdesk import __version__

        show_message(
            self,
            "About certdesk",
            f"certdesk {__version__}\n\nCertification paths, tuition-assistance agreements and "
            f"repayment, for the HR coordinator.\n\nDatabase: {self.db_path}",
        )

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.ops.shutdown()
        super().closeEvent(event)
