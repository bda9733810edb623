"""Choose the certification path an agreement is drafted for (Agreements page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.labels import PATH_STATUS_LABELS
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.columns import fold, money, natural_key
from certdesk.gui.widgets.data_page import list_view
from certdesk.gui.widgets.list_page import find_box
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.agreements.views import draftable_paths

if TYPE_CHECKING:
    from certdesk.services.agreements.views import DraftablePath
    from certdesk.store import Store

CHOOSER_COLUMNS: list[Column] = [
    Column("No.", lambda r: r.employee_no, lambda r: natural_key(r.employee_no)),
    Column("Manager", lambda r: r.full_name, lambda r: fold(r.full_name)),
    Column("Certification", lambda r: f"{r.cert_code} — {r.cert_name}"),
    Column("Path", lambda r: PATH_STATUS_LABELS.get(r.status, r.status)),
    Column(
        "Company paid",
        lambda r: money(r.company_paid_cents),
        lambda r: r.company_paid_cents,
        align_right=True,
    ),
]


def _paths(store: Store) -> list[DraftablePath]:

    return draftable_paths(store)


def _filter(rows: list[DraftablePath], text: str) -> list[DraftablePath]:
    words = fold(text).split()
    return [r for r in rows if all(w in r.search_key for w in words)]


class PathChooser(QDialog):
    """The paths an agreement can be drafted for, with a find box."""

    chosen = Signal(int)  # path id
    loaded = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draft an agreement — choose the path")
        self.resize(880, 460)
        intro = QLabel(
            "Which manager's certification path is the tuition assistance for? Listed: the "
            "paths of active managers with company-paid costs and no open agreement."
        )
        intro.setWordWrap(True)
        self.find = find_box("Find: manager, employee no. or certification")
        self.model: RowTableModel[DraftablePath] = RowTableModel(CHOOSER_COLUMNS, _filter, self)
        self.view = list_view(self.model, widths=(80, 0, 340, 100, 110), stretch=1, sort_column=1)
        self.view.setWordWrap(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = self.buttons.addButton(
            "Next: the terms…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.next_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.find)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

        self.find.textChanged.connect(self._refilter)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.view.doubleClicked.connect(lambda _: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ops.run_op(_paths, self._fill)

    def _fill(self, rows: list[DraftablePath]) -> None:
        self.model.set_rows(rows)
        self._refilter()
        self.loaded.emit()

    def _refilter(self) -> None:
        self.model.set_filter_text(self.find.text())
        if self.model.rowCount() == 1:
            self.view.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.next_button.setEnabled(bool(self.view.selectionModel().selectedRows()))

    def selected_path(self) -> DraftablePath | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def accept(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        super().accept()
        self.chosen.emit(path.path_id)
