"""Issue…: confirm (naming every compliance warning), issue on the worker with a busy
indicator, then offer to save or open the printed form."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import Changes, Kind
from certdesk.core.compliance import DISCLAIMER
from certdesk.core.errors import InvalidInput
from certdesk.gui.agreements.files import default_name, open_document, save_document
from certdesk.gui.agreements.words import plain_message
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.messages import show_problem
from certdesk.services.agreements.issuing import issue_agreement
from certdesk.services.agreements.terms import warnings_for
from certdesk.services.settings import get_settings

# Issuing freezes a policy version (the Policies page shows which versions are in use).
ISSUE_CHANGES = Changes.of(Kind.AGREEMENTS, Kind.POLICIES)

if TYPE_CHECKING:
    from certdesk.core.compliance import ComplianceWarning
    from certdesk.services.agreements.issuing import IssueResult
    from certdesk.store import Store


class IssueConfirmDialog(QDialog):
    """ "Issue TA-…?" with each compliance warning under its rule's name."""

    def __init__(
        self,
        agreement_no: str,
        full_name: str,
        warnings: list[ComplianceWarning],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Issue {agreement_no}?")
        self.setMinimumWidth(560)
        self.warnings = warnings
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Issuing freezes the terms of {agreement_no} and prints the agreement form for "
            f"{full_name} to sign. After that the terms cannot change: a correction means "
            "voiding it and drafting a new agreement."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if warnings:
            count = len(warnings)
            items = "".join(
                f"<li style='margin-bottom:6px'><b>{html.escape(w.rule)}</b>: "
                f"{html.escape(plain_message(w.message), quote=False)}</li>"
                for w in warnings
            )
            self.warning_text = QLabel(
                f"<p style='color:#a05a00'><b>These terms raise {count} compliance "
                f"warning{'s' if count != 1 else ''}:</b></p><ul>{items}</ul>"
                f"<p style='color:palette(placeholder-text)'>{html.escape(DISCLAIMER)}</p>"
            )
            self.warning_text.setTextFormat(Qt.TextFormat.RichText)
            self.warning_text.setWordWrap(True)
            layout.addWidget(self.warning_text)
        buttons = QDialogButtonBox()
        self.issue_button: QPushButton = buttons.addButton(
            "Issue anyway" if warnings else "Issue and print",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # a warning is not accepted by pressing Enter
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class IssuedDialog(QDialog):
    """The form is issued and stored: save it or open it for printing."""

    def __init__(self, result: IssueResult, full_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        agreement = result.agreement
        self.setWindowTitle(f"{agreement.agreement_no} is issued")
        layout = QVBoxLayout(self)
        text = QLabel(
            f"{agreement.agreement_no} was issued on {agreement.issued_on}. The agreement form "
            f"is stored in the database exactly as printed (terms {agreement.short_hash}).\n\n"
            f"Print it for {full_name} to sign, then record the day it was signed with "
            "the Sign… button."
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button = buttons.addButton(
            "Preview and print…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)


class IssueFlow(QObject):
    """One Issue…: the warnings, the confirmation, the issue, the result."""

    finished = Signal(object)  # IssueResult, None (declined) or the InvalidInput that refused
    saved_to = Signal(object)  # Path of a saved copy

    def __init__(self, parent: QWidget, ops: Ops, agreement_no: str, full_name: str) -> None:
        super().__init__(parent)
        self._parent, self._ops = parent, ops
        self.agreement_no, self.full_name = agreement_no, full_name
        self.confirmation: IssueConfirmDialog | None = None
        self.busy: QProgressDialog | None = None
        self.result_dialog: IssuedDialog | None = None
        self._warnings: list[ComplianceWarning] = []

        def check(store: Store) -> list[ComplianceWarning]:

            if get_settings(store).company_is_placeholder:
                raise InvalidInput(
                    "company_name",
                    "The company's name is still the placeholder. It is printed on the form and "
                    "frozen into the agreement when it is issued: enter it in Edit → "
                    "Settings… first.",
                )
            return warnings_for(store, agreement_no)

        ops.run_op(check, self._confirm, self._refused)

    def _confirm(self, warnings: list[ComplianceWarning]) -> None:
        self._warnings = warnings
        dialog = IssueConfirmDialog(self.agreement_no, self.full_name, warnings, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._issue)
        dialog.rejected.connect(lambda: self.finished.emit(None))
        self.confirmation = dialog
        dialog.open()

    def _issue(self) -> None:
        self.confirmation = None
        busy = QProgressDialog(
            f"Issuing {self.agreement_no} and printing its form…", "", 0, 0, self._parent
        )
        busy.setWindowTitle("Issuing")
        busy.setCancelButton(None)  # one transaction: it finishes or changes nothing
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(0)
        busy.show()
        self.busy = busy
        no, accept = self.agreement_no, bool(self._warnings)

        def issue(store: Store) -> IssueResult:

            return issue_agreement(store, no, accept_warnings=accept)

        self._ops.run_op(issue, self._issued, self._refused, writes=ISSUE_CHANGES)

    def _close_busy(self) -> None:
        if self.busy is not None:
            self.busy.close()
            self.busy.deleteLater()
            self.busy = None

    def _issued(self, result: IssueResult) -> None:
        self._close_busy()
        dialog = IssuedDialog(result, self.full_name, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name = default_name(self.agreement_no, self.full_name, "agreement")
        pdf = result.pdf
        dialog.save_button.clicked.connect(
            lambda: save_document(
                dialog,
                self._ops,
                f"Save the agreement form of {self.agreement_no}",
                name,
                lambda _store: pdf,
                self.saved_to.emit,
                stored_note=f"{self.agreement_no} is issued and its form is stored in the database",
            )
        )
        dialog.open_button.clicked.connect(
            lambda: open_document(dialog, self._ops, name, lambda _store: pdf)
        )
        self.result_dialog = dialog
        dialog.open()
        self.finished.emit(result)

    def _refused(self, exc: InvalidInput) -> None:
        self._close_busy()
        show_problem(self._parent, f"{self.agreement_no} was not issued", exc.message)
        self.finished.emit(exc)
