"""The detail pane under the agreements register: status, terms in plain words, the printed
schedule, documents, repayment, and the actions the status allows."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.agreements import AgreementStatus
from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.money import parse_cents
from certdesk.core.repayment_types import Clock
from certdesk.gui.agreements.actions import (
    LeaveDialog,
    PaymentDialog,
    SignDialog,
    VoidDialog,
    WaiveDialog,
)
from certdesk.gui.agreements.columns import status_color
from certdesk.gui.agreements.files import default_name, save_document
from certdesk.gui.agreements.issue import IssueFlow
from certdesk.gui.agreements.repayment_dialogs import (
    AuthorizationOnFileDialog,
    HardshipDialog,
    RevokeAuthorizationDialog,
)
from certdesk.gui.agreements.repayment_plan_view import RepaymentPlanView
from certdesk.gui.agreements.sections import (
    MUTED,
    DocumentsList,
    ScheduleView,
    calculation_text,
    fill_form,
    repayment_rows,
    terms_rows,
    value_label,
    warnings_html,
)
from certdesk.gui.agreements.words import ACTIONS_BY_STATUS, STATUS_NEXT, STATUS_WORDS
from certdesk.gui.operations.runner import Ops
from certdesk.gui.settings import preferences
from certdesk.gui.widgets.dialog_owner import open_owned
from certdesk.gui.widgets.document_preview import preview
from certdesk.gui.widgets.messages import show_problem
from certdesk.services.agreements.deduction_on_file import authorization_words
from certdesk.services.agreements.issuing import deduction_authorization, stored_form
from certdesk.services.agreements.lifecycle import attach_signed_copy
from certdesk.services.agreements.notices import commitment_notice, commitment_started
from certdesk.services.agreements.views import agreement_detail, document_content
from certdesk.services.departures.followup import issue_statement
from certdesk.services.departures.recording import stored_statement

if TYPE_CHECKING:
    from collections.abc import Callable

    from certdesk.core.errors import InvalidInput
    from certdesk.gui.agreements.issue import IssueFlow
    from certdesk.gui.widgets.form_dialog import FormDialog
    from certdesk.services.agreements.views import AgreementDetail, DocumentInfo
    from certdesk.store import Store

SIGNED_COPY_FILTER = "Signed copies (*.pdf *.png *.jpg *.jpeg);;All files (*)"
DROPPABLE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")
ACTION_TEXTS = {
    "issue": ("Issue…", "Freeze the terms and print the agreement form for signing"),
    "save_form": ("Save form…", "Save the agreement form exactly as it was issued"),
    "authorization": (
        "Deduction authorization…",
        "Print the separate, revocable payroll-deduction authorization to sign on its own",
    ),
    "notice": (
        "Commitment-start notice…",
        "The exact dates of the commitment, issued when it started (opens in the preview)",
    ),
    "sign": ("Sign…", "Record the day the manager signed the form"),
    "attach": (
        "Attach signed copy…",
        "Keep the scanned signed form (PDF, PNG or JPEG); you can also drop the file here",
    ),
    "leave": (
        "Record leave…",
        "A leave of absence of the manager: unpaid leave pauses the commitment and moves its dates",
    ),
    "void": ("Void…", "This agreement no longer applies (a reason is required)"),
    "payment": ("Record payment…", "Money the manager paid back"),
    "hardship": (
        "Hardship decision…",
        "Record a hardship waiver decision; a new statement prints it with the new plan",
    ),
    "waive": ("Waive…", "Forgive what is still owed (a reason is required)"),
    "new_statement": (
        "New statement",
        "Store a statement as of today: payments so far, what is late and what is left",
    ),
    "save_statement": ("Save statement…", "Save the newest repayment statement"),
}


def _load(agreement_no: str) -> Callable[[Store], AgreementDetail]:
    def load(store: Store) -> AgreementDetail:

        return agreement_detail(store, agreement_no)

    return load


def _group(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    column = QVBoxLayout(box)
    column.setContentsMargins(8, 6, 8, 8)
    return box, column


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
        self.preview_dialog = None  # the last document preview opened (tests read it)

        self.placeholder = QLabel("Select an agreement in the list to see its terms and documents.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.placeholder)
        self._build()
        self.setAcceptDrops(True)  # drop a scan to attach it

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
        handlers = {
            "issue": self.do_issue,
            "save_form": self.do_save_form,
            "authorization": self.do_authorization,
            "notice": self.do_notice,
            "sign": self.do_sign,
            "attach": self.do_attach,
            "leave": self.do_leave,
            "void": self.do_void,
            "payment": self.do_payment,
            "hardship": self.do_hardship,
            "waive": self.do_waive,
            "new_statement": self.do_new_statement,
            "save_statement": self.do_save_statement,
        }
        for key, (text, tip) in ACTION_TEXTS.items():
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(handlers[key])
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)

        # Terms
        terms_box, terms_column = _group("Terms")
        self.terms = QFormLayout()
        self.terms.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.terms.setVerticalSpacing(3)
        terms_column.addLayout(self.terms)
        self.warnings = value_label()
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        terms_column.addWidget(self.warnings)
        terms_column.addWidget(self._authorization_row())
        terms_column.addStretch(1)

        # Schedule
        schedule_box, schedule_column = _group("Repayment schedule, as printed")
        self.schedule_note = value_label()
        self.schedule_note.setStyleSheet(MUTED)
        self.schedule = ScheduleView()
        schedule_column.addWidget(self.schedule_note)
        schedule_column.addWidget(self.schedule, 1)

        # Repayment and documents
        self.repayment_box, repayment_column = _group("Repayment")
        self.repayment = QFormLayout()
        self.repayment.setVerticalSpacing(3)
        repayment_column.addLayout(self.repayment)
        self.calculation = value_label()
        self.calculation.setStyleSheet(MUTED)
        repayment_column.addWidget(self.calculation)

        self.plan_view = RepaymentPlanView()
        repayment_column.addWidget(self.plan_view, 1)
        documents_box, documents_column = _group("Documents")
        self.documents = DocumentsList()
        self.documents.save_requested.connect(self.save_document)
        self.documents.view_requested.connect(self.view_document)
        documents_column.addWidget(self.documents)
        # Left: what was agreed and the papers; right: what is owed and the printed bands.
        left = QVBoxLayout()
        left.addWidget(terms_box)
        left.addWidget(documents_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.repayment_box)
        right.addWidget(schedule_box, 1)

        panes = QWidget()
        row = QHBoxLayout(panes)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 1)
        row.addLayout(right, 0)
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

    def _authorization_row(self) -> QWidget:
        """The signed deduction authorization (CD-103) on file, with its two actions."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 4, 0, 0)
        self.authorization_text = value_label()
        self.authorization_on_file = QPushButton("On file…")
        self.authorization_on_file.setToolTip(
            "Record that the manager's signed deduction authorization is on file (with its scan)"
        )
        self.authorization_on_file.clicked.connect(self.do_authorization_on_file)
        self.authorization_revoked = QPushButton("Revoked…")
        self.authorization_revoked.setToolTip("Record the manager's written revocation")
        self.authorization_revoked.clicked.connect(self.do_authorization_revoked)
        line.addWidget(self.authorization_text, 1)
        line.addWidget(self.authorization_on_file)
        line.addWidget(self.authorization_revoked)
        return row

    def _show_authorization(self, detail: AgreementDetail) -> None:

        a = detail.agreement
        record = detail.authorization
        self.authorization_text.setText(
            f"Deduction authorization (CD-103): {authorization_words(record)}"
        )
        open_record = record is not None and record.on_file.revoked_on is None
        can_record = a.issued_on is not None and a.status not in ("voided", "fulfilled")
        self.authorization_on_file.setVisible(can_record and not open_record)
        self.authorization_revoked.setVisible(open_record)

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

    def _load_failed(self, generation: int, exc: InvalidInput) -> None:
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
        next_step = STATUS_NEXT.get(a.status, "")
        decided_by = _decided_by(detail)
        if decided_by:
            next_step = f"Nothing is owed: {decided_by} decides this departure."
        self.status.setText(f"{status} — {html.escape(next_step)}")
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

        if not detail.has_document("commitment_notice") and not commitment_started(
            detail.agreement
        ):
            allowed.discard("notice")
        if detail.manager_status != "active":
            allowed.discard("leave")
        for key, button in self.buttons.items():
            button.setVisible(key in allowed)

    def _show_terms(self, detail: AgreementDetail) -> None:
        fill_form(self.terms, terms_rows(detail))
        self.warnings.setText(warnings_html(detail))
        self.warnings.setVisible(bool(detail.warnings))
        self._show_authorization(detail)

    def _show_schedule(self, detail: AgreementDetail) -> None:
        self.schedule_note.setText(detail.schedule_problem or detail.schedule_note)
        # The band the manager left in; else today's, only while the clock runs (before the
        # start the dates are provisional).
        a = detail.agreement
        started = a.clock == Clock.PER_PAYMENT or a.commitment_start is not None
        if detail.repayment is not None:  # a clock started when the program ended, if one did
            lines = json.loads(detail.repayment.calculation_json)["lines"]
            started = started or any(line["start"] for line in lines)
        if detail.repayment is not None:
            r = detail.repayment
            calc = json.loads(r.calculation_json)
            mark = "left here"
            if calc.get("decided_by"):
                mark = "left here (not owed: law)"
            elif calc.get("waived"):
                mark = "left here (not owed: waived)"
            self.schedule.show_blocks(detail.schedule, r.departure_date, mark, started=started)
        elif detail.agreement.status == AgreementStatus.IN_COMMITMENT:
            self.schedule.show_blocks(detail.schedule, dt.date.today())
        else:
            self.schedule.show_blocks(detail.schedule)

    def _show_repayment(self, detail: AgreementDetail) -> None:
        fill_form(self.repayment, repayment_rows(detail), styled=True)
        self.repayment_box.setVisible(detail.repayment is not None)
        self.calculation.setText(calculation_text(detail))
        self.calculation.setToolTip(calculation_text(detail, every_step=True))
        self.plan_view.show_follow_up(detail.follow_up)

    def _show_documents(self, detail: AgreementDetail) -> None:
        self.documents.show_documents(detail.documents)

    # ---- actions ------------------------------------------------------------------------
    def _saved(self, path: Path) -> None:
        self.status_message.emit(f"Saved {path.name} in {path.parent}")

    def _refused(self, title: str, exc: InvalidInput) -> None:
        self.last_problem = show_problem(self, title, exc.message)

    def save_document(self, doc: DocumentInfo) -> None:
        no = self._no
        if self.detail is None or no is None:
            return

        def fetch(store: Store) -> bytes:

            return document_content(store, no, doc.id)[1]

        suffix = Path(doc.filename).suffix.lower() or ".pdf"
        words = {
            "acknowledgment": "agreement",
            "repayment_statement": "repayment statement",
            "commitment_notice": "commitment-start notice",
        }
        name = default_name(
            no, self.detail.full_name, words.get(doc.kind, "signed copy"), suffix=suffix
        )
        save_document(self, self._ops, f"Save {doc.filename}", name, fetch, self._saved)

    def view_document(self, doc: DocumentInfo) -> None:
        """A stored document in the in-window preview (Print… and Save as… there)."""

        no = self._no
        if self.detail is None or no is None:
            return

        def fetch(store: Store) -> tuple[bytes, str]:

            return document_content(store, no, doc.id)[1], doc.mime

        preview(
            self,
            self._ops,
            f"{doc.filename} — {no}",
            doc.filename,
            fetch,
            lambda dialog: setattr(self, "preview_dialog", dialog),
        )

    def do_issue(self) -> None:

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
                return stored_form(store, no)

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

    def do_authorization(self) -> None:

        if self.detail is None:
            return
        no, name = self.detail.agreement.agreement_no, self.detail.full_name
        text, ok = QInputDialog.getText(
            self,
            "Payroll deduction authorization",
            f"The most deducted from {name}'s pay in one pay period (e.g. 150.00):",
        )
        if not ok:
            return
        try:
            most = parse_cents(text, "max_per_period")
        except InvalidInput as exc:
            show_problem(self, "Cannot print the authorization", exc.message)
            return

        def fetch(store: Store) -> bytes:

            return deduction_authorization(store, no, max_per_period_cents=most)

        preview(
            self,
            self._ops,
            f"Payroll deduction authorization — {no}",
            default_name(no, name, "deduction authorization"),
            fetch,
        )

    def do_notice(self) -> None:

        if self.detail is None:
            return
        no, name = self.detail.agreement.agreement_no, self.detail.full_name
        # An agreement whose commitment started before certdesk issued notices gets its first
        # one now (stored and audited); the documents list then shows it.
        issued_now = not self.detail.has_document("commitment_notice")

        def fetch(store: Store) -> bytes:

            return commitment_notice(store, no)

        def shown(dialog) -> None:
            self.preview_dialog = dialog
            if issued_now:
                self.reload()

        preview(
            self,
            self._ops,
            f"Commitment-start notice — {no}",
            default_name(no, name, "commitment-start notice"),
            fetch,
            shown,
        )

    def do_leave(self) -> None:

        if self.detail is not None:
            d = self.detail
            self._open(LeaveDialog(self._ops, d.employee_no, d.full_name, self))

    def do_sign(self) -> None:

        if self.detail is not None:
            d = self.detail
            self._open(SignDialog(self._ops, d.agreement.agreement_no, d.full_name, self))

    def do_void(self) -> None:

        if self.detail is not None:
            self._open(VoidDialog(self._ops, self.detail.agreement.agreement_no, self))

    def do_payment(self) -> None:

        if self.detail is not None:
            d = self.detail
            a = d.authorization
            self._open(
                PaymentDialog(
                    self._ops,
                    d.agreement.agreement_no,
                    d.balance_cents or 0,
                    self,
                    departure_date=d.repayment.departure_date if d.repayment else None,
                    authorization=a.on_file if a else None,
                )
            )

    def do_hardship(self) -> None:

        d = self.detail
        if d is None or d.repayment is None:
            return
        r = d.repayment
        self._open(
            HardshipDialog(
                self._ops,
                d.agreement.agreement_no,
                owed_cents=r.owed_cents - r.forgiven_cents,
                received_cents=d.received_cents,
                departure_date=r.departure_date,
                parent=self,
            )
        )

    def do_new_statement(self) -> None:
        """Store a statement as of today and show it in the preview."""
        if self.detail is None:
            return
        no = self.detail.agreement.agreement_no

        def issue(store: Store) -> int:

            return issue_statement(store, no)

        self._ops.run_op(
            issue,
            lambda number: self._statement_stored(no, number),
            lambda exc: self._refused("No new statement was stored", exc),
            writes=Changes.of(ids=[(Kind.AGREEMENTS, no)]),
        )

    def _statement_stored(self, no: str, number: int) -> None:
        self.status_message.emit(f"Statement no. {number} of {no} stored")
        self.reload()

    def do_authorization_on_file(self) -> None:

        if self.detail is not None:
            d = self.detail
            self._open(
                AuthorizationOnFileDialog(self._ops, d.agreement.agreement_no, d.full_name, self)
            )

    def do_authorization_revoked(self) -> None:

        if self.detail is not None:
            self._open(
                RevokeAuthorizationDialog(self._ops, self.detail.agreement.agreement_no, self)
            )

    def do_waive(self) -> None:

        if self.detail is not None:
            d = self.detail
            self._open(WaiveDialog(self._ops, d.agreement.agreement_no, d.balance_cents or 0, self))

    def do_attach(self) -> None:
        if self.detail is None:
            return
        no = self.detail.agreement.agreement_no

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            f"Attach the signed copy of {no}",
            str(preferences.folder("open")),
            SIGNED_COPY_FILTER,
        )
        if not chosen:
            return
        preferences.remember_folder("open", Path(chosen))
        self.attach_file(Path(chosen))

    # A scan dropped on the pane is attached as the signed copy (what Attach… would do).
    def _dropped_file(self, event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile() or self.detail is None:
            return None
        if self.buttons["attach"].isHidden():
            return None  # a draft or a voided agreement takes no signed copy
        file = Path(urls[0].toLocalFile())
        return file if file.suffix.lower() in DROPPABLE_SUFFIXES else None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt)
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt)
        file = self._dropped_file(event)
        if file is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attach_file(file)

    def attach_file(self, file: Path) -> None:
        """Store `file` as the selected agreement's signed copy (on the worker)."""
        if self.detail is None:
            return
        no = self.detail.agreement.agreement_no

        def attach(store: Store) -> str:

            return attach_signed_copy(store, no, file)

        self._ops.run_op(
            attach,
            lambda _sha: self.status_message.emit(f"Attached {file.name} to {no}"),
            lambda exc: self._refused("The signed copy was not attached", exc),
            writes=Changes.of(ids=[(Kind.AGREEMENTS, no)]),
        )

    def _open(self, dialog: FormDialog) -> None:
        open_owned(self, dialog)


def _decided_by(detail: AgreementDetail) -> str:
    """The state law that decided the departure's amount ('' if none did)."""
    if detail.repayment is None:
        return ""
    return json.loads(detail.repayment.calculation_json).get("decided_by", "")
