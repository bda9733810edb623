"""The Managers page: find box, Status and Site filters, the list, and the detail pane below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import Kind
from certdesk.gui.managers.detail import ManagerDetail
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.columns import MANAGER_COLUMNS, MANAGER_NAME_COLUMN
from certdesk.gui.widgets.data_page import LazyPage, hint_label, list_view
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.list_page import choice_combo, find_box, shown_text
from certdesk.gui.widgets.table_model import RowTableModel, SortKeys, compute_sort_keys

if TYPE_CHECKING:
    from certdesk.core.models import Employee
    from certdesk.gui.managers.manager_dialog import ManagerDialog
    from certdesk.services.managers import ManagerRow
    from certdesk.store import Store

ALL = ""
STATUS_CHOICES = (("All statuses", ALL), ("Active", "active"), ("Departed", "departed"))


def _list_managers(store: Store) -> tuple[list[ManagerRow], SortKeys]:
    """The managers and every column's sort keys, both made on the worker thread."""
    from certdesk.services import managers

    rows = managers.list_managers(store)
    # Only the column the list is sorted by at first (its keys, the folded names, come with
    # the rows); the others take a few ms on the first click and would cost memory before.
    return rows, compute_sort_keys(MANAGER_COLUMNS, rows, only=(MANAGER_NAME_COLUMN,))


def _filter_managers(rows: list[ManagerRow], text: str) -> list[ManagerRow]:
    # Imported on first use: the services (and sqlite-utils) load after the first paint.
    from certdesk.services.managers import filter_rows

    return filter_rows(rows, text)


class ManagersPage(LazyPage):
    """Find, filter, sort and open managers; the detail pane acts on the selected one."""

    count_changed = Signal(int)  # how many managers the database holds
    import_requested = Signal()
    # The list's rows and the detail pane (paths, costs, agreements, credentials).
    shows = frozenset({Kind.MANAGERS, Kind.PATHS, Kind.AGREEMENTS, Kind.CATALOG, Kind.RENEWALS})

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self._stale = False  # not on first show: the window loads the list once the file is open
        self._select_after_load: str | None = None
        self.dialog: ManagerDialog | None = None

        # The clear button waits for finish_setup.
        self.find = find_box(
            "Find: name, employee no., e-mail, site or certification", clear_button=False
        )
        self.find.setMinimumWidth(320)
        self.status = choice_combo(STATUS_CHOICES)
        self.site = choice_combo([("All sites", ALL)])
        self.shown = hint_label("Loading managers…", wrap=False)
        self.new_button = QPushButton("New manager…")
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setToolTip("Add or update managers from the HR system's CSV export")

        self.model: RowTableModel[ManagerRow] = RowTableModel(
            MANAGER_COLUMNS, _filter_managers, self
        )
        # Fixed widths: sizing to contents would read all 10,000 rows on every reset.
        self.view = list_view(
            self.model,
            widths=(90, 260, 210, 60, 150, 110),
            stretch=MANAGER_NAME_COLUMN,
            sort_column=MANAGER_NAME_COLUMN,
        )

        self.detail = ManagerDetail(ops)

        bar = QHBoxLayout()
        bar.addWidget(self.find, 3)
        bar.addWidget(self.status)
        bar.addWidget(self.site)
        bar.addWidget(self.shown, 2)
        bar.addWidget(self.new_button)
        bar.addWidget(self.import_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([450, 300])  # list above, the selected manager's paths below
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter  # its position is remembered (certdesk.gui.settings.preferences)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.find.textChanged.connect(self._find_changed)
        self.status.currentIndexChanged.connect(self._combos_changed)
        self.site.currentIndexChanged.connect(self._combos_changed)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(self.open_edit)
        self.new_button.clicked.connect(self.open_new)
        self.import_button.clicked.connect(self.import_requested)
        self.detail.edit_requested.connect(self.open_edit)

    # ---- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the managers list from the database (off the GUI thread)."""
        self._stale = False
        self._ops.run_op(_list_managers, lambda answer: self.show_rows(*answer))

    def show_rows(self, rows: list[ManagerRow], sort_keys: SortKeys | None = None) -> None:
        """Show these managers (keeps the find text, filters, sort and selection)."""
        keep = self._select_after_load or (m.employee_no if (m := self.detail.manager) else None)
        self._select_after_load = None
        self._fill_sites(rows)
        self.model.set_rows(rows, sort_keys)
        self._loaded_once = True
        if keep is not None:
            self.select_employee(keep, refresh_detail=True)
        self._after_filter()
        self.count_changed.emit(len(rows))
        self.loaded.emit()

    def _fill_sites(self, rows: list[ManagerRow]) -> None:
        current = self.site.currentData()
        sites = sorted({r.site for r in rows if r.site}, key=str.casefold)
        self.site.blockSignals(True)  # rebuilding the list is not a choice by the coordinator
        self.site.clear()
        self.site.addItem("All sites", ALL)
        for site in sites:
            self.site.addItem(site, site)
        self.site.setCurrentIndex(max(0, self.site.findData(current)))
        self.site.blockSignals(False)

    # ---- finding and filtering ----------------------------------------------------------
    def _find_changed(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._after_filter()

    def _combos_changed(self) -> None:
        status, site = self.status.currentData(), self.site.currentData()
        if status == ALL and site == ALL:
            self.model.set_row_filter(None)
        else:
            self.model.set_row_filter(
                lambda r: (status == ALL or r.status == status) and (site == ALL or r.site == site)
            )
        self._after_filter()

    def _after_filter(self) -> None:
        """Keep the selected manager selected if still shown; one match is selected for you."""
        total, shown = len(self.model.all_rows()), self.model.rowCount()
        current = self.detail.manager
        row = self.model.find(lambda r: r.employee_no == current.employee_no) if current else -1
        if row < 0 and shown == 1:
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()
            self.detail.show_manager(None)
        self.shown.setText(
            shown_text(
                shown, total, "managers", "No managers yet — add one or import the HR export"
            )
        )

    def select_employee(self, employee_no: str, *, refresh_detail: bool = False) -> bool:
        """Select a manager by number, clearing the filters if they hide them."""
        row = self.model.find(lambda r: r.employee_no == employee_no)
        if row < 0 and any(r.employee_no == employee_no for r in self.model.all_rows()):
            self.find.clear()
            self.status.setCurrentIndex(0)
            self.site.setCurrentIndex(0)
            row = self.model.find(lambda r: r.employee_no == employee_no)
        if row < 0:
            return False
        if refresh_detail:
            self.detail.show_manager(self.model.row(row))
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row(rows[0])
        current = self.detail.manager
        if current is None or current.employee_no != row.employee_no:
            self.detail.show_manager(row)

    def finish_setup(self) -> None:
        """What the first paint can do without (the clear button loads an icon)."""
        self.find.setClearButtonEnabled(True)

    def focus_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    # ---- dialogs ------------------------------------------------------------------------
    # The dialog module is imported when first needed (start-up shows no dialog).
    def open_new(self) -> None:
        from certdesk.gui.managers.manager_dialog import ManagerDialog

        self._open(ManagerDialog(self._ops, self, sites=self._sites()))

    def open_edit(self) -> None:
        from certdesk.gui.managers.manager_dialog import ManagerDialog

        if self.detail.manager is not None:
            self._open(
                ManagerDialog(self._ops, self, existing=self.detail.manager, sites=self._sites())
            )

    def _sites(self) -> list[str]:
        return [self.site.itemData(i) for i in range(1, self.site.count())]

    def _open(self, dialog: ManagerDialog) -> None:
        dialog.saved.connect(self._saved)
        open_owned(self, dialog)

    def _saved(self, employee: Employee) -> None:
        # The list reloads on the ops' `changed` signal; select the saved manager then.
        self._select_after_load = employee.employee_no
