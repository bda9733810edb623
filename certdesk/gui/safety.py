"""The window's side of data safety: opening a database with clear messages, Back up now,
Restore…

The store, sqlite-utils and the services are imported inside the functions, never at import
time, so the main window can import this module without slowing its first paint.

Questions are asked through `ask(box)` (a modal exec); tests replace it to answer for the user.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from certdesk.core.errors import InvalidInput

if TYPE_CHECKING:
    from certdesk.store import Store

RESTORE_NEWEST = "Restore newest good backup"
BACKUP_FILTER = "certdesk backups (*.db *.certdesk);;All files (*)"
MAX_RESTORE_ATTEMPTS = 2  # a restored file that still fails its checks is not retried forever


def ask(box: QMessageBox) -> QAbstractButton | None:
    """Show a question modally and return the button the user clicked."""
    box.exec()
    return box.clickedButton()


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    detail: str = "",
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # file and employee names are never markup
    if detail:
        box.setInformativeText(detail)
    return box


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """A message with one OK button, waited for (the caller's next step depends on it)."""
    box = _box(parent, icon, title, text)
    box.addButton(QMessageBox.StandardButton.Ok)
    ask(box)


def _backup_taken(db_path: Path, backup: Path) -> str:
    from certdesk.store.backup import list_backups

    for found in list_backups(db_path):
        if found.path == backup:
            return found.taken_at.strftime("%Y-%m-%d %H:%M")
    return "an unknown date"


def offer_restore(parent: QWidget | None, db_path: Path, problem: InvalidInput) -> bool:
    """The database is damaged: say so and offer the newest good backup; True if restored."""
    from certdesk.services.safety import restore_backup
    from certdesk.store.backup import backups_dir, newest_good_backup

    good = newest_good_backup(db_path)
    if good is None:
        detail = (
            f"No good backup of it was found in {backups_dir(db_path)}. Keep the damaged file: "
            "an IT specialist may be able to recover it with SQLite's .recover command."
        )
    else:
        detail = (
            f"The newest good backup is {good.name}, from {_backup_taken(db_path, good)}. "
            "Restoring it replaces the damaged file; changes made after that backup are not in "
            "it. The damaged file is kept in the backups folder."
        )
    box = _box(
        parent, QMessageBox.Icon.Critical, "The database is damaged", problem.message, detail
    )
    restore = box.addButton(RESTORE_NEWEST, QMessageBox.ButtonRole.AcceptRole) if good else None
    # Never the default: restoring drops the changes made since that backup (Enter closes).
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Close))
    if ask(box) is not restore or good is None:
        return False
    try:
        kept = restore_backup(db_path, good)
    except InvalidInput as exc:
        tell(parent, "The backup could not be restored", exc.message)
        return False
    kept_text = f"\nThe damaged file is kept as {kept}." if kept else ""
    tell(
        parent,
        "Backup restored",
        f"{db_path.name} was restored from {good.name}.{kept_text}",
        icon=QMessageBox.Icon.Information,
    )
    return True


def handle_open_failure(parent: QWidget | None, path: Path | str, problem: InvalidInput) -> bool:
    """Explain why a database could not be opened; True when a backup was restored instead
    (open it again). For callers that run open_for_app themselves, e.g. on a worker thread."""
    from certdesk.store.errors import (
        DamagedDatabase,
        DiskProblem,
        NewerDatabase,
        ReadOnlyDatabase,
        is_io_problem,
    )
    from certdesk.store.lock import DatabaseLocked

    if isinstance(problem, DamagedDatabase) and not all(map(is_io_problem, problem.problems)):
        return offer_restore(parent, Path(path), problem)
    if isinstance(problem, DiskProblem):
        title = "The disk is full" if "is full" in problem.message else "The disk reported an error"
    elif isinstance(problem, DatabaseLocked):
        title = "This database is already open"
    elif isinstance(problem, NewerDatabase):
        title = "This database needs a newer certdesk"
    elif isinstance(problem, ReadOnlyDatabase):
        title = "This database is read-only"
    else:
        title = "certdesk cannot open this database"
    tell(parent, title, problem.message)
    return False


def open_store_for_window(path: Path | str, parent: QWidget | None = None) -> Store | None:
    """Open a database for the window with the safety sequence (lock, check, daily backup,
    migrate), explaining any refusal in a message box; None when it cannot be opened.

    A damaged file offers "Restore newest good backup" and opens the restored copy. The
    returned store holds the one-writer lock until it is closed.
    """
    from certdesk.services.safety import open_for_app

    db_path = Path(path)
    for _ in range(MAX_RESTORE_ATTEMPTS + 1):
        try:
            opened = open_for_app(db_path)
        except InvalidInput as exc:
            if handle_open_failure(parent, db_path, exc):
                continue  # a backup was restored: open that
            return None
        if opened.warning:
            tell(parent, "The daily backup failed", opened.warning)
        return opened.store
    return None


class BackupActions(QObject):
    """ "Back up now" and "Restore…" for a window's File menu."""

    backed_up = Signal(object)  # the new backup's Path
    restored = Signal(object)  # the backup's Path, after the window got the restored store

    def __init__(
        self,
        window: QWidget,
        get_store: Callable[[], Store | None],
        set_store: Callable[[Store], None] | None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._get_store = get_store
        self._set_store = set_store
        self.back_up_action = QAction("&Back up now", window)
        self.back_up_action.setToolTip("Write a copy of the database to the backups folder")
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action = QAction("&Restore from backup…", window)
        self.restore_action.setToolTip(
            "Replace the database with a backup (the current one is kept)"
        )
        self.restore_action.triggered.connect(self.restore)
        self.restore_action.setEnabled(set_store is not None)

    def _status(self, text: str) -> None:
        if isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(text, 10000)

    def _store_or_tell(self) -> Store | None:
        store = self._get_store()
        if store is None:
            tell(
                self._window,
                "The database is busy",
                "certdesk is still working on the database (or it is not open). Try again in a "
                "moment.",
            )
        return store

    def back_up_now(self) -> Path | None:
        """A backup in the backups folder now; returns its path (None if it failed)."""
        from certdesk.services.maintenance import backup_database

        store = self._store_or_tell()
        if store is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = backup_database(store)
        except InvalidInput as exc:
            QApplication.restoreOverrideCursor()
            tell(self._window, "The backup failed", exc.message)
            return None
        QApplication.restoreOverrideCursor()
        self._status(f"Backed up to {made}")
        self.backed_up.emit(made)
        return made

    def restore(self) -> Path | None:
        """Choose a backup, check it, confirm, and swap it in; returns the backup restored."""
        from certdesk.services.safety import open_for_app, restore_backup
        from certdesk.store.backup import backups_dir, verify_backup

        if self._set_store is None:
            return None
        store = self._store_or_tell()
        if store is None or store.path is None:
            return None
        db_path = store.path
        from certdesk.store.backup import list_backups

        if not list_backups(db_path):
            tell(
                self._window,
                "No backups yet",
                f"There is no backup of {db_path.name} yet. certdesk keeps them in "
                f"{backups_dir(db_path)}: one is taken automatically each day the database is "
                "used, and File → Back up now makes one at any time.",
            )
            return None
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Restore from a backup", str(backups_dir(db_path)), BACKUP_FILTER
        )
        if not name:
            return None
        chosen = Path(name)
        try:
            verify_backup(chosen)
        except InvalidInput as exc:
            tell(self._window, "This backup cannot be used", exc.message)
            return None
        box = _box(
            self._window,
            QMessageBox.Icon.Question,
            "Restore from backup?",
            f"Replace the database {db_path.name} with the backup {chosen.name}?",
            "Changes made after that backup will no longer be in the database. The current "
            f"database is kept as a backup in {backups_dir(db_path)}.",
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        if ask(box) is not restore:
            return None
        # Keep the lock across the swap: nobody else may open the file in between.
        lock = store.detach_lock()
        store.close()
        problem: InvalidInput | None = None
        try:
            restore_backup(db_path, chosen, lock=lock)
        except InvalidInput as exc:
            problem = exc
        try:
            opened = open_for_app(db_path, lock=lock)
        except InvalidInput as exc:
            if lock is not None:
                lock.release()
            tell(
                self._window,
                "The database could not be opened again",
                f"{problem.message + chr(10) if problem else ''}{exc.message}",
            )
            return None
        self._set_store(opened.store)
        if problem is not None:
            tell(self._window, "The backup could not be restored", problem.message)
            return None
        self._status(f"Restored from {chosen.name}")
        self.restored.emit(chosen)
        return chosen


def add_backup_actions(
    window: QWidget,
    menu: QMenu,
    get_store: Callable[[], Store | None],
    set_store: Callable[[Store], None] | None = None,
) -> BackupActions:
    """Add "Back up now" and "Restore from backup…" to `menu`.

    `get_store()` returns the open store when nothing else is using it (None while a use case
    runs on the worker); `set_store(store)` receives the newly opened store after a restore
    (the old one is closed by then). Without `set_store`, Restore is shown disabled.
    """
    actions = BackupActions(window, get_store, set_store)
    menu.addAction(actions.back_up_action)
    menu.addAction(actions.restore_action)
    return actions
