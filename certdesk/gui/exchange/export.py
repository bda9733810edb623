"""Export lists to CSV off the GUI thread (importing is the import wizard, import_wizard.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QWidget,
)

from certdesk.files import write_text_atomically
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.messages import show_problem
from certdesk.services.exchange import csv_export

if TYPE_CHECKING:
    from certdesk.store import Store

CSV_FILTER = "CSV files (*.csv);;All files (*)"


def choose_and_export(parent: QWidget, ops: Ops, what: str, done: Callable[[str], None]) -> None:
    """Ask where to save the `what` list (managers, paths) as CSV and write it off-thread."""
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Export {what} to CSV", f"{what}.csv", CSV_FILTER
    )
    if not name:
        return
    target = Path(name)

    def export(store: Store) -> Path:

        return write_text_atomically(target, csv_export.export(store, what))

    ops.run_op(
        export,
        lambda path: done(f"Exported {what} to {path}"),
        lambda exc: show_problem(parent, "Export failed", exc.message),
    )
