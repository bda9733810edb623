"""New manager / Edit manager dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import Shown
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit
from certdesk.services import managers

if TYPE_CHECKING:
    from certdesk.gui.widgets.date_field import DateField
    from certdesk.services.managers import ManagerRow
    from certdesk.store import Store

# (field name as the services know it, label, placeholder)
FIELDS = (
    ("employee_no", "Employee no.", "e.g. H-9001"),
    ("full_name", "Full name", "as on the HR record, any language"),
    ("email", "E-mail", "name@company.com"),
    ("job_title", "Job title", "e.g. Call Center Manager"),
    ("site", "Site", "e.g. Gdańsk Hub"),
    ("work_state", "Work state", "US state (NY or New York) or country code abroad (PL)"),
    ("hire_date", "Hire date", "YYYY-MM-DD"),
)


class ManagerDialog(FormDialog):
    """Add a manager, or edit one when `existing` is given."""

    changes = Changes.of(Kind.MANAGERS)

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        *,
        existing: ManagerRow | None = None,
        sites: Iterable[str] = (),
    ) -> None:
        title = f"Edit {existing.full_name}" if existing else "New manager"
        super().__init__(ops, title, parent, save_text="Save" if existing else "Add manager")
        self._existing_no = existing.employee_no if existing else None
        if existing is not None:
            self.shown = Shown(
                existing.row_version,
                {name: str(getattr(existing, name) or "") for name, _, _ in FIELDS},
            )
        self.edits: dict[str, QLineEdit | DateField] = {}
        for name, label, placeholder in FIELDS:
            if name == "hire_date":  # the window's one date field, empty allowed
                edit = date_edit(optional=True)
                edit.setText(str(existing.hire_date or "") if existing else "")
                self.edits[name] = edit
                self.add_field(name, label, edit)
                continue
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            if existing is not None:
                edit.setText(str(getattr(existing, name) or ""))
            self.edits[name] = edit
            self.add_field(name, label, edit)
        completer = QCompleter(sorted(set(sites) - {""}), self)
        self.edits["site"].setCompleter(completer)
        self.edits["work_state"].setMaxLength(40)
        self.edits["employee_no" if existing is None else "full_name"].setFocus()

    def values(self) -> dict[str, str]:
        """What is typed, by field name (the services trim and check it)."""
        return {name: edit.text() for name, edit in self.edits.items()}

    def operation(self) -> Callable[[Store], Any]:
        fields = self.values()
        original = self._existing_no
        shown = self.shown
        labels = {name: label for name, label, _ in FIELDS}

        def save(store: Store) -> Any:

            if original is None:
                return managers.add_manager(store, fields)
            return managers.edit_manager(store, original, fields, shown=shown, labels=labels)

        return save
