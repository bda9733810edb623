"""Draft agreement…: the terms for one certification path, with a live preview of the
compliance warnings for the manager's work state and of the printed schedule.

The preview runs core's pure functions on the GUI thread (microseconds); the draft itself is
saved by the service on the worker, and its errors appear under the field they name.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.agreement_requests import (
    DraftRequest,
    check_proof_days,
    check_repayable,
    months_of,
)
from certdesk.core.changes import Changes, Kind
from certdesk.core.commitment_start import printed_start
from certdesk.core.compliance import DISCLAIMER, check_agreement
from certdesk.core.dates import add_months, parse_optional_date
from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents, parse_cents
from certdesk.core.repayment import parse_tiers, schedule_table, validate_terms
from certdesk.core.repayment_types import (
    DEFAULT_WAIVED_REASONS,
    OTHER_REASONS,
    WAIVABLE_REASONS,
    Clock,
    CommitmentStart,
    Schedule,
    Terms,
)
from certdesk.gui.agreements.sections import ScheduleView
from certdesk.gui.agreements.words import (
    CLOCK_WORDS,
    SCHEDULE_WORDS,
    START_WORDS,
    plain_message,
    reason_words,
)
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.agreements.drafting import draft_agreement
from certdesk.services.agreements.terms import before_start_label
from certdesk.services.agreements.views import draft_context

if TYPE_CHECKING:
    from certdesk.core.compliance import ComplianceWarning
    from certdesk.services.agreements.views import DraftContext
    from certdesk.store import Store

TIERS_EXAMPLE = "6:100,12:75,18:50,24:25"
# Fields the live preview checks; the service checks them all again on Save.
LIVE_FIELDS = ("months", "tiers", "amount", "clock")
# Service fields shown under another field of this dialog.
FIELD_OF = {"payment": "clock", "path_id": ""}


class DraftAgreementDialog(FormDialog):
    """Draft a tuition-assistance agreement for one path."""

    changes = Changes.of(Kind.AGREEMENTS)

    context_loaded = Signal()
    preview_updated = Signal()

    def __init__(
        self,
        ops: Ops,
        path_id: int,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(ops, "Draft an agreement", parent, save_text="Save draft")
        self.setMinimumWidth(1120)
        self._path_id = path_id
        self._today = today
        self.context: DraftContext | None = None
        self.warnings: list[ComplianceWarning] = []

        self.about = QLabel("Loading the path…")
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setWordWrap(True)

        self.months = QLineEdit("24")
        self.months.setMaximumWidth(90)
        self.add_field(
            "months",
            "Commitment",
            self.months,
            "months the manager stays after the start (24 = two years)",
        )
        self.schedule = QComboBox()
        for key, words in SCHEDULE_WORDS.items():
            self.schedule.addItem(words, key)
        self.add_field("schedule", "Schedule", self.schedule)
        self.tiers = QLineEdit(TIERS_EXAMPLE)
        self.add_field(
            "tiers",
            "Bands",
            self.tiers,
            "MONTH:PERCENT for each band, e.g. 6:100,12:75 = 100 % owed when leaving before "
            "month 6, 75 % before month 12. The last month is the commitment.",
        )
        self.start = QComboBox()
        for key, words in START_WORDS.items():
            self.start.addItem(words, key)
        self.add_field("start", "Commitment starts", self.start)
        self.clock = QComboBox()
        for key, words in CLOCK_WORDS.items():
            self.clock.addItem(words, key)
        self.add_field("clock", "Clock", self.clock)
        self.waive_boxes: dict[str, QCheckBox] = {}
        self.add_field(
            "waive",
            "Waived for",
            self._waive_grid(),
            "nothing is owed when the manager leaves for a checked reason",
        )
        self.amount = QLineEdit()
        self.add_field("amount", "Repayable amount", self.amount, "at most the repayable cost")
        self.amount_hint = self._rows["amount"].findChildren(QLabel)[0]  # the hint, then the error
        self.deadline = date_edit()
        self.add_field("deadline", "Complete by", self.deadline, "the completion deadline")
        self.proof_days = QSpinBox()
        self.proof_days.setRange(0, 365)
        self.proof_days.setValue(30)
        self.proof_days.setSuffix(" days")
        self.proof_days.setMaximumWidth(110)
        self.add_field(
            "proof_days", "Proof of credential", self.proof_days, "days after completing"
        )
        self._rearrange()
        self.set_field_visible("tiers", False)
        self.save_button.setEnabled(False)
        self._enable_fields(False)

        def load(store: Store) -> DraftContext:

            return draft_context(store, path_id, today)

        ops.run_op(load, self._fill, self._cannot_load)

    # ---- layout -------------------------------------------------------------------------
    def _waive_grid(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for column, reasons in enumerate((WAIVABLE_REASONS, OTHER_REASONS)):
            for row, reason in enumerate(reasons):
                check = QCheckBox(reason_words(reason))
                check.setChecked(reason in DEFAULT_WAIVED_REASONS)
                check.toggled.connect(self.update_preview)
                self.waive_boxes[reason] = check
                grid.addWidget(check, row, column)
        return box

    def _rearrange(self) -> None:
        """The fields on the left, the live preview on the right."""
        self.warnings_box = QGroupBox("Compliance")
        self.warnings_label = QLabel()
        self.warnings_label.setTextFormat(Qt.TextFormat.RichText)
        self.warnings_label.setWordWrap(True)
        QVBoxLayout(self.warnings_box).addWidget(self.warnings_label)
        self.schedule_box = QGroupBox("Repayment schedule, as it will be printed")
        self.schedule_note = QLabel()
        self.schedule_note.setWordWrap(True)
        self.schedule_note.setStyleSheet("color: palette(placeholder-text);")
        self.schedule_view = ScheduleView()
        column = QVBoxLayout(self.schedule_box)
        column.addWidget(self.schedule_note)
        column.addWidget(self.schedule_view, 1)
        preview = QVBoxLayout()
        preview.addWidget(self.warnings_box)
        preview.addWidget(self.schedule_box, 1)

        outer = self.layout()
        outer.removeItem(self.form)
        self.form.setParent(None)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addSpacing(12)
        columns.addLayout(preview, 0)  # the schedule list has the width of its lines
        outer.insertWidget(0, self.about)
        outer.insertLayout(outer.indexOf(self.buttons), columns, 1)

        for signal in (
            self.months.textChanged,
            self.tiers.textChanged,
            self.amount.textChanged,
            self.schedule.currentIndexChanged,
            self.start.currentIndexChanged,
            self.clock.currentIndexChanged,
            self.deadline.dateChanged,
        ):
            signal.connect(self.update_preview)

    def _enable_fields(self, enabled: bool) -> None:
        for widget, _ in self._fields.values():
            widget.setEnabled(enabled)

    # ---- the path -----------------------------------------------------------------------
    def _fill(self, context: DraftContext) -> None:
        self.context = context
        self.setWindowTitle(f"Draft an agreement for {context.full_name}")
        e = html.escape
        path_words = f"path {e(context.path_status)}"
        if context.completed_on:
            path_words = f"completed on {context.completed_on}"
        self.about.setText(
            f"<b>{e(context.full_name)}</b> ({e(context.employee_no)}) · {e(context.cert_code)} "
            f"— {e(context.cert_name)}, {path_words} · work state "
            f"<b>{e(context.work_state or 'not recorded')}</b><br>Company-paid repayable cost: "
            f"<b>{format_cents(context.repayable_cents)}</b> (wages for class hours and what the "
            "manager paid are never repaid)"
        )
        self.amount.setText(format_cents(context.repayable_cents))
        day = context.target_date or add_months(context.today, 6)
        self.deadline.setDate(QDate(day.year, day.month, day.day))
        blocked = ""
        if not context.manager_active:
            blocked = f"{context.full_name} has left the company; no new agreement."
        elif context.open_agreement_no:
            blocked = (
                f"This path already has agreement {context.open_agreement_no}; void it before "
                "drafting another."
            )
        elif context.repayable_cents == 0:
            blocked = "This path has no company-paid repayable cost yet; add the tuition first."
        self._enable_fields(not blocked)
        self.save_button.setEnabled(not blocked)
        if blocked:
            self.general_error.setText(blocked)
            self.general_error.setVisible(True)
        self.update_preview()
        self.months.setFocus()
        self.months.selectAll()
        self.context_loaded.emit()

    def _cannot_load(self, exc: InvalidInput) -> None:
        self.about.setText(html.escape(exc.message))
        self.context_loaded.emit()

    # ---- live preview -------------------------------------------------------------------
    def waived(self) -> list[str]:
        """The checked reasons, in the order of the departure reasons."""
        return [r for r, box in self.waive_boxes.items() if box.isChecked()]

    def _terms(self) -> tuple[Terms | None, dict[str, str]]:
        """The terms typed so far, or None, and the problems found per field."""

        ctx = self.context
        assert ctx is not None
        problems: dict[str, str] = {}
        schedule, clock = self.schedule.currentData(), self.clock.currentData()
        tiers: tuple = ()
        if schedule == Schedule.TIERS:
            try:
                tiers = parse_tiers(self.tiers.text())
            except InvalidInput as exc:
                problems["tiers"] = exc.message
        try:
            months = months_of(self.months.text(), tiers)
        except InvalidInput as exc:
            months = None
            problems["months"] = exc.message
        amount = ctx.repayable_cents
        if clock != Clock.PER_PAYMENT:
            try:
                amount = check_repayable(
                    parse_cents(self.amount.text(), "amount"), ctx.repayable_cents
                )
            except InvalidInput as exc:
                problems["amount"] = exc.message
        if problems or months is None:
            return None, problems
        try:
            terms = validate_terms(
                Terms(amount, months, schedule, tiers, clock, tuple(self.waived()))
            )
        except InvalidInput as exc:
            return None, {exc.field: exc.message}
        return terms, problems

    def update_preview(self) -> None:
        """Check the typed terms and redraw the warnings and the schedule."""
        ctx = self.context
        schedule, per_payment = (
            self.schedule.currentData(),
            self.clock.currentData() == Clock.PER_PAYMENT,
        )
        self.set_field_visible("tiers", schedule == Schedule.TIERS)
        self.amount.setReadOnly(per_payment)
        if ctx is None:
            return
        self.amount_hint.setText(
            "under the per-payment clock: the sum of the company payments"
            if per_payment
            else f"at most {format_cents(ctx.repayable_cents)}; it may be lowered"
        )
        if per_payment:
            self.amount.setText(format_cents(ctx.repayable_cents))
        terms, problems = self._terms()
        if terms is not None:
            problems.update(self._draw(terms, ctx))
        else:
            self.warnings_label.setText(
                "<span style='color:palette(placeholder-text)'>Fix the terms to see the "
                "warnings.</span>"
            )
            self.schedule_view.clear()
            self.schedule_note.setText("")
        for name in LIVE_FIELDS:
            _, label = self._fields[name]
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        self.preview_updated.emit()

    def _draw(self, terms: Terms, ctx: DraftContext) -> dict[str, str]:

        self.warnings = check_agreement(terms, ctx.facts())
        state = html.escape(ctx.work_state or "no work state")
        self.warnings_box.setTitle(f"Compliance for {ctx.work_state or 'the work state'}")
        if self.warnings:
            items = "".join(
                f"<li><b>{html.escape(w.rule)}</b>: {html.escape(plain_message(w.message), quote=False)}</li>"
                for w in self.warnings
            )
            self.warnings_label.setText(
                f"<span style='color:#a05a00'><b>{len(self.warnings)} warning"
                f"{'s' if len(self.warnings) != 1 else ''}</b> — issuing will ask you to "
                f"confirm:</span><ul style='margin-left:-20px'>{items}</ul>"
                f"<small>{html.escape(DISCLAIMER)}</small>"
            )
        else:
            self.warnings_label.setText(
                f"<span style='color:#2e7d32'>No compliance warnings for {state}.</span> "
                f"<small>{html.escape(DISCLAIMER)}</small>"
            )
        try:
            if terms.clock == Clock.PER_PAYMENT:
                blocks = schedule_table(terms, start=None, payments=ctx.payments)
                note = "Each company payment starts its own clock on the day it was paid."
            else:
                start, _ = printed_start(
                    months=terms.months,
                    start_rule=self.start.currentData(),
                    issued_on=ctx.today,
                    completed_on=ctx.completed_on,
                    deadline=self.deadline.value(),
                    target=ctx.target_date,
                )
                label = before_start_label(self.start.currentData(), ctx.completed_on is not None)
                blocks = schedule_table(terms, start=start, before_start_label=label)
                note = _start_note(self.start.currentData(), start, ctx)
            if ctx.left_out_note:
                note = f"{note} {ctx.left_out_note}".strip()
        except InvalidInput as exc:
            self.schedule_view.clear()
            self.schedule_note.setText("")
            return {"clock": exc.message}
        self.schedule_note.setText(note)
        self.schedule_view.show_blocks(blocks)
        return {}

    # ---- save ---------------------------------------------------------------------------
    def schedule_lines(self) -> list[str]:
        """The preview's lines (tests read them)."""
        return self.schedule_view.lines()

    def operation(self) -> Callable[[Store], Any]:
        path_id, today = self._path_id, self._today
        schedule = Schedule(self.schedule.currentData())
        clock = Clock(self.clock.currentData())
        months, tiers, amount = self.months.text(), self.tiers.text(), self.amount.text()
        start_rule = CommitmentStart(self.start.currentData())
        waived = tuple(self.waived())
        deadline, proof_days = iso_of(self.deadline), self.proof_days.value()

        def draft(store: Store) -> Any:

            bands = parse_tiers(tiers) if schedule == Schedule.TIERS else ()
            request = DraftRequest(
                path_id=path_id,
                months=months_of(months, bands),
                schedule=schedule,
                tiers=bands,
                start_rule=start_rule,
                clock=clock,
                waived_reasons=waived,
                amount_cents=None if clock == Clock.PER_PAYMENT else parse_cents(amount, "amount"),
                deadline=parse_optional_date(deadline, "deadline"),
                proof_days=check_proof_days(proof_days),
            )
            return draft_agreement(store, request, today=today)

        return draft

    def _failed(self, exc: InvalidInput) -> None:
        field = FIELD_OF.get(exc.field, exc.field)
        super()._failed(InvalidInput(field, exc.message) if field != exc.field else exc)


def _start_note(start_rule: str, start: dt.date, ctx: DraftContext) -> str:
    """From which day the preview counts, and whether the real dates may move."""
    if start_rule == CommitmentStart.SIGNING:
        return (
            f"Counted from today, {start}. The real dates count from the day the manager "
            "signs; every band keeps its length."
        )
    if ctx.completed_on:
        return f"Counted from the completion on {start}."
    return (
        f"Counted from the planned completion, {start} (Complete by). The real dates count "
        "from the actual completion day; every band keeps its length."
    )
