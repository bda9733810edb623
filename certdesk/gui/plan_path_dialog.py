"""Plan path dialog: which certification a manager works toward, and by when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.dates import add_months
from certdesk.gui.form_dialog import FormDialog, date_edit, iso_of
from certdesk.gui.ops import Ops

if TYPE_CHECKING:
    from certdesk.services.gui_queries import CatalogEntry
    from certdesk.store import Store


def _catalog(store: Store) -> list[CatalogEntry]:
    from certdesk.services import gui_queries

    return gui_queries.certifications(store)


class PlanPathDialog(FormDialog):
    """Plan a new certification path for one manager."""

    changes = Changes.of(Kind.PATHS)

    def __init__(
        self, ops: Ops, employee_no: str, full_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, f"Plan a path for {full_name}", parent, save_text="Plan path")
        self._employee_no = employee_no
        self.certification = QComboBox()
        self.certification.addItem("Loading the catalog…", "")
        self.certification.setEnabled(False)
        self.add_field("cert_code", "Certification", self.certification)
        self.target = date_edit(add_months(dt.date.today(), 6))
        self.add_field("target", "Target date", self.target, "when the manager should be certified")
        self.save_button.setEnabled(False)
        ops.run_op(_catalog, self._fill_catalog)

    def _fill_catalog(self, entries: list[CatalogEntry]) -> None:
        self.certification.clear()
        for entry in entries:
            self.certification.addItem(f"{entry.code} — {entry.name}", entry.code)
        self.certification.setEnabled(True)
        self.save_button.setEnabled(bool(entries))

    def operation(self) -> Callable[[Store], Any]:
        employee_no, code, target = (
            self._employee_no,
            self.certification.currentData(),
            iso_of(self.target),
        )

        def plan(store: Store) -> int:
            from certdesk.services import paths

            return paths.plan_path(store, employee_no, code, target)

        return plan
