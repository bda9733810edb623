"""The Paths page: every certification path, with a find box and a Status filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import Kind
from certdesk.gui.operations.runner import Ops
from certdesk.gui.paths.filters import CHOICES, keep_only
from certdesk.gui.widgets.columns import PATH_COLUMNS, PATH_NAME_COLUMN, natural_key
from certdesk.gui.widgets.data_page import LazyPage, hint_label, list_view
from certdesk.gui.widgets.list_page import choice_combo, find_box, shown_text
from certdesk.gui.widgets.table_model import RowTableModel, SortKeys, compute_sort_keys
from certdesk.services.paths import views
from certdesk.services.paths.views import filter_paths

if TYPE_CHECKING:
    from certdesk.services.paths.views import PathRow
    from certdesk.store import Store


def _list_paths(store: Store) -> tuple[list[PathRow], SortKeys]:
    """Every path and the sort keys worth making ahead, both made on the worker thread."""

    rows = views.list_paths(store)
    # The Name column (sorted by at first; its keys come with the rows) and the employee
    # numbers' natural keys (one per manager, shared by their paths; the slowest to make);
    # the other columns' keys are quick and made on the first click on their header.
    keys = compute_sort_keys(PATH_COLUMNS, rows, only=(PATH_NAME_COLUMN,))
    numbers: dict[str, tuple] = {}
    keys[0] = {
        id(r): numbers.get(r.employee_no)
        or numbers.setdefault(r.employee_no, natural_key(r.employee_no))
        for r in rows
    }
    return rows, keys


def _filter_paths(rows: list[PathRow], text: str) -> list[PathRow]:

    return filter_paths(rows, text)


class PathsPage(LazyPage):
    """All paths; loaded the first time the page is opened, then after each change."""

    shows = frozenset({Kind.PATHS, Kind.MANAGERS, Kind.CATALOG})

    count_changed = Signal(int)
    manager_requested = Signal(str)  # employee_no: show this manager on the Managers page

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)

        self.find = find_box("Find: manager, certification, status or credential no.")
        self.status = choice_combo(CHOICES)
        self.shown = hint_label("Loading paths…", wrap=False)
        hint = hint_label("Double-click a path to open its manager", wrap=False)

        self.model: RowTableModel[PathRow] = RowTableModel(PATH_COLUMNS, _filter_paths, self)
        self.view = list_view(
            self.model,
            widths=(90, 240, 70, 100, 100, 100, 130, 100, 110),
            stretch=PATH_NAME_COLUMN,
            sort_column=PATH_NAME_COLUMN,
        )

        bar = QHBoxLayout()
        bar.addWidget(self.find, 3)
        bar.addWidget(self.status)
        bar.addWidget(self.shown, 2)
        bar.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.find.textChanged.connect(self._refilter)
        self.status.currentIndexChanged.connect(self._refilter)
        self.view.doubleClicked.connect(
            lambda index: self.manager_requested.emit(self.model.row(index).employee_no)
        )

    def reload(self) -> None:
        self._stale = False
        self._ops.run_op(_list_paths, lambda answer: self._set_rows(*answer))

    def focus_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    def _set_rows(self, rows: list[PathRow], sort_keys: SortKeys) -> None:
        self.model.set_rows(rows, sort_keys)
        self._loaded_once = True
        self._update_label()
        self.count_changed.emit(len(rows))
        self.loaded.emit()

    def show_only(self, choice: str) -> None:
        """Show one status or attention group (see path_filters.CHOICES); clears the find box."""
        self.find.clear()
        self.status.setCurrentIndex(max(0, self.status.findData(choice)))

    def _refilter(self) -> None:
        self.model.set_row_filter(keep_only(self.status.currentData()))
        self.model.set_filter_text(self.find.text())
        self._update_label()

    def _update_label(self) -> None:
        total, shown = len(self.model.all_rows()), self.model.rowCount()
        self.shown.setText(shown_text(shown, total, "paths", "No certification paths yet"))
