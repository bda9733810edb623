"""The detail pane under the agreements register: status, terms in plain words, the printed
schedule, documents, repayment, and the actions the status allows."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.money import format_cents
from certdesk.gui.agreement_columns import status_color
from certdesk.gui.agreement_files import default_name, save_document
from certdesk.gui.agreement_words import (
    ACTIONS_BY_STATUS,
    CLOCK_WORDS,
    DOCUMENT_WORDS,
    START_WORDS,
    STATUS_NEXT,
    STATUS_WORDS,
    reason_words,
    schedule_words,
    size_words,
    waived_words,
)
from certdesk.gui.messages import show_problem
from certdesk.gui.ops import Ops

if TYPE_CHECKING:
    from certdesk.core.repayment_types import ScheduleBlock
    from certdesk.gui.agreement_issue import IssueFlow
    from certdesk.gui.form_dialog import FormDialog
    from certdesk.services.agreement_queries import AgreementDetail, DocumentInfo
    from certdesk.store import Store

SIGNED_COPY_FILTER = "Signed copies (*.pdf *.png *.jpg *.jpeg);;All files (*)"
ACTION_TEXTS = {
    "issue": ("Issue…", "Freeze the terms and print the agreement form for signing"),
    "save_form": ("Save form…", "Save the agreement form exactly as it was issued"),
    "sign": ("Sign…", "Record the day the manager signed the form"),
    "attach": ("Attach signed copy…", "Keep the scanned signed form (PDF, PNG or JPEG)"),
    "void": ("Void…", "This agreement no longer applies (a reason is required)"),
    "payment": ("Record payment…", "Money the manager paid back"),
    "waive": ("Waive…", "Forgive what is still owed (a reason is required)"),
    "save_statement": ("Save statement…", "Save the repayment statement made at departure"),
}


def _load(agreement_no: str):
    def load(store: Store) -> AgreementDetail:
        from certdesk.services.agreement_queries import agreement_detail

        return agreement_detail(store, agreement_no)

    return load


def _group(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    column = QVBoxLayout(box)
    column.setContentsMargins(8, 6, 8, 8)
    return box, column


def _text(rich: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AgreementDetailPane(QWidget):
    """Shows one agreement; its buttons run the actions its status allows."""

    loaded = Signal()  # the pane shows the current agreement (after each load)
    manager_requested = Signal(str)  # employee_no
    status_message = Signal(str)  # a short "saved to …" line for the status bar
    issue_finished = Signal(object)  # IssueFlow's result (tests wait for it)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._no: str | None = None
        self._generation = 0
        self.detail: AgreementDetail | None = None
        self.dialog: FormDialog | None = None  # the action dialog open now (tests drive it)
        self.issue_flow: IssueFlow | None = None
        self.last_problem = None  # the last refusal shown in a message box

        self.placeholder = QLabel("Select an agreement in the list to see its terms and documents.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.placeholder)
        self._build()

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.manager_link = QLabel()
        self.manager_link.setTextFormat(Qt.TextFormat.RichText)
        self.manager_link.linkActivated.connect(self.manager_requested)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setWordWrap(True)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for key, (text, tip) in ACTION_TEXTS.items():
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(getattr(self, f"do_{key}"))
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)

        # Terms
        terms_box, terms_column = _group("Terms")
        self.terms = QFormLayout()
        self.terms.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.terms.setVerticalSpacing(3)
        terms_column.addLayout(self.terms)
        self.warnings = _text(rich=True)
        terms_column.addWidget(self.warnings)
        terms_column.addStretch(1)

        # Schedule
        schedule_box, schedule_column = _group("Repayment schedule (as printed)")
        self.schedule_note = _text()
        self.schedule_note.setStyleSheet("color: palette(placeholder-text);")
        self.schedule = QListWidget()
        self.schedule.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.schedule.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.schedule.setMinimumHeight(120)
        schedule_column.addWidget(self.schedule_note)
        schedule_column.addWidget(self.schedule, 1)

        # Repayment and documents
        self.repayment_box, repayment_column = _group("Repayment")
        self.repayment = QFormLayout()
        self.repayment.setVerticalSpacing(3)
        repayment_column.addLayout(self.repayment)
        self.calculation = _text()
        self.calculation.setStyleSheet("color: palette(placeholder-text);")
        repayment_column.addWidget(self.calculation)
        documents_box, documents_column = _group("Documents")
        self.documents = QGridLayout()
        self.documents.setHorizontalSpacing(8)
        self.documents.setVerticalSpacing(4)
        self.documents.setColumnStretch(1, 1)
        documents_column.addLayout(self.documents)
        documents_column.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.repayment_box)
        side.addWidget(documents_box, 1)

        panes = QWidget()
        row = QHBoxLayout(panes)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(terms_box, 5)
        row.addWidget(schedule_box, 4)
        row.addLayout(side, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panes)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.manager_link)
        top.addStretch(1)
        column.addLayout(top)
        column.addWidget(self.status)
        column.addLayout(actions)
        column.addWidget(scroll, 1)
        self.stack.addWidget(content)

    # ---- what is shown ------------------------------------------------------------------
    @property
    def agreement_no(self) -> str | None:
        return self._no

    def show_agreement(self, agreement_no: str | None) -> None:
        """Show this agreement (None: the placeholder); its details load on the worker."""
        changed = agreement_no != self._no
        self._no = agreement_no
        self._generation += 1
        if agreement_no is None:
            self.detail = None
            self.stack.setCurrentIndex(0)
            return
        if changed:
            self.detail = None
            self.heading.setText(agreement_no)
            self.status.setText("Loading…")
            for button in self.buttons.values():
                button.setVisible(False)
        generation = self._generation
        self._ops.run_op(
            _load(agreement_no),
            lambda d: self._loaded(generation, d),
            lambda exc: self._load_failed(generation, exc),
        )
        self.stack.setCurrentIndex(1)

    def reload(self) -> None:
        self.show_agreement(self._no)

    def _load_failed(self, generation: int, exc) -> None:
        if generation == self._generation:
            self.status.setText(html.escape(exc.message))

    def _loaded(self, generation: int, detail: AgreementDetail) -> None:
        if generation != self._generation:
            return  # another agreement was selected meanwhile
        self.detail = detail
        a = detail.agreement
        self.heading.setText(f"{a.agreement_no} · {detail.full_name}")
        self.manager_link.setText(
            f"<a href='{html.escape(detail.employee_no)}'>{html.escape(detail.employee_no)}</a>"
            f" · {html.escape(detail.cert_code)} — {html.escape(detail.cert_name)}"
        )
        self.manager_link.setToolTip("Open this manager")
        color = status_color(a.status) or "palette(text)"
        status = f"<b style='color:{color}'>{html.escape(STATUS_WORDS.get(a.status, a.status))}</b>"
        self.status.setText(f"{status} — {html.escape(STATUS_NEXT.get(a.status, ''))}")
        self._show_actions(detail)
        self._show_terms(detail)
        self._show_schedule(detail)
        self._show_repayment(detail)
        self._show_documents(detail)
        self.loaded.emit()

    def _show_actions(self, detail: AgreementDetail) -> None:
        allowed = set(ACTIONS_BY_STATUS.get(detail.agreement.status, ()))
        if not detail.has_document("acknowledgment"):
            allowed.discard("save_form")
        if not detail.has_document("repayment_statement"):
            allowed.discard("save_statement")
        for key, button in self.buttons.items():
            button.setVisible(key in allowed)

    def _show_terms(self, detail: AgreementDetail) -> None:
        a = detail.agreement
        while self.terms.rowCount():
            self.terms.removeRow(0)

        def row(label: str, text: str, tip: str = "") -> None:
            value = _text()
            value.setText(text)
            value.setToolTip(tip)
            self.terms.addRow(f"{label}:", value)

        row("Repayable amount", format_cents(a.amount_cents))
        if a.commitment_start:
            started = f"started {a.commitment_start}"
        elif a.clock == "per_payment":
            started = "each payment's clock starts on its paid-on date"
        else:
            started = "not started yet"
        row("Commitment", f"{a.months} months — {started}")
        row("Starts", START_WORDS.get(a.start_rule, a.start_rule))
        row("Schedule", schedule_words(a.schedule, a.tiers))
        row("Clock", CLOCK_WORDS.get(a.clock, a.clock))
        row("Nothing owed if leaving for", waived_words(a.waived_tuple))
        deadline = str(a.completion_deadline) if a.completion_deadline else "no deadline"
        row("Complete by", f"{deadline}; proof of the credential within {a.proof_days} days")
        dates = [f"drafted {a.created_on}"]
        if a.issued_on:
            dates.append(f"issued {a.issued_on}")
        if a.signed_on:
            dates.append(f"signed {a.signed_on}")
        row("Dates", " · ".join(dates))
        if detail.policy_version is not None:
            row("Policy", f"version {detail.policy_version}")
        if a.terms_sha256:
            row(
                "Terms hash",
                a.short_hash,
                f"SHA-256 of the frozen terms, printed on the form:\n{a.terms_sha256}",
            )
        else:
            row("Terms hash", "none yet — the terms are frozen when the agreement is issued")
        if a.void_reason:
            row("Voided because", a.void_reason)

        if detail.warnings:
            items = "".join(
                f"<li><b>{html.escape(w.rule)}</b>: {html.escape(w.message, quote=False)}</li>"
                for w in detail.warnings
            )
            self.warnings.setText(
                f"<span style='color:#a05a00'><b>Compliance warnings</b> (issuing asks you to "
                f"confirm them):</span><ul style='margin-left:-20px'>{items}</ul>"
            )
            self.warnings.setVisible(True)
        else:
            self.warnings.setVisible(False)

    def _show_schedule(self, detail: AgreementDetail) -> None:
        self.schedule_note.setText(detail.schedule_problem or detail.schedule_note)
        # Mark today's band only while the clock runs: before the start the dates are provisional.
        running = detail.agreement.status == "in_commitment"
        fill_schedule(self.schedule, detail.schedule, dt.date.today() if running else None)

    def _show_repayment(self, detail: AgreementDetail) -> None:
        while self.repayment.rowCount():
            self.repayment.removeRow(0)
        r = detail.repayment
        self.repayment_box.setVisible(r is not None)
        if r is None:
            self.calculation.clear()
            return

        def row(label: str, text: str, style: str = "") -> None:
            value = _text()
            value.setText(text)
            if style:
                value.setStyleSheet(style)
            self.repayment.addRow(f"{label}:", value)

        row("Left on", f"{r.departure_date} — {reason_words(r.reason).lower()}")
        row("Owed at departure", format_cents(r.owed_cents))
        for p in detail.payments:
            note = f" ({p.note})" if p.note else ""
            row("Received", f"{format_cents(p.amount_cents)} on {p.received_on}{note}")
        if not detail.payments:
            row("Received", "nothing yet")
        balance = detail.balance_cents or 0
        row(
            "Still owed",
            format_cents(balance),
            "color:#b00020; font-weight:bold;" if balance else "font-weight:bold;",
        )
        if r.waived:
            row("Waived", r.waiver_note or "by the agreement's terms")
        import json

        steps = json.loads(r.calculation_json).get("steps", [])
        self.calculation.setText("\n".join(steps))

    def _show_documents(self, detail: AgreementDetail) -> None:
        while self.documents.count():
            widget = self.documents.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        if not detail.documents:
            none = QLabel("None yet — issuing stores the printed form here.")
            none.setStyleSheet("color: palette(placeholder-text);")
            self.documents.addWidget(none, 0, 0, 1, 3)
            return
        self.document_buttons: list[QPushButton] = []
        for number, doc in enumerate(detail.documents):
            kind = QLabel(f"<b>{html.escape(DOCUMENT_WORDS.get(doc.kind, doc.kind))}</b>")
            about = QLabel(f"{doc.filename} · {doc.created_at[:10]} · {size_words(doc.size_bytes)}")
            about.setTextFormat(Qt.TextFormat.PlainText)
            about.setToolTip(f"SHA-256 {doc.sha256}")
            about.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            button = QPushButton("Save as…")
            button.setToolTip(f"Save {doc.filename} exactly as stored")
            button.clicked.connect(lambda _=False, d=doc: self.save_document(d))
            self.document_buttons.append(button)
            self.documents.addWidget(kind, number, 0)
            self.documents.addWidget(about, number, 1)
            self.documents.addWidget(button, number, 2)

    # ---- actions ------------------------------------------------------------------------
    def _saved(self, path: Path) -> None:
        self.status_message.emit(f"Saved {path.name} in {path.parent}")

    def _refused(self, title: str, exc) -> None:
        self.last_problem = show_problem(self, title, exc.message)

    def save_document(self, doc: DocumentInfo) -> None:
        no = self._no
        if self.detail is None or no is None:
            return

        def fetch(store: Store) -> bytes:
            from certdesk.services.agreement_queries import document_content

            return document_content(store, no, doc.id)[1]

        suffix = Path(doc.filename).suffix.lower() or ".pdf"
        words = {"acknowledgment": "agreement", "repayment_statement": "repayment statement"}
        name = default_name(
            no, self.detail.full_name, words.get(doc.kind, "signed copy"), suffix=suffix
        )
        save_document(self, self._ops, f"Save {doc.filename}", name, fetch, self._saved)

    def do_issue(self) -> None:
        from certdesk.gui.agreement_issue import IssueFlow

        if self.detail is None:
            return
        flow = IssueFlow(self, self._ops, self.detail.agreement.agreement_no, self.detail.full_name)
        flow.saved_to.connect(self._saved)
        flow.finished.connect(self.issue_finished)
        self.issue_flow = flow

    def do_save_form(self) -> None:
        self._save_stored("form")

    def do_save_statement(self) -> None:
        self._save_stored("statement")

    def _save_stored(self, what: str) -> None:
        if self.detail is None:
            return
        no, name = self.detail.agreement.agreement_no, self.detail.full_name

        def fetch(store: Store) -> bytes:
            if what == "form":
                from certdesk.services.agreements import stored_form

                return stored_form(store, no)
            from certdesk.services.departures import stored_statement

            return stored_statement(store, no)

        label = "agreement" if what == "form" else "repayment statement"
        save_document(
            self,
            self._ops,
            f"Save the {label} of {no}",
            default_name(no, name, label),
            fetch,
            self._saved,
        )

    def do_sign(self) -> None:
        from certdesk.gui.agreement_actions import SignDialog

        if self.detail is not None:
            d = self.detail
            self._open(SignDialog(self._ops, d.agreement.agreement_no, d.full_name, self))

    def do_void(self) -> None:
        from certdesk.gui.agreement_actions import VoidDialog

        if self.detail is not None:
            self._open(VoidDialog(self._ops, self.detail.agreement.agreement_no, self))

    def do_payment(self) -> None:
        from certdesk.gui.agreement_actions import PaymentDialog

        if self.detail is not None:
            d = self.detail
            self._open(
                PaymentDialog(self._ops, d.agreement.agreement_no, d.balance_cents or 0, self)
            )

    def do_waive(self) -> None:
        from certdesk.gui.agreement_actions import WaiveDialog

        if self.detail is not None:
            d = self.detail
            self._open(WaiveDialog(self._ops, d.agreement.agreement_no, d.balance_cents or 0, self))

    def do_attach(self) -> None:
        if self.detail is None:
            return
        no = self.detail.agreement.agreement_no
        chosen, _ = QFileDialog.getOpenFileName(
            self, f"Attach the signed copy of {no}", "", SIGNED_COPY_FILTER
        )
        if not chosen:
            return
        file = Path(chosen)

        def attach(store: Store) -> str:
            from certdesk.services.agreements import attach_signed_copy

            return attach_signed_copy(store, no, file)

        self._ops.run_op(
            attach,
            lambda _sha: self.status_message.emit(f"Attached {file.name} to {no}"),
            lambda exc: self._refused("The signed copy was not attached", exc),
            writes=True,
        )

    def _open(self, dialog: FormDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def fill_schedule(
    view: QListWidget, blocks: tuple[ScheduleBlock, ...], today: dt.date | None = None
) -> None:
    """The printed schedule, one line per band ("leaving from … to …: P %, amount"), a bold
    heading per payment when there are several clocks, and today's band marked if given."""
    from certdesk.core.repayment import describe_band, row_for

    view.clear()
    for block in blocks:
        if len(blocks) > 1:
            head = QListWidgetItem(block.label)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            view.addItem(head)
        current = row_for(block, today) if today else None
        for band in block.rows:
            item = QListWidgetItem(
                "   " + describe_band(band) if len(blocks) > 1 else describe_band(band)
            )
            if band is current:
                item.setText(item.text() + "   ◀ today")
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            view.addItem(item)
