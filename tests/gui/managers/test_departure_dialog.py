"""Record departure…: what each agreement will owe first, then the recorded outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from certdesk.gui.managers.departure_dialog import DepartureDialog

from ..agreement_setup import EXAMPLE_NAME, EXAMPLE_NO, add_example_agreement
from ..conftest import DEPARTED, query


@pytest.fixture
def db_path(db_path: Path) -> Path:
    add_example_agreement(db_path)
    return db_path


def open_departure(qtbot, window, employee_no: str) -> DepartureDialog:
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee(employee_no)
    assert detail.depart_button.isVisible()
    qtbot.mouseClick(detail.depart_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, DepartureDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None)  # today's departure, shown on open
    return dialog


def test_the_design_example_owes_1950_and_is_recorded(
    qtbot, window, db_path, tmp_path, monkeypatch
):
    dialog = open_departure(qtbot, window, EXAMPLE_NO)
    assert dialog.reason.currentData() == "resigned"
    assert dialog.reason.currentText() == "Resigned"
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.on.setDate(QDate(2027, 3, 14))
    assert dialog.owed_texts() == ["1,950.00"]
    assert dialog.table.item(0, 2).text() == "11"  # months served
    assert dialog.table.item(0, 1).text() == "Repayment due"
    assert "will owe 1,950.00" in dialog.summary.text()
    assert query(db_path, "SELECT status FROM employees WHERE employee_no = ?", EXAMPLE_NO) == [
        ("active",)
    ]  # the preview keeps nothing

    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):  # layoff is waived
        dialog.reason.setCurrentIndex(dialog.reason.findData("layoff"))
    assert dialog.owed_texts() == ["0.00"]
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.reason.setCurrentIndex(dialog.reason.findData("resigned"))

    dialog.note.setText("Joined a competitor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box  # a confirmation naming the manager comes first
    assert box is not None and EXAMPLE_NAME in box.text() and "2027-03-14" in box.text()
    assert "1,950.00" in box.informativeText()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        box.buttons()[0].click()  # Record departure
    assert dialog.isVisible() and dialog.windowTitle() == f"Departure of {EXAMPLE_NAME} recorded"
    assert dialog.owed_texts() == ["1,950.00"]
    assert query(
        db_path,
        "SELECT e.status, e.departure_date, r.owed_cents, a.status FROM employees e"
        " JOIN paths p ON p.employee_id = e.id JOIN agreements a ON a.path_id = p.id"
        " JOIN repayments r ON r.agreement_id = a.id WHERE e.employee_no = ?",
        EXAMPLE_NO,
    ) == [("departed", "2027-03-14", 195000, "repayment_due")]

    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    [button] = dialog.statement_buttons.values()
    with qtbot.waitSignal(dialog.status_message, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_date_before_the_hire_date_is_shown_under_the_date(qtbot, window):
    dialog = open_departure(qtbot, window, EXAMPLE_NO)
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.on.setDate(QDate(2018, 1, 1))
    assert "before Maria O'Neill's hire date 2019-06-03" in dialog.error_for("on")
    assert dialog.owed_texts() == []


def test_a_departed_manager_offers_no_departure(qtbot, window):
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee(DEPARTED)
    assert not detail.depart_button.isVisible()
    assert not detail.draft_button.isEnabled()


def test_enter_does_not_record_a_departure(qtbot, window):
    """Recording cannot be undone: Cancel is the default button, not Record departure."""
    from PySide6.QtWidgets import QDialogButtonBox

    from certdesk.gui.managers.departure_dialog import DepartureDialog

    dialog = DepartureDialog(window.ops, "H-1", "Test", window)
    qtbot.addWidget(dialog)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault()
    assert not dialog.save_button.isDefault() and not dialog.save_button.autoDefault()
