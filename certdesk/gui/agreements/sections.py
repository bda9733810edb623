"""The parts of the agreement detail pane that only show things: the terms and repayment as
label/value rows, the printed schedule, and the documents list with its Save as… buttons."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.compliance import DISCLAIMER
from certdesk.core.money import format_cents
from certdesk.core.repayment import describe_band, row_for
from certdesk.core.repayment_types import Clock
from certdesk.gui.agreements.words import (
    CLOCK_WORDS,
    DOCUMENT_WORDS,
    START_WORDS,
    plain_message,
    reason_words,
    schedule_words,
    size_words,
    waived_words,
)

if TYPE_CHECKING:
    from certdesk.core.repayment_types import ScheduleBlock
    from certdesk.services.agreements.views import AgreementDetail, DocumentInfo

Row = tuple[str, str, str]  # label, value, tooltip or style
MUTED = "color: palette(placeholder-text);"
OWED_STYLE = "color:#b00020; font-weight:bold;"


def value_label(text: str = "") -> QLabel:
    """A selectable, word-wrapped plain-text value."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fill_form(form: QFormLayout, rows: list[Row], *, styled: bool = False) -> None:
    """Replace a form's rows; the third item is a tooltip, or a style sheet when `styled`."""
    while form.rowCount():
        form.removeRow(0)
    for label, text, extra in rows:
        value = value_label(text)
        if extra:
            value.setStyleSheet(extra) if styled else value.setToolTip(extra)
        form.addRow(f"{label}:", value)


START_SHORT = {"completion": "from completion", "signing": "from signing"}


def terms_rows(detail: AgreementDetail) -> list[Row]:
    """The agreement's terms in the coordinator's words, one fact a row (the brief form fits
    the pane of a laptop screen; tooltips say the rest)."""
    a = detail.agreement
    if a.clock == Clock.PER_PAYMENT:
        # Each payment's clock starts on its own date: the start rule plays no part.
        commitment = f"{a.months} months from each company payment's date"
        start_tip = ""
    else:
        started = f"started {a.commitment_start}" if a.commitment_start else "not started yet"
        commitment = f"{a.months} months {START_SHORT.get(a.start_rule, '')} — {started}"
        start_tip = f"The commitment starts: {START_WORDS.get(a.start_rule, a.start_rule).lower()}"
    deadline = str(a.completion_deadline) if a.completion_deadline else "no deadline"
    dates = [f"drafted {a.created_on}"]
    dates += [f"issued {a.issued_on}"] if a.issued_on else []
    dates += [f"signed {a.signed_on}"] if a.signed_on else []
    form = [f"policy version {detail.policy_version}"] if detail.policy_version else []
    if a.terms_sha256:
        form.append(f"terms hash {a.short_hash}")
        form_tip = f"SHA-256 of the frozen terms, printed on the form:\n{a.terms_sha256}"
    else:
        form.append("the terms are frozen when it is issued")
        form_tip = ""
    rows: list[Row] = [
        ("Repayable amount", format_cents(a.amount_cents), ""),
        ("Commitment", commitment, start_tip),
        ("Schedule", schedule_words(a.schedule, a.tiers), ""),
        ("Clock", CLOCK_WORDS.get(a.clock, a.clock), ""),
        ("Nothing owed if leaving for", waived_words(a.waived_tuple), ""),
        ("Complete by", f"{deadline}; proof of the credential within {a.proof_days} days", ""),
        ("Dates", " · ".join(dates), ""),
        ("Form", " · ".join(form), form_tip),
    ]
    if a.void_reason:
        rows.append(("Voided because", a.void_reason, ""))
    return rows


def warnings_html(detail: AgreementDetail) -> str:
    """An agreement's compliance warnings, each under its rule's name ('' when none)."""
    if not detail.warnings:
        return ""
    items = "".join(
        f"<li><b>{html.escape(w.rule)}</b>: {html.escape(plain_message(w.message), quote=False)}</li>"
        for w in detail.warnings
    )
    status = detail.agreement.status
    when = {
        "draft": "issuing asks you to confirm them",
        "issued": "signing asks you to confirm them",
    }.get(status, "accepted when it was issued or signed")
    return (
        f"<span style='color:#a05a00'><b>Compliance warnings</b> ({when}):</span>"
        f"<ul style='margin-left:-20px'>{items}</ul>"
        f"<small>{html.escape(DISCLAIMER)} Help → State rules lists every rule.</small>"
    )


def repayment_rows(detail: AgreementDetail) -> list[Row]:
    """Departure, owed, each payment received and the balance (styles in the third item)."""
    r = detail.repayment
    if r is None:
        return []
    rows: list[Row] = [
        ("Left on", f"{r.departure_date} — {reason_words(r.reason).lower()}", ""),
        ("Owed at departure", format_cents(r.owed_cents), ""),
    ]
    for p in detail.payments:
        note = f" ({p.note})" if p.note else ""
        rows.append(("Received", f"{format_cents(p.amount_cents)} on {p.received_on}{note}", ""))
    if not detail.payments and not r.waived:
        rows.append(("Received", "nothing yet", ""))
    balance = detail.balance_cents or 0
    rows.append(
        ("Still owed", format_cents(balance), OWED_STYLE if balance else "font-weight:bold;")
    )
    if r.waived:
        rows.append(("Waived", r.waiver_note or "by the agreement's terms", ""))
    return rows


def calculation_text(detail: AgreementDetail, *, every_step: bool = False) -> str:
    """How the departure computed what is owed. The short form keeps the months-served lines
    (the first two steps restate the reason and the schedule, the last one the total)."""
    if detail.repayment is None:
        return ""
    steps = json.loads(detail.repayment.calculation_json).get("steps", [])
    shown = steps if every_step else (steps[2:-1] or steps[:1])
    return "\n".join(shown)


class ScheduleView(QListWidget):
    """The printed schedule: "leaving from … to …: P %, amount", one band a line."""

    SAMPLE = "   leaving from 2026-03-15 to 2026-04-14: 66.67 %, 12,345.00  ◀ left here"
    TODAY = QColor("#fff3c4")  # today's band: a soft highlight, no wider text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(60)
        # Just wide enough for a whole line (a band cut off mid-amount would be worse than no
        # band); the room left goes to the terms and the documents.
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(self.SAMPLE) + 36)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        # A small preferred height: the list scrolls and takes whatever room is left, so the
        # pane around it never needs a scroll bar of its own on a laptop screen.
        return QSize(self.width(), 80)

    def show_blocks(
        self,
        blocks: tuple[ScheduleBlock, ...],
        day: dt.date | None = None,
        mark: str = "today",
        *,
        started: bool = True,
    ) -> None:
        """One line per band, a bold heading per payment when there are several clocks, and
        the band of `day` (today, or the departure) highlighted and marked. While the
        commitment has not started (started False) its dates are provisional: the row for
        leaving before the start is the one marked."""

        self.clear()
        marked: QListWidgetItem | None = None
        several = len(blocks) > 1
        for block in blocks:
            if several:
                head = QListWidgetItem(block.label)
                head.setToolTip(block.label)
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                self.addItem(head)
            current = row_for(block, day, started=started) if day else None
            for band in block.rows:
                item = QListWidgetItem(("   " if several else "") + describe_band(band))
                self.addItem(item)
                if band is current:
                    item.setText(f"{item.text()}  ◀ {mark}")
                    item.setBackground(self.TODAY)
                    item.setToolTip(f"{day} falls in this band")
                    marked = item
        if marked is not None:
            # After the list has laid out its rows, or the scroll lands short of the band.
            QTimer.singleShot(
                0, self, lambda: self.scrollToItem(marked, QListWidget.ScrollHint.PositionAtCenter)
            )

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]


class DocumentsList(QWidget):
    """Each stored document: what it is, its file, date and size, and a Save as… button."""

    save_requested = Signal(object)  # DocumentInfo
    view_requested = Signal(object)  # DocumentInfo: show it in the preview

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)
        self.buttons: list[QPushButton] = []
        self.view_buttons: list[QPushButton] = []

    def show_documents(self, documents: list[DocumentInfo]) -> None:
        while self._column.count():
            widget = self._column.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.buttons = []
        self.view_buttons = []
        if not documents:
            none = QLabel("None yet — issuing stores the printed form here.")
            none.setStyleSheet(MUTED)
            self._column.addWidget(none)
            return
        for doc in documents:
            self._column.addWidget(self._row(doc))

    def _row(self, doc: DocumentInfo) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        text = QVBoxLayout()
        text.setSpacing(0)
        kind = QLabel(f"<b>{html.escape(DOCUMENT_WORDS.get(doc.kind, doc.kind))}</b>")
        about = value_label(
            f"{doc.filename} · {doc.created_at[:10]} · {size_words(doc.size_bytes)}"
        )
        about.setStyleSheet(MUTED)
        about.setToolTip(f"SHA-256 {doc.sha256}")
        text.addWidget(kind)
        text.addWidget(about)
        if doc.withdrawn:
            gone = QLabel(f"Withdrawn: {doc.withdrawn}")
            gone.setStyleSheet("color: #b00020;")
            gone.setToolTip("Kept as it was handed out; it no longer applies")
            text.addWidget(gone)
        button = QPushButton("Save as…")
        button.setToolTip(f"Save {doc.filename} exactly as stored")
        button.clicked.connect(lambda _=False, d=doc: self.save_requested.emit(d))
        self.buttons.append(button)
        view = QPushButton("View…")
        view.setToolTip(f"Show {doc.filename} here, to read or print it")
        view.clicked.connect(lambda _=False, d=doc: self.view_requested.emit(d))
        self.view_buttons.append(view)
        line.addLayout(text, 1)
        line.addWidget(view, 0, Qt.AlignmentFlag.AlignVCenter)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return row
