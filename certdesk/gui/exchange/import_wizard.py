"""Import managers from an HR system's export: a three-step wizard.

1. File: the chosen file is read on the worker (header, first rows, what its dates say).
2. Columns: each field's column, recognised from the usual HR-export names or remembered from
   the last file with the same header, shown with the first row's value and changeable; the
   name order; the date format, detected when a day above 12 settles it, asked otherwise.
3. Preview: the import's own pass over every line, writing nothing: the first rows as they
   will be stored and every bad line. Import runs the same pass for real, all-or-nothing, on
   the worker with progress and Cancel; the choices are remembered for the next such file.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from certdesk.core.changes import Changes, Kind
from certdesk.core.errors import InvalidInput
from certdesk.core.hr_import import (
    DATE_FORMAT_LABELS,
    FIELD_LABELS,
    IMPORT_FIELDS,
    NAME_ORDER_LABELS,
    ColumnMapping,
    DateEvidence,
    DateFormat,
    NameOrder,
    describe_columns,
    join_name,
    unmapped_columns,
)
from certdesk.core.models import Employee
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.messages import show_message
from certdesk.gui.widgets.table_model import Column, RowTableModel
from certdesk.services.exchange.csv_import import (
    ImportOptions,
    ImportPreview,
    ImportSummary,
    import_managers,
    inspect_managers_csv,
    preview_import,
)

if TYPE_CHECKING:
    from certdesk.services.exchange.csv_import import (
        CsvInspection,
        ImportOptions,
        ImportPreview,
        ImportSummary,
    )
    from certdesk.store import Store

CSV_FILTER = "CSV files (*.csv);;All files (*)"
NOT_IN_FILE = "(not in the file)"
CHOOSE = "Choose…"
REQUIRED = {"employee_no"}


# --- remembered mappings ------------------------------------------------------------------------


def header_fingerprint(header: list[str]) -> str:
    """The same header (names and order, spaces around names ignored) gives the same key."""
    joined = "\x1f".join(name.strip() for name in header)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class MappingMemory:
    """The choices made for a header, kept for the next file with the same header (QSettings)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "certdesk", "import-mappings"
        )

    def recall(
        self, header: list[str]
    ) -> tuple[ColumnMapping, NameOrder, DateFormat | None] | None:
        """(mapping, name order, date format) saved for this header, or None."""
        raw = self.settings.value(f"mappings/{header_fingerprint(header)}")
        if not raw:
            return None
        try:
            saved = json.loads(str(raw))
            columns = {f: h for f, h in saved["columns"].items() if f in IMPORT_FIELDS}
            names = {h.strip() for h in header}
            if any(h not in names for h in columns.values()):
                return None
            fmt = saved.get("date_format")
            return (
                ColumnMapping(**columns),
                NameOrder(saved.get("name_order", NameOrder.GIVEN_FAMILY.value)),
                DateFormat(fmt) if fmt else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # written by another version: recognise the header afresh

    def remember(self, header: list[str], options: ImportOptions) -> None:
        mapping = options.mapping or ColumnMapping()
        value = {
            "columns": mapping.columns(),
            "name_order": options.name_order.value,
            "date_format": options.date_format.value if options.date_format else None,
        }
        self.settings.setValue(f"mappings/{header_fingerprint(header)}", json.dumps(value))
        self.settings.sync()


# --- step 1: the file ---------------------------------------------------------------------------


class FilePage(QWizardPage):
    """The chosen file, read on the worker; another file can be chosen."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Choose the HR export")
        self.setSubTitle(
            "A CSV file as your HR system exports it (UTF-8, with a header row). Nothing is "
            "written until the last step."
        )
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def choose(self) -> None:
        start = str(self._wizard.file.parent) if self._wizard.file else ""
        name, _ = QFileDialog.getOpenFileName(
            self, "Import managers from a CSV file", start, CSV_FILTER
        )
        if name:
            self._wizard.load_file(Path(name))

    def show_reading(self, file: Path) -> None:
        self.path.setText(str(file))
        self.status.setText(f"Reading {file.name}…")
        self.completeChanged.emit()

    def show_inspection(self, inspection: CsvInspection | None, problem: str = "") -> None:
        if inspection is None:
            self.status.setText(problem)
        else:
            found = inspection.recognition.mapping.columns()
            self.status.setText(
                f"{inspection.source}: {len(inspection.header):,} columns, "
                f"{inspection.rows:,} managers. {len(found)} columns recognised by their name."
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self._wizard.inspection is not None


# --- step 2: the columns ------------------------------------------------------------------------


class ColumnsPage(QWizardPage):
    """One row per field: its column, the first row's value; then name order and date format."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Match the columns")
        self.setSubTitle(
            "Each field and the column it comes from. Change any that is wrong; a field "
            "without a column keeps what is stored (blank for new managers)."
        )
        self.memory_note = QLabel()
        self.memory_note.setWordWrap(True)
        self.headers = QStringListModel(self)  # one model for every combo (100,000 columns)
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(_bold("Field"), 0, 0)
        grid.addWidget(_bold("Column in the file"), 0, 1)
        grid.addWidget(_bold("First row"), 0, 2)
        for row, field_name in enumerate(IMPORT_FIELDS, start=1):
            label = QLabel(FIELD_LABELS[field_name] + (" *" if field_name in REQUIRED else ""))
            combo = QComboBox()
            combo.setModel(self.headers)
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setAccessibleName(FIELD_LABELS[field_name])
            combo.currentIndexChanged.connect(lambda _=0, f=field_name: self._column_chosen(f))
            label.setBuddy(combo)
            sample = QLabel()
            sample.setTextFormat(Qt.TextFormat.PlainText)
            sample.setStyleSheet("color: palette(mid);")
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(sample, row, 2)
            self.combos[field_name] = combo
            self.samples[field_name] = sample
        grid.setColumnStretch(2, 1)

        self.name_order = QComboBox()
        for order in NameOrder:
            self.name_order.addItem(NAME_ORDER_LABELS[order], order.value)
        self.name_order.currentIndexChanged.connect(self._refresh_notes)
        self.name_example = QLabel()
        self.name_example.setTextFormat(Qt.TextFormat.PlainText)
        self.date_format = QComboBox()
        self.date_format.addItem(CHOOSE, None)
        for fmt in DateFormat:
            self.date_format.addItem(DATE_FORMAT_LABELS[fmt], fmt.value)
        self.date_format.currentIndexChanged.connect(self._date_format_chosen)
        self.date_note = QLabel()
        self.date_note.setWordWrap(True)
        self.date_note.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        names = QVBoxLayout()
        names.addWidget(self.name_order)
        names.addWidget(self.name_example)
        form.addRow("Name order:", names)
        dates = QVBoxLayout()
        dates.addWidget(self.date_format)
        dates.addWidget(self.date_note)
        form.addRow("Hire dates written:", dates)

        self.unknown = QLabel()
        self.unknown.setWordWrap(True)
        self.unknown.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b00020;")

        inner = QWidget()
        body = QVBoxLayout(inner)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.memory_note)
        body.addLayout(grid)
        body.addLayout(form)
        body.addWidget(self.unknown)
        body.addWidget(self.problem)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._updating = False
        self._remembered_format: DateFormat | None = None

    # ---- filling in --------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802 (Qt)
        wizard = self._wizard
        inspection = wizard.inspection
        assert inspection is not None
        header = [h.strip() for h in inspection.header]
        self.headers.setStringList([NOT_IN_FILE, *header])
        self._positions = {name: i + 1 for i, name in reversed(list(enumerate(header)))}
        remembered = wizard.memory.recall(inspection.header)
        date_format: DateFormat | None = None
        if remembered is not None:
            wizard.mapping, order, date_format = remembered
            self.name_order.setCurrentIndex(self.name_order.findData(order.value))
            self.memory_note.setText(
                "These are the choices you made for the last file with this header."
            )
        else:
            wizard.mapping = inspection.recognition.mapping
            self.memory_note.setText(
                f"{len(wizard.mapping.columns())} of the {len(header):,} columns were recognised "
                "by their name."
            )
        self._show_mapping()
        self._remembered_format = date_format
        self._set_date_format(self._initial_date_format())

    def _initial_date_format(self) -> DateFormat | None:
        """What the file proves; else what was chosen for this header last time; else ask."""
        if not self._wizard.mapping.hire_date:
            return None
        evidence = self._evidence()
        if not evidence.numeric:
            return DateFormat.ISO
        settled = evidence.settled()
        if settled is not None:
            return settled
        if self._remembered_format in (DateFormat.MONTH_FIRST, DateFormat.DAY_FIRST):
            return self._remembered_format
        return None

    def _show_mapping(self) -> None:
        self._updating = True
        sample = self._wizard.inspection.sample[0] if self._wizard.inspection.sample else []
        columns = self._wizard.mapping.columns()
        for field_name, combo in self.combos.items():
            header = columns.get(field_name)
            combo.setCurrentIndex(self._positions.get(header, 0) if header else 0)
            index = combo.currentIndex() - 1
            value = sample[index] if 0 <= index < len(sample) else ""
            self.samples[field_name].setText(_shorten(value))
        self._updating = False
        self._refresh_notes()

    def _column_chosen(self, field_name: str) -> None:
        if self._updating:
            return
        combo = self.combos[field_name]
        header = combo.currentText() if combo.currentIndex() > 0 else None
        before = self._wizard.mapping.hire_date
        self._wizard.mapping = self._wizard.mapping.with_column(field_name, header)
        self._show_mapping()
        if self._wizard.mapping.hire_date != before:
            self._set_date_format(self._initial_date_format())

    def _date_format_chosen(self) -> None:
        if not self._updating:
            self._refresh_notes()

    def _set_date_format(self, fmt: DateFormat | None) -> None:
        self._updating = True
        self.date_format.setCurrentIndex(self.date_format.findData(fmt.value) if fmt else 0)
        self._updating = False
        self._refresh_notes()

    def _evidence(self) -> DateEvidence:
        return self._wizard.inspection.evidence_for(self._wizard.mapping.hire_date)

    def _refresh_notes(self) -> None:
        mapping = self._wizard.mapping
        two_columns = mapping.full_name is None
        self.name_order.setEnabled(two_columns)
        sample = self._wizard.inspection.sample[0] if self._wizard.inspection.sample else []
        if two_columns and mapping.given_name and mapping.family_name:
            given = sample[self._positions[mapping.given_name] - 1] if sample else "Anna"
            family = sample[self._positions[mapping.family_name] - 1] if sample else "Kowalska"
            self.name_example.setText(
                f"The first row is stored as: {join_name(given, family, self.name_order_value())}"
            )
        else:
            self.name_example.setText("The name is stored as the column writes it.")
        evidence = self._evidence()
        self.date_format.setEnabled(bool(mapping.hire_date))
        if not mapping.hire_date:
            self.date_note.setText("No hire date column.")
        elif evidence.settled() is not None and evidence.numeric:
            self.date_note.setText(f"Detected: {evidence.explain()}.")
        elif evidence.numeric and self.date_format_value() is not None:
            self.date_note.setText(
                f"As you chose for the last file with this header ({evidence.explain()})."
            )
        elif evidence.numeric:
            self.date_note.setText(f"Please choose: {evidence.explain()}.")
        else:
            self.date_note.setText(f"Detected: {evidence.explain()}.")
        header = self._wizard.inspection.header
        ignored = unmapped_columns(header, mapping)
        self.unknown.setText(
            f"Not imported: {describe_columns(ignored)}." if ignored else "Every column is used."
        )
        self.problem.setText(self.problem_text())
        self.completeChanged.emit()

    def problem_text(self) -> str:
        missing = self._wizard.mapping.missing()
        if missing:
            return "Choose a column for: " + ", ".join(
                FIELD_LABELS.get(m.split(" ")[0], m) for m in missing
            )
        if self._wizard.mapping.hire_date and self.date_format_value() is None:
            return "Choose how the hire dates are written."
        return ""

    def name_order_value(self) -> NameOrder:
        return NameOrder(self.name_order.currentData())

    def date_format_value(self) -> DateFormat | None:
        value = self.date_format.currentData()
        return DateFormat(value) if value else None

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self._wizard.inspection is not None and not self.problem_text()


# --- step 3: the preview ------------------------------------------------------------------------

PREVIEW_COLUMNS: list[Column[Employee]] = [
    Column("No.", lambda e: e.employee_no),
    Column("Name", lambda e: e.full_name),
    Column("E-mail", lambda e: e.email),
    Column("Job title", lambda e: e.job_title),
    Column("Site", lambda e: e.site),
    Column("State", lambda e: e.work_state),
    Column("Hire date", lambda e: e.hire_date.isoformat() if e.hire_date else ""),
]


class PreviewPage(QWizardPage):
    """The first rows as they will be stored, the counts, every bad line."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Check before importing")
        self.setSubTitle("Every line was checked; nothing has been written yet.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model: RowTableModel[Employee] = RowTableModel(PREVIEW_COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 2)
        self.preview: ImportPreview | None = None

    def initializePage(self) -> None:  # noqa: N802 (Qt)
        self.preview = None
        self.model.set_rows([])
        self.problems.clear()
        self.problems.hide()
        self.problems_label.hide()
        self.table.show()
        self.summary.setText(f"Checking every line of {self._wizard.file.name}…")
        self.progress.setValue(0)
        self.progress.show()
        self.completeChanged.emit()
        self._wizard.run_preview()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt: Back was pressed)
        self._wizard.stop_preview()

    def show_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setValue(min(1000, done * 1000 // total))

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.progress.hide()
        self.model.set_rows(preview.rows)
        self.table.resizeColumnsToContents()
        if preview.problem_count:
            count = preview.problem_count
            listed = len(preview.problems)
            self.summary.setText(
                "Nothing can be imported until the lines listed below are fixed in the file "
                "(or in the spreadsheet it came from)"
                + ("; the table shows the first good rows." if preview.rows else ".")
            )
            self.table.setVisible(bool(preview.rows))
            more = f" (the first {listed:,} are listed)" if listed < count else ""
            self.problems_label.setText(f"{count:,} problem{'s' if count != 1 else ''}{more}:")
            self.problems.setPlainText("\n".join(preview.problems))
            self.problems.show()
            self.problems_label.show()
        else:
            summary = preview.summary
            shown = len(preview.rows)
            which = (
                "They are shown below"
                if shown == summary.added + summary.updated
                else f"The first {shown} are shown below"
            )
            self.summary.setText(
                f"{summary.added:,} to add, {summary.updated:,} to update, "
                f"{summary.unchanged:,} unchanged. {which} as they will be stored. "
                "Import writes them all, or nothing."
            )
        self.completeChanged.emit()

    def show_failure(self, message: str) -> None:
        self.progress.hide()
        self.summary.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self.preview is not None and not self.preview.problem_count


# --- the wizard ---------------------------------------------------------------------------------


class _Relay(QObject):
    """Carries progress from the worker to the GUI thread (queued signals)."""

    progressed = Signal(int, int)
    checked = Signal(int, int)  # the preview's pass


class ImportCancelled(InvalidInput):
    def __init__(self) -> None:
        super().__init__("file", "The import was cancelled; nothing was imported.")


class ImportWizard(QWizard):
    """File → columns → preview → import; `finished_import` carries the ImportSummary."""

    inspected = Signal()
    previewed = Signal()
    finished_import = Signal(object)  # the ImportSummary, or the InvalidInput that refused it

    def __init__(
        self, parent: QWidget | None, ops: Ops, memory: MappingMemory | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import managers")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.resize(920, 640)
        self.ops = ops
        self.memory = memory or MappingMemory()
        self.file: Path | None = None
        self.inspection: CsvInspection | None = None
        self.mapping = ColumnMapping()
        self.result: ImportSummary | None = None
        self.busy: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._preview_stop: threading.Event | None = None
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.preview_page = PreviewPage(self)
        self._relay.checked.connect(self.preview_page.show_progress)
        for page in (self.file_page, self.columns_page, self.preview_page):
            self.addPage(page)

    # ---- step 1 ------------------------------------------------------------------------------
    def load_file(self, file: Path) -> None:
        """Read the file's header, first rows and dates on the worker."""
        self.file = file
        self.inspection = None
        self.file_page.show_reading(file)

        def inspect(_: Store) -> CsvInspection:

            return inspect_managers_csv(file)

        def done(inspection: CsvInspection) -> None:
            if file != self.file:
                return  # another file was chosen meanwhile
            self.inspection = inspection
            self.file_page.show_inspection(inspection)
            self.inspected.emit()

        def refused(exc: InvalidInput) -> None:
            if file == self.file:
                self.file_page.show_inspection(None, exc.message)
                self.inspected.emit()

        self.ops.run_op(inspect, done, refused)

    # ---- step 3 ------------------------------------------------------------------------------
    def options(self) -> ImportOptions:

        page = self.columns_page
        return ImportOptions(
            mapping=self.mapping,
            date_format=page.date_format_value() if self.mapping.hire_date else None,
            name_order=page.name_order_value(),
        )

    def run_preview(self) -> None:
        """Check every line on the worker; leaving the page (Back, Cancel) stops the pass."""
        self.stop_preview()
        stop = self._preview_stop = threading.Event()
        file, options, relay = self.file, self.options(), self._relay

        def progress(done: int, total: int) -> None:
            if stop.is_set():
                raise ImportCancelled
            relay.checked.emit(done, total)

        def preview(store: Store) -> ImportPreview:

            return preview_import(store, file, options, progress=progress)

        def done(result: ImportPreview) -> None:
            if not stop.is_set():
                self.preview_page.show_preview(result)
                self.previewed.emit()

        def refused(exc: InvalidInput) -> None:
            if not stop.is_set():
                self.preview_page.show_failure(exc.message)
                self.previewed.emit()

        self.ops.run_op(preview, done, refused)

    def stop_preview(self) -> None:
        if self._preview_stop is not None:
            self._preview_stop.set()

    def reject(self) -> None:
        self.stop_preview()
        super().reject()

    def accept(self) -> None:
        """Import: all-or-nothing on the worker, with progress and Cancel; the wizard closes
        when it is done (and stays, saying why, when it is refused)."""
        if self.busy is not None:
            return
        file, options = self.file, self.options()
        header = self.inspection.header
        self._cancel.clear()
        self.busy = QProgressDialog(
            f"Importing managers from {file.name}…", "Cancel", 0, 1000, self
        )
        self.busy.setWindowTitle("Importing")
        self.busy.setWindowModality(Qt.WindowModality.WindowModal)
        self.busy.setMinimumDuration(0)
        self.busy.canceled.connect(self._cancel.set)
        self.busy.show()
        relay, cancel = self._relay, self._cancel

        def progress(done: int, total: int) -> None:
            if cancel.is_set():
                raise ImportCancelled
            relay.progressed.emit(done, total)

        def do_import(store: Store) -> ImportSummary:

            return import_managers(store, file, options=options, progress=progress)

        def imported(summary: ImportSummary) -> None:
            self._close_busy()
            self.memory.remember(header, options)
            self.result = summary
            parent = self.parentWidget() or self
            self.result_dialog = show_message(
                parent, "Import finished", f"{file.name}: {summary.describe()}."
            )
            self.finished_import.emit(summary)
            super(ImportWizard, self).accept()

        def refused(exc: InvalidInput) -> None:
            self._close_busy()
            problems = getattr(exc, "problems", None)
            if problems:  # the database changed since the preview: show what is wrong now
                self.preview_page.show_preview(
                    ImportPreview(
                        ImportSummary(), [], problems, getattr(exc, "total", len(problems))
                    )
                )
            else:
                self.preview_page.show_failure(exc.message)
            self.finished_import.emit(exc)

        self.ops.run_op(do_import, imported, refused, writes=Changes.of(Kind.MANAGERS))

    def _progressed(self, done: int, total: int) -> None:
        if self.busy is not None and total:
            self.busy.setValue(min(999, done * 1000 // total))

    def _close_busy(self) -> None:
        if self.busy is not None:
            self.busy.close()
            self.busy.deleteLater()
            self.busy = None


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _shorten(value: str, limit: int = 40) -> str:
    one_line = " ".join(value.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def open_import_wizard(
    parent: QWidget, ops: Ops, memory: MappingMemory | None = None
) -> ImportWizard | None:
    """Ask for the CSV file, then open the wizard on it; None when the coordinator cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import managers from a CSV file", "", CSV_FILTER)
    if not name:
        return None
    wizard = ImportWizard(parent, ops, memory)
    wizard.load_file(Path(name))
    wizard.open()
    return wizard
