"""The Catalog page: the certifications managers can work toward, with New… and Edit…."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from certdesk.core.changes import Kind
from certdesk.core.words import plural
from certdesk.gui.catalog.certification_dialog import CertificationDialog
from certdesk.gui.catalog.rules_dialogs import RenewalRuleDialog, RolesDialog
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.columns import fold, natural_key
from certdesk.gui.widgets.data_page import DataPage, heading_label, hint_label, list_view
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.catalog import certifications as catalog

if TYPE_CHECKING:
    from certdesk.core.models import Certification
    from certdesk.gui.catalog.certification_dialog import CertificationDialog
    from certdesk.store import Store

RETIRED_COLOR = "#6b6b6b"


def _load(store: Store) -> list[Certification]:

    return catalog.list_certifications(store)


def validity_text(months: int | None) -> str:
    """ "36 months (3 years)", "12 months", "never expires"."""
    if months is None:
        return "never expires"
    if months % 12 == 0:
        years = months // 12
        return f"{months} months ({plural(years, 'year')})"
    return plural(months, "month")


def _retired(c: Certification) -> str | None:
    return None if c.active else RETIRED_COLOR


CATALOG_COLUMNS: list[Column[Certification]] = [
    Column("Code", lambda c: c.code, lambda c: natural_key(c.code), color=_retired),
    Column("Name", lambda c: c.name, lambda c: fold(c.name), color=_retired),
    Column("Issuer", lambda c: c.issuer, lambda c: fold(c.issuer), color=_retired),
    Column(
        "Valid for",
        lambda c: validity_text(c.validity_months),
        lambda c: (c.validity_months is None, c.validity_months or 0),
        tooltip="How long a credential stays valid after completion",
        color=_retired,
    ),
    Column(
        "Status",
        lambda c: "offered" if c.active else "retired",
        tooltip="Retired certifications stay on existing paths; no new path can be planned",
        color=_retired,
    ),
]


class CatalogPage(DataPage):
    """Every certification; New certification… and Edit… open the dialog."""

    shows = frozenset({Kind.CATALOG})

    load = staticmethod(_load)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.dialog: CertificationDialog | None = None
        self._select_after_load: str | None = None

        self.model: RowTableModel[Certification] = RowTableModel(CATALOG_COLUMNS, parent=self)
        self.view = list_view(self.model, widths=(90, 0, 220, 160, 90), stretch=1)

        self.new_button = QPushButton("New certification…")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setEnabled(False)
        self.edit_button.setToolTip("Select a certification in the list first")
        self.shown = hint_label("Loading the catalog…")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(90)

        top = QHBoxLayout()
        top.addWidget(heading_label("Certification catalog"))
        top.addSpacing(12)
        top.addWidget(self.shown, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        self.rules_button = QPushButton("Renewal rule…")
        self.rules_button.setToolTip("Every version of the selected certification's renewal rule")
        self.roles_button = QPushButton("Roles…")
        self.roles_button.setToolTip("The certifications each job title requires")
        self.rules_button.clicked.connect(self.open_rules)
        self.roles_button.clicked.connect(self.open_roles)
        top.addWidget(self.rules_button)
        top.addWidget(self.roles_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            hint_label(
                "The credentials a manager's path can aim at. The validity sets each "
                "credential's expiry date when a completion is recorded. Retire a "
                "certification (Edit…, untick “Offered for new paths”) to stop new paths; "
                "nothing is ever deleted."
            )
        )
        layout.addWidget(self.view, 3)
        layout.addWidget(self.details, 1)

        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_edit)
        self.view.doubleClicked.connect(self.open_edit)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

    # ---- data ---------------------------------------------------------------------------
    def show_data(self, certifications: list[Certification]) -> None:
        keep = self._select_after_load or (c.code if (c := self.selected()) else None)
        self._select_after_load = None
        self.model.set_rows(certifications)
        retired = sum(1 for c in certifications if not c.active)
        self.shown.setText(
            f"{len(certifications)} certifications" + (f", {retired} retired" if retired else "")
        )
        row = self.model.find(lambda c: c.code == keep) if keep else -1
        self.view.selectRow(max(row, 0))
        self._selection_changed()

    def selected(self) -> Certification | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _selection_changed(self, *_: object) -> None:

        cert = self.selected()
        self.edit_button.setEnabled(cert is not None)
        self.edit_button.setToolTip("" if cert else "Select a certification in the list first")
        if cert is None:
            self.details.setText("")
            return
        parts = [f"<b>{html.escape(cert.code)} — {html.escape(cert.name)}</b>"]
        if not cert.active:
            parts[0] += f" <span style='color:{RETIRED_COLOR}'>(retired)</span>"
        parts.append(
            f"Issued by {html.escape(cert.issuer) or '<i>issuer not recorded</i>'} · "
            f"valid for {validity_text(cert.validity_months)}"
        )
        parts.append(html.escape(cert.description) or "<i>No description.</i>")
        parts.append(
            "<b>Renewal:</b> "
            + (html.escape(cert.renewal_requirements) or "<i>nothing recorded</i>")
        )
        self.details.setText("<br>".join(parts))

    # ---- dialogs ------------------------------------------------------------------------
    def open_new(self) -> None:

        self._open(CertificationDialog(self._ops, self))

    def open_edit(self) -> None:

        if (cert := self.selected()) is not None:
            self._open(CertificationDialog(self._ops, self, existing=cert))

    def open_rules(self) -> None:

        if (cert := self.selected()) is not None:
            self._open(RenewalRuleDialog(self._ops, cert, self))

    def open_roles(self) -> None:

        codes = [c.code for c in self.model.rows() if c.active]
        self._open(RolesDialog(self._ops, codes, self))

    def _open(self, dialog: CertificationDialog) -> None:
        dialog.saved.connect(self._saved)
        open_owned(self, dialog)

    def _saved(self, cert: object) -> None:
        # The page reloads on the ops' `changed` signal; select the saved entry then.
        code = getattr(cert, "code", None)
        if code is not None:
            self._select_after_load = code
