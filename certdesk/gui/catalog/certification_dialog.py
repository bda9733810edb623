"""New / Edit certification dialog: one catalog entry (code, name, issuer, validity...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog
from certdesk.services.catalog import certifications as catalog

if TYPE_CHECKING:
    from certdesk.core.models import Certification
    from certdesk.store import Store


def _text_box(text: str = "", height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)  # Tab moves on to the next field, as in a line edit
    box.setFixedHeight(height)
    return box


class CertificationDialog(FormDialog):
    """Add a credential to the catalog, or change one (its code stays)."""

    changes = Changes.of(Kind.CATALOG)

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, existing: Certification | None = None
    ) -> None:
        super().__init__(
            ops,
            f"Edit {existing.code} — {existing.name}" if existing else "New certification",
            parent,
            save_text="Save changes" if existing else "Add to catalog",
        )
        self._existing = existing
        self.code = QLineEdit(existing.code if existing else "")
        self.code.setPlaceholderText("e.g. CCCM")
        self.code.setMaxLength(16)
        if existing:
            self.code.setReadOnly(True)
            self.code.setToolTip("A code never changes: paths and agreements refer to it")
        self.add_field(
            "code",
            "Code",
            self.code,
            "" if existing else "Capital letters, digits and '-'; it cannot change later",
        )
        self.name = QLineEdit(existing.name if existing else "")
        self.name.setPlaceholderText("e.g. Certified Call Center Manager")
        self.add_field("name", "Name", self.name)
        self.issuer = QLineEdit(existing.issuer if existing else "")
        self.issuer.setPlaceholderText("the body that awards it")
        self.add_field("issuer", "Issuer", self.issuer)
        months = existing.validity_months if existing else None
        self.validity_months = QLineEdit("" if months is None else str(months))
        self.validity_months.setPlaceholderText("never expires")
        self.add_field(
            "validity_months",
            "Valid for (months)",
            self.validity_months,
            "Leave empty if the credential never expires; e.g. 36 for three years",
        )
        self.description = _text_box(existing.description if existing else "")
        self.add_field("description", "Description", self.description)
        self.renewal_requirements = _text_box(existing.renewal_requirements if existing else "")
        self.add_field(
            "renewal_requirements",
            "Renewal requirements",
            self.renewal_requirements,
            "e.g. 30 continuing-education hours before expiry",
        )
        self.active = QCheckBox("Offered for new paths")
        self.active.setChecked(existing.active if existing else True)
        self.add_field(
            "active",
            "In use",
            self.active,
            "Untick to retire it: existing paths keep it, no new path can be planned",
        )
        self.transferable = QCheckBox("Usable with other employers, not required for the job")
        self.transferable.setChecked(existing.transferable if existing else False)
        self.add_field(
            "transferable",
            "Transferable",
            self.transferable,
            "California AB 692 and New York allow repayment only for such a credential",
        )
        (self.name if existing else self.code).setFocus()

    def fields(self) -> dict[str, object]:
        """The typed values, as the catalog service takes them."""
        return {
            "code": self.code.text(),
            "name": self.name.text(),
            "issuer": self.issuer.text(),
            "validity_months": self.validity_months.text(),
            "description": self.description.toPlainText(),
            "renewal_requirements": self.renewal_requirements.toPlainText(),
            "active": self.active.isChecked(),
            "transferable": self.transferable.isChecked(),
        }

    def operation(self) -> Callable[[Store], Any]:
        fields = self.fields()
        code = self._existing.code if self._existing else None

        def save(store: Store) -> Certification:

            if code is None:
                return catalog.add_certification(store, fields)
            return catalog.edit_certification(store, code, fields)

        return save
