"""Catalog dialogs for credentials over their whole life: a certification's renewal rule
(every version shown, a new one added: the catalog keeps its history as policies do) and the
certifications each role requires (what the team matrix measures readiness by)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents, parse_cents
from certdesk.core.renewal import CreditUnit, RenewalRule, parse_caps, parse_credits
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.catalog import roles
from certdesk.services.credentials import renewals
from certdesk.services.managers import list_managers

if TYPE_CHECKING:
    from certdesk.core.models import Certification
    from certdesk.store import Store


def _history_label() -> QLabel:
    label = QLabel("Loading…")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class RenewalRuleDialog(FormDialog):
    """Every version of a certification's renewal rule, and a new version to add."""

    changes = Changes.of(Kind.CATALOG, Kind.RENEWALS)

    def __init__(self, ops: Ops, cert: Certification, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Renewal rule — {cert.code}",
            parent,
            save_text="Add this version",
            intro="A new version applies to cycles that start on or after its date; running "
            "cycles keep the rule they started under. Versions are never changed.",
        )
        self._code = cert.code
        self.history = _history_label()
        self.form.addRow("Versions", self.history)
        self.effective = date_edit()
        self.add_field("effective_on", "Applies from", self.effective)
        self.validity = QLineEdit(str(cert.validity_months or ""))
        self.validity.setPlaceholderText("months, empty = never expires")
        self.add_field("validity_months", "Valid for (months)", self.validity)
        self.credits = QLineEdit("0")
        self.add_field("credits_needed", "Credits per cycle", self.credits)
        self.unit = QComboBox()
        self.unit.addItem("hours", "hours")
        self.unit.addItem("CEU (1 CEU = 10 hours)", "ceu")
        self.add_field("unit", "Unit", self.unit)
        self.caps = QLineEdit()
        self.caps.setPlaceholderText("e.g. self-study:50%, organization:20")
        self.add_field("caps", "Caps by category", self.caps, "share (%) or credits per category")
        self.fee = QLineEdit("0.00")
        self.add_field("fee", "Renewal fee", self.fee)
        self.note = QLineEdit()
        self.add_field("note", "Note / source", self.note)
        code = self._code

        def load(store: Store) -> list:

            return renewals.rule_versions(store, code)

        ops.run_op(load, self._show_versions, lambda exc: self.history.setText(exc.message))

    def _show_versions(self, versions: list) -> None:

        if not versions:
            self.history.setText("none yet: the catalog's validity applies, no credits needed")
            return
        self.history.setText(
            "\n".join(
                f"v{r.version} from {r.effective_on}: {r.describe()}"
                + (f"; fee {format_cents(r.fee_cents)}" if r.fee_cents else "")
                for r in versions
            )
        )

    def operation(self) -> Callable[[Store], Any]:

        code, effective = self._code, iso_of(self.effective)
        validity, credits = self.validity.text().strip(), self.credits.text()
        unit, caps = CreditUnit(self.unit.currentData()), self.caps.text()
        fee, note = self.fee.text(), self.note.text()

        def add(store: Store) -> Any:

            if validity and not validity.isdigit():
                raise InvalidInput("validity_months", f"{validity!r}: whole months, or empty")
            return renewals.add_rule_version(
                store,
                code,
                RenewalRule(
                    validity_months=int(validity) if validity else None,
                    credits_needed=parse_credits(credits, "credits_needed", allow_zero=True),
                    unit=unit,
                    caps=parse_caps(caps),
                    fee_cents=parse_cents(fee or "0", "fee"),
                    effective_on=parse_date(effective, "effective_on"),
                    note=note,
                ),
            )

        return add


class RolesDialog(FormDialog):
    """The certifications a job title requires."""

    changes = Changes.of(Kind.CATALOG, Kind.RENEWALS)

    def __init__(self, ops: Ops, codes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            "Certifications each role requires",
            parent,
            save_text="Save this role",
            intro="The team matrix counts a manager as ready when they hold every "
            "certification their job title requires here.",
        )
        self.table = _history_label()
        self.form.addRow("Roles now", self.table)
        self.title_box = QComboBox()
        self.title_box.setEditable(True)
        self.add_field("job_title", "Job title", self.title_box)
        self.certs = QListWidget()
        self.certs.setMaximumHeight(120)
        for code in codes:
            item = QListWidgetItem(code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.certs.addItem(item)
        self.add_field("certs", "Requires", self.certs)
        self._requirements: dict[str, list[str]] = {}
        self.title_box.currentTextChanged.connect(self._show_role)

        def load(store: Store) -> tuple[dict[str, list[str]], list[str]]:

            titles = sorted({m.job_title for m in list_managers(store) if m.job_title})
            return roles.role_requirements(store), titles

        ops.run_op(load, self._loaded, lambda exc: self.table.setText(exc.message))

    def _loaded(self, result: tuple[dict[str, list[str]], list[str]]) -> None:
        self._requirements, titles = result
        self.table.setText(
            "\n".join(f"{t}: {', '.join(c)}" for t, c in self._requirements.items())
            or "no role requires a certification yet"
        )
        self.title_box.addItems(sorted(set(titles) | set(self._requirements)))

    def _show_role(self, title: str) -> None:
        wanted = set(self._requirements.get(title, []))
        for row in range(self.certs.count()):
            item = self.certs.item(row)
            item.setCheckState(
                Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked
            )

    def operation(self) -> Callable[[Store], Any]:
        title = self.title_box.currentText()
        codes = [
            self.certs.item(r).text()
            for r in range(self.certs.count())
            if self.certs.item(r).checkState() == Qt.CheckState.Checked
        ]

        def save(store: Store) -> Any:

            return roles.set_role_requirements(store, title, codes)

        return save
