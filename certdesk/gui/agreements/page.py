"""The Agreements page: the register with a find box and a status filter, the selected
agreement's detail pane below, and Draft agreement… for a path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.agreements import (
    NEEDS_ACTION_STATUSES,
    NOT_SETTLED_STATUSES,
    AgreementStatus,
)
from certdesk.core.changes import Kind
from certdesk.core.labels import AGREEMENT_STATUS_CHOICE
from certdesk.gui.agreements.batch_print import BatchPrint
from certdesk.gui.agreements.columns import AGREEMENT_COLUMNS, AGREEMENT_MANAGER_COLUMN
from certdesk.gui.agreements.detail import AgreementDetailPane
from certdesk.gui.agreements.draft_dialog import DraftAgreementDialog
from certdesk.gui.agreements.path_chooser import PathChooser
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.data_page import LazyPage, hint_label, list_view
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.list_page import choice_combo, find_box, shown_text
from certdesk.gui.widgets.table_model import RowTableModel, SortKeys, compute_sort_keys
from certdesk.services.agreements import views as agreement_views
from certdesk.services.agreements.views import filter_agreements

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QDialog

    from certdesk.gui.agreements.batch_print import BatchPrint
    from certdesk.services.agreements.drafting import DraftResult
    from certdesk.services.agreements.views import AgreementRow
    from certdesk.store import Store

_A = AgreementStatus
ALL, OPEN, ACTION = "", "@open", "@action"
CHOICES = (
    ("All agreements", ALL),
    ("Needs action: draft, unsigned, repayment due", ACTION),
    ("Open (not settled)", OPEN),
    *(
        (AGREEMENT_STATUS_CHOICE[status], status.value)
        for status in (
            _A.DRAFT,
            _A.ISSUED,
            _A.SIGNED,
            _A.IN_COMMITMENT,
            _A.REPAYMENT_DUE,
            _A.FULFILLED,
            _A.REPAID,
            _A.WAIVED,
            _A.VOIDED,
        )
    ),
)
_GROUPS = {OPEN: NOT_SETTLED_STATUSES, ACTION: NEEDS_ACTION_STATUSES}


def _list_agreements(store: Store) -> tuple[list[AgreementRow], SortKeys]:
    """The register and its sort keys (a read: the date's status moves ran on open)."""

    rows = agreement_views.list_agreements(store)
    return rows, compute_sort_keys(AGREEMENT_COLUMNS, rows, only=(0, AGREEMENT_MANAGER_COLUMN))


def _filter(rows: list[AgreementRow], text: str) -> list[AgreementRow]:

    return filter_agreements(rows, text)


def keep_only(choice: str) -> Callable[[AgreementRow], bool] | None:
    """The row filter for a Status choice (None keeps every row)."""
    if choice == ALL:
        return None
    statuses = _GROUPS.get(choice, {choice})
    return lambda r: r.status in statuses


class AgreementsPage(LazyPage):
    """Every agreement; loaded the first time the page is opened, then after each change."""

    shows = frozenset({Kind.AGREEMENTS, Kind.MANAGERS, Kind.PATHS})

    count_changed = Signal(int)
    manager_requested = Signal(str)
    status_message = Signal(str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self._select_after_load: str | None = None
        self.dialog: QDialog | None = None  # the draft dialog or path chooser open now

        self.find = find_box("Find: agreement no., manager, employee no. or certification")
        self.status = choice_combo(CHOICES)
        self.shown = hint_label("Loading agreements…", wrap=False)
        self.draft_button = QPushButton("Draft agreement…")
        self.draft_button.setToolTip(
            "Draft a tuition-assistance agreement for a certification path"
        )
        self.batch_button = QPushButton("Print or save selected…")
        self.batch_button.setToolTip(
            "Select several issued agreements (Ctrl+click, Shift+click) to print or save "
            "their forms as one PDF"
        )
        self.batch_button.setEnabled(False)
        self.batch: BatchPrint | None = None  # the batch running or last run (tests read it)

        self.model: RowTableModel[AgreementRow] = RowTableModel(AGREEMENT_COLUMNS, _filter, self)
        self.view = list_view(
            self.model,
            widths=(120, 230, 100, 120, 100, 70, 90, 100, 100, 100),
            stretch=AGREEMENT_MANAGER_COLUMN,
            sort_column=0,
            sort_order=Qt.SortOrder.DescendingOrder,  # the newest first
        )
        # Several can be selected for a batch; the detail pane shows the current one.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        self.detail = AgreementDetailPane(ops)
        self.detail.manager_requested.connect(self.manager_requested)
        self.detail.status_message.connect(self.status_message)

        bar = QHBoxLayout()
        bar.addWidget(self.find, 3)
        bar.addWidget(self.status)
        bar.addWidget(self.shown, 2)
        bar.addWidget(self.batch_button)
        bar.addWidget(self.draft_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([236, 464])  # the detail pane needs the room more than the list
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter  # its position is remembered (certdesk.gui.settings.preferences)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.find.textChanged.connect(self._refilter)
        self.status.currentIndexChanged.connect(self._refilter)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.draft_button.clicked.connect(self.choose_path)
        self.batch_button.clicked.connect(self.print_selected)

    # ---- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        self._ops.run_op(_list_agreements, lambda answer: self._set_rows(*answer))

    def focus_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    def _set_rows(self, rows: list[AgreementRow], sort_keys: SortKeys) -> None:
        keep = self._select_after_load or self.detail.agreement_no
        same = keep == self.detail.agreement_no
        self._select_after_load = None
        self.model.set_rows(rows, sort_keys)
        self._loaded_once = True
        if keep is not None and self.select_agreement(keep, remember=False) and same:
            self.detail.reload()  # the selected agreement may be what changed
        self._after_filter()
        self.count_changed.emit(len(rows))
        self.loaded.emit()

    # ---- finding and filtering ----------------------------------------------------------
    def show_status(self, status: str) -> None:
        """Show only the agreements in one status (a choice of the status filter)."""
        index = self.status.findData(status)
        if index >= 0:
            self.status.setCurrentIndex(index)

    def _refilter(self) -> None:
        self.model.set_row_filter(keep_only(self.status.currentData()))
        self.model.set_filter_text(self.find.text())
        self._after_filter()

    def _after_filter(self) -> None:
        """Keep the selected agreement selected if still shown; one match is selected for you."""
        total, shown = len(self.model.all_rows()), self.model.rowCount()
        current = self.detail.agreement_no
        row = self.model.find(lambda r: r.agreement_no == current) if current else -1
        if row < 0 and shown == 1:
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()
            self.detail.show_agreement(None)
        self.shown.setText(
            shown_text(
                shown, total, "agreements", "No agreements yet — draft one for a certification path"
            )
        )

    def select_agreement(self, agreement_no: str, *, remember: bool = True) -> bool:
        """Select an agreement by number, clearing the filters if they hide it.

        Not in the register yet (just drafted, the reload still queued): with `remember`, it
        is selected when the register next loads.
        """
        row = self.model.find(lambda r: r.agreement_no == agreement_no)
        if row < 0 and any(r.agreement_no == agreement_no for r in self.model.all_rows()):
            self.find.clear()
            self.status.setCurrentIndex(0)
            row = self.model.find(lambda r: r.agreement_no == agreement_no)
        if row < 0:
            if remember:
                self._select_after_load = agreement_no
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _selection_changed(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        printable = self.selected_forms()
        self.batch_button.setEnabled(bool(printable))
        self.batch_button.setText(
            f"Print or save {len(printable)} selected…"
            if len(printable) > 1
            else "Print or save selected…"
        )
        if not rows:
            return
        current = self.view.currentIndex()
        chosen = current if current.isValid() and len(rows) > 1 else rows[0]
        number = self.model.row(chosen).agreement_no
        if number != self.detail.agreement_no:
            self.detail.show_agreement(number)

    def selected_forms(self) -> list[str]:
        """The selected agreements that have an issued form, in the order shown."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [
            r.agreement_no
            for r in (self.model.row(i) for i in rows)
            if r.status not in (AgreementStatus.DRAFT, AgreementStatus.VOIDED)
        ]

    def print_selected(self) -> None:
        """Print or save selected…: the forms as one PDF, made on the worker, then previewed."""

        numbers = self.selected_forms()
        if not numbers:
            return
        self.batch = BatchPrint(self, self._ops, numbers)
        self.batch.status_message.connect(self.status_message)
        self.batch.start()

    # ---- drafting -----------------------------------------------------------------------
    def choose_path(self) -> None:
        """Draft agreement…: first choose the manager's path, then the terms."""

        chooser = PathChooser(self._ops, self)
        chooser.chosen.connect(self.open_draft)
        self._open(chooser)

    def open_draft(self, path_id: int) -> None:

        dialog = DraftAgreementDialog(self._ops, path_id, self)
        dialog.saved.connect(self._drafted)
        self._open(dialog)

    def _drafted(self, result: DraftResult) -> None:
        # The register reloads on the ops' `changed` signal; select the new draft then.
        self._select_after_load = result.agreement.agreement_no

    def _open(self, dialog: QDialog) -> None:
        open_owned(self, dialog)
