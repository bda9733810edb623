"""The Reports page: each report saved as PDF or CSV, rendered on the worker thread.

reportlab is imported by the service on the worker, only when a PDF is asked for; the page
shows a busy bar meanwhile and, once the file is written (atomically), links to open it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.changes import Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.filenames import safe_file_name
from certdesk.external import open_path
from certdesk.files import write_bytes_atomically, write_text_atomically
from certdesk.gui.operations.runner import Ops
from certdesk.gui.settings import preferences
from certdesk.gui.widgets.data_page import DataPage, heading_label, hint_label
from certdesk.gui.widgets.document_preview import preview
from certdesk.gui.widgets.form_dialog import ERROR_STYLE
from certdesk.gui.widgets.messages import show_problem
from certdesk.services.reports import registers as reports
from certdesk.services.settings import get_settings

if TYPE_CHECKING:
    from certdesk.services.settings import Settings
    from certdesk.store import Store

# (service name, title, what it holds), in the order shown.
REPORTS = (
    (
        "roster",
        "Certification roster",
        "Every certification path with its manager, site, status, completion and expiry.",
    ),
    (
        "agreements",
        "Agreements register",
        "Every tuition-assistance agreement: number, manager, certification, amount, "
        "commitment, issue and signing dates, status.",
    ),
    (
        "spend",
        "Education spend by year",
        "Company-paid education per manager and calendar year; amounts above the §127 limit "
        "are flagged for payroll (possibly taxable unless a working-condition fringe).",
    ),
    (
        "expiring",
        "Credentials expiring",
        "Credentials that have expired or expire within the next 90 days, to plan renewals.",
    ),
)
TITLES = {name: title for name, title, _ in REPORTS}
FILTERS = {"pdf": "PDF files (*.pdf)", "csv": "CSV files (*.csv)"}


def _load(store: Store) -> Settings:

    return get_settings(store)


def default_file_name(name: str, kind: str, today: dt.date | None = None) -> str:
    """ "Certification roster 2026-11-25.pdf": the title and the date, safe on every disk."""
    day = (today or dt.date.today()).isoformat()
    return safe_file_name(f"{TITLES[name]} {day}", f".{kind}")


def _save_report(name: str, kind: str, target: Path) -> Callable[[Store], Path]:
    """The worker's job: render one report and write it atomically; returns the path."""

    def save(store: Store) -> Path:

        try:
            if kind == "pdf":
                write_bytes_atomically(target, reports.report_pdf(store, name))
            else:
                write_text_atomically(target, reports.report_csv(store, name))
        except OSError as exc:  # a full disk, a folder that went away, no permission
            reason = exc.strerror or str(exc)
            raise InvalidInput("file", f"{target.name} could not be saved: {reason}") from None
        return target

    return save


class ReportsPage(DataPage):
    """One row per report with Save PDF… and Save CSV…; one report is made at a time."""

    shows = frozenset({Kind.SETTINGS})

    saved = Signal(object)  # the Path written
    load = staticmethod(_load)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.folder: Path | None = None  # the last folder saved to
        self.last_saved: Path | None = None
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self._busy = False
        self.preview_dialog = None  # the last report preview shown (tests read it)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for row, (name, title, about) in enumerate(REPORTS):
            text = QVBoxLayout()
            text.setSpacing(0)
            label = QLabel(title)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            text.addWidget(label)
            text.addWidget(hint_label(about))
            grid.addLayout(text, row * 2, 0)
            for column, kind in enumerate(("pdf", "csv"), start=1):
                button = QPushButton(f"Save {kind.upper()}…")
                button.setToolTip(
                    f"Save the {title.lower()} as a "
                    + ("PDF to print or send" if kind == "pdf" else "CSV for a spreadsheet")
                )
                button.clicked.connect(lambda _=False, n=name, k=kind: self.choose_and_save(n, k))
                grid.addWidget(button, row * 2, column, Qt.AlignmentFlag.AlignVCenter)
                self.buttons[(name, kind)] = button
            view = QPushButton("Preview and print…")
            view.setToolTip(f"Show the {title.lower()} here, to read or print it")
            view.clicked.connect(lambda _=False, n=name: self.preview(n))
            grid.addWidget(view, row * 2, 3, Qt.AlignmentFlag.AlignVCenter)
            self.buttons[(name, "preview")] = view
            if row < len(REPORTS) - 1:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                grid.addWidget(line, row * 2 + 1, 0, 1, 4)
        grid.setColumnStretch(0, 1)

        self.settings_note = hint_label()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a report is one step, its length unknown
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(self._open_link)

        status_row = QHBoxLayout()
        status_row.addWidget(self.progress)
        status_row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Reports"))
        layout.addWidget(
            hint_label(
                "Save a report as a PDF to print or send, or as a CSV file to open in a "
                "spreadsheet. Each shows the database as it is now."
            )
        )
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addLayout(status_row)
        layout.addWidget(self.settings_note)
        layout.addStretch(1)

    # ---- settings shown ----------------------------------------------------------------
    def show_data(self, settings: Settings) -> None:
        size = "Letter" if settings.page_size == "letter" else "A4"
        self.settings_note.setText(
            f"PDFs are {size} size and headed “{settings.company_name}”; change them in "
            "Edit → Settings…"
        )

    # ---- saving -------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def choose_and_save(self, name: str, kind: str) -> None:
        """Ask where to save the report, then make it on the worker."""

        folder = self.folder or preferences.folder("save")
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            f"Save the {TITLES[name].lower()} as {kind.upper()}",
            str(folder / default_file_name(name, kind)),
            FILTERS[kind],
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(target.name + f".{kind}")
        self.save(name, kind, target)

    def save(self, name: str, kind: str, target: Path) -> None:
        """Make the report and write it to `target` (no dialog)."""

        self.folder = target.parent
        preferences.remember_folder("save", target)
        self._set_busy(True, f"Making the {TITLES[name].lower()} {kind.upper()}…")
        self._ops.run_op(_save_report(name, kind, target), self._saved, self._failed)

    def preview(self, name: str) -> None:
        """Make the report's PDF on the worker and show it in the preview."""

        self._set_busy(True, f"Making the {TITLES[name].lower()}…")

        def make(store: Store) -> bytes:

            return reports.report_pdf(store, name)

        def shown(dialog) -> None:
            self._set_busy(False)
            self.status.clear()
            self.preview_dialog = dialog

        preview(
            self, self._ops, TITLES[name], default_file_name(name, "pdf"), make, shown, self._failed
        )

    def _saved(self, path: Path) -> None:

        self.last_saved = path
        self._set_busy(False)
        self.status.setStyleSheet("")
        self.status.setText(
            f"Saved <b>{html.escape(path.name)}</b> in {html.escape(str(path.parent))}. "
            '<a href="file">Open the file</a> · <a href="folder">Open the folder</a>'
        )
        self.saved.emit(path)

    def _failed(self, exc: InvalidInput) -> None:

        self._set_busy(False)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(html.escape(f"Nothing was saved: {exc.message}"))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for button in self.buttons.values():
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.status.setStyleSheet("")
            self.status.setText(text)

    def _open_link(self, which: str) -> None:
        if self.last_saved is None:
            return
        where = self.last_saved if which == "file" else self.last_saved.parent
        if not open_path(where):
            show_problem(self, "Cannot open", f"No program opens {where}.")
