"""Edit → Settings…: company name, currency symbol, page size and the §127 limit.

The current values are read on the worker when the dialog opens; Save stays disabled until
they are in, so nothing typed can be overwritten by a late answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from certdesk.gui.form_dialog import FormDialog
from certdesk.gui.ops import Ops

if TYPE_CHECKING:
    from certdesk.core.errors import InvalidInput
    from certdesk.services.settings import Settings
    from certdesk.store import Store

PAGE_SIZES = (("Letter (US, 8.5 × 11 in)", "letter"), ("A4 (210 × 297 mm)", "a4"))


def _current(store: Store) -> tuple[Settings, str]:
    from certdesk.core.money import format_cents
    from certdesk.services.settings import get_settings

    settings = get_settings(store)
    return settings, format_cents(settings.section_127_limit_cents)  # "5,250.00"


class SettingsDialog(FormDialog):
    """The settings printed on forms and reports."""

    loaded = Signal()  # the current settings are in the fields

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            "Settings",
            parent,
            intro="These appear on every form and report certdesk prints.",
        )
        self.company_name = QLineEdit()
        self.add_field(
            "company_name", "Company name", self.company_name, "Printed at the top of every form"
        )
        self.currency_symbol = QLineEdit()
        self.currency_symbol.setMaxLength(4)
        self.currency_symbol.setMaximumWidth(80)
        self.add_field(
            "currency_symbol",
            "Currency symbol",
            self.currency_symbol,
            "Shown before amounts on forms, e.g. $ or €",
        )
        self.page_size = QComboBox()
        for label, value in PAGE_SIZES:
            self.page_size.addItem(label, value)
        self.add_field("page_size", "Paper size", self.page_size)
        self.section_127_limit = QLineEdit()
        self.section_127_limit.setPlaceholderText("5,250.00")
        self.section_127_limit.setMaximumWidth(140)
        self.add_field(
            "section_127_limit",
            "§127 limit per year",
            self.section_127_limit,
            "Tax-free education per manager and calendar year (IRS §127): 5,250.00 up to "
            "2026; set the published figure for later years",
        )
        self.hr_contact = QLineEdit()
        self.hr_contact.setPlaceholderText("e.g. Dana Smith, hr@example.com, 555-0100")
        self.add_field(
            "hr_contact",
            "HR contact",
            self.hr_contact,
            "Printed on repayment statements: where to ask, pay, dispute or ask for a waiver",
        )
        self.save_button.setEnabled(False)  # until the current values are shown
        ops.run_op(_current, self._show_current, self._cannot_read)

    def _show_current(self, current: tuple[Settings, str]) -> None:
        settings, limit = current
        self.company_name.setText(settings.company_name)
        self.currency_symbol.setText(settings.currency_symbol)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(settings.page_size)))
        self.section_127_limit.setText(limit)
        self.hr_contact.setText(settings.hr_contact)
        self.save_button.setEnabled(True)
        self.company_name.setFocus()
        self.loaded.emit()

    def _cannot_read(self, exc: InvalidInput) -> None:
        self.general_error.setText(f"The settings could not be read: {exc.message}")
        self.general_error.setVisible(True)

    def operation(self) -> Callable[[Store], Any]:
        values = {
            "company_name": self.company_name.text(),
            "currency_symbol": self.currency_symbol.text(),
            "page_size": self.page_size.currentData(),
            "section_127_limit": self.section_127_limit.text(),
            "hr_contact": self.hr_contact.text(),
        }

        def save(store: Store) -> Settings:
            from certdesk.services.settings import update_settings

            return update_settings(store, values)

        return save
