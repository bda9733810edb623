"""The Matrix page: managers × certifications, each cell coloured and dated, filtered by site
and state, with readiness per site; a double-click opens the manager and the path."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import Kind
from certdesk.core.matrix import CELL_STATE_LABELS, CellState
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.data_page import DataPage, heading_label, hint_label
from certdesk.services.reports.matrix import filter_rows, matrix_grid, write_matrix

if TYPE_CHECKING:
    from certdesk.services.reports.matrix import MatrixGrid, MatrixRow
    from certdesk.store import Store

Index = QModelIndex | QPersistentModelIndex
FIXED = ("No.", "Name", "Site")
BACKGROUNDS = {
    CellState.HELD: QColor("#cfe8d0"),
    CellState.RENEWAL_DUE: QColor("#fbe3b4"),
    CellState.LAPSED: QColor("#f4c7c3"),
    CellState.IN_PROGRESS: QColor("#cfe0f4"),
    CellState.PLANNED: QColor("#e6e6e6"),
}
TEXT_COLOR = QColor("#1a1a1a")  # readable on every cell colour, dark theme or not


class MatrixModel(QAbstractTableModel):
    """Rows of MatrixRow; three fixed columns then one per certification code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes: tuple[str, ...] = ()
        self._rows: list[MatrixRow] = []

    def set_grid(self, codes: tuple[str, ...], rows: list[MatrixRow]) -> None:
        self.beginResetModel()
        self._codes, self._rows = codes, rows
        self.endResetModel()

    def rows(self) -> list[MatrixRow]:
        return self._rows

    def row(self, number: int) -> MatrixRow:
        return self._rows[number]

    def code(self, column: int) -> str | None:
        return self._codes[column - len(FIXED)] if column >= len(FIXED) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(FIXED) + len(self._codes)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return FIXED[section] if section < len(FIXED) else self._codes[section - len(FIXED)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                return (row.employee_no, row.full_name, row.site)[column]
            if role == Qt.ItemDataRole.ToolTipRole and column == 1:
                return row.job_title
            return None
        cell = row.cells[column - len(FIXED)]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text()
        if role == Qt.ItemDataRole.BackgroundRole:
            return BACKGROUNDS.get(cell.state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_COLOR if cell.state in BACKGROUNDS else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole and row.required[column - len(FIXED)]:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            code = self._codes[column - len(FIXED)]
            text = f"{row.full_name} — {code}: {cell.long_text() or 'none'}"
            if row.required[column - len(FIXED)]:
                text += f"\nRequired by the role {row.job_title!r}"
            return text + ("\nDouble-click to open the path" if cell.path_id else "")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            return
        reverse = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        if column < len(FIXED):
            attr = ("employee_no", "full_name", "site")[column]
            self._rows.sort(key=lambda r: getattr(r, attr).casefold(), reverse=reverse)
        else:
            i = column - len(FIXED)
            rank = {s: n for n, s in enumerate(CellState)}
            self._rows.sort(
                key=lambda r: (rank[r.cells[i].state], r.cells[i].date or r.cells[i].days or 0),
                reverse=reverse,
            )
        self.layoutChanged.emit()


def _load(store: Store) -> MatrixGrid:

    return matrix_grid(store)


class MatrixPage(DataPage):
    """Loaded on the worker when opened; filters work on the loaded grid."""

    shows = frozenset({Kind.MANAGERS, Kind.PATHS, Kind.CATALOG, Kind.RENEWALS})

    manager_requested = Signal(str)  # employee_no
    path_requested = Signal(str, int)  # employee_no, path id

    load = staticmethod(_load)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.grid: MatrixGrid | None = None
        self.title = heading_label("Team matrix")
        self.readiness = QLabel("Loading the matrix…")
        self.readiness.setWordWrap(True)
        self.readiness.setTextFormat(Qt.TextFormat.PlainText)
        self.site = QComboBox()
        self.site.addItem("All sites", None)
        self.site.setMinimumContentsLength(18)
        self.state = QComboBox()
        self.state.addItem("Any state", None)
        for state in CellState:
            if state != CellState.NONE:
                self.state.addItem(f"Some {CELL_STATE_LABELS[state]}", state)
        self.site.currentIndexChanged.connect(self.apply_filters)
        self.state.currentIndexChanged.connect(self.apply_filters)
        self.count = hint_label(wrap=False)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the whole matrix as CSV or as a landscape PDF")
        self.export_button.clicked.connect(self.export)
        self.model = MatrixModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.doubleClicked.connect(self._open)
        legend = hint_label(
            "Green: held (until the date) · amber: renewal due · red: lapsed · blue: in "
            "progress · grey: planned · bold: required by the manager's role. Double-click a "
            "cell to open the path, a name to open the manager."
        )
        filters = QHBoxLayout()
        filters.addWidget(self.site)
        filters.addWidget(self.state)
        filters.addWidget(self.count, 1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.readiness)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend)

    def show_data(self, grid: MatrixGrid) -> None:
        self.grid = grid
        site = self.site.currentData()
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItem("All sites", None)
        for name in grid.sites():
            self.site.addItem(name or "(no site)", name)
        found = self.site.findData(site)
        self.site.setCurrentIndex(max(found, 0))
        self.site.blockSignals(False)
        self.apply_filters()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((70, 190, 170)):
            self.view.setColumnWidth(column, width)
        for column in range(len(FIXED), self.model.columnCount()):
            self.view.setColumnWidth(column, 120)

    def apply_filters(self, *_: object) -> None:
        if self.grid is None:
            return

        site, state = self.site.currentData(), self.state.currentData()
        rows = filter_rows(self.grid.rows, site=site, state=state)
        self.model.set_grid(self.grid.codes, list(rows))
        total = len(self.grid.rows)
        self.count.setText(
            f"{len(rows):,} of {total:,} active managers"
            if len(rows) != total
            else f"{total:,} active managers"
        )
        shown = [r for r in self.grid.readiness if site is None or r.site == site]
        ready = [r.text() for r in shown if r.percent is not None]
        self.readiness.setText(
            "Readiness (managers holding what their role requires): " + ";  ".join(ready)
            if ready
            else "Readiness: no role requires a certification yet (set them in the Catalog)."
        )

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        code = self.model.code(index.column())
        if code is None:
            self.manager_requested.emit(row.employee_no)
            return
        cell = row.cells[index.column() - len(FIXED)]
        if cell.path_id is not None:
            self.path_requested.emit(row.employee_no, cell.path_id)
        else:
            self.manager_requested.emit(row.employee_no)

    def export(self) -> None:

        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export the team matrix", "team-matrix.pdf", "PDF (*.pdf);;CSV (*.csv)"
        )
        if chosen:
            self.export_to(chosen)

    def export_to(self, filename: str) -> None:

        target = Path(filename)

        def write(store: Store) -> Path:

            write_matrix(store, target)
            return target

        self._ops.run_op(write, lambda path: self.count.setText(f"Saved {path.name}"))
