"""Import managers from CSV and export lists to CSV, off the GUI thread with a busy dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.errors import InvalidInput
from certdesk.gui.messages import show_message, show_problem
from certdesk.gui.ops import Ops

if TYPE_CHECKING:
    from certdesk.services.csv_import import ImportSummary
    from certdesk.store import Store

CSV_FILTER = "CSV files (*.csv);;All files (*)"


class ImportProblemsDialog(QDialog):
    """Every problem of a rejected CSV file, one per line; nothing was imported."""

    def __init__(self, file_name: str, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nothing was imported")
        self.resize(640, 360)
        self.problems = problems
        count = len(problems)
        heading = QLabel(
            f"{file_name} has {count} problem{'s' if count != 1 else ''}, so nothing was "
            "imported and the database is unchanged.\nFix these lines in the file (or in the "
            "spreadsheet it came from) and import it again:"
        )
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit("\n".join(problems))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class ManagerImport(QObject):
    """One import: a busy dialog while the worker imports, then the result in a dialog."""

    finished = Signal(object)  # the ImportSummary, or the InvalidInput that refused the file

    def __init__(self, parent: QWidget, ops: Ops, file: Path) -> None:
        super().__init__(parent)
        self.file = file
        self.result_dialog: QDialog | None = None
        self._parent = parent
        self.busy = QProgressDialog(f"Importing managers from {file.name}…", "", 0, 0, parent)
        self.busy.setWindowTitle("Importing")
        self.busy.setCancelButton(None)  # one transaction: it finishes or changes nothing
        self.busy.setWindowModality(Qt.WindowModality.WindowModal)
        self.busy.setMinimumDuration(0)
        self.busy.show()

        def do_import(store: Store) -> ImportSummary:
            from certdesk.services import csv_import

            return csv_import.import_managers(store, file)

        ops.run_op(do_import, self._imported, self._refused, writes=True)

    def _imported(self, summary: ImportSummary) -> None:
        self._close_busy()
        self.result_dialog = show_message(
            self._parent, "Import finished", f"{self.file.name}: {summary.describe()}."
        )
        self.finished.emit(summary)

    def _refused(self, exc: InvalidInput) -> None:
        self._close_busy()
        problems = getattr(exc, "problems", None)
        if problems:
            dialog = ImportProblemsDialog(self.file.name, problems, self._parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            self.result_dialog = dialog
        else:
            self.result_dialog = show_problem(self._parent, "Nothing was imported", exc.message)
        self.finished.emit(exc)

    def _close_busy(self) -> None:
        self.busy.close()
        self.busy.deleteLater()


def choose_and_import(parent: QWidget, ops: Ops) -> ManagerImport | None:
    """Ask for a CSV file and import it; None when the coordinator cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import managers from a CSV file", "", CSV_FILTER)
    return ManagerImport(parent, ops, Path(name)) if name else None


def choose_and_export(parent: QWidget, ops: Ops, what: str, done: Callable[[str], None]) -> None:
    """Ask where to save the `what` list (managers, paths) as CSV and write it off-thread."""
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Export {what} to CSV", f"{what}.csv", CSV_FILTER
    )
    if not name:
        return
    target = Path(name)

    def export(store: Store) -> Path:
        from certdesk.services import csv_export
        from certdesk.store.files import write_text_atomically

        return write_text_atomically(target, csv_export.export(store, what))

    ops.run_op(
        export,
        lambda path: done(f"Exported {what} to {path}"),
        lambda exc: show_problem(parent, "Export failed", exc.message),
    )
