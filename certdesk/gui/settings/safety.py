"""The window's side of data safety: why a database did not open (and the offer to restore a
damaged one), Back up now, Restore…

Every step that reads or writes a database file (finding a good backup, checking one, copying,
restoring) runs on the op runner's worker through certdesk.services.safety.backups, with a progress
dialog; the GUI thread only asks and tells. The services are imported inside the functions, so
the main window can import this module without slowing its first paint.

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
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from certdesk.core.errors import InvalidInput
from certdesk.gui.operations.runner import Ops
from certdesk.services.safety.backups import (
    backups_folder,
    backups_of,
    check_backup,
    open_refusal,
    restore_backup,
    restore_offer,
    restore_open_database,
)
from certdesk.services.safety.integrity import backup_database

if TYPE_CHECKING:
    from certdesk.services.safety.backups import RestoredDatabase, RestoreOffer
    from certdesk.store import Store

RESTORE_NEWEST = "Restore newest good backup"
BACKUP_FILTER = "certdesk backups (*.db *.certdesk);;All files (*)"
MAX_RESTORE_ATTEMPTS = 2  # a restored file that still fails its checks is not retried forever
OPEN_TITLES = {
    "disk_full": "The disk is full",
    "disk": "The disk reported an error",
    "locked": "This database is already open",
    "newer": "This database needs a newer certdesk",
    "read_only": "This database is read-only",
    "other": "certdesk cannot open this database",
}


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


class WorkProgress(QObject):
    """A progress dialog fed from the worker: `report(done, total)` may be called from any
    thread (the emit is queued to the GUI thread). Without a total it shows a busy bar."""

    _step = Signal(int, int)

    def __init__(self, parent: QWidget | None, title: str, label: str) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setCancelButton(None)  # a copy half-made is never left: it runs to its end
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumWidth(420)  # room for a file name beside the bar
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._step.connect(self._stepped)
        self.report: Callable[[int, int], None] = self._step.emit
        self.dialog.show()

    def _stepped(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
        self.deleteLater()


def explain_open_failure(
    parent: QWidget | None,
    ops: Ops,
    db_path: Path,
    problem: InvalidInput,
    *,
    restored: Callable[[], None],
    gave_up: Callable[[], None],
) -> None:
    """Explain why a database could not be opened. A damaged one is offered its newest good
    backup (looked for on the worker); once restored, `restored()` is called (open it again),
    otherwise `gave_up()` once the user has read why."""

    kind = open_refusal(problem)
    if kind != "damaged":
        tell(parent, OPEN_TITLES[kind], problem.message)
        gave_up()
        return
    looking = WorkProgress(parent, "The database is damaged", "Looking for a good backup…")

    def found(offer: RestoreOffer) -> None:
        looking.close()
        _offer_restore(parent, ops, db_path, problem, offer, restored, gave_up)

    def not_found(exc: InvalidInput) -> None:
        looking.close()
        tell(parent, "The database is damaged", f"{problem.message}\n\n{exc.message}")
        gave_up()

    ops.run_file_op(lambda: restore_offer(db_path), found, not_found)


def _offer_restore(
    parent: QWidget | None,
    ops: Ops,
    db_path: Path,
    problem: InvalidInput,
    offer: RestoreOffer,
    restored: Callable[[], None],
    gave_up: Callable[[], None],
) -> None:

    good = offer.backup
    if good is None:
        detail = (
            f"No good backup of it was found in {offer.backups_folder}. Keep the damaged file: "
            "an IT specialist may be able to recover it with SQLite's .recover command."
        )
    else:
        detail = (
            f"The newest good backup is {good.name}, from {offer.taken}. Restoring it replaces "
            "the damaged file; changes made after that backup are not in it. The damaged file "
            "is kept in the backups folder."
        )
    box = _box(
        parent, QMessageBox.Icon.Critical, "The database is damaged", problem.message, detail
    )
    restore = box.addButton(RESTORE_NEWEST, QMessageBox.ButtonRole.AcceptRole) if good else None
    # Never the default: restoring drops the changes made since that backup (Enter closes).
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Close))
    answer = ask(box)
    if good is None or answer is not restore:
        gave_up()
        return
    progress = WorkProgress(parent, "Restoring", f"Restoring {db_path.name} from {good.name}…")

    def done(kept: Path | None) -> None:
        progress.close()
        kept_text = f"\nThe damaged file is kept as {kept}." if kept else ""
        tell(
            parent,
            "Backup restored",
            f"{db_path.name} was restored from {good.name}.{kept_text}",
            icon=QMessageBox.Icon.Information,
        )
        restored()

    def failed(exc: InvalidInput) -> None:
        progress.close()
        tell(parent, "The backup could not be restored", exc.message)
        gave_up()

    ops.run_file_op(lambda: restore_backup(db_path, good, progress=progress.report), done, failed)


class BackupActions(QObject):
    """ "Back up now" and "Restore…" for the window's File menu, run on the worker."""

    backed_up = Signal(object)  # the new backup's Path
    restored = Signal(object)  # the backup's Path, once the restored database is open
    store_replaced = Signal(object)  # RestoredDatabase: the database was closed and opened
    finished = Signal()  # Back up now or Restore… came to an end, whatever the end

    def __init__(self, window: QWidget, ops: Ops, db_path: Path) -> None:
        super().__init__(window)
        self._window = window
        self._ops = ops
        self.db_path = Path(db_path)
        self.back_up_action = QAction("&Back up now", window)
        self.back_up_action.setToolTip("Write a copy of the database to the backups folder")
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action = QAction("&Restore from backup…", window)
        self.restore_action.setToolTip(
            "Replace the database with a backup (the current one is kept)"
        )
        self.restore_action.triggered.connect(self.restore)

    def _status(self, text: str) -> None:
        if isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(text, 10000)

    def _tell(self, title: str, text: str) -> None:
        tell(self._window, title, text)
        self.finished.emit()

    # ---- Back up now --------------------------------------------------------------------
    def back_up_now(self) -> None:
        """A backup in the backups folder, copied on the worker; `backed_up` gives its path."""

        progress = WorkProgress(self._window, "Back up now", f"Backing up {self.db_path.name}…")

        def back_up(store: Store) -> Path:
            return backup_database(store, progress=progress.report)

        def done(made: Path) -> None:
            progress.close()
            self._status(f"Backed up to {made}")
            self.backed_up.emit(made)
            self.finished.emit()

        def failed(exc: InvalidInput) -> None:
            progress.close()
            self._tell("The backup failed", exc.message)

        self._ops.run_op(back_up, done, failed)

    # ---- Restore… -----------------------------------------------------------------------
    def restore(self) -> None:
        """Choose a backup, check it, confirm, and swap it in (each file step on the worker)."""

        db_path = self.db_path

        def listed(found: list) -> None:
            folder = backups_folder(db_path)
            if not found:
                self._tell(
                    "No backups yet",
                    f"There is no backup of {db_path.name} yet. certdesk keeps them in "
                    f"{folder}: one is taken automatically each day the database is used, and "
                    "File → Back up now makes one at any time.",
                )
                return
            name, _ = QFileDialog.getOpenFileName(
                self._window, "Restore from a backup", str(folder), BACKUP_FILTER
            )
            if not name:
                self.finished.emit()
                return
            self._check(Path(name))

        self._ops.run_file_op(
            lambda: backups_of(db_path),
            listed,
            lambda exc: self._tell("The backups could not be listed", exc.message),
        )

    def _check(self, chosen: Path) -> None:

        checking = WorkProgress(self._window, "Restore from backup", f"Checking {chosen.name}…")

        def checked(_version: int) -> None:
            checking.close()
            self._confirm(chosen)

        def refused(exc: InvalidInput) -> None:
            checking.close()
            self._tell("This backup cannot be used", exc.message)

        self._ops.run_file_op(lambda: check_backup(chosen), checked, refused)

    def _confirm(self, chosen: Path) -> None:

        db_path = self.db_path
        box = _box(
            self._window,
            QMessageBox.Icon.Question,
            "Restore from backup?",
            f"Replace the database {db_path.name} with the backup {chosen.name}?",
            "Changes made after that backup will no longer be in the database. The current "
            f"database is kept as a backup in {backups_folder(db_path)}.",
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        if ask(box) is not restore:
            self.finished.emit()
            return
        progress = WorkProgress(
            self._window, "Restore from backup", f"Restoring {db_path.name} from {chosen.name}…"
        )

        def swapped(result: RestoredDatabase) -> None:
            progress.close()
            self.store_replaced.emit(result)
            if result.problem is not None:
                self._tell("The backup could not be restored", result.problem)
                return
            self._status(f"Restored from {chosen.name}")
            self.restored.emit(chosen)
            self.finished.emit()

        def failed(exc: InvalidInput) -> None:
            progress.close()
            if self._ops.is_open:
                self._tell("This backup cannot be used", exc.message)
            else:
                self._tell("The database could not be opened again", exc.message)

        self._ops.swap_store(
            lambda store: restore_open_database(store, chosen, progress=progress.report),
            swapped,
            failed,
        )
