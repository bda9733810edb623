"""The Policies page: the tuition-assistance policy's versions and the selected one's text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import Kind
from certdesk.core.words import plural
from certdesk.gui.operations.runner import Ops
from certdesk.gui.policies.policy_dialog import PolicyDialog
from certdesk.gui.widgets.columns import fold
from certdesk.gui.widgets.data_page import DataPage, heading_label, hint_label, list_view
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.policies import policy_rows

if TYPE_CHECKING:
    from certdesk.gui.policies.policy_dialog import PolicyDialog
    from certdesk.services.policies import PolicyRow
    from certdesk.store import Store

FROZEN_COLOR = "#1b4f9c"


def _load(store: Store) -> list[PolicyRow]:

    return policy_rows(store)


def agreements_phrase(count: int) -> str:
    return plural(count, "agreement")


def in_use_text(row: PolicyRow) -> str:
    return f"yes — {agreements_phrase(row.agreements_issued)}" if row.in_use else "no"


POLICY_COLUMNS: list[Column[PolicyRow]] = [
    Column("Version", lambda r: str(r.version), lambda r: r.version, align_right=True),
    Column("Title", lambda r: r.title, lambda r: fold(r.title)),
    Column("Effective from", lambda r: r.effective_on.isoformat()),
    Column(
        "Used by issued agreements",
        in_use_text,
        lambda r: r.agreements_issued,
        tooltip="A version printed on an issued agreement can never change",
        color=lambda r: FROZEN_COLOR if r.in_use else None,
    ),
]


class PoliciesPage(DataPage):
    """Versions newest first; New version… starts from the selected text."""

    shows = frozenset({Kind.POLICIES})

    load = staticmethod(_load)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.dialog: PolicyDialog | None = None
        self._select_after_load: int | None = None

        self.model: RowTableModel[PolicyRow] = RowTableModel(POLICY_COLUMNS, parent=self)
        self.view = list_view(self.model, widths=(70, 0, 110, 190), stretch=1)

        self.new_button = QPushButton("New version…")
        self.new_button.setToolTip("Write the next version, starting from the selected text")
        self.edit_button = QPushButton("Edit…")
        self.shown = hint_label("Loading the policy…")
        self.text_title = heading_label("", 1.1)
        self.text_title.setWordWrap(True)
        self.text_state = hint_label()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)

        text_box = QWidget()
        text_column = QVBoxLayout(text_box)
        text_column.setContentsMargins(0, 0, 0, 0)
        text_column.addWidget(self.text_title)
        text_column.addWidget(self.text_state)
        text_column.addWidget(self.text, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(text_box)
        splitter.setSizes([180, 520])
        splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(heading_label("Tuition-assistance policy"))
        top.addSpacing(12)
        top.addWidget(self.shown, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            hint_label(
                "The policy text printed on every agreement. Once an issued agreement has "
                "printed a version, that version is frozen: changes go into a new version. "
                "New agreements are drafted with the newest version (the top of the list)."
            )
        )
        layout.addWidget(splitter, 1)

        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_edit)
        self.view.doubleClicked.connect(self._open_default)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # ---- data ---------------------------------------------------------------------------
    def show_data(self, rows: list[PolicyRow]) -> None:
        keep = self._select_after_load or (r.version if (r := self.selected()) else None)
        self._select_after_load = None
        self.model.set_rows(rows)
        frozen = sum(1 for r in rows if r.in_use)
        self.shown.setText(
            f"{plural(len(rows), 'version')}, {frozen} frozen by issued agreements"
            if rows
            else "No policy yet: the first agreement drafted creates version 1 from the "
            "default text, or write one with New version…"
        )
        row = self.model.find(lambda r: r.version == keep) if keep else -1
        if rows:
            self.view.selectRow(max(row, 0))
        self._selection_changed()

    def selected(self) -> PolicyRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _selection_changed(self, *_: object) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None and not row.in_use)
        if row is None:
            self.edit_button.setToolTip("Select a version in the list first")
            self.text_title.setText("")
            self.text_state.setText("")
            self.text.setPlainText("")
            return
        if row.in_use:
            used = agreements_phrase(row.agreements_issued)
            self.edit_button.setToolTip(
                f"Version {row.version} is printed on {used} already issued, so it can never "
                "change. Use “New version…” to write the changes."
            )
            state = f"Frozen: printed on {used} already issued. Read only."
        else:
            self.edit_button.setToolTip(f"Change version {row.version} (no agreement uses it)")
            state = "No issued agreement uses this version yet, so it can still be edited."
        self.text_title.setText(f"Version {row.version}: {row.title}")
        self.text_state.setText(f"Effective from {row.effective_on.isoformat()}. {state}")
        self.text.setPlainText(row.body)

    # ---- dialogs ------------------------------------------------------------------------
    def open_new(self) -> None:

        row = self.selected()
        newest = max((r.version for r in self.model.all_rows()), default=0)
        self._open(
            PolicyDialog(
                self._ops,
                self,
                title=row.title if row else "",
                body=row.body if row else "",
                next_version=newest + 1,
                rules=row,
            )
        )

    def open_edit(self) -> None:

        row = self.selected()
        if row is None:
            return
        self._open(
            PolicyDialog(
                self._ops,
                self,
                title=row.title,
                body=row.body,
                effective_on=row.effective_on,
                edit_version=row.version,
                rules=row,
            )
        )

    def _open_default(self) -> None:
        row = self.selected()
        if row is not None and not row.in_use:
            self.open_edit()
        else:
            self.open_new()

    def _open(self, dialog: PolicyDialog) -> None:
        dialog.saved.connect(lambda policy: setattr(self, "_select_after_load", policy.version))
        open_owned(self, dialog)
