"""Edit → Settings…: company name, who signs for HR, the logo, currency symbol, page size and
the §127 limit. On a new database the same dialog opens by itself as the first-run set-up.

The current values are read on the worker when the dialog opens; Save stays disabled until
they are in, so nothing typed can be overwritten by a late answer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from certdesk.core.changes import EVERYTHING
from certdesk.core.money import format_cents
from certdesk.gui.operations.runner import Ops
from certdesk.gui.settings import preferences
from certdesk.gui.widgets.form_dialog import FormDialog
from certdesk.services.settings import MAX_LOGO_BYTES, get_settings, update_settings

if TYPE_CHECKING:
    from certdesk.core.errors import InvalidInput
    from certdesk.services.settings import Settings
    from certdesk.store import Store

FIRST_RUN_INTRO = (
    "Before the first agreement is printed, tell certdesk whose forms these are. The company "
    "name and the logo head every form and report; the name is frozen into each agreement "
    "when it is issued, so it cannot be corrected afterwards. You can change all of this "
    "later in Edit → Settings…"
)
PAGE_SIZES = (("Letter (US, 8.5 × 11 in)", "letter"), ("A4 (210 × 297 mm)", "a4"))


def _current(store: Store) -> tuple[Settings, str]:

    settings = get_settings(store)
    return settings, format_cents(settings.section_127_limit_cents)  # "5,250.00"


class SettingsDialog(FormDialog):
    """The settings printed on forms and reports."""

    # The currency symbol and the company name show on every page: all of them reload.
    changes = EVERYTHING

    loaded = Signal()  # the current settings are in the fields

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(
            ops,
            "Welcome to certdesk" if first_run else "Settings",
            parent,
            intro=FIRST_RUN_INTRO
            if first_run
            else "These appear on every form and report certdesk prints.",
        )
        self.first_run = first_run
        if first_run:
            self.buttons.button(self.buttons.StandardButton.Cancel).setText("Later")
        self.logo_bytes: bytes | None = None  # None: the stored logo stays as it is
        self._stored_logo = b""
        self.company_name = QLineEdit()
        self.company_name.setPlaceholderText("e.g. Northwind Contact Centers, Inc.")
        self.add_field(
            "company_name",
            "Company name",
            self.company_name,
            "Printed at the top of every form and frozen into each agreement issued",
        )
        self.signer_name = QLineEdit()
        self.signer_name.setPlaceholderText("e.g. Dana Reyes")
        self.add_field("signer_name", "Signs for HR", self.signer_name)
        self.signer_title = QLineEdit()
        self.signer_title.setPlaceholderText("e.g. HR Director")
        self.add_field(
            "signer_title",
            "Their title",
            self.signer_title,
            "Printed under the HR signature line of the agreement",
        )
        self.logo_preview = QLabel("No logo")
        self.logo_preview.setMinimumHeight(40)
        self.logo_preview.setStyleSheet("color: palette(placeholder-text);")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Remove")
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(b""))
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_preview, 1)
        row.addWidget(choose)
        row.addWidget(self.remove_logo_button)
        self.add_field(
            "logo", "Logo (optional)", logo_row, "PNG or JPEG, printed beside the company name"
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
        placeholder = self.first_run and settings.company_is_placeholder
        self.company_name.setText("" if placeholder else settings.company_name)
        self.signer_name.setText(settings.signer_name)
        self.signer_title.setText(settings.signer_title)
        self._stored_logo = settings.logo
        self._show_logo(settings.logo)
        self.currency_symbol.setText(settings.currency_symbol)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(settings.page_size)))
        self.section_127_limit.setText(limit)
        self.hr_contact.setText(settings.hr_contact)
        self.save_button.setEnabled(True)
        self.company_name.setFocus()
        self.mark_clean()  # what was read is not something typed
        self.loaded.emit()

    # ---- the logo -----------------------------------------------------------------------
    def choose_logo(self) -> None:

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the company logo",
            str(preferences.folder("open")),
            "Images (*.png *.jpg *.jpeg)",
        )
        if chosen:
            preferences.remember_folder("open", Path(chosen))
            self.load_logo(Path(chosen))

    def load_logo(self, file: Path) -> None:
        """Read a logo file (checked by the settings service when saved)."""

        _, label = self._fields["logo"]
        try:
            too_big = file.stat().st_size > MAX_LOGO_BYTES
            data = b"" if too_big else file.read_bytes()
        except OSError as exc:
            label.setText(f"{file.name} cannot be read: {exc.strerror or exc}")
            label.setVisible(True)
            return
        if too_big or not QPixmap().loadFromData(data):
            label.setText(
                f"{file.name} is larger than 512 KB" if too_big else f"{file.name} is not an image"
            )
            label.setVisible(True)
            return
        label.setVisible(False)
        self.set_logo(data)

    def set_logo(self, data: bytes) -> None:
        self.logo_bytes = data
        self._show_logo(data)

    def _show_logo(self, data: bytes) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(
                pixmap.scaledToHeight(36, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.logo_preview.setText("No logo")
        self.remove_logo_button.setEnabled(bool(data))

    def has_unsaved_input(self) -> bool:
        changed_logo = self.logo_bytes is not None and self.logo_bytes != self._stored_logo
        return changed_logo or super().has_unsaved_input()

    def _cannot_read(self, exc: InvalidInput) -> None:
        self.general_error.setText(f"The settings could not be read: {exc.message}")
        self.general_error.setVisible(True)

    def operation(self) -> Callable[[Store], Any]:
        logo = self.logo_bytes
        values = {
            "company_name": self.company_name.text(),
            "signer_name": self.signer_name.text(),
            "signer_title": self.signer_title.text(),
            "currency_symbol": self.currency_symbol.text(),
            "page_size": self.page_size.currentData(),
            "section_127_limit": self.section_127_limit.text(),
            "hr_contact": self.hr_contact.text(),
        }

        def save(store: Store) -> Settings:

            return update_settings(store, values, logo=logo)

        return save
