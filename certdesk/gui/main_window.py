"""The main window: navigation with counts, the pages, menus and the attention status bar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from certdesk.core.changes import EVERYTHING, NOTHING, Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.gui.dashboard.attention import (
    AGREEMENTS_LINK,
    NOTHING_NEEDS_ATTENTION,
    attention_links,
)
from certdesk.gui.navigation import Navigation
from certdesk.gui.operations.runner import Ops
from certdesk.gui.pages import PAGES, build_page

if TYPE_CHECKING:
    from certdesk.gui.agreements.page import AgreementsPage
    from certdesk.gui.exchange.import_wizard import ImportWizard, MappingMemory
    from certdesk.gui.managers.page import ManagersPage
    from certdesk.gui.paths.page import PathsPage
    from certdesk.gui.settings.safety import BackupActions
    from certdesk.gui.settings.settings_dialog import SettingsDialog
    from certdesk.services.overview import Attention
    from certdesk.services.safety.backups import OpenedDatabase
    from certdesk.store import Store

EXIT_CANNOT_OPEN = 1
# How often the window asks SQLite whether another program wrote to the file (also on focus).
OUTSIDE_CHECK_MS = 2000
OUTSIDE_CHANGE_MESSAGE = (
    "Reloaded: the database was changed outside this window (e.g. from the command line)"
)
DATABASE_FILTER = "certdesk databases (*.certdesk *.db *.sqlite);;All files (*)"


def _summary(store: Store) -> tuple[dict[str, int], Attention]:
    from certdesk.services import overview
    from certdesk.services.agreements import views as agreement_views

    counts = overview.counts(store) | {"agreements": agreement_views.count(store)}
    return counts, overview.attention(store)


def _todays_backup(store: Store) -> Path | None:
    from certdesk.services.safety.backups import daily_backup

    return daily_backup(store)[0]


def _needs_first_run(store: Store) -> bool:
    """True on a new database: no managers yet and the company still the placeholder."""
    from certdesk.services import overview
    from certdesk.services.settings import get_settings

    return get_settings(store).company_is_placeholder and overview.counts(store)["managers"] == 0


def _move_statuses_by_date(store: Store) -> int:
    """The status moves the date calls for (on open, and past midnight while open)."""
    from certdesk.services.agreements.date_moves import move_statuses_by_date

    return move_statuses_by_date(store)


def _renewal_counts(store: Store) -> dict[str, int]:
    from certdesk.services.credentials.reminders import attention_counts

    return attention_counts(store)


class MainWindow(QMainWindow):
    """certdesk's one window. The database opens after the first paint, on the worker."""

    first_painted = Signal()
    summary_updated = Signal()
    outside_change = Signal()  # another program wrote to the file; the pages were reloaded

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.setWindowTitle(f"certdesk — {self.db_path.name}")
        self.ops = Ops(self)
        self.last_import: ImportWizard | None = None
        self.import_memory: MappingMemory | None = None  # None: the user's QSettings
        self._painted = False
        self._started = False
        self._open_attempts = 0
        self._first_write_seen = False

        self.navigation = Navigation()
        self._built: dict[str, QWidget] = {}  # pages built so far (see certdesk.gui.pages)
        self.settings_dialog: SettingsDialog | None = None
        self.pages = QStackedWidget()
        for key, entry in PAGES.items():
            self.navigation.add_page(key, entry.title)
            self.pages.addWidget(QWidget())  # a stand-in until the page is first built
        self.navigation.currentRowChanged.connect(self._show_page)
        self.show_page("managers")

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.attention = QLabel("Opening the database…")
        self.attention.setToolTip("Click to see these records")
        self.attention.linkActivated.connect(self.show_attention)
        self.statusBar().addWidget(self.attention, 1)
        # Renewals due and proofs overdue: shown at the end of the same line, so a line too
        # long for a laptop screen is cut at its end, never with one label over another.
        self.renewal_attention = QLabel()
        self._attention_links = ""
        self.backup_state = QLabel()
        self.statusBar().addPermanentWidget(self.backup_state)
        self.backup_actions: BackupActions | None = None
        self._build_menus()

        # Writes by other programs (the command line...): PRAGMA data_version on the worker,
        # on a timer and whenever the window gets the focus back.
        self._data_version: int | None = None
        self._status_day: dt.date | None = None  # the day the date's status moves ran for
        self._outside_timer = QTimer(self)
        self._outside_timer.setInterval(OUTSIDE_CHECK_MS)
        self._outside_timer.timeout.connect(self.check_outside_changes)

        self.ops.changed.connect(self._data_changed)
        self.ops.failed.connect(self._show_failure)
        self.departure_undo = None  # Edit → Undo's DepartureUndo, built on first use
        self.switched_to: MainWindow | None = None  # the window File → Open… opened

    # ---- pages --------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for `key` (see certdesk.gui.pages), built and wired the first time."""
        if key not in self._built:
            page = build_page(key, self.ops)
            self._built[key] = page
            self._wire_page(key, page)
            self._install(key, page)
        return self._built[key]

    def _wire_page(self, key: str, page) -> None:
        """Connect what a page asks of the window (each page's signals, named here)."""
        from certdesk.gui.settings import preferences

        show_message = lambda text: self.statusBar().showMessage(text, 8000)  # noqa: E731
        if key in ("managers", "paths", "agreements"):
            page.count_changed.connect(lambda n, k=key: self.navigation.set_count(k, n))
        if key == "managers":
            page.import_requested.connect(self.import_csv)
            page.detail.agreement_requested.connect(self.show_agreement)
            page.detail.status_message.connect(show_message)
            preferences.restore_splitter("managers", page.splitter)
        elif key == "paths":
            page.manager_requested.connect(self.show_manager)
        elif key == "agreements":
            page.manager_requested.connect(self.show_manager)
            page.status_message.connect(show_message)
            preferences.restore_splitter("agreements", page.splitter)
        elif key == "dashboard":
            page.paths_requested.connect(self.show_paths)
            page.manager_requested.connect(self.show_manager)
        elif key == "matrix":
            page.manager_requested.connect(self.show_manager)
            page.path_requested.connect(self.show_path_of_manager)

    @property
    def managers_page(self) -> ManagersPage:
        """The Managers page (the first one shown)."""
        return self.page("managers")

    @property
    def paths_page(self) -> PathsPage:
        """The Paths page, built (and later loaded) the first time it is needed."""
        return self.page("paths")

    @property
    def agreements_page(self) -> AgreementsPage:
        """The Agreements page, built (and later loaded) the first time it is needed."""
        return self.page("agreements")

    def _install(self, key: str, page: QWidget) -> None:
        """Put a newly built page where its stand-in was."""
        row = self._row(key)
        stand_in = self.pages.widget(row)
        self.pages.insertWidget(row, page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()

    def _row(self, key: str) -> int:
        """The navigation row (and stack index) of a page."""
        items = (self.navigation.item(row) for row in range(self.navigation.count()))
        return next(
            row for row, item in enumerate(items) if item.data(Qt.ItemDataRole.UserRole) == key
        )

    def show_page(self, key: str) -> None:
        """Select a page in the navigation (which shows it)."""
        self.navigation.setCurrentRow(self._row(key))

    def _show_page(self, row: int) -> None:
        key = self.navigation.item(row).data(Qt.ItemDataRole.UserRole)
        self.pages.setCurrentWidget(self.page(key))

    # ---- menus --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """The menu titles; their actions are added right after the first paint."""
        bar = self.menuBar()
        self._menus = {
            name: bar.addMenu(title)
            for name, title in (
                ("file", "&File"),
                ("edit", "&Edit"),
                ("view", "&View"),
                ("help", "&Help"),
            )
        }
        self._menus_filled = False

    def _fill_menus(self) -> None:
        # Nine actions are a few milliseconds nobody sees: they wait until the window is up.
        if self._menus_filled:
            return
        self._menus_filled = True

        def action(menu, text: str, slot, shortcut=None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        file, edit, view, help_menu = (self._menus[n] for n in ("file", "edit", "view", "help"))
        action(file, "&New database…", self.new_database)
        action(file, "&Open database…", self.open_database, "Ctrl+O")
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.import_action = action(
            file, "&Import managers from CSV (HR export)…", self.import_csv, "Ctrl+I"
        )
        action(file, "&Export managers to CSV…", lambda: self.export_csv("managers"))
        action(file, "Export &paths to CSV…", lambda: self.export_csv("paths"))
        self._file_menu = file
        self._before_quit = file.addSeparator()  # Back up now / Restore… go here once open
        action(file, "&Quit", self.close, "Ctrl+Q")
        self.undo_action = action(edit, "&Undo departure…", self.undo_last_departure, "Ctrl+Z")
        self.undo_action.setToolTip("Take back the most recently recorded departure")
        edit.addSeparator()
        self.new_action = action(edit, "&New manager…", self.new_manager, "Ctrl+N")
        action(edit, "&Find", self.focus_find, "Ctrl+F")
        edit.addSeparator()
        action(edit, "&Settings…", self.open_settings, "Ctrl+,")
        # Ctrl+1…Ctrl+8 in the navigation's order (certdesk.gui.pages), every page in View.
        for key, entry in PAGES.items():
            action(view, entry.menu_text, lambda _=False, k=key: self.show_page(k), entry.shortcut)
        action(help_menu, "&User guide", self.show_guide, "F1")
        action(help_menu, "&State rules (not legal advice)…", self.show_rules)
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
        """Fill the menus, open the database and load the managers list (once)."""
        if self._started:
            return
        self._started = True
        self._fill_menus()
        self.managers_page.finish_setup()
        self.ops.open_store(self.db_path, self._opened, self._cannot_open)

    def _opened(self, opened: OpenedDatabase) -> None:
        from certdesk.gui.settings import preferences

        preferences.add_recent_database(self.db_path)
        self._status_day = dt.date.today()  # opening ran the day's status moves
        self._add_backup_actions()
        if opened.warning:
            from certdesk.gui.widgets.messages import show_problem

            show_problem(self, "The daily backup failed", opened.warning)
            self._show_backup_state(False, opened.warning)
        elif opened.backup is None and not opened.has_backups:
            self.backup_state.setText("No backup yet")
            self.backup_state.setToolTip(
                "A new database: today's backup is taken after its first change"
            )
        else:
            self._show_backup_state(True, "Today's automatic backup is in the backups folder")
        self.managers_page.reload()
        self._move_statuses()  # after the list: the coordinator sees her managers sooner
        self.refresh_summary()
        self._data_version = None
        self.check_outside_changes()
        self._outside_timer.start()
        self.ops.run_op(_needs_first_run, self._first_run)

    # ---- writes by other programs -------------------------------------------------------
    def check_outside_changes(self) -> None:
        """Ask (on the worker) whether another program committed to the file since last time."""
        if self.ops.busy or self.ops.store_if_idle() is None:
            return  # the next tick asks again; never queue behind real work
        today = dt.date.today()
        if self._status_day is not None and today != self._status_day:
            # Past midnight: the moves the new date calls for, as on opening the file.
            self._status_day = today
            self._move_statuses()

        def data_version(store: Store) -> int:
            return store.data_version()

        self.ops.run_op(data_version, self._outside_checked, lambda _exc: None)

    def _move_statuses(self) -> None:
        """The date's status moves (served commitments become fulfilled), on the worker."""
        self.ops.run_op(
            _move_statuses_by_date,
            writes=lambda moved: Changes.of(Kind.AGREEMENTS) if moved else NOTHING,
        )

    def _outside_checked(self, version: int) -> None:
        seen, self._data_version = self._data_version, version
        if seen is not None and version != seen:
            self._data_changed(EVERYTHING)  # another program: anything may have changed
            self.statusBar().showMessage(OUTSIDE_CHANGE_MESSAGE, 15000)
            self.outside_change.emit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_outside_changes()

    def _first_run(self, needed: bool) -> None:
        """A new database with the placeholder company: the set-up opens by itself."""
        if needed and self.settings_dialog is None:
            self.open_settings(first_run=True)

    def _show_backup_state(self, ok: bool, tooltip: str) -> None:
        self.backup_state.setText("Backed up ✓" if ok else "Not backed up today")
        self.backup_state.setStyleSheet("" if ok else "color: #b00020;")
        self.backup_state.setToolTip(tooltip)

    def _add_backup_actions(self) -> None:
        """Back up now and Restore… in the File menu (see certdesk.gui.settings.safety)."""
        if self.backup_actions is not None:
            return
        from certdesk.gui.settings.safety import BackupActions

        actions = BackupActions(self, self.ops, self.db_path)
        actions.store_replaced.connect(self._store_restored)
        actions.backed_up.connect(
            lambda made: self._show_backup_state(True, f"Last backup: {made}")
        )
        self._file_menu.insertActions(
            self._before_quit, [actions.back_up_action, actions.restore_action]
        )
        self.backup_actions = actions

    def _store_restored(self, _restored: object) -> None:
        # The worker holds the database opened again; everything shown came from the old
        # connection, so reload it all.
        self._data_version = None  # a new connection counts from its own start
        self._data_changed(EVERYTHING)

    def _show_failure(self, message: str) -> None:
        from certdesk.gui.widgets.messages import show_problem

        show_problem(self, "certdesk", message)

    def _cannot_open(self, exc: InvalidInput) -> None:
        """The open on the worker was refused: explain why (certdesk.gui.settings.safety).

        A damaged file offers the newest good backup; once restored it is opened again on the
        worker (twice at most). Anything else ends the program with exit code 1.
        """
        from certdesk.gui.settings.safety import MAX_RESTORE_ATTEMPTS, explain_open_failure, tell

        self.attention.setText("The database could not be opened")
        self._open_attempts += 1
        if self._open_attempts > MAX_RESTORE_ATTEMPTS:
            tell(self, "certdesk cannot open this database", exc.message)  # no more restores
            self._give_up_opening()
            return
        explain_open_failure(
            self,
            self.ops,
            self.db_path,
            exc,
            restored=self._open_restored,
            gave_up=self._give_up_opening,
        )

    def _open_restored(self) -> None:
        self.attention.setText("Opening the restored database…")
        self.ops.open_store(self.db_path, self._opened, self._cannot_open)

    def _give_up_opening(self) -> None:
        QApplication.exit(EXIT_CANNOT_OPEN)
        self.close()

    # ---- refreshing ---------------------------------------------------------------------
    def refresh_summary(self) -> None:
        """Navigation counts and the attention line (one small query on the worker)."""
        self.ops.run_op(_summary, self._show_summary)
        self.ops.run_op(_renewal_counts, self._show_renewal_counts)

    def _show_renewal_counts(self, counts: dict[str, int]) -> None:
        from certdesk.gui.dashboard.reminders_panel import status_links

        self.renewal_attention.setText(status_links(counts))
        self._show_attention_line()

    def _show_summary(self, result: tuple[dict[str, int], Attention]) -> None:
        counts, attention = result
        self.navigation.set_count("managers", counts["managers"])
        self.navigation.set_count("paths", counts["paths"])
        self.navigation.set_count("agreements", counts["agreements"])
        self._attention_links = attention_links(attention)
        self._show_attention_line()
        self.summary_updated.emit()

    def _show_attention_line(self) -> None:
        links, renewals = self._attention_links, self.renewal_attention.text()
        if renewals and links in ("", NOTHING_NEEDS_ATTENTION):
            links = ""
        line = " · ".join(p for p in (links, renewals) if p)
        self.attention.setText(line)
        # A line longer than the screen is cut at its end: the tooltip has all of it.
        plain = re.sub(r"<[^>]+>", "", line)
        self.attention.setToolTip(f"{plain}\nClick a part to see those records")

    def _data_changed(self, changes: Changes = EVERYTHING) -> None:
        # One refresh per write (Anki's operation_did_execute): each page built so far decides
        # from what changed whether to reload (on screen) or mark itself stale (hidden).
        if not self._first_write_seen:
            # A new database had nothing to back up when it opened: its first day's backup
            # is taken after its first change (daily_backup does nothing if one exists).
            self._first_write_seen = True
            self.ops.run_op(_todays_backup, self._took_todays_backup)
        for page in self._built_pages():
            page.data_changed(changes)
        self.refresh_summary()

    def _built_pages(self) -> list:
        """The pages built so far (the others load when first opened)."""
        return list(self._built.values())

    # ---- actions ------------------------------------------------------------------------
    def new_manager(self) -> None:
        self.show_page("managers")
        self.managers_page.open_new()

    def undo_last_departure(self) -> None:
        """Edit → Undo: the most recently recorded departure, named and confirmed first."""
        if self.departure_undo is None:
            from certdesk.gui.managers.departure_undo import DepartureUndo

            self.departure_undo = DepartureUndo(self.ops, self)
            self.departure_undo.undone.connect(
                lambda text: self.statusBar().showMessage(text, 8000)
            )
        self.departure_undo.ask()

    def focus_find(self) -> None:
        page = self.pages.currentWidget()
        if hasattr(page, "focus_find"):
            page.focus_find()

    def show_paths(self, only: str = "") -> None:
        """The Paths page, showing only one status or attention group ('' for all)."""
        self.show_page("paths")
        self.paths_page.show_only(only)

    def show_attention(self, link: str) -> None:
        """Open what a status-bar link counts: paths, agreements in one status, or the
        dashboard's renewals and proof reminders."""
        if link == "reminders":
            self.show_page("dashboard")
        elif link.startswith(AGREEMENTS_LINK):
            self.show_page("agreements")
            self.agreements_page.show_status(link.removeprefix(AGREEMENTS_LINK))
        else:
            self.show_paths(link)

    def show_agreement(self, agreement_no: str) -> None:
        """The Agreements page with this agreement selected (once the register has it)."""
        self.show_page("agreements")
        self.agreements_page.select_agreement(agreement_no)

    def show_manager(self, employee_no: str) -> None:
        self.show_page("managers")
        self.managers_page.select_employee(employee_no)

    def show_path_of_manager(self, employee_no: str, path_id: int) -> None:
        """The manager's screen with one of their paths selected (once their paths load)."""
        detail = self.managers_page.detail

        def select_path() -> None:
            detail.paths_loaded.disconnect(select_path)
            row = detail.paths_model.find(lambda r: r["id"] == path_id)
            if row >= 0:
                detail.paths_view.selectRow(row)

        detail.paths_loaded.connect(select_path)
        self.show_manager(employee_no)
        detail.reload()  # the paths load (again), even when this manager was shown already

    # File dialogs, progress and CSV code load on first use, not at start-up.
    def import_csv(self) -> None:
        """File → Import managers…: choose the HR export, then the import wizard."""
        from certdesk.gui.exchange.import_wizard import open_import_wizard

        self.show_page("managers")
        if self.last_import is not None and not self.last_import.isVisible():
            self.last_import.deleteLater()
        self.last_import = open_import_wizard(self, self.ops, self.import_memory)

    def export_csv(self, what: str) -> None:
        from certdesk.gui.exchange.export import choose_and_export

        choose_and_export(
            self, self.ops, what, lambda text: self.statusBar().showMessage(text, 8000)
        )

    def open_settings(self, first_run: bool = False) -> None:
        """Edit → Settings…: company name, HR signer, logo, currency, page size, §127 limit
        (on a new database, the first-run set-up)."""
        from certdesk.gui.settings.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ops, self, first_run=first_run)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "settings_dialog", None))
        self.settings_dialog = dialog
        dialog.open()

    def show_guide(self) -> None:
        """Help → User guide (F1): the bundled guide, searchable."""
        from certdesk.gui.user_guide import UserGuide

        if getattr(self, "guide", None) is None:
            self.guide = UserGuide(self)
            self.guide.finished.connect(lambda _: setattr(self, "guide", None))
            self.guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.guide.show()
        self.guide.raise_()

    def show_rules(self) -> None:
        from certdesk.gui.policies.state_rules_dialog import RulesDialog

        self._rules = RulesDialog(self)
        self._rules.open()

    def about(self) -> None:
        from certdesk import __version__
        from certdesk.gui.widgets.messages import show_message

        show_message(
            self,
            "About certdesk",
            f"certdesk {__version__}\n\nCertification paths, tuition-assistance agreements and "
            f"repayment, for the HR coordinator.\n\nDatabase: {self.db_path}",
        )

    # ---- databases ----------------------------------------------------------------------
    def _took_todays_backup(self, made: Path | None) -> None:
        if made is not None:
            self._show_backup_state(True, f"Today's automatic backup: {made}")

    def new_database(self) -> None:
        """File → New database…: an empty database in a new file, opened in place of this one."""
        from PySide6.QtWidgets import QFileDialog

        from certdesk.gui.settings import preferences
        from certdesk.gui.widgets.messages import show_problem

        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "New certdesk database",
            str(preferences.folder("database") / "certdesk.certdesk"),
            DATABASE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(".certdesk")
        if target.exists():
            show_problem(
                self,
                "New database",
                f"{target.name} already exists in {target.parent}; choose another name, or "
                "use File → Open database… to open it.",
            )
            return
        preferences.remember_folder("database", target)
        self.switch_database(target)

    def open_database(self) -> None:
        """File → Open database…: another database, opened in place of this one."""
        from PySide6.QtWidgets import QFileDialog

        from certdesk.gui.settings import preferences

        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open a certdesk database", str(preferences.folder("database")), DATABASE_FILTER
        )
        if chosen:
            preferences.remember_folder("database", Path(chosen))
            self.switch_database(Path(chosen))

    def _fill_recent(self) -> None:
        from certdesk.gui.settings import preferences

        self.recent_menu.clear()
        current = self.db_path.resolve()
        shown = [p for p in preferences.recent_databases() if p.resolve() != current]
        for number, path in enumerate(shown, start=1):
            act = self.recent_menu.addAction(f"&{number} {path.name} — {path.parent}")
            act.triggered.connect(lambda _=False, p=path: self.switch_database(p))
        if not shown:
            none = self.recent_menu.addAction("No other database opened yet")
            none.setEnabled(False)

    def switch_database(self, path: Path) -> MainWindow | None:
        """Close this database and open `path` in a new window at this window's place."""
        from certdesk.gui.app import create_window

        if Path(path).resolve() == self.db_path.resolve():
            return None
        self._remember_layout()
        window = create_window(Path(path))
        window.setGeometry(self.geometry())
        window.show()
        self.switched_to = window
        self.close()
        return window

    def _remember_layout(self) -> None:
        from certdesk.gui.settings import preferences

        preferences.save_window_geometry(self.saveGeometry())
        preferences.save_splitter("managers", self.managers_page.splitter)
        if "agreements" in self._built:
            preferences.save_splitter("agreements", self.agreements_page.splitter)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._outside_timer.stop()
        self._remember_layout()
        self.ops.shutdown()
        super().closeEvent(event)
