"""Move status dialog: only the statuses the path may move to next are offered."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import Shown
from certdesk.gui.operations.runner import Ops
from certdesk.gui.paths.moves import MOVE_LABELS, next_statuses
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.paths import lifecycle as paths

if TYPE_CHECKING:
    from certdesk.store import Store


class MoveStatusDialog(FormDialog):
    """Move one path to its next status."""

    changes = Changes.of(Kind.PATHS, Kind.AGREEMENTS, Kind.RENEWALS)

    def __init__(self, ops: Ops, path: dict, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Move {path['cert_code']} of {path['full_name']}",
            parent,
            save_text="Move",
            intro=(
                f"{html.escape(path['full_name'])}'s {html.escape(path['cert_code'])} path is "
                f"<b>{path['status']}</b> now. Move it to:"
            ),
        )
        self._path_id = path["id"]
        if "row_version" in path:  # what this dialog shows; a move made elsewhere is caught
            self.shown = Shown(path["row_version"], {"status": path["status"]})
        self.status = QComboBox()
        for status in next_statuses(path["status"]):
            self.status.addItem(MOVE_LABELS[status], status)
        self.add_field("status", "New status", self.status)
        self.on = date_edit()
        self.add_field("on", "Enrolled on", self.on)
        self.status.currentIndexChanged.connect(self._show_date)
        self._show_date()

    def _show_date(self) -> None:
        # Only enrolment records a date; other moves are dated by the audit log.
        self.set_field_visible("on", self.status.currentData() == "enrolled")

    def operation(self) -> Callable[[Store], Any]:
        path_id, status = self._path_id, self.status.currentData()
        shown = self.shown
        on = iso_of(self.on) if status == "enrolled" else None

        def move(store: Store) -> Any:

            return paths.move_path(store, path_id, status, on, shown=shown)

        return move
