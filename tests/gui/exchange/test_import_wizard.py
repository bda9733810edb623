"""The import wizard: the HR export as it is (mapping shown, name order, date format asked when
no day above 12 settles it), the preview of every line, all-or-nothing import, and the choices
remembered for the next file with the same header."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard

from certdesk.core.hr_import import DateFormat, NameOrder
from certdesk.gui.exchange.import_wizard import CHOOSE, NOT_IN_FILE, ImportWizard, MappingMemory

from ..conftest import MANAGERS, count, query

HR_HEADER = "Employee ID,First Name,Last Name,Work Email,Job Title,Location,State,Hire Date"
FIRST_FILE = [
    "E-1001,Maria,García López,maria.garcia@example.com,Call Center Manager,Tampa Operations,"
    "FL,03/15/2021",
    "E-1002,Hương,Nguyễn Thị,huong.nguyen@example.com,Workforce Manager,Sacramento Contact "
    "Center,CA,03/25/2021",
]
# No day above 12: the format cannot be told from the file.
SECOND_FILE = [
    "E-1003,Anna,Kowalska,anna.kowalska@example.com,Team Lead,Denver Customer Care,CO,04/03/2022",
    "E-1004,Jan,Nowak,jan.nowak@example.com,Team Lead,Denver Customer Care,CO,12/01/2020",
]


@pytest.fixture
def memory(tmp_path: Path) -> MappingMemory:
    return MappingMemory(QSettings(str(tmp_path / "mappings.ini"), QSettings.Format.IniFormat))


def write_csv(tmp_path: Path, name: str, rows: list[str], header: str = HR_HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\ufeff" + "\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    return path


def open_wizard(qtbot, window, memory, monkeypatch, file: Path) -> ImportWizard:
    window.import_memory = memory
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(file), "CSV"))
    window.import_action.trigger()
    wizard = window.last_import
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.file_page.isComplete(), timeout=5000)
    return wizard


def to_columns(wizard: ImportWizard) -> None:
    wizard.next()
    assert wizard.currentPage() is wizard.columns_page


def to_preview(qtbot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.previewed, timeout=5000):
        wizard.next()
    assert wizard.currentPage() is wizard.preview_page


def finish(qtbot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.finished_import, timeout=10000) as done:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not isinstance(done.args[0], Exception), done.args[0]


def shown(wizard: ImportWizard) -> dict[str, str]:
    page = wizard.columns_page
    return {f: c.currentText() for f, c in page.combos.items()}


def test_the_hr_export_through_the_wizard_then_again_with_the_remembered_choices(
    qtbot, window, db_path, tmp_path, memory, monkeypatch
):
    first = write_csv(tmp_path, "hr-export-march.csv", FIRST_FILE)
    wizard = open_wizard(qtbot, window, memory, monkeypatch, first)
    assert "8 columns, 2 managers. 8 columns recognised" in wizard.file_page.status.text()
    to_columns(wizard)
    page = wizard.columns_page
    assert shown(wizard) == {
        "employee_no": "Employee ID",
        "full_name": NOT_IN_FILE,
        "given_name": "First Name",
        "family_name": "Last Name",
        "email": "Work Email",
        "job_title": "Job Title",
        "site": "Location",
        "work_state": "State",
        "hire_date": "Hire Date",
    }
    assert page.samples["given_name"].text() == "Maria"
    # A day above 12 (03/15/2021) settles the format: month first.
    assert page.date_format_value() is DateFormat.MONTH_FIRST
    assert "03/15/2021 can only be month first" in page.date_note.text()
    # The coordinator's choice: family name first.
    page.name_order.setCurrentIndex(page.name_order.findData(NameOrder.FAMILY_GIVEN.value))
    assert page.name_example.text() == "The first row is stored as: García López Maria"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.isComplete()
    assert preview.summary.text().startswith("2 to add, 0 to update, 0 unchanged.")
    model = preview.model
    first_row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first_row == [
        "E-1001",
        "García López Maria",
        "maria.garcia@example.com",
        "Call Center Manager",
        "Tampa Operations",
        "FL",
        "2021-03-15",
    ]
    page_loaded = window.managers_page.loaded
    with qtbot.waitSignal(page_loaded, timeout=5000):
        finish(qtbot, wizard)
    assert not wizard.isVisible()
    box = wizard.result_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "hr-export-march.csv: 2 added, 0 updated, 0 unchanged."
    assert query(
        db_path, "SELECT full_name, hire_date FROM employees WHERE employee_no = 'E-1002'"
    ) == [("Nguyễn Thị Hương", "2021-03-25")]
    assert window.managers_page.model.rowCount() == len(MANAGERS) + 2

    # The next export, same header: its dates leave the format open, the wizard remembers.
    second = write_csv(tmp_path, "hr-export-april.csv", SECOND_FILE)
    wizard = open_wizard(qtbot, window, memory, monkeypatch, second)
    to_columns(wizard)
    page = wizard.columns_page
    assert "the last file with this header" in page.memory_note.text()
    assert page.name_order_value() is NameOrder.FAMILY_GIVEN
    assert page.date_format_value() is DateFormat.MONTH_FIRST
    assert "As you chose for the last file" in page.date_note.text()
    to_preview(qtbot, wizard)
    finish(qtbot, wizard)
    assert query(
        db_path, "SELECT full_name, hire_date FROM employees WHERE employee_no = 'E-1003'"
    ) == [("Kowalska Anna", "2022-04-03")]


def test_ambiguous_dates_must_be_chosen_before_the_preview(
    qtbot, window, tmp_path, memory, monkeypatch
):
    file = write_csv(tmp_path, "hr.csv", SECOND_FILE)
    wizard = open_wizard(qtbot, window, memory, monkeypatch, file)
    to_columns(wizard)
    page = wizard.columns_page
    assert page.date_format.currentText() == CHOOSE
    assert "no day is above 12" in page.date_note.text()
    assert page.problem.text() == "Choose how the hire dates are written."
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.date_format.setCurrentIndex(page.date_format.findData(DateFormat.DAY_FIRST.value))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    to_preview(qtbot, wizard)
    assert wizard.preview_page.model.index(0, 6).data() == "2022-03-04"


def test_unusual_headers_are_mapped_by_hand_and_remembered(
    qtbot, window, db_path, tmp_path, memory, monkeypatch
):
    header = (
        "Associate ID,Legal Name,Work Contact: Work Email,Job Title Description,"
        "Location Description,Work State,Original Hire Date,Cost Center"
    )
    rows = ["A-1,Ana Lúcia Ferreira,ana@example.com,Team Lead,Tampa Operations,FL,2021-05-01,C1"]
    file = write_csv(tmp_path, "adp.csv", rows, header)
    wizard = open_wizard(qtbot, window, memory, monkeypatch, file)
    to_columns(wizard)
    page = wizard.columns_page
    assert shown(wizard)["email"] == NOT_IN_FILE
    assert page.unknown.text() == (
        "Not imported: 4 columns: Work Contact: Work Email, Job Title Description, "
        "Location Description, Cost Center."
    )
    for field, column in [
        ("email", "Work Contact: Work Email"),
        ("job_title", "Job Title Description"),
        ("site", "Location Description"),
    ]:
        page.combos[field].setCurrentIndex(page.combos[field].findText(column))
    assert page.unknown.text() == "Not imported: 1 column: Cost Center."
    assert not page.name_order.isEnabled()  # one name column: stored as written
    to_preview(qtbot, wizard)
    finish(qtbot, wizard)
    assert query(
        db_path, "SELECT email, job_title, site FROM employees WHERE employee_no = 'A-1'"
    ) == [("ana@example.com", "Team Lead", "Tampa Operations")]

    again = write_csv(tmp_path, "adp-2.csv", [rows[0].replace("A-1", "A-2")], header)
    wizard = open_wizard(qtbot, window, memory, monkeypatch, again)
    to_columns(wizard)
    assert shown(wizard)["email"] == "Work Contact: Work Email"
    assert shown(wizard)["site"] == "Location Description"


def test_choosing_a_column_taken_by_another_field_moves_it(
    qtbot, window, tmp_path, memory, monkeypatch
):
    wizard = open_wizard(
        qtbot, window, memory, monkeypatch, write_csv(tmp_path, "hr.csv", FIRST_FILE)
    )
    to_columns(wizard)
    page = wizard.columns_page
    page.combos["job_title"].setCurrentIndex(page.combos["job_title"].findText("Location"))
    assert shown(wizard)["site"] == NOT_IN_FILE
    page.combos["employee_no"].setCurrentIndex(0)
    assert page.problem.text() == "Choose a column for: Employee number"
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_every_bad_line_is_listed_and_nothing_can_be_imported(
    qtbot, window, db_path, tmp_path, memory, monkeypatch
):
    rows = [
        *FIRST_FILE,
        "E-1005,Ola,Nowak,ola@example.com,Team Lead,Denver Customer Care,CO,02/30/2026",
        "E-1001,Maria,García,maria@example.com,Team Lead,Tampa Operations,FL,03/16/21",
        "E-1006,,,x@example.com,Team Lead,Tampa Operations,FL,03/16/2021",
    ]
    before = query(db_path, "SELECT * FROM employees ORDER BY id")
    wizard = open_wizard(qtbot, window, memory, monkeypatch, write_csv(tmp_path, "bad.csv", rows))
    to_columns(wizard)
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    assert not preview.isComplete()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert preview.problems_label.text() == "4 problems:"
    assert preview.problems.toPlainText().splitlines() == [
        "line 4, hire_date: '02/30/2026' is not a real calendar date (read as MM/DD/YYYY)",
        "line 5, hire_date: '03/16/21' has a 2-digit year; write the year in full",
        "line 5, employee_no: E-1001 already appears on line 2",
        "line 6, given_name: and family_name are both empty; a name is required",
    ]
    assert preview.model.rowCount() == 2  # the good rows, as they would be stored
    assert query(db_path, "SELECT * FROM employees ORDER BY id") == before


def test_a_file_that_cannot_be_read_says_so_on_the_first_page(
    qtbot, window, tmp_path, memory, monkeypatch
):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((HR_HEADER + "\nE-1,Ren\xe9e,Lef\xe8vre,,,,,\n").encode("latin-1"))
    window.import_memory = memory
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), "CSV"))
    window.import_action.trigger()
    wizard = window.last_import
    with qtbot.waitSignal(wizard.inspected, timeout=5000):
        pass
    assert "line 2: the file is not UTF-8 text (byte 0xe9)" in wizard.file_page.status.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_cancelling_the_file_choice_opens_nothing(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.import_csv()
    assert window.last_import is None
    assert count  # (the helpers stay importable)


def test_back_from_the_preview_and_a_changed_choice_gives_a_new_preview(
    qtbot, window, tmp_path, memory, monkeypatch
):
    wizard = open_wizard(
        qtbot, window, memory, monkeypatch, write_csv(tmp_path, "hr.csv", FIRST_FILE)
    )
    to_columns(wizard)
    to_preview(qtbot, wizard)
    assert wizard.preview_page.model.index(0, 1).data() == "Maria García López"
    wizard.back()
    page = wizard.columns_page
    page.name_order.setCurrentIndex(page.name_order.findData(NameOrder.FAMILY_GIVEN.value))
    to_preview(qtbot, wizard)
    assert wizard.preview_page.model.index(0, 1).data() == "García López Maria"
